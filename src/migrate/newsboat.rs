//! newsboat: its `urls` file, `config` and `cache.db`, read into what tidings keeps, and
//! the way back (a `urls` file and a list of read guids for `newsboat -I`).

pub mod filter;
pub mod lines;
