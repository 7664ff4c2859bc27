//! The validated configuration the rest of the program sees: resolved paths, durations
//! and limits. Read from TOML; every key has a default (see `assets/config.toml`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// `[keys]`: rebindings (`quit = ["q", "ctrl-c"]`) and keys or chains bound to
    /// commands, everywhere or per pane. Names, keys and commands are checked when the
    /// reader starts.
    pub keys: Keys,
    pub theme: Theme,
    /// The sync server, when a `[sync]` section is present; `None` means tidings fetches
    /// the feeds itself.
    pub sync: Option<SyncServer>,
    /// Saved views (`[[view]]`), in the order written.
    pub views: Vec<SavedView>,
    /// Story-list highlights (`[[highlight]]`), in the order written: the first match wins.
    pub highlights: Vec<Highlight>,
    /// Programs for kinds of links (`[[opener]]`), tried in the order written before the
    /// browser.
    pub openers: Vec<crate::launch::Opener>,
    /// How new stories are announced after a refresh or sync (`[notify]`).
    pub notify: Notify,
    /// Where and how enclosures are downloaded (`[downloads]`).
    pub downloads: Downloads,
}

/// How text is laid out on plain output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Display {
    /// Wrap width when stdout is not a terminal.
    pub width: usize,
}

/// The file as written, before validation.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawConfig {
    database: Option<PathBuf>,
    refresh: refresh::RawRefresh,
    display: RawDisplay,
    reader: reader::RawReader,
    keys: BTreeMap<String, toml::Value>,
    theme: Theme,
    sync: Option<RawSync>,
    view: Vec<views::RawView>,
    highlight: Vec<highlights::RawHighlight>,
    opener: Vec<openers::RawOpener>,
    rule: Vec<rules::RawRule>,
    retention: retention::RawRetention,
    notify: notify::RawNotify,
    downloads: downloads::RawDownloads,
}

/// One string or a list of them (`tags` in a rule).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
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
        let views = views::validate(&raw.view, &origin)?;
        Ok(Self {
            db_path: absolute(&db_path),
            config_path,
            refresh: Refresh {
                rules: rules::validate(&raw.rule, &origin)?,
                retention: retention::validate(&raw.retention, &origin)?,
                ..refresh::validate(&raw.refresh, &origin)?
            },
            display: Display {
                width: raw.display.width.clamp(20, 1000),
            },
            reader: reader::validate(&raw.reader, &origin)?,
            keys: keys::validate(&raw.keys, &origin)?,
            theme: raw.theme,
            sync: raw
                .sync
                .as_ref()
                .map(|sync| validate_sync(sync, &origin))
                .transpose()?,
            highlights: highlights::validate(&raw.highlight, &origin)?,
            openers: openers::validate(&raw.opener, &origin)?,
            notify: notify::validate(&raw.notify, &views, &origin)?,
            views,
            downloads: downloads::validate(&raw.downloads, &origin)?,
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

impl OneOrMany {
    fn to_vec(&self) -> Vec<String> {
        match self {
            Self::One(key) => vec![key.clone()],
            Self::Many(keys) => keys.clone(),
        }
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
mod downloads;
mod edit;
mod edit_import;
mod highlights;
mod keys;
mod notify;
mod openers;
mod reader;
mod refresh;
mod retention;
mod rules;
mod sync;
mod theme;
mod views;

pub use downloads::Downloads;
pub use edit::{EditError, append_view};
pub use edit_import::{Additions, Applied, SettingValue, add_imported};
pub use highlights::{Highlight, HighlightColour, HighlightStyle, ThemeColour};
pub use keys::{KEY_CONTEXTS, KeyValue, Keys};
pub use notify::Notify;
pub use reader::{Hyperlinks, PipeFormat, Reader};
pub use refresh::Refresh;
pub use retention::{Keep, Retention};
pub use sync::{PasswordSource, Provider, SyncServer};
use sync::{RawSync, validate_sync};
pub use theme::Theme;
pub use views::SavedView;
#[cfg(test)]
mod tests;
