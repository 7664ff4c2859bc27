//! The config parser: arbitrary text as `config.toml`, then the reader's keymap and theme
//! built from it, as at start-up. No panic: bad input is an error with a position.
#![no_main]

use std::io::Write as _;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tidings::config::{Config, DefaultPaths};
use tidings::ui::{Keymap, Theme};

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(data).expect("write config");
    let defaults = DefaultPaths {
        config_file: Path::new("/nonexistent/config.toml").to_path_buf(),
        db_file: Path::new("/nonexistent/tidings.db").to_path_buf(),
    };
    let Ok(config) = Config::load(Some(file.path()), None, &defaults) else {
        return;
    };
    let _ = Keymap::new(&config.keys);
    let _ = Theme::new(&config.theme, true);
});
