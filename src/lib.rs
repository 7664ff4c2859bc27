//! tidings: a fast, safe terminal news reader.
//!
//! The crate is layered; dependencies point inward:
//!
//! - [`backend`] is the one place that decides between fetching here and a sync server;
//! - [`cli`] holds the clap types and resolves them into a [`config::Config`];
//! - [`config`] is the validated configuration the rest of the program sees;
//! - [`dates`] shows dates in local time, the same way in the reader and the CLI;
//! - [`commands`] runs the headless subcommands (`list`, `import`, `stats`, …);
//! - [`feed`] knows feed addresses and parses feeds into plain [`feed::ParsedFeed`]s;
//! - [`index`] fills the full-text index (rendering stories above the store) and searches it;
//! - [`launch`] runs external programs (the browser): argv from validated values, no shell,
//!   no secrets in their environment;
//! - [`log`] writes `tracing` events to the file `--log` names;
//! - [`migrate`] moves a newsboat set-up in (urls, config, cache.db, read-only) and back;
//! - [`net`] is the process's one network service: a tokio runtime and the HTTP clients;
//! - [`notify`] announces the new stories a refresh or sync stored (`[notify]`);
//! - [`query`] parses the query language of lists, views and rules;
//! - [`refresh`] fetches the due feeds concurrently and stores them as they arrive;
//! - [`subscriptions`] reads and writes OPML and newsboat `urls` files;
//! - [`sanitize`] turns untrusted HTML and text into terminal-safe text (pure functions);
//! - [`search_text`] spells words for the full-text index and for queries the same way
//!   (Arabic normalization and light stemming);
//! - [`store`] is the SQLite database, the only module with SQL on it (newsboat's cache
//!   is read by [`migrate`]);
//! - [`story_text`] decides a story's text: its kept page, else the feed's (for every reader);
//! - [`sync`] syncs subscriptions and reading state with a server (Tiny Tiny RSS);
//! - [`ui`] is the interactive reader (ratatui), run when no command is given;
//! - [`url_policy`] decides which URLs may be fetched, read or opened, by where they came from.

pub mod backend;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dates;
pub mod download;
pub mod feed;
pub mod index;
pub mod launch;
pub mod log;
pub mod migrate;
pub mod net;
pub mod notify;
pub mod query;
pub mod refresh;
pub mod sanitize;
pub mod search_text;
pub mod store;
pub mod story_text;
pub mod subscriptions;
pub mod sync;
pub mod ui;
pub mod url_policy;

pub use commands::run;
