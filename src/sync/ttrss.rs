//! The Tiny Tiny RSS client: JSON POSTed to `url + "api/"`, one session per sync.
//!
//! TT-RSS binds a session to the User-Agent that logged in, so one client with one
//! User-Agent makes every call; on `NOT_LOGGED_IN` (an expired session) it logs in again,
//! once. The client is the process's shared one and blocks on the shared runtime
//! (`crate::net`); calls for several feeds go a few at a time.

mod session;
mod wire;

use std::time::Duration;

use serde_json::{Value, json};
use url::Url;

use super::password::Secret;
use super::{
    Category, Counter, Error, Feed, Flag, Headline, Listed, Order, PAGE, Remote, Source, Timeouts,
};

/// The oldest API level tidings speaks (TT-RSS 21.x has 15).
pub(crate) const MIN_API_LEVEL: i64 = 14;

/// `updateArticle` fields.
const FIELD_MARKED: i64 = 0;
const FIELD_UNREAD: i64 = 2;

/// A logged-in (or about to be) TT-RSS API client.
pub struct Client {
    runtime: &'static tokio::runtime::Runtime,
    http: reqwest::Client,
    /// The server's base address, as configured (for messages).
    base: String,
    api: Url,
    user: String,
    password: Secret,
    session: Option<String>,
    seq: u64,
    timeout: Duration,
}

impl Client {
    /// A client for the server at `base` (ending in `/`); nothing is sent yet.
    pub fn new(
        base: &Url,
        user: &str,
        password: Secret,
        timeouts: Timeouts,
    ) -> Result<Self, Error> {
        let setup = |reason: String| Error::Setup {
            url: base.to_string(),
            reason,
        };
        // The process's one client and runtime (`crate::net`): its User-Agent is the same
        // for every call, as TT-RSS's session binding needs, and it follows no redirect
        // (every request carries the password or the session: a redirect is reported, see
        // `session::Client::envelope`).
        let http = crate::net::client(timeouts.connect).map_err(|e| setup(chain(&e)))?;
        let runtime = crate::net::runtime().map_err(|e| setup(chain(&e)))?;
        let api = base.join("api/").map_err(|e| setup(e.to_string()))?;
        Ok(Self {
            runtime,
            http,
            base: base.to_string(),
            api,
            user: user.to_owned(),
            password,
            session: None,
            seq: 0,
            timeout: timeouts.request,
        })
    }

    /// `getHeadlines`, read into headlines.
    fn get_headlines(&mut self, params: &Value) -> Result<Vec<Headline>, Error> {
        let content = self.call("getHeadlines", params)?;
        wire::headlines(content).map_err(|e| self.bad_reply("getHeadlines", &e))
    }

    /// Several `getHeadlines`, a few at a time.
    fn get_many_headlines(&mut self, params: &[Value]) -> Result<Vec<Vec<Headline>>, Error> {
        let contents = self.call_many("getHeadlines", params)?;
        contents
            .into_iter()
            .map(|c| wire::headlines(c).map_err(|e| self.bad_reply("getHeadlines", &e)))
            .collect()
    }
}

/// An error with its causes, for [`Error::Setup`]'s reason.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

/// `getHeadlines` parameters for new stories of `source`, with their bodies.
fn headlines_params(source: Source, since_id: i64, skip: usize, limit: usize) -> Value {
    json!({
        "feed_id": feed_id(source),
        "view_mode": "all_articles",
        "since_id": since_id,
        "skip": skip,
        "limit": limit,
        "show_content": true,
        "show_excerpt": false,
        "include_attachments": false,
    })
}

/// `getHeadlines` parameters listing the ids of `source`'s stories with flag `listed`.
fn listed_params(listed: Listed, source: Source, order: Order, skip: usize, limit: usize) -> Value {
    let view_mode = match listed {
        Listed::Unread => "unread",
        Listed::Marked => "marked",
    };
    let order_by = match order {
        Order::Newest => "",
        Order::Oldest => "date_reverse",
        Order::Title => "title",
    };
    json!({
        "feed_id": feed_id(source),
        "view_mode": view_mode,
        "order_by": order_by,
        "skip": skip,
        "limit": limit,
        "show_content": false,
        "show_excerpt": false,
    })
}

impl Remote for Client {
    fn account(&self) -> String {
        format!("ttrss {} {}", self.base, self.user)
    }

    /// Logs in unless a session is open already.
    fn login(&mut self) -> Result<(), Error> {
        if self.session.is_some() {
            return Ok(());
        }
        self.log_in()
    }

