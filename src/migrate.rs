//! Moving in from other readers: each reads the other program's files (never changing
//! them) into a plan the commands layer applies to tidings' store and config.

pub mod newsboat;
