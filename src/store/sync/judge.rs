//! Rules on the stories a sync brings: each new story is judged before it is stored, as
//! a fetch's are (`store/save.rs`), starting from the flags the server gave it.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::Utc;
use rusqlite::Transaction;

use super::super::rules::{RuleSet, Verdict};
use super::super::save::{feed_facts, story_of};
use super::RemoteArticle;
use crate::query::eval::{FeedFacts, State};
use crate::store::{FeedId, Result};

/// The rules, and what they see of each feed a sync's stories come from (read once).
pub(super) struct Judge<'a> {
    rules: &'a RuleSet,
    feeds: HashMap<i64, FeedFacts>,
}

impl<'a> Judge<'a> {
    pub(super) fn new(rules: &'a RuleSet) -> Self {
        Self {
            rules,
            feeds: HashMap::new(),
        }
    }

    /// What the rules make of a new story from the server, which may come read or starred
    /// already.
    pub(super) fn judge(
        &mut self,
        tx: &Transaction<'_>,
        article: &RemoteArticle,
        feed: Option<i64>,
        now: i64,
    ) -> Result<Verdict> {
        let start = State {
            read: article.read,
            starred: article.starred,
            ..State::default()
        };
        if self.rules.is_empty() {
            return Ok(Verdict::Store(start));
        }
        let orphan;
        let facts: &FeedFacts = if let Some(feed) = feed {
            match self.feeds.entry(feed) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(first) => first.insert(feed_facts(tx, FeedId(feed))?),
            }
        } else {
            orphan = FeedFacts::orphan(article.feed_title.as_deref());
            &orphan
        };
        let story = story_of(&article.entry, now, facts);
        let moment = chrono::DateTime::from_timestamp(now, 0).unwrap_or_else(Utc::now);
        Ok(self.rules.judge_from(start, &story, moment))
    }
}