    fn categories(&mut self) -> Result<Vec<Category>, Error> {
        let content = self.call("getCategories", &json!({"include_empty": true}))?;
        wire::categories(content).map_err(|e| self.bad_reply("getCategories", &e))
    }

    fn feeds(&mut self) -> Result<Vec<Feed>, Error> {
        // Without cat_id only uncategorized feeds come back; -3 is every real feed.
        let content = self.call("getFeeds", &json!({"cat_id": -3}))?;
        wire::feeds(content).map_err(|e| self.bad_reply("getFeeds", &e))
    }

    fn headlines(
        &mut self,
        source: Source,
        since_id: i64,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<Headline>, Error> {
        self.get_headlines(&headlines_params(source, since_id, skip, limit))
    }

    fn first_pages(
        &mut self,
        sources: &[Source],
        since_id: i64,
    ) -> Result<Vec<Vec<Headline>>, Error> {
        let params: Vec<Value> = sources
            .iter()
            .map(|&source| headlines_params(source, since_id, 0, PAGE))
            .collect();
        self.get_many_headlines(&params)
    }

    fn articles(&mut self, ids: &[i64]) -> Result<Vec<Headline>, Error> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let content = self.call("getArticle", &json!({"article_id": comma_separated(ids)}))?;
        wire::headlines(content).map_err(|e| self.bad_reply("getArticle", &e))
    }

    fn counters(&mut self) -> Result<Vec<Counter>, Error> {
        let content = self.call("getCounters", &json!({}))?;
        wire::counters(content).map_err(|e| self.bad_reply("getCounters", &e))
    }

    fn listed_ids(
        &mut self,
        listed: Listed,
        source: Source,
        order: Order,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<i64>, Error> {
        let headlines = self.get_headlines(&listed_params(listed, source, order, skip, limit))?;
        Ok(headlines.into_iter().map(|h| h.id).collect())
    }

    fn first_id_pages(
        &mut self,
        listed: Listed,
        sources: &[Source],
    ) -> Result<Vec<Vec<i64>>, Error> {
        let params: Vec<Value> = sources
            .iter()
            .map(|&source| listed_params(listed, source, Order::Newest, 0, PAGE))
            .collect();
        let pages = self.get_many_headlines(&params)?;
        Ok(pages
            .into_iter()
            .map(|page| page.into_iter().map(|h| h.id).collect())
            .collect())
    }

    fn set_flag(&mut self, ids: &[i64], flag: Flag, value: bool) -> Result<(), Error> {
        if ids.is_empty() {
            // TT-RSS answers an empty article_ids with HTTP 500.
            return Ok(());
        }
        let (field, mode) = match flag {
            Flag::Star => (FIELD_MARKED, i64::from(value)),
            Flag::Read => (FIELD_UNREAD, i64::from(!value)),
        };
        self.call(
            "updateArticle",
            &json!({"article_ids": comma_separated(ids), "mode": mode, "field": field}),
        )?;
        Ok(())
    }

    fn subscribe(&mut self, url: &str, category: Option<i64>) -> Result<i64, Error> {
        let content = self.call(
            "subscribeToFeed",
            &json!({"feed_url": url, "category_id": category.unwrap_or(0)}),
        )?;
        let reply: wire::Subscribed = self.decode("subscribeToFeed", content)?;
        match (reply.status.code, reply.status.feed_id) {
            (0 | 1, Some(id)) => Ok(id),
            _ => Err(Error::Subscribe {
                url: self.base.clone(),
                feed: url.to_owned(),
                reason: reply.status.reason(),
            }),
        }
    }

    fn unsubscribe(&mut self, feed: i64) -> Result<(), Error> {
        self.call("unsubscribeFeed", &json!({"feed_id": feed}))?;
        Ok(())
    }

    fn update_feed(&mut self, feed: i64) -> Result<(), Error> {
        self.call("updateFeed", &json!({"feed_id": feed}))?;
        Ok(())
    }
}

/// TT-RSS's feed id for a source: -4 is "all articles", archive included; 0 the archive.
fn feed_id(source: Source) -> i64 {
    match source {
        Source::All => -4,
        Source::Feed(id) => id,
        Source::Archive => 0,
    }
}

/// Story ids as TT-RSS takes them: a comma-separated string (a JSON array, or an empty
/// or non-numeric list, gives HTTP 500).
fn comma_separated(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests;
