//! The command line: clap types only. [`Cli::config`] turns the global options into a
//! validated [`Config`]; everything past this module sees resolved values.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

mod args;

pub use args::{Ids, JsonFlag, ListArgs, RefreshArgs, RulesCommand, Switch, SyncArgs};

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
    /// Subscribe to a feed by its URL (http, https, file, or a local path), or to a script
    ///
    /// A script feed is `exec:COMMAND` (the command's output is the feed) or
    /// `filter:COMMAND:URL` (the feed at URL piped through the command). The command is
    /// split into words like a shell would, but no shell runs unless you write one
    /// (`exec:sh -c '…'`); it runs under the fetch timeout and body cap, and its standard
    /// error becomes the feed's error when it fails.
    ///
    /// Examples: `tidings add https://example.org/feed.xml`,
    /// `tidings add 'exec:~/bin/weather-feed --city Aleppo'`,
    /// `tidings add "filter:sed -e 's/Sponsored: //':https://example.org/feed.xml"`.
    Add {
        /// The feed's URL, or `exec:COMMAND`, or `filter:COMMAND:URL`
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
    /// and "~Title" names are kept; `query:` lines are skipped with a warning, and so are
    /// script feeds (`exec:`, `filter:`) unless `--allow-exec` is given. The import is one
    /// transaction: a malformed file changes nothing.
    Import {
        /// The OPML or urls file
        file: PathBuf,
        /// Also subscribe to `file:` URLs the file lists (skipped otherwise: a list from
        /// the web must not make tidings read local files)
        #[arg(long)]
        allow_file: bool,
        /// Also subscribe to the script feeds the file lists (`exec:COMMAND`,
        /// `filter:COMMAND:URL`), which run those commands at every refresh: only for a
        /// file you wrote or trust
        #[arg(long)]
        allow_exec: bool,
    },
    /// Move in from newsboat: feeds, queries, ignores, settings and reading history
    ///
    /// Reads newsboat's `urls` file (feeds, tags, "~Title"; `query:` lines become saved
    /// views), its `config` (`ignore-article` and `ignore-mode` become rules; `browser`,
    /// `bookmark-cmd`, `reload-threads`, `reload-time`, `max-items` and
    /// `keep-articles-days` become tidings settings; `bind-key` and `macro` become `[keys]`
    /// bindings, `notify-program` `notify.command`, some `color` lines `[theme]` colours)
    /// and its `cache.db` (every story with
    /// its read state and flags; deleted stories stay deleted; each feed's ETag and
    /// Last-Modified, so the first refresh is conditional). Views, rules and settings are
    /// added to tidings' config file, each with a comment naming its newsboat line; what
    /// the config has already is kept. Every line that does not map is printed with its
    /// file and line number. newsboat's files are only read. Running it again changes
    /// nothing. Example: `tidings import-newsboat --dry-run`.
    ImportNewsboat {
        /// newsboat's directory [default: ~/.newsboat, else $XDG_CONFIG_HOME/newsboat and
        /// $XDG_DATA_HOME/newsboat]
        dir: Option<PathBuf>,
        /// Print what would be imported and write nothing
        #[arg(long)]
        dry_run: bool,
        /// The newsboat flag letter that means starred; other flags become tags `flag-X`
        #[arg(long, value_name = "LETTER", default_value_t = 's')]
        flag_star: char,
    },
    /// Export subscriptions as OPML 2.0, with tags as folders
    ///
    /// With `--newsboat DIR`, writes DIR/urls (feeds with tags and titles; views as
    /// `query:` lines where they translate) and DIR/read-articles, the read stories'
    /// guids for `newsboat -I DIR/read-articles`.
    Export {
        /// Write to FILE instead of standard output
        #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "newsboat")]
        output: Option<PathBuf>,
        /// Write newsboat's files into DIR instead of OPML
        #[arg(long, value_name = "DIR")]
        newsboat: Option<PathBuf>,
        /// With --newsboat: the flag letter starred stories' views use
        #[arg(
            long,
            value_name = "LETTER",
            default_value_t = 's',
            requires = "newsboat"
        )]
        flag_star: char,
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

impl Cli {
    /// Resolves the configuration from `--config`/`--db` (or their environment
    /// variables), the config file and the platform's default paths.
    pub fn config(&self) -> Result<Config, config::Error> {
        let defaults = DefaultPaths::from_environment()?;
        Config::load(self.config.as_deref(), self.db.as_deref(), &defaults)
    }
}
