//! Integration tests of the sanitizer: the Blogger ground truth (feeds and page), every
//! real-world feed, snapshots of representative stories, hostile HTML, and a property
//! test that no output can drive the terminal.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use tidings::sanitize::{self, Story};

const SEED_URL: &str =
    "https://ammar-magazine.blogspot.com/2017/05/trump-putin-discuss-syria-ceasefire-in.html";

/// One feed entry: its title, its HTML and the base URL for its links.
struct Item {
    title: String,
    html: String,
    base: Option<String>,
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/blogger")
        .join(name)
}

/// The entries of a feed, or `None` when it does not parse.
fn items(bytes: &[u8]) -> Option<Vec<Item>> {
    let feed = feed_rs::parser::parse(bytes).ok()?;
    let items = feed.entries.into_iter().map(|e| Item {
        title: e.title.map(|t| t.content).unwrap_or_default(),
        html: e
            .content
            .and_then(|c| c.body)
            .or(e.summary.map(|s| s.content))
            .unwrap_or_default(),
        base: e.base.or_else(|| {
            let alternate = e
                .links
                .iter()
                .find(|l| l.rel.as_deref() == Some("alternate"));
            alternate.or(e.links.first()).map(|l| l.href.clone())
        }),
    });
    Some(items.collect())
}

fn blogger_items(file: &str) -> Vec<Item> {
    let bytes = std::fs::read(fixture(file)).expect("fixture exists");
    items(&bytes).expect("Blogger fixture parses")
}

fn item<'a>(items: &'a [Item], title_start: &str) -> &'a Item {
    items
        .iter()
        .find(|i| i.title.starts_with(title_start))
        .expect("entry present")
}

/// Text compared modulo wrapping: paragraphs (split at blank lines), whitespace collapsed.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn expected_seed() -> Vec<String> {
    paragraphs(&std::fs::read_to_string(fixture("expected/seed-article.txt")).expect("exists"))
}

/// Characters that move the cursor or change terminal state, or reorder text.
fn is_terminal_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{feff}')
}

fn assert_terminal_safe(text: &str) {
    if let Some(c) = text.chars().find(|&c| is_terminal_control(c)) {
        panic!("unsafe character {c:?} in {text:?}");
    }
}

/// Every string a story carries: span texts and links.
fn story_strings(story: &Story) -> Vec<String> {
    let spans = story
        .lines
        .iter()
        .flat_map(|l| l.spans.iter().map(|s| s.text.to_string()));
    spans.chain(story.links.iter().cloned()).collect()
}

#[test]
fn seed_entry_matches_expected_text_in_both_feeds() {
    for file in ["posts-default.atom.xml", "posts-default.rss.xml"] {
        let items = blogger_items(file);
        let seed = item(&items, "Trump, Putin discuss");
        let text = sanitize::index_text(&seed.html, seed.base.as_deref());
        assert_eq!(paragraphs(&text), expected_seed(), "{file}");
    }
}

#[test]
fn article_page_extracts_to_expected_text() {
    let page = std::fs::read_to_string(fixture("article.html")).expect("exists");
    let content = sanitize::extract_article(&page, SEED_URL).expect("post body found");
    assert_eq!(
        paragraphs(&sanitize::index_text(&content, Some(SEED_URL))),
        expected_seed()
    );
    let shown = sanitize::plain_text(&content, Some(SEED_URL), 80);
    assert!(
        shown.contains("Trump told Reuters[2] in an interview"),
        "{shown}"
    );
    assert!(shown.ends_with("[2]: https://www.reuters.com/"), "{shown}");
}

#[test]
fn whole_page_render_drops_template_boilerplate() {
    let page = std::fs::read_to_string(fixture("article.html")).expect("exists");
    let text = sanitize::plain_text(&page, Some(SEED_URL), 80);
    for boilerplate in [
        "Post a Comment",
        "Previous Post",
        "ADS",
        "publisher",
        "Share to",
        "WhatsApp",
        "syria.news@example.com",
        "adsbygoogle",
        "Search this blog",
        "_WidgetManager",
    ] {
        assert!(
            !text.contains(boilerplate),
            "{boilerplate:?} left in:\n{text}"
        );
    }
    assert!(text.contains("The Kremlin said Putin and Trump agreed"));
}

