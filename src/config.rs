//! The validated configuration the rest of the program sees: resolved paths, durations
//! and limits. Read from TOML; every key has a default (see `assets/config.toml`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

#[cfg(test)]
/// The defaults, documented: shipped as `assets/config.toml`.
pub(crate) const DEFAULT_CONFIG_TOML: &str = include_str!("../assets/config.toml");

/// The longest interval, back-off or auto-refresh period, in minutes (a year): larger
/// values would overflow the date arithmetic that schedules fetches.
pub const MAX_MINUTES: u64 = 366 * 24 * 60;

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file exists but could not be read.
    #[error("reading config file {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys or wrong types.
    #[error("config file {path}, line {line}, column {column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A value parsed but makes no sense.
    #[error("config file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    /// No home directory to put the default paths in.
    #[error(
        "cannot find a home directory for the default config and data paths; use --config and --db"
    )]
    NoHome,
}

/// Everything tidings needs to know before it runs a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The SQLite database file.
    pub db_path: PathBuf,
    /// The config file read, if there was one.
    pub config_path: Option<PathBuf>,
    pub refresh: Refresh,
    pub display: Display,
    pub reader: Reader,
    /// Key rebindings for the reader: action name to keys (`"quit" = ["q", "ctrl-c"]`).
    /// Names and keys are checked when the reader starts.
    pub keys: BTreeMap<String, Vec<String>>,
    pub theme: Theme,
    /// The sync server, when a `[sync]` section is present; `None` means tidings fetches
    /// the feeds itself.
    pub sync: Option<SyncServer>,
    /// Saved views (`[[view]]`), in the order written.
    pub views: Vec<SavedView>,
    /// Story-list highlights (`[[highlight]]`), in the order written: the first match wins.
    pub highlights: Vec<Highlight>,
}

/// How feeds are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refresh {
    pub jobs: usize,
    pub page_jobs: usize,
    pub per_host: usize,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub max_body_bytes: u64,
    /// Refresh interval of a feed that gives no hint (`ttl`, `sy:updatePeriod`, `max-age`).
    pub default_interval: Duration,
    /// Bounds within which such hints are followed.
    pub min_interval: Duration,
    pub max_interval: Duration,
    /// Longest wait between attempts at a failing feed.
    pub max_backoff: Duration,
    /// Per-feed intervals by feed URL (in canonical form), overriding hints and bounds.
    pub intervals: BTreeMap<String, Duration>,
    /// Send every request through this HTTP proxy instead of the environment's.
    pub proxy: Option<url::Url>,
    /// Applied to each new story as it is stored (`[[rule]]`), by a refresh or a sync.
    pub rules: Vec<crate::query::Rule>,
    /// Old stories deleted after each refresh (`[retention]`); off by default.
    pub retention: Retention,
}

/// How text is laid out on plain output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Display {
    /// Wrap width when stdout is not a terminal.
    pub width: usize,
}

/// How the interactive reader behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader {
    /// Refresh the due feeds this often while the reader runs; `None` turns it off.
    pub auto_refresh: Option<Duration>,
    /// Reorder right-to-left paragraphs visually and align them right, for terminals
    /// that do not reorder bidirectional text themselves. A key toggles it at run time.
    pub rtl_reorder: bool,
    /// The command that opens links; `None` means `$BROWSER`, else the platform opener.
    /// Its quoting was checked at load (see [`crate::launch::CommandLine`]).
    pub browser: Option<String>,
    /// Run the browser in the reader's terminal (suspending the reader) even when it is
    /// not a known text-mode browser.
    pub browser_in_terminal: bool,
}

/// The reader's colours: names ("cyan", "lightred", "reset"), palette indexes ("42") or
/// "#rrggbb". The defaults use only the 16 ANSI colours; `NO_COLOR` turns them all off.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Theme {
    pub accent: String,
    pub selection: String,
    pub unread: String,
    pub starred: String,
    pub error: String,
    pub link: String,
    pub heading: String,
    pub quote: String,
    pub code: String,
    pub dim: String,
}

impl Default for Theme {
    fn default() -> Self {
        let s = |v: &str| v.to_owned();
        Self {
            accent: s("cyan"),
            selection: s("blue"),
            unread: s("white"),
            starred: s("yellow"),
            error: s("red"),
            link: s("cyan"),
            heading: s("magenta"),
            quote: s("green"),
            code: s("yellow"),
            dim: s("darkgray"),
        }
    }
}

