//! tidings: a fast, safe terminal news reader.
//!
//! The crate is layered; dependencies point inward:
//!
//! - [`cli`] parses arguments (clap) and turns them into a [`config::Config`] plus a command;
//! - [`config`] is the validated configuration the rest of the program sees;
//! - [`commands`] runs the headless subcommands (`list`, `import`, `stats`, …);
//! - [`feed`] parses feeds (and fetches them) into plain [`feed::ParsedFeed`] values;
//! - [`subscriptions`] reads and writes OPML and newsboat `urls` files;
//! - [`sanitize`] turns untrusted HTML and text into terminal-safe text (pure functions);
//! - [`store`] is the SQLite database, the only module with SQL in it.

pub mod cli;
pub mod commands;
pub mod config;
pub mod feed;
pub mod sanitize;
pub mod store;
pub mod subscriptions;

pub use commands::run;
