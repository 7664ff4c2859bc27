//! The cases of tests/feed_formats.rs: each fixture in `tests/fixtures/feeds/`, with the
//! kind, title, warning and entries tidings must read from it.

/// One fixture and what tidings must read from it.
pub struct Case {
    pub file: &'static str,
    pub kind: &'static str,
    pub title: &'static str,
    /// Part of the warning, or `None` when the feed must read without one.
    pub warning: Option<&'static str>,
    pub entries: &'static [Entry],
}

/// An entry's id, title, link, author and a part of its text.
pub struct Entry(
    pub &'static str,
    pub &'static str,
    pub Option<&'static str>,
    pub Option<&'static str>,
    pub &'static str,
);

pub const CASES: &[Case] = &[
    Case {
        file: "entities.rss",
        kind: "rss2",
        title: "Café Society",
        warning: Some("HTML entities, 1 bare &"),
        entries: &[Entry(
            "cafe-1",
            "Café news & more …",
            Some("http://example.com/cafe"),
            None,
            "Crème brûlée — © 2024",
        )],
    },
    Case {
        file: "bare-ampersands.rss",
        kind: "rss2",
        title: "Tom & Jerry",
        warning: Some("7 bare &s"),
        entries: &[Entry(
            "amp-1",
            "Salt & pepper & more",
            Some("http://example.com/item?a=1&b=2"),
            None,
            "Fish & chips, AT&T and R&D",
        )],
    },
    Case {
        file: "truncated.rss",
        kind: "rss2",
        title: "Cut short",
        warning: Some("cut off before its end"),
        entries: &[
            Entry(
                "cut-1",
                "Complete story",
                Some("http://example.com/complete"),
                None,
                "Whole text.",
            ),
            Entry(
                "cut-2",
                "Half a story",
                Some("http://example.com/half"),
                None,
                "The server stopped sending in the mid",
            ),
        ],
    },
    Case {
        file: "atom03-escaped.atom",
        kind: "atom",
        title: "Atom 0.3 escaped",
        warning: None,
        entries: &[Entry(
            "tag:example.org,2004:escaped",
            "Escaped entry",
            Some("http://example.org/escaped"),
            None,
            "Hello escaped world",
        )],
    },
    Case {
        file: "atom03-base64.atom",
        kind: "atom",
        title: "Atom 0.3 base64",
        warning: None,
        entries: &[Entry(
            "tag:example.org,2004:base64",
            "Base64 entry",
            Some("http://example.org/base64"),
            None,
            "Hello from base64",
        )],
    },
    Case {
        file: "atom03-xml.atom",
        kind: "atom",
        title: "Atom 0.3 inline XML",
        warning: None,
        entries: &[Entry(
            "tag:example.org,2004:xml",
            "XML entry",
            Some("http://example.org/xml"),
            Some("Mark"),
            "Hello inline XML",
        )],
    },
    Case {
        file: "rss090.rdf",
        kind: "rss0",
        title: "Mozilla Dot Org",
        warning: None,
        entries: &[
            Entry(
                "http://www.mozilla.org/status/",
                "New Status Updates",
                Some("http://www.mozilla.org/status/"),
                None,
                "",
            ),
            Entry(
                "http://www.mozilla.org/bugs/",
                "Bugzilla Reorganized",
                Some("http://www.mozilla.org/bugs/"),
                None,
                "",
            ),
        ],
    },
    Case {
        file: "atom-base64.atom",
        kind: "atom",
        title: "Base64 content",
        warning: None,
        entries: &[Entry(
            "urn:example:base64:1",
            "Encoded body",
            Some("http://example.com/b64"),
            None,
            "Text that was base64",
        )],
    },
    Case {
        file: "fallback-dc.rss",
        kind: "rss2",
        title: "Dublin Core channel",
        warning: None,
        entries: &[Entry(
            "dc-1",
            "Title from dc:title",
            Some("http://example.com/dc"),
            None,
            "Text from dc:description",
        )],
    },
    Case {
        file: "fallback-itunes.rss",
        kind: "rss2",
        title: "A podcast",
        warning: None,
        entries: &[Entry(
            "ep-1",
            "Episode 1",
            Some("http://example.com/ep1"),
            None,
            "Show notes from itunes:summary",
        )],
    },
    Case {
        file: "fallback-media.rss",
        kind: "rss2",
        title: "Videos",
        warning: None,
        entries: &[Entry(
            "video-1",
            "Title from media:title",
            Some("http://example.com/video"),
            None,
            "Text from media:description",
        )],
    },
    Case {
        file: "permalink-guid.rss",
        kind: "rss2",
        title: "Permalinks",
        warning: None,
        entries: &[
            Entry(
                "http://example.com/2024/permalink",
                "Guid is the link",
                Some("http://example.com/2024/permalink"),
                None,
                "",
            ),
            Entry(
                "http://example.com/not-a-page",
                "Guid is not a link",
                None,
                None,
                "",
            ),
        ],
    },
    Case {
        file: "odd-prefixes.rss",
        kind: "rss2",
        title: "Odd prefixes",
        warning: None,
        entries: &[Entry(
            "odd-1",
            "Uppercase prefix, no trailing slash",
            Some("http://example.com/odd"),
            None,
            "Body under an https namespace",
        )],
    },
    Case {
        file: "undeclared-prefix.rss",
        kind: "rss2",
        title: "Undeclared prefixes",
        warning: Some("2 undeclared prefixes"),
        entries: &[Entry(
            "undeclared-1",
            "Who wrote this — and where",
            Some("http://example.com/undeclared"),
            Some("Jane Doe"),
            "Body & soul",
        )],
    },
    Case {
        file: "rss1-title-only.rdf",
        kind: "rss1",
        title: "RSS 1.0",
        warning: None,
        entries: &[
            Entry(
                "http://example.com/only-title",
                "Only a title",
                Some("http://example.com/only-title"),
                None,
                "",
            ),
            Entry(
                "http://example.com/full",
                "Full item",
                Some("http://example.com/full"),
                None,
                "",
            ),
        ],
    },
];
