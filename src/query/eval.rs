//! Deciding a query on one story in memory, without SQL: how rules judge the stories a
//! fetch brings before any is stored, so each is written once with its flags and tags,
//! and an ignored one not at all. It mirrors the SQL compiler (`store/query.rs`) term for
//! term, down to its case folding, and a store test holds the two to the same answers.

use chrono::{DateTime, Utc};
use regex::Regex;

use super::{Field, Matcher, Query, Term, When};

/// A query made ready to decide stories: regexes compiled, texts folded once.
#[derive(Debug, Clone)]
pub struct Predicate(Node);

#[derive(Debug, Clone)]
enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Unread,
    Read,
    Starred,
    Hidden,
    Untagged,
    Tag(String),
    FeedId(i64),
    /// Lowercased.
    Feed(String),
    /// Lowercased.
    Contains(Field, String),
    Regex(Field, Regex),
    Newer(When),
    Older(When),
    HasEnclosure,
    /// A story not yet stored has no full text.
    HasFullText,
}

/// Why a query can't be decided in memory: it has words for the full-text index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bare words and phrases need the search index")]
pub struct NeedsIndex;

/// What is known of the feed a story comes from.
#[derive(Debug, Clone, Default)]
pub struct FeedFacts {
    /// Its id; `None` for a story whose feed is not subscribed here (from a sync).
    pub id: Option<i64>,
    /// What `feed:TEXT` looks in: the custom title, title and URL, or the kept title of a
    /// story without a feed, folded as SQL's `lower()` folds (ASCII letters only).
    haystack: String,
    /// The feed's own tags, which its stories carry too.
    pub tags: Vec<String>,
}

impl FeedFacts {
    /// A subscribed feed.
    pub fn subscribed(
        id: i64,
        custom_title: Option<&str>,
        title: Option<&str>,
        url: &str,
        tags: Vec<String>,
    ) -> Self {
        let haystack = format!(
            "{} {} {url}",
            custom_title.unwrap_or(""),
            title.unwrap_or("")
        );
        Self {
            id: Some(id),
            haystack: haystack.to_ascii_lowercase(),
            tags,
        }
    }

    /// The feed of a story kept without one: only its remembered title.
    pub fn orphan(title: Option<&str>) -> Self {
        Self {
            id: None,
            haystack: title.unwrap_or("").to_ascii_lowercase(),
            tags: Vec::new(),
        }
    }
}

/// A story's fields as a query sees them.
#[derive(Debug, Clone, Copy)]
pub struct Story<'a> {
    pub title: &'a str,
    pub author: Option<&'a str>,
    pub link: Option<&'a str>,
    /// Where it sorts (`store::rows::sort_time`), which date terms compare.
    pub sort_time: i64,
    pub has_enclosure: bool,
    pub feed: &'a FeedFacts,
}

/// A story's state as rules change it: flags and its own tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub read: bool,
    pub starred: bool,
    pub hidden: bool,
    pub tags: Vec<String>,
    /// Queue its enclosures for `tidings download` (a `download` rule).
    pub download: bool,
}

impl Predicate {
    /// Prepares `query`; its regexes were checked when it was parsed, so one that fails
    /// now matches nothing, as `regexp()` in SQL does.
    pub fn new(query: &Query) -> Result<Self, NeedsIndex> {
        node(query).map(Self)
    }

    /// Whether the story matches, for a query run at `now`.
    pub fn matches(&self, story: &Story<'_>, state: &State, now: DateTime<Utc>) -> bool {
        self.0.matches(story, state, now)
    }
}

fn node(query: &Query) -> Result<Node, NeedsIndex> {
    let all = |parts: &[Query]| parts.iter().map(node).collect::<Result<Vec<_>, _>>();
    Ok(match query {
        Query::And(parts) => Node::And(all(parts)?),
        Query::Or(parts) => Node::Or(all(parts)?),
        Query::Not(inner) => Node::Not(Box::new(node(inner)?)),
        Query::Term(term) => term_node(term)?,
    })
}

fn term_node(term: &Term) -> Result<Node, NeedsIndex> {
    Ok(match term {
        Term::Unread => Node::Unread,
        Term::Read => Node::Read,
        Term::Starred => Node::Starred,
        Term::Hidden => Node::Hidden,
        Term::Untagged => Node::Untagged,
        Term::Tag(tag) => Node::Tag(tag.clone()),
        Term::FeedId(id) => Node::FeedId(*id),
        Term::Feed(text) => Node::Feed(text.to_lowercase()),
        Term::Field(field, Matcher::Contains(text)) => Node::Contains(*field, text.to_lowercase()),
        Term::Field(field, Matcher::Regex(re)) => match Regex::new(re) {
            Ok(re) => Node::Regex(*field, re),
            Err(_) => Node::Not(Box::new(Node::And(Vec::new()))),
        },
        Term::Newer(when) => Node::Newer(*when),
        Term::Older(when) => Node::Older(*when),
        Term::HasEnclosure => Node::HasEnclosure,
        Term::HasFullText => Node::HasFullText,
        Term::Word(_) | Term::Phrase(_) => return Err(NeedsIndex),
    })
}

