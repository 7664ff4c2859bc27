//! The command line: clap types only. [`Cli::config`] turns the global options into a
//! validated [`Config`]; everything past this module sees resolved values.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, Config, DefaultPaths};

/// A fast, safe terminal news reader for RSS, Atom and JSON Feed.
///
/// With no command, tidings opens the reader. The commands below work headless, for
/// scripts and cron; most take --json for stable, machine-readable output.
#[derive(Debug, Parser)]
#[command(name = "tidings", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// Config file to read [default: ~/.config/tidings/config.toml]
    #[arg(long, global = true, env = "TIDINGS_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Database file to use [default: ~/.local/share/tidings/tidings.db]
    #[arg(long, global = true, env = "TIDINGS_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,

    /// Append a log of what tidings does (fetches, parse errors, store, sync, the
    /// reader's work) to FILE; nothing is logged without it
    #[arg(long, global = true, env = "TIDINGS_LOG", value_name = "FILE")]
    pub log: Option<PathBuf>,

    /// How much to log: error, warn, info, debug or trace
    #[arg(
        long,
        global = true,
        env = "TIDINGS_LOG_LEVEL",
        value_name = "LEVEL",
        default_value = "info"
    )]
    pub log_level: LogLevel,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How much goes to the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Subscribe to a feed by its URL (http, https, file, or a local path)
    Add {
        /// The feed's URL
        url: String,
        /// Tag the feed (repeat for several); its stories match `list --tag`
        #[arg(long = "tag", short = 't', value_name = "TAG")]
        tags: Vec<String>,
        /// Show each story's web page (its main content) instead of the feed's text, for
        /// feeds that send only summaries; pages are fetched when a story is opened
        #[arg(long)]
        full_text: bool,
    },
    /// Turn full text on or off for a feed
    ///
    /// With full text on, opening one of the feed's stories in the reader fetches the
    /// story's web page and shows its main content instead of the summary the feed sent.
    /// Pages are kept once fetched; `show` prints a kept page too.
    FullText {
        /// The feed: its id, URL or title (see `tidings feeds`)
        feed: String,
        /// Turn it on or off
        #[arg(value_enum)]
        state: Switch,
    },
    /// Unsubscribe from a feed; its starred and tagged stories are kept
    Remove {
        /// The feed: its id, URL or title (see `tidings feeds`)
        feed: String,
    },
    /// List subscribed feeds with unread counts and their last error
    Feeds(JsonFlag),
    /// Import subscriptions from an OPML file or a newsboat `urls` file
    ///
    /// The format is detected from the content. OPML folders become tags; newsboat tags
    /// and "~Title" names are kept; `query:`, `exec:` and `filter:` lines are skipped with
    /// a warning. The import is one transaction: a malformed file changes nothing.
    Import {
        /// The OPML or urls file
        file: PathBuf,
        /// Also subscribe to `file:` URLs the file lists (skipped otherwise: a list from
        /// the web must not make tidings read local files)
        #[arg(long)]
        allow_file: bool,
    },
    /// Export subscriptions as OPML 2.0, with tags as folders
    Export {
        /// Write to FILE instead of standard output
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List stories, newest first
    List(ListArgs),
    /// Download queued enclosures (podcast episodes), queueing a query's first
    ///
    /// Files go under `[downloads] dir` named by `[downloads] path` (default `%f/%t.%e`:
    /// feed title, story title, extension), written to `NAME.part` and renamed when
    /// complete; an interrupted download resumes where it stopped (HTTP Range). Runs
    /// `--jobs` at once (default `[downloads] jobs`, 2), one per host.
    ///
    /// Example: `tidings download --query 'feed:"My Podcast" unread'`.
    Download {
        /// Queue the enclosures of every story this query matches first
        #[arg(long, short = 'q', value_name = "QUERY", allow_hyphen_values = true)]
        query: Option<String>,
        /// Downloads in flight at once (1 to 32)
        #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=32))]
        jobs: Option<u16>,
    },
    /// List the download queue: each enclosure's state (queued, downloading, done,
    /// failed with its reason, missing when the file was deleted) and file
    Downloads(JsonFlag),
    /// Print a story as clean text
    Show {
        /// The story's id (see `tidings list`)
        id: i64,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Show how tidings reads a feed, without subscribing or storing anything
    ///
    /// Fetches and parses the feed, then prints its title, link and format and every entry
    /// as tidings would show it: title, link, date, authors, tags and the sanitized text
    /// with its numbered links. A site's page works: the first feed it announces is
    /// inspected. Use it to see why a feed looks wrong before (or after) adding it. With
    /// `--full-text`, the URL is a story's web page: see why a full-text story is cut.
    ///
    /// Examples: `tidings inspect feed.xml`, `tidings inspect https://example.org/ --json`,
    /// `tidings inspect --full-text https://example.org/2025/11/post.html`.
    Inspect {
        /// A feed file, or a URL (http, https or file)
        #[arg(value_name = "FILE_OR_URL")]
        source: String,
        /// Treat the URL as a story's web page: show what full-text mode extracts from it
        /// and which blocks it removed and why (extractor, template element, rule)
        #[arg(long)]
        full_text: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Search titles and text (SQLite FTS5 syntax: words, "a phrase", prefix*, AND/OR/NOT)
    Search {
        /// The query; quote it in the shell, e.g. '"syria ceasefire" OR putin*'
        query: String,
        /// Show at most N results
        #[arg(long, short = 'n', value_name = "N")]
        limit: Option<usize>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Star stories (favourites are kept even when their feed is removed)
    Star(Ids),
    /// Remove the star from stories
    Unstar(Ids),
    /// Add tags to a story: `tag ID TAG…`, or to every story a query matches: `tag --query
    /// Q TAG…`
    Tag {
        /// The story's id, then the tags to add (only tags with --query)
        #[arg(required = true, value_name = "ID|TAG")]
        words: Vec<String>,
        /// Tag every story this query matches (see the README's query language)
        #[arg(long, short = 'q', value_name = "QUERY", allow_hyphen_values = true)]
        query: Option<String>,
    },
    /// Remove tags from a story
    Untag {
        /// The story's id
        id: i64,
        /// Tags to remove
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Mark stories read
    Read(Ids),
    /// Mark stories unread
    Unread(Ids),
    /// Mark every story read, or every story of one feed, or those a query matches
    MarkAllRead {
        /// Only this feed (id, URL or title)
        #[arg(long, short = 'f', value_name = "FEED")]
        feed: Option<String>,
        /// Only the stories this query matches (with --feed, both must hold)
        #[arg(long, short = 'q', value_name = "QUERY", allow_hyphen_values = true)]
        query: Option<String>,
    },
    /// Show totals: feeds, stories, unread, starred, tags and database size
    Stats(JsonFlag),
    /// List the saved views (`[[view]]` in the config file) with their unread and total
    /// counts; `tidings list --view NAME` lists one
    Views(JsonFlag),
    /// Delete what `[retention]` says is past keeping (starred and tagged stories are
    /// always kept), then compact the database file and say how much it freed
    Vacuum,
    /// The rules of the config file (`[[rule]]`), applied to each new story as it is stored
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Fetch new stories from the feeds that are due
    ///
    /// A feed is due when its interval has passed: what the feed and its server ask for
    /// (RSS ttl, sy:updatePeriod, Cache-Control max-age, Expires) within the configured
    /// bounds, or a per-feed interval from the config file. Failing feeds back off, waiting
    /// twice as long after each failure. Unchanged feeds cost one conditional request.
    ///
    /// Per-feed errors are printed and stored (`tidings feeds` shows them); the exit status
    /// is 0 unless something fatal happened, such as the database being unusable.
    Refresh(RefreshArgs),
    /// Sync subscriptions, stories and reading state with the server in `[sync]`
    ///
    /// Pushes the stories read and starred here since the last sync, then pulls the
    /// server's feeds (categories become tags), new stories and the read and starred
    /// state of stories that changed there. A change made here and not yet pushed wins
    /// over the server's state. Story tags stay local. Prints `N feeds, M new, P pushed,
    /// Q updated in T s`. On any error nothing is lost: queued changes wait for the next
    /// sync.
    Sync(SyncArgs),
}

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

impl Cli {
    /// Resolves the configuration from `--config`/`--db` (or their environment
    /// variables), the config file and the platform's default paths.
    pub fn config(&self) -> Result<Config, config::Error> {
        let defaults = DefaultPaths::from_environment()?;
        Config::load(self.config.as_deref(), self.db.as_deref(), &defaults)
    }
}
