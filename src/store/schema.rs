//! Schema migrations, applied in order at open; `PRAGMA user_version` records how many
//! have run. Append new migrations; never edit one that has shipped.

use rusqlite::{Connection, TransactionBehavior};

use super::{Error, Result};

/// Each entry upgrades the schema by one version.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: feeds, stories, tags and the full-text index.
    "CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        -- the title the feed gives itself, and one the user chose (which wins)
        title TEXT,
        custom_title TEXT,
        link TEXT,
        etag TEXT,
        last_modified TEXT,
        last_fetched INTEGER,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_fetch INTEGER,
        -- seconds between fetches the feed or server asked for (ttl, sy:, max-age)
        interval_hint INTEGER,
        full_text INTEGER NOT NULL DEFAULT 0,
        added INTEGER NOT NULL
    );
    CREATE TABLE feed_tags (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (feed_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX feed_tags_by_tag ON feed_tags(tag);

    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
        -- the feed's title, kept for starred stories whose feed was removed
        orphan_feed_title TEXT,
        guid TEXT NOT NULL,
        link TEXT,
        title TEXT NOT NULL,
        author TEXT,
        published INTEGER,
        updated INTEGER,
        content TEXT NOT NULL,
        base_url TEXT,
        content_hash INTEGER NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        first_seen INTEGER NOT NULL,
        -- newest-first order: published, else updated, else first seen
        sort_time INTEGER NOT NULL,
        -- 0 until the full-text index holds the current title and content
        indexed INTEGER NOT NULL DEFAULT 0,
        UNIQUE (feed_id, guid)
    );
    CREATE INDEX articles_by_time ON articles(sort_time DESC, id DESC);
    CREATE INDEX articles_by_feed ON articles(feed_id, sort_time DESC);
    CREATE INDEX articles_unread ON articles(feed_id) WHERE read = 0;
    CREATE INDEX articles_starred ON articles(sort_time DESC) WHERE starred = 1;
    CREATE INDEX articles_unindexed ON articles(id) WHERE indexed = 0;

    CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (article_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX article_tags_by_tag ON article_tags(tag);

    CREATE VIRTUAL TABLE article_fts USING fts5(
        title, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );",
    // 2: counts per feed kept by triggers, so the sidebar and status bar never count
    // stories one by one; and the unread stories in list order, for paging the Unread view.
    "CREATE TABLE feed_counts (
        -- 0 holds the stories of removed feeds (feed_id NULL)
        feed_id INTEGER PRIMARY KEY,
        articles INTEGER NOT NULL,
        unread INTEGER NOT NULL,
        starred INTEGER NOT NULL
    );
    INSERT INTO feed_counts (feed_id, articles, unread, starred)
        SELECT COALESCE(feed_id, 0), count(*), sum(read = 0), sum(starred = 1)
        FROM articles GROUP BY 1;
    CREATE TRIGGER articles_counted AFTER INSERT ON articles BEGIN
        INSERT INTO feed_counts (feed_id, articles, unread, starred)
        VALUES (COALESCE(new.feed_id, 0), 1, new.read = 0, new.starred = 1)
        ON CONFLICT (feed_id) DO UPDATE SET articles = articles + 1,
            unread = unread + excluded.unread, starred = starred + excluded.starred;
    END;
    CREATE TRIGGER articles_uncounted AFTER DELETE ON articles BEGIN
        UPDATE feed_counts SET articles = articles - 1, unread = unread - (old.read = 0),
            starred = starred - (old.starred = 1)
        WHERE feed_id = COALESCE(old.feed_id, 0);
    END;
    CREATE TRIGGER articles_recounted AFTER UPDATE OF feed_id, read, starred ON articles
    WHEN old.feed_id IS NOT new.feed_id OR old.read IS NOT new.read
        OR old.starred IS NOT new.starred
    BEGIN
        UPDATE feed_counts SET articles = articles - 1, unread = unread - (old.read = 0),
            starred = starred - (old.starred = 1)
        WHERE feed_id = COALESCE(old.feed_id, 0);
        INSERT INTO feed_counts (feed_id, articles, unread, starred)
        VALUES (COALESCE(new.feed_id, 0), 1, new.read = 0, new.starred = 1)
        ON CONFLICT (feed_id) DO UPDATE SET articles = articles + 1,
            unread = unread + excluded.unread, starred = starred + excluded.starred;
    END;
    CREATE TRIGGER feeds_uncounted AFTER DELETE ON feeds BEGIN
        DELETE FROM feed_counts WHERE feed_id = old.id;
    END;
    CREATE INDEX articles_unread_by_time ON articles(sort_time DESC, id DESC) WHERE read = 0;",
    // 3: sync with a server (TT-RSS): the server's ids for feeds and stories, local
    // read/star changes not yet confirmed by the server, and where the last sync ended.
    "ALTER TABLE feeds ADD COLUMN remote_id INTEGER;
    CREATE UNIQUE INDEX feeds_by_remote_id ON feeds(remote_id) WHERE remote_id IS NOT NULL;
    ALTER TABLE articles ADD COLUMN remote_id INTEGER;
    CREATE UNIQUE INDEX articles_by_remote_id ON articles(remote_id)
        WHERE remote_id IS NOT NULL;
    -- one row per story and flag: the latest local value, until the server confirms it
    CREATE TABLE sync_journal (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        field TEXT NOT NULL CHECK (field IN ('star', 'read')),
        value INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        PRIMARY KEY (article_id, field)
    ) WITHOUT ROWID;
    CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- provider, server and user the remote ids belong to
        account TEXT NOT NULL,
        last_article_id INTEGER NOT NULL DEFAULT 0,
        last_full_reconcile INTEGER,
        last_sync INTEGER
    );",
    // 4: full text: the main content of a story's web page, fetched when the story is
    // opened (feeds with full_text on, or on request) and kept so it is fetched once.
    "CREATE TABLE article_full_text (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        -- untrusted HTML, like articles.content; url is the page it came from (its base)
        html TEXT NOT NULL,
        url TEXT NOT NULL,
        fetched INTEGER NOT NULL
    );",
    // 5: feed URLs in canonical form (see `canonicalize_feed_urls`, run with it).
    "-- the rows are rewritten in Rust: url_policy::canonical",
    // 6: story ids are never reused, and the full-text index never keeps words a story
    // no longer has: the highest id ever deleted is remembered (new ids go above it), and
    // a story's index row goes when the story goes or its text changes (the indexer adds
    // the new text). Stories dated in the future sort as when they were first seen.
    "CREATE TABLE id_high_water (
        name TEXT PRIMARY KEY,
        id INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO id_high_water (name, id)
        VALUES ('articles', COALESCE((SELECT max(id) FROM articles), 0));
    CREATE TRIGGER articles_high_water AFTER DELETE ON articles BEGIN
        UPDATE id_high_water SET id = max(id, old.id) WHERE name = 'articles';
    END;
    CREATE TRIGGER articles_unindexed_when_deleted AFTER DELETE ON articles BEGIN
        DELETE FROM article_fts WHERE rowid = old.id;
    END;
    CREATE TRIGGER articles_unindexed_when_changed AFTER UPDATE OF title, content ON articles
    BEGIN
        DELETE FROM article_fts WHERE rowid = old.id;
    END;
    DELETE FROM article_fts WHERE rowid NOT IN (SELECT id FROM articles);
    UPDATE articles SET sort_time = first_seen WHERE sort_time > first_seen;",
    // 7: what had to be repaired in the feed's last document, when it was not
    // well-formed XML (read all the same); NULL once it parses strictly again.
    "ALTER TABLE feeds ADD COLUMN last_warning TEXT;",
    // 8: rules: stories a rule hid (read, out of every view but `hidden`), and stories
    // dropped for good (ignored by a rule), so a later fetch doesn't bring them back.
    "ALTER TABLE articles ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE dropped_stories (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        guid TEXT NOT NULL,
        -- why: 'ignored' (a rule)
        reason TEXT NOT NULL,
        dropped INTEGER NOT NULL,
        PRIMARY KEY (feed_id, guid)
    ) WITHOUT ROWID;",
    // 9: the index spells Arabic words normalized and stemmed (`search_text`); words
    // indexed before are spelled as typed, so every story is indexed again.
    "INSERT INTO article_fts (article_fts) VALUES ('delete-all');
    UPDATE articles SET indexed = 0 WHERE indexed <> 0;",
    // 10: the story list's order, covering every column a query term reads but the text:
    // a page of a query, and the counts of all saved views, read this index alone, never
    // the wide story rows (the counts of 20 views took 1.3 s on 100 000 stories reading
    // the table). It replaces the plain order index.
    "CREATE INDEX articles_by_time_covering ON articles(sort_time DESC, id DESC, read,
        starred, hidden, feed_id, title, author, link, orphan_feed_title);
    DROP INDEX articles_by_time;",
    // 11: the files stories carry (podcast episodes), several per story, in feed order.
    "CREATE TABLE enclosures (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        url TEXT NOT NULL,
        mime TEXT,
        length INTEGER,
        duration INTEGER,
        title TEXT,
        PRIMARY KEY (article_id, position)
    ) WITHOUT ROWID;",
    // 12: pages fetched by refresh. A kept page remembers the story link it was fetched
    // for (it is the story's page while the story keeps that link; pages kept before are
    // taken to be for the link the story has now), and a page that failed is retried
    // later with back-off. Feeds learn their templates.
    "ALTER TABLE article_full_text ADD COLUMN link TEXT;
    UPDATE article_full_text
        SET link = (SELECT link FROM articles WHERE id = article_full_text.article_id);
    CREATE TABLE page_failures (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        -- the link that failed: a story whose link changes is tried again at once
        link TEXT NOT NULL,
        failures INTEGER NOT NULL,
        next_try INTEGER NOT NULL,
        last_error TEXT NOT NULL
    );
    -- each feed's template, learned from its stories and pages (sanitize/template.rs):
    -- how many documents each block's normalized text was in, and the latest one, counted
    -- by the feed's documents so far
    ALTER TABLE feeds ADD COLUMN template_documents INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE feed_blocks (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        hash INTEGER NOT NULL,
        documents INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (feed_id, hash)
    ) WITHOUT ROWID;",
    // 13: the download queue: each enclosure queued (`D`, `tidings download`, a `download`
    // rule) and how its download went. `path` is where it was (or is being) written.
    "CREATE TABLE downloads (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        mime TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued', 'downloading', 'done', 'failed', 'missing')),
        path TEXT,
        error TEXT,
        queued_at INTEGER NOT NULL,
        UNIQUE (article_id, url)
    );",
];