impl Node {
    fn matches(&self, story: &Story<'_>, state: &State, now: DateTime<Utc>) -> bool {
        let has_tag = |tag: &str| {
            state.tags.iter().any(|t| t == tag) || story.feed.tags.iter().any(|t| t == tag)
        };
        match self {
            Self::And(parts) => parts.iter().all(|p| p.matches(story, state, now)),
            Self::Or(parts) => parts.iter().any(|p| p.matches(story, state, now)),
            Self::Not(inner) => !inner.matches(story, state, now),
            Self::Unread => !state.read,
            Self::Read => state.read,
            Self::Starred => state.starred,
            Self::Hidden => state.hidden,
            Self::Untagged => state.tags.is_empty() && story.feed.tags.is_empty(),
            Self::Tag(tag) => has_tag(tag),
            Self::FeedId(id) => story.feed.id == Some(*id),
            Self::Feed(text) => story.feed.haystack.contains(text.as_str()),
            // SQL's LIKE folds ASCII letters alone; so does this.
            Self::Contains(field, text) => field_of(story, *field)
                .to_ascii_lowercase()
                .contains(text.as_str()),
            Self::Regex(field, re) => re.is_match(field_of(story, *field)),
            Self::Newer(when) => story.sort_time >= when.timestamp(now),
            Self::Older(when) => story.sort_time < when.timestamp(now),
            Self::HasEnclosure => story.has_enclosure,
            Self::HasFullText => false,
        }
    }
}

fn field_of<'a>(story: &Story<'a>, field: Field) -> &'a str {
    match field {
        Field::Author => story.author.unwrap_or(""),
        Field::Title => story.title,
        Field::Link => story.link.unwrap_or(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(query: &str, story: &Story<'_>, state: &State) -> bool {
        let query = crate::query::parse(query).unwrap();
        Predicate::new(&query)
            .unwrap()
            .matches(story, state, Utc::now())
    }

    #[test]
    fn terms_decide_on_the_story_its_feed_and_its_state() {
        let feed = FeedFacts::subscribed(
            7,
            None,
            Some("Ammar News"),
            "https://ammar.example/feed",
            vec!["news".into()],
        );
        let story = Story {
            title: "Sponsored: ELECTIONS",
            author: Some("PR Wire"),
            link: Some("https://ammar.example/7.html"),
            sort_time: Utc::now().timestamp() - 3 * 86_400,
            has_enclosure: false,
            feed: &feed,
        };
        let fresh = State::default();
        for (query, expected) in [
            ("unread", true),
            ("read", false),
            ("starred", false),
            ("tag:news", true),
            ("untagged", false),
            ("feed:AMMAR", true),
            ("feed:7", true),
            ("feed:8", false),
            ("title:elections", true),
            ("title:/^Sponsored/", true),
            ("title:/^sponsored/", false),
            (r#"author:"pr wire""#, true),
            (r#"link:"/7.html""#, true),
            ("newer:7d", true),
            ("older:1d", true),
            ("newer:1d", false),
            ("has:enclosure", false),
            ("has:full-text", false),
            ("-title:elections or feed:ammar", true),
            ("not (tag:news or starred)", false),
        ] {
            assert_eq!(decide(query, &story, &fresh), expected, "{query}");
        }
        let tagged = State {
            read: true,
            tags: vec!["later".into()],
            ..State::default()
        };
        assert!(decide("read tag:later", &story, &tagged));
    }

    #[test]
    fn words_need_the_index() {
        let query = crate::query::parse("title:x syria").unwrap();
        assert_eq!(Predicate::new(&query).unwrap_err(), NeedsIndex);
    }

    #[test]
    fn text_folds_ascii_letters_only_as_sql_does() {
        let feed = FeedFacts::orphan(Some("ÉCOLE Times"));
        let story = Story {
            title: "ÉCOLE",
            author: None,
            link: None,
            sort_time: 0,
            has_enclosure: false,
            feed: &feed,
        };
        let state = State::default();
        assert!(decide("title:ÉCOLE", &story, &state) == decide("title:école", &story, &state));
        assert!(!decide("title:école", &story, &state));
        assert!(decide("title:Écol", &story, &state) == decide("title:écol", &story, &state));
        assert!(decide("feed:times", &story, &state));
        assert!(!decide("feed:1", &story, &state));
    }
}