#[test]
fn atom_and_rss_entries_sanitize_the_same() {
    let (atom, rss) = (
        blogger_items("posts-default.atom.xml"),
        blogger_items("posts-default.rss.xml"),
    );
    assert_eq!(atom.len(), 6);
    assert_eq!(atom.len(), rss.len());
    for (a, r) in atom.iter().zip(&rss) {
        assert_eq!(sanitize::title(&a.title), sanitize::title(&r.title));
        assert_eq!(
            sanitize::plain_text(&a.html, a.base.as_deref(), 80),
            sanitize::plain_text(&r.html, r.base.as_deref(), 80)
        );
    }
}

/// Feeds to run through the sanitizer: the shared real-world corpus when it is there
/// (it is not in a user's clone), and always the repository's own fixtures.
fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["posts-default.atom.xml", "posts-default.rss.xml"]
        .map(fixture)
        .into();
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real-world");
    if let Ok(dir) = std::fs::read_dir(shared) {
        files.extend(
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "xml" || x == "json")),
        );
    }
    files
}

#[test]
fn every_fixture_entry_sanitizes_cleanly() {
    let (mut entries, mut with_text) = (0, 0);
    for path in corpus() {
        let bytes = std::fs::read(&path).expect("readable");
        let Some(items) = items(&bytes) else { continue };
        for item in items {
            entries += 1;
            let title = sanitize::title(&item.title);
            let shown = sanitize::plain_text(&item.html, item.base.as_deref(), 80);
            let index = sanitize::index_text(&item.html, item.base.as_deref());
            for text in [&title, &shown, &index] {
                assert_terminal_safe(text);
                for leak in ["<script", "<p>", "<div", "</a>", "&lt;p&gt;", "javascript:"] {
                    assert!(!text.contains(leak), "{leak} in {}: {text}", path.display());
                }
            }
            assert!(!title.contains('\n') && title.trim() == title, "{title:?}");
            with_text += usize::from(!index.is_empty());
        }
    }
    assert!(entries >= 6, "only {entries} entries parsed");
    assert!(
        with_text * 2 > entries,
        "{with_text} of {entries} entries gave text"
    );
}

#[test]
fn snapshot_arabic_post() {
    let items = blogger_items("posts-default.atom.xml");
    let post = item(&items, "روسيا وتركيا");
    insta::assert_snapshot!(sanitize::plain_text(&post.html, post.base.as_deref(), 80));
}

#[test]
fn snapshot_weather_table_post() {
    let items = blogger_items("posts-default.atom.xml");
    let post = item(&items, "Weekend weather");
    insta::assert_snapshot!(sanitize::plain_text(&post.html, post.base.as_deref(), 80));
}

#[test]
fn snapshot_qa_post_with_list_quote_and_relative_links() {
    let items = blogger_items("posts-default.atom.xml");
    let post = item(&items, "Q&A");
    insta::assert_snapshot!(sanitize::plain_text(&post.html, post.base.as_deref(), 80));
}

#[test]
fn snapshot_video_post() {
    let items = blogger_items("posts-default.atom.xml");
    let post = item(&items, "Video:");
    insta::assert_snapshot!(sanitize::plain_text(&post.html, post.base.as_deref(), 80));
}