/// Steps of a migration that SQL alone can't express, run in its transaction after its
/// SQL: (migration number, step).
const RUST_STEPS: &[(usize, RustStep)] = &[(5, canonicalize_feed_urls)];

/// A migration step written in Rust.
type RustStep = fn(&rusqlite::Transaction<'_>) -> Result<()>;

/// Rewrites each feed's URL to its canonical form, so the same feed spelled two ways is
/// found as one. Where two rows share a canonical form (subscribed twice under different
/// spellings), the later keeps its spelling rather than losing its stories.
fn canonicalize_feed_urls(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let feeds: Vec<(i64, String)> = tx
        .prepare("SELECT id, url FROM feeds ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update =
        tx.prepare("UPDATE OR IGNORE feeds SET url = ?2 WHERE id = ?1 AND url <> ?2")?;
    for (id, url) in feeds {
        update.execute(rusqlite::params![
            id,
            crate::url_policy::canonical_str(&url)
        ])?;
    }
    Ok(())
}

/// The schema version this build creates and understands.
pub(crate) const VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to [`VERSION`], one transaction per migration.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > VERSION {
        return Err(Error::TooNew {
            path: conn.path().unwrap_or_default().into(),
            found: current,
            known: VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the write lock.
        let now: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if now > index as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        for (_, step) in RUST_STEPS.iter().filter(|(n, _)| *n == index + 1) {
            step(&tx)?;
        }
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
        tracing::info!(version = index + 1, "database schema migrated");
    }
    Ok(())
}
