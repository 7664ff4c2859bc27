//! Feeds from the network or disk: where they live ([`location`]), fetching (HTTP,
//! conditional GET) and parsing (feed-rs) into plain values the store can save.

pub mod charset;
pub mod discover;
pub mod fetch;
pub mod location;
pub mod parse;
pub mod schedule;

pub use discover::{Alternate, discover};
pub use fetch::{Document, Fetcher, Limits, Validators};
pub use location::{LocationError, parse_location};
pub use parse::{FeedKind, ParseError, ParsedEntry, ParsedFeed, parse_feed};
