//! Rules: each rule's query picks among the stories a fetch or a sync brings, and its
//! actions ignore (drop for good), hide, mark read, star or tag them. A fetch's stories
//! are judged in memory before any is written ([`RuleSet::judge`]), so each is stored
//! once with its flags and tags and an ignored one not at all; a sync's are judged in SQL
//! after they are stored ([`apply`]), in the same transaction.

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

use super::Result;
use crate::query::eval::{Predicate, State, Story};
use crate::query::{Action, Rule};

/// The rules a store applies, each query made ready once rather than for every feed.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleSet {
    rules: Vec<Rule>,
    /// Each rule's query, ready to decide a story; `None` for one with words for the
    /// search index, which the config refuses in a rule, so it matches nothing here.
    predicates: Vec<Option<Predicate>>,
}

/// What the rules made of one story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Store nothing, and remember not to.
    Ignore,
    /// Store it with these flags and tags.
    Store(State),
}

impl RuleSet {
    pub(crate) fn new(rules: Vec<Rule>) -> Self {
        let predicates = rules
            .iter()
            .map(|r| Predicate::new(&r.query).ok())
            .collect();
        Self { rules, predicates }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Runs every rule in order on a new story: each sees what those before it did, and
    /// the first to ignore it ends the matter.
    pub(crate) fn judge(&self, story: &Story<'_>, now: DateTime<Utc>) -> Verdict {
        self.judge_from(State::default(), story, now)
    }

    /// [`Self::judge`] for a story that starts in `state` (read or starred on a server).
    pub(crate) fn judge_from(
        &self,
        mut state: State,
        story: &Story<'_>,
        now: DateTime<Utc>,
    ) -> Verdict {
        for (rule, predicate) in self.rules.iter().zip(&self.predicates) {
            if !predicate
                .as_ref()
                .is_some_and(|p| p.matches(story, &state, now))
            {
                continue;
            }
            for action in &rule.actions {
                match action {
                    Action::Ignore => return Verdict::Ignore,
                    Action::Hide => (state.hidden, state.read) = (true, true),
                    Action::Read => state.read = true,
                    Action::Star => state.starred = true,
                    Action::Download => state.download = true,
                    Action::Tag(tag) => {
                        if !state.tags.contains(tag) {
                            state.tags.push(tag.clone());
                        }
                    }
                }
            }
        }
        Verdict::Store(state)
    }
}

/// Remembers that the story `guid` of `feed` was dropped for good, and why.
pub(super) fn remember_dropped(
    tx: &Transaction<'_>,
    feed: i64,
    guid: &str,
    reason: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO dropped_stories (feed_id, guid, reason, dropped)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![feed, guid, reason, Utc::now().timestamp()])?;
    Ok(())
}

/// Deletes the stories and remembers their (feed, guid) and why, so they stay dropped.
pub(super) fn drop_stories(tx: &Transaction<'_>, ids: &[i64], reason: &str) -> Result<usize> {
    let mut remember = tx.prepare_cached(
        "INSERT OR IGNORE INTO dropped_stories (feed_id, guid, reason, dropped)
         SELECT feed_id, guid, ?3, ?2 FROM articles WHERE id = ?1 AND feed_id IS NOT NULL",
    )?;
    let mut delete = tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?;
    let now = Utc::now().timestamp();
    let mut dropped = 0;
    for id in ids {
        remember.execute(params![id, now, reason])?;
        dropped += delete.execute([id])?;
    }
    Ok(dropped)
}

/// Whether the story `guid` of `feed` was dropped for good.
pub(super) fn is_dropped(tx: &Transaction<'_>, feed: i64, guid: &str) -> Result<bool> {
    let found: Option<i64> = rusqlite::OptionalExtension::optional(
        tx.prepare_cached("SELECT 1 FROM dropped_stories WHERE feed_id = ?1 AND guid = ?2")?
            .query_row(params![feed, guid], |r| r.get(0)),
    )?;
    Ok(found.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{FeedKind, ParsedEntry, ParsedFeed};
    use crate::store::{NewFeed, Store};

    /// A fetch of "Sponsored 0", "News 1", "Sponsored 2", ….
    fn six_entries() -> ParsedFeed {
        let entries = (0..6)
            .map(|i| ParsedEntry {
                guid: format!("g{i}"),
                link: None,
                title: if i % 2 == 0 {
                    format!("Sponsored {i}")
                } else {
                    format!("News {i}")
                },
                author: None,
                published: None,
                updated: None,
                content_html: String::new(),
                base_url: None,
                categories: vec![],
                enclosures: Vec::new(),
            })
            .collect();
        ParsedFeed {
            kind: FeedKind::Rss2,
            title: None,
            link: None,
            ttl_minutes: None,
            entries,
            warning: None,
        }
    }

    fn rule(query: &str, actions: Vec<Action>) -> Rule {
        Rule {
            text: query.into(),
            query: crate::query::parse(query).unwrap(),
            actions,
        }
    }

    /// Each stored story's guid, read, starred, hidden and tags.
    fn flags(store: &Store) -> Vec<(String, bool, bool, bool, Option<String>)> {
        store
            .conn
            .prepare(
                "SELECT guid, read, starred, hidden, (SELECT group_concat(tag, ',' ORDER BY tag)
                 FROM article_tags WHERE article_id = a.id) FROM articles a ORDER BY guid",
            )
            .unwrap()
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn each_rule_sees_what_the_rules_before_it_did() {
        let mut store = Store::open_in_memory().unwrap();
        store.set_rules(vec![
            rule("title:/^Sponsored/", vec![Action::Read]),
            rule("unread", vec![Action::Tag("fresh".into())]),
            rule("title:\"News 5\"", vec![Action::Ignore]),
            rule("tag:fresh", vec![Action::Star]),
            rule(
                "untagged title:/^Sp/",
                vec![Action::Star, Action::Tag("sp".into())],
            ),
            rule("title:\"News 3\"", vec![Action::Hide]),
        ]);
        let feed = store.add_feed(&NewFeed::default()).unwrap();
        let stats = store.save_feed(feed, &six_entries()).unwrap();
        assert_eq!((stats.new, stats.ignored), (5, 1));
        // Read by the first rule, so not fresh, but untagged; "News 5" ignored before it
        // could be starred; "News 3" hidden after it was starred.
        let tags = |t: &str| Some(t.to_owned());
        assert_eq!(
            flags(&store),
            [
                ("g0".to_owned(), true, true, false, tags("sp")),
                ("g1".to_owned(), false, true, false, tags("fresh")),
                ("g2".to_owned(), true, true, false, tags("sp")),
                ("g3".to_owned(), true, true, true, tags("fresh")),
                ("g4".to_owned(), true, true, false, tags("sp")),
            ]
        );
        // The ignored story is remembered, so the same fetch again stores nothing.
        let again = store.save_feed(feed, &six_entries()).unwrap();
        assert_eq!((again.new, again.ignored), (0, 0));
        assert_eq!(flags(&store).len(), 5);
    }
}