/// Hostile input: each case's HTML and strings that must not appear in any output.
const HOSTILE: &[(&str, &[&str])] = &[
    (
        "<p>a</p><script>alert('x')</script><style>p{color:red}</style>",
        &["alert", "color"],
    ),
    (
        "<iframe src=\"javascript:alert(1)\"></iframe><p>a</p>",
        &["javascript", "alert", "[embed"],
    ),
    (
        "<p onclick=\"evil()\" onmouseover=evil()>a</p><img src=x.png onerror=evil() alt=pic>",
        &["evil"],
    ),
    (
        "<a href=\"javascript:alert(1)\">click</a> <a href=' JaVaScRiPt:evil()'>x</a>",
        &["alert", "evil", "[1]"],
    ),
    (
        "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">d</a><a href=\"vbscript:msgbox\">v</a>",
        &["data:", "vbscript", "PHNj"],
    ),
    (
        "<form action=/x><input value=secret><button>Go</button></form><noscript>NOSCRIPT</noscript>",
        &["secret", "Go", "NOSCRIPT"],
    ),
    (
        "<object data=\"javascript:evil\"></object><embed src=\"data:evil\"><svg onload=evil()><text>svg</text></svg>",
        &["evil", "svg"],
    ),
    (
        "<p>a\u{1b}[2Jb&#27;[31mc&#x1b;]52;c;ZXZpbA==&#7;d</p>",
        &["[2J", "[31m", "52;c", "ZXZpbA"],
    ),
    ("<p>x\u{1b}P1$qm\u{1b}\\y\u{9b}2Kz</p>", &["$qm", "2K"]),
    (
        "<p>&#x202e;txt.exe&#x202c; \u{2066}iso\u{2069}</p>",
        &["\u{202e}", "\u{2066}"],
    ),
    (
        "<img src=a.png alt=\"&#27;]0;title&#7;pic\u{202e}\">",
        &["]0;", "title"],
    ),
    (
        "<a href=\"https://example.com/&#27;[2J\">li&#27;[5mnk\u{7}</a>",
        &["[2J", "[5m"],
    ),
    (
        "<a href=\"https://e.com/\u{1b}]8;;http://evil/\u{7}\">t</a>",
        &["evil", "]8;;"],
    ),
];

#[test]
fn hostile_html_never_leaks() {
    for (html, forbidden) in HOSTILE {
        let story = sanitize::render(html, Some("https://example.com/feed/"), 60);
        let mut outputs = story_strings(&story);
        outputs.push(sanitize::plain_text(html, Some("https://example.com/"), 60));
        outputs.push(sanitize::index_text(html, None));
        outputs.push(sanitize::title(html));
        for out in &outputs {
            assert_terminal_safe(out);
            for bad in *forbidden {
                assert!(
                    !out.contains(bad),
                    "{bad:?} leaked from {html:?} into {out:?}"
                );
            }
        }
    }
}

#[test]
fn escape_sequences_in_plain_strings_are_removed_whole() {
    let evil = "Feed\u{1b}]52;c;ZXZpbA==\u{7} name\u{1b}[2J\u{9d}0;t\u{9c}\u{202e}";
    assert_eq!(sanitize::clean_line(evil), "Feed name");
    assert_eq!(sanitize::terminal_safe("a\u{1b}[1;31mb\tc\nd"), "ab\tc\nd");
}

/// Building blocks for arbitrary hostile documents.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<a href='javascript:x'>".to_owned()),
        Just("<a href=\"https://e.com/".to_owned()),
        Just("\">".to_owned()),
        Just("</a>".to_owned()),
        Just("<img alt='".to_owned()),
        Just("<p>".to_owned()),
        Just("<table><tr><td>".to_owned()),
        Just("<blockquote>".to_owned()),
        Just("<h2>".to_owned()),
        Just("<pre>".to_owned()),
        Just("\u{1b}[".to_owned()),
        Just("\u{1b}]52;c;".to_owned()),
        Just("&#27;[2J".to_owned()),
        Just("&#x9b;".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("&#8238;".to_owned()),
        Just("\u{200d}".to_owned()),
        any::<char>().prop_map(String::from),
        "[a-z &;#0-9]{0,8}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn no_sanitizer_output_can_drive_the_terminal(input in document(), width in 1usize..120) {
        let story = sanitize::render(&input, Some("https://example.com/"), width);
        let mut outputs = story_strings(&story);
        outputs.extend([
            sanitize::terminal_safe(&input),
            sanitize::clean_line(&input),
            sanitize::title(&input),
            sanitize::plain_text(&input, None, width),
            sanitize::index_text(&input, Some("https://example.com/")),
        ]);
        for out in outputs {
            prop_assert!(!out.chars().any(is_terminal_control), "{:?}", out);
        }
    }

    #[test]
    fn extraction_never_panics(input in document()) {
        let page = format!("<html><body><div class='post-body'>{input}</div>{input}</body></html>");
        let _ = sanitize::extract_article(&page, "https://example.com/");
        let _ = sanitize::extract_article(&input, "not a url");
    }
}
