//! `[downloads]`: where `tidings download` writes enclosures, how it names them, how many
//! run at once and how large one may be.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Error;

/// The validated `[downloads]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloads {
    /// The directory files go under.
    pub dir: PathBuf,
    /// The file's path under `dir`: `%f` feed title, `%t` story title, `%e` extension,
    /// `%%` a percent sign; `/` separates directories.
    pub path: String,
    /// Downloads in flight at once (one per host regardless).
    pub jobs: usize,
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
}

/// `[downloads]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawDownloads {
    dir: Option<PathBuf>,
    path: Option<String>,
    jobs: Option<usize>,
    max_download_mib: Option<u64>,
}

/// Most downloads in flight at once.
const MAX_JOBS: usize = 32;

pub(super) fn validate(raw: &RawDownloads, path: &Path) -> Result<Downloads, Error> {
    let invalid = |message: String| Error::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let template = raw.path.clone().unwrap_or_else(|| "%f/%t.%e".to_owned());
    if template.trim().is_empty() || template.starts_with('/') {
        return Err(invalid(
            "downloads.path must be a relative path such as \"%f/%t.%e\"".into(),
        ));
    }
    if template.split('/').any(|part| part == "..") {
        return Err(invalid("downloads.path must not contain `..`".into()));
    }
    let jobs = raw.jobs.unwrap_or(2);
    if !(1..=MAX_JOBS).contains(&jobs) {
        return Err(invalid(format!("downloads.jobs must be 1 to {MAX_JOBS}")));
    }
    let mib = raw.max_download_mib.unwrap_or(2048);
    if mib == 0 {
        return Err(invalid(
            "downloads.max_download_mib must be at least 1".into(),
        ));
    }
    let dir = raw
        .dir
        .as_deref()
        .map_or_else(default_dir, super::expand_home);
    Ok(Downloads {
        dir: super::absolute(&dir),
        path: template,
        jobs,
        max_bytes: mib.saturating_mul(1 << 20),
    })
}

/// `$XDG_DOWNLOAD_DIR/tidings` (`~/Downloads/tidings`), else `./tidings-downloads`.
fn default_dir() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|dirs| dirs.download_dir().map(|d| d.join("tidings")))
        .unwrap_or_else(|| PathBuf::from("tidings-downloads"))
}
