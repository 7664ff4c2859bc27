//! feed-rs output turned into our own plain types.
