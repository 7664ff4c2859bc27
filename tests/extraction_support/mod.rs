//! The extraction regression corpus in `tests/fixtures/extraction/`: each page's HTML and
//! reference text, and a scorer (`score`) to compare an extraction with the reference.

#![allow(dead_code, clippy::missing_panics_doc)]

pub mod score;

use std::io::Read;
use std::path::{Path, PathBuf};

/// The address every corpus page is extracted as coming from (the one Mozilla's tests
/// use); relative links resolve against it.
pub const PAGE_URL: &str = "http://fakehost/test/page.html";

/// One page of the corpus.
pub struct Page {
    /// The directory's name, such as `blogger` or `np-arabic-article`.
    pub name: String,
    /// The page's HTML, decoded as UTF-8 (lossily, as tidings decodes pages).
    pub html: String,
    /// The reference extraction's text, one paragraph per line.
    pub expected: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extraction")
}

/// Every page of the corpus, sorted by name.
pub fn pages() -> Vec<Page> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root())
        .expect("corpus directory")
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|path| path.join("expected.txt").is_file())
        .collect();
    dirs.sort();
    dirs.iter().map(|dir| page(dir)).collect()
}

fn page(dir: &Path) -> Page {
    let gz = std::fs::File::open(dir.join("source.html.gz")).expect("source.html.gz");
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut bytes)
        .expect("gzip");
    Page {
        name: dir
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned(),
        html: String::from_utf8_lossy(&bytes).into_owned(),
        expected: std::fs::read_to_string(dir.join("expected.txt")).expect("expected.txt"),
    }
}
