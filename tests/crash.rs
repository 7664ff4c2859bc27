//! Crash safety: `tidings refresh` is killed with SIGKILL at random moments while it
//! stores a large loopback corpus. After every kill the database must pass SQLite's
//! integrity check and still hold every story, star and tag it held before; the refresh
//! after the last kill must complete. Nothing here leaves 127.0.0.1.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags};
use support::corpus::{self, STORIES};
use support::sandbox::Sandbox;

const FEEDS: usize = 60;
/// Kills that must land while `refresh` is still running.
const KILLS: usize = 20;

/// What must survive every crash.
#[derive(Debug, Default, PartialEq, Eq, Clone)]
struct Durable {
    /// (feed url, guid) of every stored story.
    stories: BTreeSet<(String, String)>,
    starred: BTreeSet<String>,
    tags: BTreeMap<String, BTreeSet<String>>,
}

fn read_durable(db: &Path) -> Durable {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "integrity check after a kill");
    let mut durable = Durable::default();
    let mut stmt = conn
        .prepare("SELECT f.url, a.guid, a.starred FROM articles a JOIN feeds f ON f.id = a.feed_id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (url, guid, starred) = row.unwrap();
        if starred {
            durable.starred.insert(guid.clone());
        }
        durable.stories.insert((url, guid));
    }
    let mut stmt = conn
        .prepare("SELECT a.guid, t.tag FROM article_tags t JOIN articles a ON a.id = t.article_id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap();
    for row in rows {
        let (guid, tag) = row.unwrap();
        durable.tags.entry(guid).or_default().insert(tag);
    }
    durable
}

fn spawn_refresh(sandbox: &Sandbox) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .env("NO_PROXY", "*")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .arg("--db")
        .arg(sandbox.db())
        .arg("--config")
        .arg(sandbox.path("config.toml"))
        .args(["refresh", "--force", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A small xorshift generator: the seed is printed, so a failing run can be repeated by
/// setting `TIDINGS_CRASH_SEED`.
struct Rng(u64);

impl Rng {
    fn from_env_or_clock() -> Self {
        let seed = std::env::var("TIDINGS_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("crash test seed: TIDINGS_CRASH_SEED={seed}");
        Self(seed)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

/// Stars and tags a few stories through the CLI, as a user would between refreshes.
fn star_and_tag(sandbox: &Sandbox, round: usize) {
    let stories = sandbox.json(&["list", "--limit", "200"]);
    let stories = stories.as_array().unwrap();
    let story = &stories[(round * 7) % stories.len()];
    let id = story["id"].to_string();
    sandbox.run(&["star", &id]);
    sandbox.run(&["tag", &id, &format!("round-{round}")]);
}

#[test]
fn sigkill_during_refresh_loses_nothing_and_corrupts_nothing() {
    let server = corpus::serve(FEEDS);
    let sandbox = Sandbox::with_config(
        "[refresh]\nconnect_timeout_secs = 5\ntimeout_secs = 20\nmax_body_mib = 4\n",
    );
    sandbox.import_urls(&corpus::urls(&server, FEEDS));

    let started = Instant::now();
    sandbox.run(&["refresh", "--quiet"]);
    let full_refresh = started.elapsed();
    star_and_tag(&sandbox, 0);
    let mut before = read_durable(&sandbox.db());
    let seeded = before.stories.len();
    assert_eq!(seeded, FEEDS * STORIES);
    assert_eq!(before.starred.len(), 1);

    let mut rng = Rng::from_env_or_clock();
    let window = u64::try_from(full_refresh.as_millis()).unwrap().max(50);
    let (mut kills, mut attempts) = (0, 0);
    while kills < KILLS {
        attempts += 1;
        assert!(
            attempts <= KILLS * 4,
            "only {kills} of {attempts} kills landed while refresh ran"
        );
        let mut child = spawn_refresh(&sandbox);
        std::thread::sleep(Duration::from_millis(rng.below(window)));
        if child.try_wait().unwrap().is_none() {
            kills += 1;
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert!(
            !stderr.contains("error:"),
            "refresh reported an error before it was killed ({status}): {stderr}"
        );

        let after = read_durable(&sandbox.db());
        let lost: Vec<_> = before.stories.difference(&after.stories).collect();
        assert!(lost.is_empty(), "stories lost after a kill: {lost:?}");
        assert_eq!(after.starred, before.starred, "stars after a kill");
        assert_eq!(after.tags, before.tags, "tags after a kill");
        if kills % 5 == 0 {
            star_and_tag(&sandbox, kills);
            before = read_durable(&sandbox.db());
        } else {
            before = after;
        }
    }

    eprintln!(
        "{kills} kills in {attempts} attempts over {window} ms windows; stories {seeded} → {}",
        before.stories.len()
    );
    assert!(
        before.stories.len() > seeded,
        "some killed refreshes stored feeds before they died, so kills landed amid writes"
    );

    sandbox.run(&["refresh", "--force", "--quiet"]);
    let last = read_durable(&sandbox.db());
    assert!(before.stories.is_subset(&last.stories));
    assert!(
        last.stories.len() > before.stories.len(),
        "the refresh after the kills stores new stories"
    );
    assert_eq!(last.starred, before.starred);
    assert_eq!(last.tags, before.tags);
    let feeds = sandbox.feed_errors();
    assert_eq!(feeds.len(), FEEDS);
    assert!(
        feeds.iter().all(|(_, error)| error.is_none()),
        "no feed failed: {feeds:?}"
    );
}
