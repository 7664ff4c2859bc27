//! Feeds from the network or disk: where they live ([`location`]), fetching (HTTP,
//! conditional GET) and parsing (feed-rs) into plain values the store can save; and
//! stories' web pages, fetched for their main content ([`full_text`]).

pub mod charset;
pub mod discover;
mod enclosures;
pub mod fetch;
pub mod find;
pub mod full_text;
mod legacy;
pub mod location;
pub mod parse;
pub mod recover;
pub mod schedule;
pub mod script;
mod second_look;
mod xml;

pub use discover::Alternate;
pub(crate) use discover::discover;
pub use enclosures::{Enclosure, clock, human_size};
pub use fetch::{Document, Fetcher, Limits, Reach, Validators, Zone};
pub(crate) use find::find_feed;
pub use find::{FindError, FoundFeed};
pub use full_text::FullText;
pub use location::LocationError;
pub(crate) use location::parse_location;
pub use parse::{FeedKind, ParseError, ParsedEntry, ParsedFeed, parse_feed};
