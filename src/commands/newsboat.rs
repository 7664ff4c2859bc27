//! `import-newsboat` and `export --newsboat`: newsboat's files read into tidings' store
//! and config, and written back out.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::open_store;
use super::output::emit;
use crate::config::{self, Applied, Config, DefaultPaths};
use crate::migrate::newsboat::{self, cache, export, lines};
use crate::sanitize::SafeText;
use crate::store::{ImportedValidators, NewFeed, Store, StoryStats};

/// Stories stored per transaction: big enough to be quick, small enough that memory
/// stays flat on a cache of any size.
const BATCH: usize = 1000;

/// What the cache holds, counted as it is read.
#[derive(Default)]
struct Counts {
    stories: usize,
    read: usize,
    starred: usize,
    flagged: usize,
    deleted: usize,
    stats: StoryStats,
}

/// Runs `import-newsboat`.
pub fn import(config: &Config, dir: Option<&Path>, dry_run: bool, star: char) -> Result<()> {
    if !star.is_ascii_alphabetic() {
        bail!("--flag-star takes a flag letter (a-z or A-Z), not {star:?}");
    }
    let files = newsboat::locate(dir, &newsboat::Env::current())
        .context("cannot find newsboat's files without a home directory: name the directory")?;
    let (plan, found, cache) = read_files(&files, star)?;
    let config_file = match &config.config_path {
        Some(path) => path.clone(),
        None => DefaultPaths::from_environment()?.config_file,
    };
    let mut report = String::new();
    for file in &found {
        let _ = writeln!(
            report,
            "read {}",
            SafeText::line(&file.display().to_string())
        );
    }
    for warning in &plan.warnings {
        let _ = writeln!(report, "warning: {}", SafeText::line(warning));
    }
    let feeds: Vec<NewFeed> = plan.feeds.iter().cloned().map(NewFeed::from).collect();
    let mut counts = Counts::default();
    // The config first: additions that would break it stop the import before the store
    // is touched.
    let applied = apply_config(&config_file, &plan, dry_run)?;
    let mut store = if dry_run {
        None
    } else {
        Some(open_store(config)?)
    };
    if let Some(store) = store.as_mut() {
        let stats = store.import_feeds(&feeds)?;
        let _ = writeln!(
            report,
            "feeds: {} ({} new, {} already subscribed)",
            feeds.len(),
            stats.added,
            stats.existing
        );
    } else {
        let _ = writeln!(report, "feeds: {}", feeds.len());
    }
    if let Some(cache) = &cache {
        let validators = import_cache(cache, store.as_mut(), star, &mut counts)?;
        let _ = writeln!(
            report,
            "stories: {} (read {}, starred {}, other flags {}, deleted {})",
            counts.stories, counts.read, counts.starred, counts.flagged, counts.deleted
        );
        if store.is_some() {
            let s = counts.stats;
            let _ = writeln!(
                report,
                "stored {} stories ({} already here, {} kept deleted, {} of feeds not in urls); \
                 {validators} feeds gained ETag/Last-Modified",
                s.stored, s.existing, s.dropped, s.no_feed
            );
        }
    }
    let _ = writeln!(
        report,
        "{} {}: {} views, {} rules, {} settings ({} there already)",
        if dry_run { "would add to" } else { "added to" },
        SafeText::line(&config_file.display().to_string()),
        applied.views,
        applied.rules,
        applied.settings,
        applied.kept
    );
    for (name, query, origin) in &plan.additions.views {
        let _ = writeln!(
            report,
            "  view \"{}\" = {}  ({})",
            SafeText::line(name),
            SafeText::line(query),
            SafeText::line(origin)
        );
    }
    for (query, action, origin) in &plan.additions.rules {
        let _ = writeln!(
            report,
            "  rule {} -> {action}  ({})",
            SafeText::line(query),
            SafeText::line(origin)
        );
    }
    let _ = writeln!(report, "unmapped lines: {}", plan.unmapped.len());
    for line in &plan.unmapped {
        let _ = writeln!(
            report,
            "  {}: {}  ({})",
            SafeText::line(&line.origin),
            SafeText::line(&line.line),
            SafeText::line(&line.reason)
        );
    }
    if dry_run {
        report.push_str("dry run: nothing was written\n");
    }
    emit(|out| out.write_all(report.as_bytes()))
}

