//! Checks on the configuration beyond its types: counts of at least one, minute values
//! small enough for date arithmetic, and a password kept in a file others can read.

use std::path::Path;

use super::refresh::RawRefresh;
use super::{Config, Error, MAX_MINUTES, PasswordSource};

/// Every count of requests in flight is at least 1.
pub(super) fn check_counts(raw: &RawRefresh, path: &Path) -> Result<(), Error> {
    if raw.jobs == 0 || raw.page_jobs == 0 || raw.per_host == 0 {
        return Err(Error::Invalid {
            path: path.to_path_buf(),
            message: "refresh.jobs, refresh.page_jobs and refresh.per_host must be at least 1"
                .to_owned(),
        });
    }
    Ok(())
}

/// Every minutes value that feeds date arithmetic is at most [`MAX_MINUTES`]; the error
/// names the first key that is not.
pub(super) fn check_minutes(raw: &RawRefresh, path: &Path) -> Result<(), Error> {
    let fixed = [
        ("refresh.default_interval_mins", raw.default_interval_mins),
        ("refresh.min_interval_mins", raw.min_interval_mins),
        ("refresh.max_interval_mins", raw.max_interval_mins),
        ("refresh.max_backoff_mins", raw.max_backoff_mins),
    ];
    let too_large = |key: String| Error::Invalid {
        path: path.to_path_buf(),
        message: format!("{key} must be at most {MAX_MINUTES} minutes (a year)"),
    };
    if let Some((key, _)) = fixed.iter().find(|(_, m)| *m > MAX_MINUTES) {
        return Err(too_large((*key).to_owned()));
    }
    match raw.intervals.iter().find(|(_, m)| **m > MAX_MINUTES) {
        Some((url, _)) => Err(too_large(format!("refresh.intervals.\"{}\"", url.trim()))),
        None => Ok(()),
    }
}

impl Config {
    /// A warning when the config file holds `password = …` and people other than its
    /// owner may read it (group or others have read permission).
    pub(crate) fn exposed_password_warning(&self) -> Option<String> {
        use std::os::unix::fs::PermissionsExt;
        let plain = matches!(
            self.sync.as_ref().map(|s| &s.password),
            Some(PasswordSource::Plain(_))
        );
        let path = self.config_path.as_ref().filter(|_| plain)?;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        (mode & 0o044 != 0).then(|| {
            format!(
                "warning: {} holds sync.password and is readable by others (mode {:o}): run chmod 600 {0}, or use sync.password_command",
                path.display(),
                mode & 0o777
            )
        })
    }
}
