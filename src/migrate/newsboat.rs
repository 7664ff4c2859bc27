//! newsboat: its `urls` file, `config` and `cache.db`, read into what tidings keeps, and
//! the way back (a `urls` file and a list of read guids for `newsboat -I`).

pub mod cache;
pub mod export;
pub mod filter;
pub mod keys;
pub mod lines;
mod proxy;

use std::path::{Path, PathBuf};

use chrono::DateTime;

use crate::feed::{Enclosure, ParsedEntry};
use crate::store::ImportedStory;

/// Where newsboat keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    pub urls: PathBuf,
    pub config: PathBuf,
    pub cache: PathBuf,
}

/// The environment newsboat's lookup reads.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub home: Option<PathBuf>,
    pub xdg_config_home: Option<PathBuf>,
    pub xdg_data_home: Option<PathBuf>,
}

impl Env {
    /// The process's environment.
    pub fn current() -> Self {
        let var = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Self {
            home: var("HOME"),
            xdg_config_home: var("XDG_CONFIG_HOME"),
            xdg_data_home: var("XDG_DATA_HOME"),
        }
    }
}

/// newsboat's files: all in `dir` when given; else as newsboat looks for them,
/// `~/.newsboat/` if it exists, else `$XDG_CONFIG_HOME/newsboat/` (urls, config) and
/// `$XDG_DATA_HOME/newsboat/` (cache.db). `None` without a home directory.
pub fn locate(dir: Option<&Path>, env: &Env) -> Option<Files> {
    let all_in = |dir: &Path| Files {
        urls: dir.join("urls"),
        config: dir.join("config"),
        cache: dir.join("cache.db"),
    };
    if let Some(dir) = dir {
        return Some(all_in(dir));
    }
    let home = env.home.as_deref()?;
    let dotdir = home.join(".newsboat");
    if dotdir.is_dir() {
        return Some(all_in(&dotdir));
    }
    let config = env
        .xdg_config_home
        .clone()
        .unwrap_or_else(|| home.join(".config"))
        .join("newsboat");
    let data = env
        .xdg_data_home
        .clone()
        .unwrap_or_else(|| home.join(".local/share"))
        .join("newsboat");
    Some(Files {
        urls: config.join("urls"),
        config: config.join("config"),
        cache: data.join("cache.db"),
    })
}

/// A cached item as a story to store: the `star` flag letter stars it, other letters
/// become tags `flag-X`.
pub fn story(item: cache::CachedItem, star: char) -> ImportedStory {
    let starred = item.flags.contains(star);
    let tags = item
        .flags
        .chars()
        .filter(|c| *c != star && c.is_ascii_alphanumeric())
        .map(|c| format!("flag-{c}"))
        .collect();
    let enclosures = item
        .enclosure_url
        .map(|url| Enclosure {
            url,
            mime: item.enclosure_type,
            length: None,
            duration_secs: None,
            title: None,
        })
        .into_iter()
        .collect();
    ImportedStory {
        feed_url: item.feed_url,
        read: !item.unread,
        starred,
        tags,
        deleted: item.deleted,
        entry: ParsedEntry {
            guid: item.guid,
            base_url: item.base.or_else(|| item.link.clone()),
            link: item.link,
            title: item.title,
            author: item.author,
            published: (item.published > 0)
                .then(|| DateTime::from_timestamp(item.published, 0))
                .flatten(),
            updated: None,
            content_html: item.content,
            categories: Vec::new(),
            enclosures,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotdir_wins_else_xdg_dirs() {
        let home = tempfile::tempdir().unwrap();
        let env = Env {
            home: Some(home.path().to_owned()),
            xdg_config_home: None,
            xdg_data_home: Some(home.path().join("data")),
        };
        let files = locate(None, &env).unwrap();
        assert_eq!(files.urls, home.path().join(".config/newsboat/urls"));
        assert_eq!(files.cache, home.path().join("data/newsboat/cache.db"));
        std::fs::create_dir(home.path().join(".newsboat")).unwrap();
        let files = locate(None, &env).unwrap();
        assert_eq!(files.config, home.path().join(".newsboat/config"));
        assert_eq!(files.cache, home.path().join(".newsboat/cache.db"));
        let given = locate(Some(Path::new("/x")), &Env::default()).unwrap();
        assert_eq!(given.urls, Path::new("/x/urls"));
        assert_eq!(locate(None, &Env::default()), None);
    }

    #[test]
    fn flags_become_a_star_and_tags() {
        let item = cache::CachedItem {
            feed_url: "https://example.org/f".into(),
            guid: "g".into(),
            title: "T".into(),
            author: None,
            link: Some("https://example.org/1".into()),
            published: 0,
            content: "<p>x</p>".into(),
            unread: false,
            enclosure_url: None,
            enclosure_type: None,
            flags: "bs".into(),
            deleted: false,
            base: None,
        };
        let story = story(item.clone(), 's');
        assert!(story.starred && story.read);
        assert_eq!(story.tags, ["flag-b"]);
        assert_eq!(story.entry.published, None);
        let other = super::story(item, 'b');
        assert!(other.starred);
        assert_eq!(other.tags, ["flag-s"]);
    }
}
