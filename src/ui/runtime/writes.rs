//! What the writer thread does with each [`Write`] the reader asks for.

use crate::store::Store;
use crate::ui::effect::Write;
use crate::ui::samples;

/// Applies the write in `store`; returns how many stories it changed (deleted, for a
/// removed feed; subscribed, for an import; new stories, for the samples).
pub fn apply(write: &Write, store: &mut Store) -> anyhow::Result<usize> {
    match write {
        Write::Read { ids, read } => Ok(store.set_read(ids, *read)?),
        Write::Star { id, starred } => Ok(store.set_starred(&[*id], *starred)?),
        Write::Tags { id, before, after } => {
            let removed: Vec<String> = before
                .iter()
                .filter(|t| !after.contains(t))
                .cloned()
                .collect();
            let added: Vec<String> = after
                .iter()
                .filter(|t| !before.contains(t))
                .cloned()
                .collect();
            let mut changed = 0;
            if !removed.is_empty() {
                changed += store.untag_article(*id, &removed)?;
            }
            if !added.is_empty() {
                changed += store.tag_article(*id, &added)?;
            }
            Ok(changed)
        }
        Write::ViewRead { filter, .. } => Ok(store.mark_matching_read(filter)?),
        Write::RemoveFeed { id, .. } => Ok(store.remove_feed(*id)?.deleted),
        Write::ImportFeeds { feeds } => Ok(store.import_feeds(feeds)?.added),
        Write::InstallSamples { dir } => samples::install(store, dir),
        Write::QueueDownloads { id } => Ok(store.queue_downloads(&[*id])?),
    }
}