/// The file as written, before validation.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawConfig {
    database: Option<PathBuf>,
    refresh: RawRefresh,
    display: RawDisplay,
    reader: RawReader,
    keys: BTreeMap<String, OneOrMany>,
    theme: Theme,
    sync: Option<RawSync>,
    view: Vec<views::RawView>,
    highlight: Vec<highlights::RawHighlight>,
    rule: Vec<rules::RawRule>,
    retention: retention::RawRetention,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawReader {
    auto_refresh_mins: u64,
    rtl_reorder: bool,
    browser: String,
    browser_in_terminal: bool,
}

impl Default for RawReader {
    fn default() -> Self {
        Self {
            auto_refresh_mins: 30,
            rtl_reorder: false,
            browser: String::new(),
            browser_in_terminal: false,
        }
    }
}

/// A key binding written as one key or a list of keys.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawRefresh {
    jobs: usize,
    page_jobs: usize,
    per_host: usize,
    connect_timeout_secs: u64,
    timeout_secs: u64,
    max_body_mib: u64,
    default_interval_mins: u64,
    min_interval_mins: u64,
    max_interval_mins: u64,
    max_backoff_mins: u64,
    intervals: BTreeMap<String, u64>,
    proxy: String,
}

impl Default for RawRefresh {
    fn default() -> Self {
        Self {
            jobs: 64,
            page_jobs: 16,
            per_host: 2,
            connect_timeout_secs: 10,
            timeout_secs: 30,
            max_body_mib: 10,
            default_interval_mins: 30,
            min_interval_mins: 10,
            max_interval_mins: 12 * 60,
            max_backoff_mins: 24 * 60,
            intervals: BTreeMap::new(),
            proxy: String::new(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawDisplay {
    width: usize,
}

impl Default for RawDisplay {
    fn default() -> Self {
        Self { width: 80 }
    }
}

/// Where the config and database go when nothing says otherwise (XDG on Linux).
#[derive(Debug, Clone)]
pub struct DefaultPaths {
    pub config_file: PathBuf,
    pub db_file: PathBuf,
}

impl DefaultPaths {
    /// The platform's standard locations: `~/.config/tidings/config.toml` and
    /// `~/.local/share/tidings/tidings.db` on Linux, honouring `XDG_*_HOME`.
    pub(crate) fn from_environment() -> Result<Self, Error> {
        let dirs = directories::ProjectDirs::from("", "", "tidings").ok_or(Error::NoHome)?;
        Ok(Self {
            config_file: dirs.config_dir().join("config.toml"),
            db_file: dirs.data_dir().join("tidings.db"),
        })
    }
}

impl Config {
    /// Loads the configuration. `config_file` is an explicit file (flag or environment)
    /// that must exist; otherwise the default file is read if present. `db_override`
    /// (flag or environment) wins over the file's `database`.
    pub fn load(
        config_file: Option<&Path>,
        db_override: Option<&Path>,
        defaults: &DefaultPaths,
    ) -> Result<Self, Error> {
        let (raw, config_path) = match config_file {
            Some(path) => (read_file(path)?, Some(path.to_path_buf())),
            None if defaults.config_file.exists() => (
                read_file(&defaults.config_file)?,
                Some(defaults.config_file.clone()),
            ),
            None => (RawConfig::default(), None),
        };
        let origin = config_path
            .clone()
            .unwrap_or_else(|| defaults.config_file.clone());
        let db_path = db_override
            .map(Path::to_path_buf)
            .or_else(|| raw.database.as_deref().map(expand_home))
            .unwrap_or_else(|| defaults.db_file.clone());
        Ok(Self {
            db_path: absolute(&db_path),
            config_path,
            refresh: Refresh {
                rules: rules::validate(&raw.rule, &origin)?,
                retention: retention::validate(&raw.retention, &origin)?,
                ..validate_refresh(&raw.refresh, &origin)?
            },
            display: Display {
                width: raw.display.width.clamp(20, 1000),
            },
            reader: reader(&raw.reader, &origin)?,
            keys: raw
                .keys
                .iter()
                .map(|(action, keys)| (action.clone(), keys.to_vec()))
                .collect(),
            theme: raw.theme,
            sync: raw
                .sync
                .as_ref()
                .map(|sync| validate_sync(sync, &origin))
                .transpose()?,
            views: views::validate(&raw.view, &origin)?,
            highlights: highlights::validate(&raw.highlight, &origin)?,
        })
    }
}

fn read_file(path: &Path) -> Result<RawConfig, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

fn parse(text: &str, path: &Path) -> Result<RawConfig, Error> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map_or((1, 1), |span| line_column(text, span.start));
        Error::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: e.message().trim().to_owned(),
        }
    })
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn reader(raw: &RawReader, path: &Path) -> Result<Reader, Error> {
    if raw.auto_refresh_mins > MAX_MINUTES {
        return Err(Error::Invalid {
            path: path.to_path_buf(),
            message: format!(
                "reader.auto_refresh_mins must be at most {MAX_MINUTES} minutes (a year)"
            ),
        });
    }
    let browser = raw.browser.trim();
    // A quote left open is a typo; better said now than when a link is opened.
    if !browser.is_empty() {
        crate::launch::CommandLine::parse(browser).map_err(|e| Error::Invalid {
            path: path.to_path_buf(),
            message: format!("reader.browser: {e}"),
        })?;
    }
    Ok(Reader {
        auto_refresh: (raw.auto_refresh_mins > 0)
            .then(|| Duration::from_secs(raw.auto_refresh_mins.saturating_mul(60))),
        rtl_reorder: raw.rtl_reorder,
        browser: (!browser.is_empty()).then(|| browser.to_owned()),
        browser_in_terminal: raw.browser_in_terminal,
    })
}

impl OneOrMany {
    fn to_vec(&self) -> Vec<String> {
        match self {
            Self::One(key) => vec![key.clone()],
            Self::Many(keys) => keys.clone(),
        }
    }
}

fn validate_refresh(raw: &RawRefresh, path: &Path) -> Result<Refresh, Error> {
    let invalid = |message: &str| Error::Invalid {
        path: path.to_path_buf(),
        message: message.to_owned(),
    };
    checks::check_counts(raw, path)?;
    if raw.connect_timeout_secs == 0 || raw.timeout_secs == 0 {
        return Err(invalid("refresh timeouts must be at least 1 second"));
    }
    if raw.max_body_mib == 0 {
        return Err(invalid("refresh.max_body_mib must be at least 1"));
    }
    if raw.min_interval_mins == 0 || raw.min_interval_mins > raw.max_interval_mins {
        return Err(invalid(
            "refresh.min_interval_mins must be at least 1 and at most max_interval_mins",
        ));
    }
    if raw.default_interval_mins == 0
        || raw.max_backoff_mins == 0
        || raw.intervals.values().any(|&m| m == 0)
    {
        return Err(invalid("refresh intervals must be at least 1 minute"));
    }
    checks::check_minutes(raw, path)?;
    let minutes = |m: u64| Duration::from_secs(m.saturating_mul(60));
    Ok(Refresh {
        jobs: raw.jobs,
        page_jobs: raw.page_jobs,
        per_host: raw.per_host,
        connect_timeout: Duration::from_secs(raw.connect_timeout_secs),
        timeout: Duration::from_secs(raw.timeout_secs),
        max_body_bytes: raw.max_body_mib.saturating_mul(1024 * 1024),
        default_interval: minutes(raw.default_interval_mins),
        min_interval: minutes(raw.min_interval_mins),
        max_interval: minutes(raw.max_interval_mins),
        max_backoff: minutes(raw.max_backoff_mins),
        intervals: raw
            .intervals
            .iter()
            .map(|(url, &m)| (crate::url_policy::canonical_str(url), minutes(m)))
            .collect(),
        proxy: validate_proxy(&raw.proxy).map_err(invalid)?,
        rules: Vec::new(),
        retention: Retention::default(),
    })
}

/// `refresh.proxy`: empty for none, else an http or https proxy's address.
fn validate_proxy(raw: &str) -> Result<Option<url::Url>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(Some(url))
        }
        _ => Err("refresh.proxy must be an http:// or https:// address, or empty"),
    }
}

/// `~/x` means the home directory, as in a shell.
fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(base)) => base.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

mod checks;
mod edit;
mod highlights;
mod retention;
mod rules;
mod sync;
mod views;

pub use edit::{EditError, append_view};
pub use highlights::{Highlight, HighlightColour, HighlightStyle, ThemeColour};
pub use retention::{Keep, Retention};
pub use sync::{PasswordSource, Provider, SyncServer};
use sync::{RawSync, validate_sync};
pub use views::SavedView;
#[cfg(test)]
mod tests;
