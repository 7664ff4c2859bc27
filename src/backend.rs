//! The one seam between "tidings fetches the feeds itself" and "a sync server fetches them
//! and tidings keeps a cache": the command line and the reader both refresh and subscribe
//! through a [`Backend`], and which one it is is decided here, once, from the config.

use anyhow::{Context, Result};

use crate::config::{self, Config, SyncServer};
use crate::feed::parse_location;
use crate::feed::script::{Script, is_script};
use crate::refresh::{self, Options, Progress};
use crate::sanitize::SafeText;
use crate::store::{FeedId, Store};
use crate::sync::{self, Remote, Timeouts};
use crate::url_policy::Origin;

/// Where stories come from.
#[derive(Debug, Clone, Copy)]
pub enum Backend<'a> {
    /// tidings fetches every feed itself, with these settings.
    Local(&'a config::Refresh),
    /// The server fetches the feeds and owns the subscriptions; tidings syncs with it.
    Synced {
        server: &'a SyncServer,
        timeouts: Timeouts,
        /// For the page phase after a sync (full-text feeds' pages are fetched here).
        refresh: &'a config::Refresh,
    },
}

/// What a refresh did.
#[derive(Debug)]
pub enum Refreshed {
    Fetched(refresh::Summary),
    /// A sync, then the pages of full-text feeds' stories the server sent as summaries.
    Synced(sync::Summary, refresh::Pages),
}

impl Refreshed {
    /// Stories that were new.
    pub fn new_articles(&self) -> usize {
        match self {
            Self::Fetched(summary) => summary.new_articles,
            Self::Synced(summary, _) => summary.new_articles,
        }
    }
}

/// What subscribing did.
#[derive(Debug)]
pub enum Added {
    /// Fetched here: the feed, and what its page offered besides.
    Fetched(refresh::Subscribed),
    /// Subscribed on the server, which fetched it, then synced; `warnings` are for the
    /// user (terminal-safe).
    Synced {
        added: sync::Subscribed,
        warnings: Vec<SafeText>,
    },
}

impl Added {
    /// The feed here.
    pub fn feed(&self) -> FeedId {
        match self {
            Self::Fetched(added) => added.id,
            Self::Synced { added, .. } => added.feed,
        }
    }
}

impl<'a> Backend<'a> {
    /// The backend `config` asks for: the sync server when there is a `[sync]` section.
    pub fn of(config: &'a Config) -> Self {
        Self::new(&config.refresh, config.sync.as_ref())
    }

    /// Fetching with `refresh`, or syncing with `sync` when given (its requests take
    /// `refresh`'s timeouts).
    pub fn new(refresh: &'a config::Refresh, sync: Option<&'a SyncServer>) -> Self {
        match sync {
            Some(server) => Self::Synced {
                server,
                timeouts: Timeouts {
                    connect: refresh.connect_timeout,
                    request: refresh.timeout,
                },
                refresh,
            },
            None => Self::Local(refresh),
        }
    }

    /// Brings new stories in: the due feeds of `options` fetched here (reporting to
    /// `progress`), or (with a server) a sync, full when `options.force`. A sync ignores
    /// `options.feeds`: the server fetches on its own schedule. Either way the page phase
    /// follows, unless `options.skip_pages`.
    pub fn refresh(
        &self,
        store: &mut Store,
        options: &Options,
        progress: &mut dyn Progress,
    ) -> Result<Refreshed> {
        match self {
            Self::Local(settings) => Ok(Refreshed::Fetched(refresh::refresh(
                store, settings, options, progress,
            )?)),
            Self::Synced { refresh, .. } => {
                let mut remote = self.connect()?;
                let sync_options = sync::Options {
                    full: options.force,
                    ..sync::Options::default()
                };
                let summary = sync::sync(store, remote.as_mut(), sync_options)?;
                let pages = pages_after_sync(store, refresh, options.skip_pages, progress)?;
                Ok(Refreshed::Synced(summary, pages))
            }
        }
    }

    /// Subscribes to the feed at (or announced by) `input`, tagged `tags`. With a server,
    /// the feed goes in the category named by the first tag that names one.
    pub fn subscribe(&self, store: &mut Store, input: &str, tags: Vec<String>) -> Result<Added> {
        match self {
            Self::Local(settings) => {
                // The user's own `exec:`/`filter:`: run here, never fetched as a URL.
                if let Some(script) = Script::parse(input, Origin::Typed)? {
                    return Ok(Added::Fetched(refresh::subscribe_script(
                        store, settings, &script, tags,
                    )?));
                }
                let url = parse_location(input)?;
                Ok(Added::Fetched(refresh::subscribe(
                    store, settings, &url, tags,
                )?))
            }
            Self::Synced { .. } if is_script(input) => {
                anyhow::bail!(
                    "{}: with [sync] configured the server fetches the feeds, and it cannot run a script feed",
                    SafeText::line(input.trim())
                )
            }
            Self::Synced { server, .. } => {
                let mut remote = self.connect()?;
                remote.login()?;
                let mut warnings = Vec::new();
                let category = category_for(remote.as_mut(), server, &tags, &mut warnings)?;
                let added = sync::subscribe(store, remote.as_mut(), input.trim(), category)?;
                if let Some(err) = &added.fetch_error {
                    // The error carries the server's own text (its reason for refusing).
                    warnings.push(SafeText::line(&err.to_string()));
                }
                Ok(Added::Synced { added, warnings })
            }
        }
    }

    /// A client for the sync server.
    ///
    /// # Errors
    /// Without a server, or when the password cannot be had.
    pub fn connect(&self) -> Result<Box<dyn Remote>> {
        match self {
            Self::Synced {
                server, timeouts, ..
            } => Ok(sync::connect(server, *timeouts).context("connecting to the sync server")?),
            Self::Local(_) => anyhow::bail!("no sync server is configured"),
        }
    }
}

/// The page phase after a sync: the pages of full-text feeds' stories, which the server
/// sent as it had them (a summary, for the feeds full text is for). Nothing when `skip`.
pub(crate) fn pages_after_sync(
    store: &mut Store,
    config: &config::Refresh,
    skip: bool,
    progress: &mut dyn Progress,
) -> Result<refresh::Pages> {
    if skip {
        return Ok(refresh::Pages::default());
    }
    refresh::fetch_pages(store, config, &[], progress).context("fetching story pages")
}

/// The id of the server's category named by the first of `tags` that names one.
fn category_for(
    remote: &mut dyn Remote,
    server: &SyncServer,
    tags: &[String],
    warnings: &mut Vec<SafeText>,
) -> Result<Option<i64>> {
    if tags.is_empty() {
        return Ok(None);
    }
    let categories = remote.categories()?;
    let found = tags.iter().find_map(|tag| {
        categories
            .iter()
            .find(|c| c.title.eq_ignore_ascii_case(tag.trim()))
    });
    if found.is_none() {
        warnings.push(SafeText::line(&format!(
            "{} has no category named {}; the feed is added uncategorized (tags of synced feeds are their categories)",
            server.url.as_str(),
            tags.join(", ")
        )));
    }
    Ok(found.map(|c| c.id))
}
