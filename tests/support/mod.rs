//! Helpers shared by integration tests: a loopback HTTP server and a sandboxed `tidings`.

pub mod clean;
pub mod corpus;
pub mod home;
pub mod programs;
pub mod sandbox;
pub mod server;
pub mod tasks;
pub mod tmux;
