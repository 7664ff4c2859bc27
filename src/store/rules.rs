//! Rules: each rule's query picks among the stories a fetch or a sync brings, and its
//! actions ignore (drop for good), hide, mark read, star or tag them. A fetch's stories
//! are judged in memory before any is written ([`RuleSet::judge`]), so each is stored
//! once with its flags and tags and an ignored one not at all; a sync's are judged in SQL
//! after they are stored ([`apply`]), in the same transaction.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Transaction, params, params_from_iter};

use super::Result;
use super::query::Reading;
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

    /// The rules, as the config gave them.
    pub(crate) fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Runs every rule in order on a new story: each sees what those before it did, and
    /// the first to ignore it ends the matter.
    pub(crate) fn judge(&self, story: &Story<'_>, now: DateTime<Utc>) -> Verdict {
        let mut state = State::default();
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

/// Applies `rules` to the stories `new` (ids just inserted); returns how many were
/// ignored (deleted, their ids remembered so no later fetch stores them again).
pub(super) fn apply(tx: &Transaction<'_>, rules: &[Rule], new: &[i64]) -> Result<usize> {
    if rules.is_empty() || new.is_empty() {
        return Ok(0);
    }
    let mut ignored = 0;
    for rule in rules {
        let matched = matching(tx, rule, new)?;
        if matched.is_empty() {
            continue;
        }
        for action in &rule.actions {
            if *action == Action::Ignore {
                ignored += drop_stories(tx, &matched, "ignored")?;
                break;
            }
            act(tx, action, &matched)?;
        }
    }
    Ok(ignored)
}

/// The stories among `new` that `rule`'s query matches (and that an earlier rule did not
/// drop).
fn matching(tx: &Transaction<'_>, rule: &Rule, new: &[i64]) -> Result<Vec<i64>> {
    let mut args: Vec<Value> = Vec::new();
    let condition = super::query::condition_for(&rule.query, Utc::now(), Reading::Few, &mut args);
    // The new ids are bound, not joined into the text, so a rule's statement is the same
    // for every feed and is prepared once a refresh. One fetch's new stories have one run
    // of ids (each takes the next), bound as its ends; otherwise as one JSON list.
    let (first, last) = (new.iter().min(), new.iter().max());
    let run = match (first, last) {
        (Some(&first), Some(&last))
            if usize::try_from(last - first).ok() == Some(new.len() - 1) =>
        {
            Some((first, last))
        }
        _ => None,
    };
    let ids = if let Some((first, last)) = run {
        args.push(Value::Integer(first));
        args.push(Value::Integer(last));
        format!("a.id BETWEEN ?{} AND ?{}", args.len() - 1, args.len())
    } else {
        let list = new.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        args.push(Value::Text(format!("[{list}]")));
        format!("a.id IN (SELECT value FROM json_each(?{}))", args.len())
    };
    let sql = format!("SELECT a.id FROM articles a WHERE {ids} AND ({condition})");
    let mut stmt = tx.prepare_cached(&sql)?;
    let found = stmt
        .query_map(params_from_iter(args), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}

fn act(tx: &Transaction<'_>, action: &Action, ids: &[i64]) -> Result<()> {
    let statement = match action {
        Action::Hide => "UPDATE articles SET hidden = 1, read = 1 WHERE id = ?1",
        Action::Read => "UPDATE articles SET read = 1 WHERE id = ?1",
        Action::Star => "UPDATE articles SET starred = 1 WHERE id = ?1",
        Action::Tag(_) => "INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?1, ?2)",
        Action::Ignore => return Ok(()),
    };
    let mut stmt = tx.prepare_cached(statement)?;
    for id in ids {
        match action {
            Action::Tag(tag) => stmt.execute(params![id, tag])?,
            _ => stmt.execute([id])?,
        };
    }
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

    /// A store with six new stories, "Sponsored 0", "News 1", "Sponsored 2", …; their ids.
    fn six_stories() -> (Store, Vec<i64>) {
        let mut store = Store::open_in_memory().unwrap();
        let parsed = six_entries();
        let feed = store.add_feed(&NewFeed::default()).unwrap();
        store.save_feed(feed, &parsed).unwrap();
        let ids: Vec<i64> = store
            .conn
            .prepare("SELECT id FROM articles ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        (store, ids)
    }

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

    #[test]
    fn a_rule_matches_the_same_stories_whether_the_new_ids_are_one_run_or_not() {
        let (mut store, ids) = six_stories();
        let rule = rule("title:/^Sponsored/", vec![Action::Read]);
        let tx = store.conn.transaction().unwrap();
        let mut run = matching(&tx, &rule, &ids).unwrap();
        run.sort_unstable();
        assert_eq!(run, [ids[0], ids[2], ids[4]]);
        let gaps = [ids[0], ids[1], ids[4], ids[5]];
        let mut scattered = matching(&tx, &rule, &gaps).unwrap();
        scattered.sort_unstable();
        assert_eq!(scattered, [ids[0], ids[4]]);
    }

    /// Rules in which each sees what those before it did.
    fn sequence() -> Vec<Rule> {
        vec![
            rule("title:/^Sponsored/", vec![Action::Read]),
            rule("unread", vec![Action::Tag("fresh".into())]),
            rule("title:\"News 5\"", vec![Action::Ignore]),
            rule("tag:fresh", vec![Action::Star]),
            rule(
                "untagged title:/^Sp/",
                vec![Action::Star, Action::Tag("sp".into())],
            ),
        ]
    }

    /// Each stored story's guid, read, starred and tags.
    fn flags(store: &Store) -> Vec<(String, bool, bool, Option<String>)> {
        store
            .conn
            .prepare(
                "SELECT guid, read, starred, (SELECT group_concat(tag, ',' ORDER BY tag)
                 FROM article_tags WHERE article_id = a.id) FROM articles a ORDER BY guid",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_fetch_judged_before_storing_ends_as_the_stored_stories_judged_in_sql() {
        let (mut after, ids) = six_stories();
        let tx = after.conn.transaction().unwrap();
        assert_eq!(apply(&tx, &sequence(), &ids).unwrap(), 1);
        tx.commit().unwrap();
        let mut before = Store::open_in_memory().unwrap();
        before.set_rules(sequence());
        let parsed = six_entries();
        let feed = before.add_feed(&NewFeed::default()).unwrap();
        let stats = before.save_feed(feed, &parsed).unwrap();
        assert_eq!((stats.new, stats.ignored), (5, 1));
        assert_eq!(flags(&before), flags(&after));
        assert_eq!(flags(&before).len(), 5);
    }

    #[test]
    fn each_rule_sees_what_the_rules_before_it_did() {
        let (mut store, ids) = six_stories();
        let rules = [
            rule("title:/^Sponsored/", vec![Action::Read]),
            rule("unread", vec![Action::Tag("fresh".into())]),
            rule("title:\"News 5\"", vec![Action::Ignore]),
            rule("tag:fresh", vec![Action::Star]),
            rule(
                "untagged title:/^Sp/",
                vec![Action::Star, Action::Tag("sp".into())],
            ),
        ];
        let tx = store.conn.transaction().unwrap();
        assert_eq!(apply(&tx, &rules, &ids).unwrap(), 1);
        let starred: Vec<i64> = tx
            .prepare("SELECT id FROM articles WHERE starred = 1 ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        // Read by the first rule, so not fresh, but untagged; "News 5" ignored before it
        // was starred.
        assert_eq!(starred, [ids[0], ids[1], ids[2], ids[3], ids[4]]);
    }
}