/// Reads the newsboat files that exist; fails when there are none.
fn read_files(
    files: &newsboat::Files,
    star: char,
) -> Result<(lines::Plan, Vec<PathBuf>, Option<cache::Cache>)> {
    let mut plan = lines::Plan::default();
    let mut found = Vec::new();
    if let Some(text) = read_if_present(&files.urls)? {
        lines::read_urls(&files.urls, &text, star, &mut plan)
            .with_context(|| format!("reading {}", files.urls.display()))?;
        found.push(files.urls.clone());
    }
    if let Some(text) = read_if_present(&files.config)? {
        lines::read_config(&files.config, &text, star, &mut plan);
        found.push(files.config.clone());
    }
    let cache = if files.cache.exists() {
        found.push(files.cache.clone());
        Some(cache::Cache::open(&files.cache)?)
    } else {
        None
    };
    if found.is_empty() {
        bail!(
            "no newsboat files found (looked for {}, {} and {})",
            files.urls.display(),
            files.config.display(),
            files.cache.display()
        );
    }
    Ok((plan, found, cache))
}

fn read_if_present(path: &Path) -> Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err).with_context(|| format!("reading {}", path.display())),
    }
}

/// Reads the cache in batches, storing each when there is a store; returns how many
/// feeds gained validators.
fn import_cache(
    cache: &cache::Cache,
    mut store: Option<&mut Store>,
    star: char,
    counts: &mut Counts,
) -> Result<usize> {
    let validators = match store.as_deref_mut() {
        Some(store) => {
            let feeds: Vec<ImportedValidators> = cache
                .feeds()?
                .into_iter()
                .map(|f| ImportedValidators {
                    url: f.url,
                    title: f.title,
                    etag: f.etag,
                    last_modified: f.last_modified,
                })
                .collect();
            store.import_validators(&feeds)?
        }
        None => 0,
    };
    let ids = match store.as_deref() {
        Some(store) => store.feed_ids_by_url()?,
        None => std::collections::HashMap::default(),
    };
    cache.for_each_batch(BATCH, |items| -> Result<()> {
        let stories: Vec<_> = items
            .iter()
            .cloned()
            .map(|item| newsboat::story(item, star))
            .collect();
        for story in &stories {
            counts.stories += 1;
            if story.deleted {
                counts.deleted += 1;
                continue;
            }
            counts.read += usize::from(story.read);
            counts.starred += usize::from(story.starred);
            counts.flagged += usize::from(!story.tags.is_empty());
        }
        if let Some(store) = store.as_deref_mut() {
            counts.stats.add(store.import_stories(&ids, &stories)?);
        }
        Ok(())
    })?;
    Ok(validators)
}

/// Adds the views, rules and settings to the config file, then checks that tidings still
/// reads it; if not, the file is put back as it was.
fn apply_config(path: &Path, plan: &lines::Plan, dry_run: bool) -> Result<Applied> {
    let before = std::fs::read(path).ok();
    let applied = config::add_imported(path, &plan.additions, dry_run)?;
    if dry_run || applied.views + applied.rules + applied.settings == 0 {
        return Ok(applied);
    }
    let defaults = DefaultPaths::from_environment()?;
    // Keys and colours are otherwise checked only when the reader starts: check imported ones now.
    let loaded = Config::load(Some(path), None, &defaults)
        .map_err(anyhow::Error::new)
        .and_then(|config| {
            crate::ui::keymap::Keymap::from_config(&config.keys, config.reader.key_timeout)?;
            crate::ui::theme::Theme::new(&config.theme, true).map(|_| ())
        });
    if let Err(err) = loaded {
        match before {
            Some(bytes) => std::fs::write(path, bytes),
            None => std::fs::remove_file(path),
        }
        .with_context(|| format!("restoring {}", path.display()))?;
        return Err(
            err.context("the imported settings don't make a valid config; nothing was imported")
        );
    }
    Ok(applied)
}

/// Runs `export --newsboat DIR`.
pub fn export(store: &Store, config: &Config, dir: &Path, star: char) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let rows = store.feeds()?;
    let feeds: Vec<export::Feed<'_>> = rows
        .iter()
        .map(|f| export::Feed {
            url: &f.url,
            title: f.title.as_deref(),
            tags: &f.tags,
        })
        .collect();
    let (urls, skipped) = export::urls_file(&feeds, &config.views, star);
    let guids = store.read_guids()?;
    let read = export::read_file(guids.iter().map(String::as_str));
    let urls_path: PathBuf = dir.join("urls");
    let read_path: PathBuf = dir.join("read-articles");
    std::fs::write(&urls_path, urls).with_context(|| format!("writing {}", urls_path.display()))?;
    std::fs::write(&read_path, read).with_context(|| format!("writing {}", read_path.display()))?;
    let mut report = format!(
        "wrote {} ({} feeds, {} views) and {} ({} read stories; import with newsboat -I)\n",
        SafeText::line(&urls_path.display().to_string()),
        feeds.len(),
        config.views.len() - skipped.len(),
        SafeText::line(&read_path.display().to_string()),
        guids.len()
    );
    for name in skipped {
        let _ = writeln!(
            report,
            "view \"{}\" has no newsboat query form: left out",
            SafeText::line(&name)
        );
    }
    emit(|out| out.write_all(report.as_bytes()))
}
