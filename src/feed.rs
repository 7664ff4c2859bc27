//! Feeds from the network or disk: fetching (HTTP, conditional GET) and parsing
//! (feed-rs) into plain values the store can save.

pub mod parse;


