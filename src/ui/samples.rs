//! The sample feeds bundled in the binary, offered by the welcome view. They are written
//! to the data directory and subscribed as `file://` URLs, so they load offline and a
//! later refresh finds them, from whatever directory tidings was started in.

use std::path::Path;

use anyhow::{Context, Result};
use url::Url;

use crate::feed::parse_feed;
use crate::store::{NewFeed, Store};

/// One bundled feed.
struct Sample {
    file: &'static str,
    tag: &'static str,
    bytes: &'static [u8],
}

const SAMPLES: &[Sample] = &[
    Sample {
        file: "ammar-magazine.atom.xml",
        tag: "news",
        bytes: include_bytes!("../../assets/samples/ammar-magazine.atom.xml"),
    },
    Sample {
        file: "quiet-garden.rss.xml",
        tag: "life",
        bytes: include_bytes!("../../assets/samples/quiet-garden.rss.xml"),
    },
    Sample {
        file: "terminal-tinkerer.json",
        tag: "tech",
        bytes: include_bytes!("../../assets/samples/terminal-tinkerer.json"),
    },
];

/// Writes the sample feeds into `dir`, subscribes to them and stores their stories.
/// Returns how many stories were new. Running it twice changes nothing the second time.
pub fn install(store: &mut Store, dir: &Path) -> Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let dir = std::path::absolute(dir).with_context(|| format!("resolving {}", dir.display()))?;
    let mut new = 0;
    for sample in SAMPLES {
        let path = dir.join(sample.file);
        std::fs::write(&path, sample.bytes)
            .with_context(|| format!("writing {}", path.display()))?;
        let url = Url::from_file_path(&path)
            .map_err(|()| anyhow::anyhow!("{} is not an absolute path", path.display()))?
            .to_string();
        let feed = NewFeed {
            url: url.clone(),
            title: None,
            tags: vec![sample.tag.to_owned()],
        };
        store.import_feeds(std::slice::from_ref(&feed))?;
        let id = store.find_feed(&url)?;
        let parsed = parse_feed(sample.bytes, Some(&url))
            .with_context(|| format!("reading the bundled sample {}", sample.file))?;
        new += store.save_feed(id, &parsed)?.new;
    }
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_load_offline_and_only_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let new = install(&mut store, dir.path()).unwrap();
        assert!(new >= 12, "{new}");
        assert_eq!(store.feeds().unwrap().len(), 3);
        assert_eq!(install(&mut store, dir.path()).unwrap(), 0);
        assert!(dir.path().join("terminal-tinkerer.json").exists());
    }
}
