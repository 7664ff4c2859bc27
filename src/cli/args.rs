//! The argument groups subcommands share or carry: refresh's and sync's options, the
//! flag commands' ids, list's filters, `--json`.

use clap::{Args, Subcommand, ValueEnum};

/// Options for `refresh`.
#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Requests in flight at once [default: refresh.jobs from the config, 64]
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Only this feed (id, URL or title), due or not; repeat for several
    #[arg(long, short = 'f', value_name = "FEED")]
    pub feed: Vec<String>,
    /// Fetch every feed now, ignoring schedules and back-off
    #[arg(long)]
    pub force: bool,
    /// Print nothing but fatal errors (for cron); feed errors are still stored
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Skip the page phase: fetch no story pages for full-text feeds this time
    #[arg(long)]
    pub no_pages: bool,
}

/// On or off, for settings such as `full-text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

impl Switch {
    pub(crate) fn is_on(self) -> bool {
        self == Self::On
    }
}

/// Options for `sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Reconcile the read and starred state of every story, not only of the feeds whose
    /// counts changed (done by itself once a day)
    #[arg(long)]
    pub full: bool,
    /// With a new sync account: drop the read/star changes made for the previous one that
    /// were never sent (without it, such a sync is refused)
    #[arg(long)]
    pub discard_pending: bool,
    /// Skip the page phase: fetch no story pages for full-text feeds this time
    #[arg(long)]
    pub no_pages: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// What to do with the rules.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Show how many stored stories each rule's query matches (nothing is changed)
    Test(JsonFlag),
}

/// `--json` for commands that can print JSON.
#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON (shapes documented in the README) instead of text
    #[arg(long)]
    pub json: bool,
}

/// Story ids for the flag commands.
#[derive(Debug, Args)]
pub struct Ids {
    /// Story ids (see `tidings list`)
    #[arg(required_unless_present = "query", value_name = "ID")]
    pub ids: Vec<i64>,
    /// Every story this query matches instead (see the README's query language)
    #[arg(
        long,
        short = 'q',
        value_name = "QUERY",
        conflicts_with = "ids",
        allow_hyphen_values = true
    )]
    pub query: Option<String>,
}

/// Filters for `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only unread stories
    #[arg(long, short = 'u')]
    pub unread: bool,
    /// Only starred stories
    #[arg(long, short = 's')]
    pub starred: bool,
    /// Only stories with this tag, or from feeds with this tag
    #[arg(long, short = 't', value_name = "TAG")]
    pub tag: Option<String>,
    /// Only stories of this feed (id, URL or title)
    #[arg(long, short = 'f', value_name = "FEED")]
    pub feed: Option<String>,
    /// Only stories the query matches, e.g. 'unread tag:news newer:7d -title:sport'
    /// (the query language is in the README); with the options above, all must hold
    #[arg(long, short = 'q', value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Option<String>,
    /// Only the stories of this saved view (see `tidings views`); with --query, both hold
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Show at most N stories (default: all)
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub json: JsonFlag,
}
