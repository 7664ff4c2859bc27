//! Boilerplate rules: the site-template table in `assets/boilerplate.toml`, compiled once
//! into matchers for class tokens, block texts and tracker URLs. Supporting a new site
//! template is one more table entry; this file only knows the table's shape.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;

/// The rules table shipped with tidings.
const TABLE: &str = include_str!("../../assets/boilerplate.toml");

/// The table as written: a list of site templates.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    template: Vec<Template>,
}

/// One site template's entry. Every field but the name is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Template {
    /// Names the entry in explanations (`inspect --full-text`); rules from all templates
    /// apply to every story.
    name: String,
    content: Vec<String>,
    outside: Vec<String>,
    drop: Vec<String>,
    text: Vec<String>,
    list_after: Vec<String>,
    trackers: Vec<String>,
}

/// All templates' rules merged, ready for matching. See `assets/boilerplate.toml` for what
/// each list means.
#[derive(Debug, Default)]
pub struct Rules {
    /// Class tokens, ids or itemprops of the element holding a story on a post page.
    pub content: Patterns,
    /// Class tokens or ids of page regions that never hold the story (comments,
    /// sidebars): a `content` element inside one is not taken as the story.
    pub outside: Patterns,
    /// Class tokens or ids of elements removed whole.
    pub drop: Patterns,
    /// Whole texts of blocks that are removed.
    pub text: Patterns,
    /// Whole texts of blocks removed together with the list after them.
    pub list_after: Patterns,
    /// Tracking-pixel image URLs, as host and path.
    pub trackers: Patterns,
    /// Every pattern with the template and list it came from, to name the rule that
    /// removed a block. Only explanations read it, so a linear scan is fine.
    named: Vec<Named>,
}

/// Which list of a template a rule is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleList {
    /// Class tokens or ids of elements removed whole.
    Drop,
    /// Whole texts of blocks that are removed.
    Text,
    /// Whole texts of blocks removed with the list after them.
    ListAfter,
}

impl RuleList {
    /// The list's key in `assets/boilerplate.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Drop => "drop",
            Self::Text => "text",
            Self::ListAfter => "list_after",
        }
    }
}

/// A rule of the table, named for explanations: `blogger drop "comments"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleName {
    /// The template entry's name.
    pub template: String,
    /// The list the pattern is in.
    pub list: RuleList,
    /// The pattern as compared (lowercase, whitespace collapsed).
    pub pattern: String,
}

impl std::fmt::Display for RuleName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {:?}",
            self.template,
            self.list.as_str(),
            self.pattern
        )
    }
}

#[derive(Debug)]
struct Named {
    name: RuleName,
    glob: Option<Glob>,
}

impl Rules {
    /// Compiles a rules table in the format of `assets/boilerplate.toml`.
    pub fn parse(table: &str) -> Result<Self, toml::de::Error> {
        let table: Table = toml::from_str(table)?;
        let merged = |pick: fn(&Template) -> &Vec<String>| {
            Patterns::new(table.template.iter().flat_map(pick).map(String::as_str))
        };
        Ok(Self {
            content: merged(|t| &t.content),
            outside: merged(|t| &t.outside),
            drop: merged(|t| &t.drop),
            text: merged(|t| &t.text),
            list_after: merged(|t| &t.list_after),
            trackers: merged(|t| &t.trackers),
            named: named(&table),
        })
    }

    /// The first rule of `list` that matches `value` (a class token or id for
    /// [`RuleList::Drop`], a block's normalised text otherwise).
    pub fn which(&self, list: RuleList, value: &str) -> Option<&RuleName> {
        let value = normalise(value);
        self.named
            .iter()
            .filter(|n| n.name.list == list)
            .find(|n| match &n.glob {
                Some(glob) => glob.matches(&value),
                None => n.name.pattern == value,
            })
            .map(|n| &n.name)
    }

    /// The shipped rules, compiled on first use. A table that fails to parse (a test
    /// guards against that) means no boilerplate rules rather than a panic.
    pub(crate) fn builtin() -> &'static Self {
        static RULES: LazyLock<Rules> = LazyLock::new(|| Rules::parse(TABLE).unwrap_or_default());
        &RULES
    }
}

fn named(table: &Table) -> Vec<Named> {
    let mut named = Vec::new();
    for template in &table.template {
        for (list, patterns) in [
            (RuleList::Drop, &template.drop),
            (RuleList::Text, &template.text),
            (RuleList::ListAfter, &template.list_after),
        ] {
            for pattern in patterns {
                let pattern = normalise(pattern);
                named.push(Named {
                    glob: pattern.contains('*').then(|| Glob::new(&pattern)),
                    name: RuleName {
                        template: template.name.clone(),
                        list,
                        pattern,
                    },
                });
            }
        }
    }
    named
}

/// A set of case-insensitive patterns: plain strings in a hash set, the few with `*` in a
/// list, so that checking a class token costs one hash lookup in the common case.
#[derive(Debug, Default)]
pub struct Patterns {
    exact: HashSet<String>,
    globs: Vec<Glob>,
}

impl Patterns {
    fn new<'a>(patterns: impl Iterator<Item = &'a str>) -> Self {
        let mut set = Self::default();
        for pattern in patterns {
            let pattern = normalise(pattern);
            if pattern.contains('*') {
                set.globs.push(Glob::new(&pattern));
            } else {
                set.exact.insert(pattern);
            }
        }
        set
    }

    /// Whether `text`, already lowercase with whitespace collapsed, matches a pattern.
    pub(crate) fn matches_normalised(&self, text: &str) -> bool {
        self.exact.contains(text) || self.globs.iter().any(|g| g.matches(text))
    }

    /// Whether a class token, id or URL matches, ignoring ASCII case.
    pub fn matches(&self, token: &str) -> bool {
        if token.bytes().any(|b| b.is_ascii_uppercase()) {
            self.matches_normalised(&token.to_ascii_lowercase())
        } else {
            self.matches_normalised(token)
        }
    }

    /// Whether a pattern could match some token of `lowercase_html`: true when one of the
    /// plain patterns occurs in it anywhere, or any glob exists. A cheap test before
    /// parsing a page to look for the tokens.
    pub(crate) fn may_occur_in(&self, lowercase_html: &str) -> bool {
        !self.globs.is_empty()
            || self
                .exact
                .iter()
                .any(|pattern| lowercase_html.contains(pattern.as_str()))
    }

    /// Whether any whitespace-separated token of `tokens` (a class attribute) matches.
    pub(crate) fn matches_any_token(&self, tokens: &str) -> bool {
        tokens
            .split_ascii_whitespace()
            .any(|token| self.matches(token))
    }
}

/// Lowercase with whitespace collapsed to single spaces: the form patterns and block
/// texts are compared in.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else if word.chars().any(char::is_uppercase) {
            out.extend(word.chars().flat_map(char::to_lowercase));
        } else {
            // Most scripts (Arabic, Hebrew, CJK) have no case: nothing to convert.
            out.push_str(word);
        }
    }
    out
}

/// A pattern with `*` wildcards, split into its literal pieces. With `*` as the only
/// wildcard, matching the pieces leftmost-first is exact, so no backtracking is needed
/// and each piece is found with a fast substring search.
#[derive(Debug)]
struct Glob {
    /// The literal before the first `*`: the text must start with it.
    prefix: String,
    /// Literals between stars, found in order.
    middle: Vec<String>,
    /// The literal after the last `*`: the text must end with it.
    suffix: String,
}

impl Glob {
    fn new(pattern: &str) -> Self {
        let mut pieces: Vec<String> = pattern.split('*').map(str::to_owned).collect();
        // `pattern` holds a star, so there are at least two pieces.
        let suffix = pieces.pop().unwrap_or_default();
        let prefix = if pieces.is_empty() {
            String::new()
        } else {
            pieces.remove(0)
        };
        let middle = pieces.into_iter().filter(|p| !p.is_empty()).collect();
        Self {
            prefix,
            middle,
            suffix,
        }
    }

    fn matches(&self, text: &str) -> bool {
        let Some(rest) = text.strip_prefix(self.prefix.as_str()) else {
            return false;
        };
        let Some(mut rest) = rest.strip_suffix(self.suffix.as_str()) else {
            return false;
        };
        for piece in &self.middle {
            let Some(at) = rest.find(piece.as_str()) else {
                return false;
            };
            rest = &rest[at + piece.len()..];
        }
        true
    }
}

/// Matches `text` against `pattern`, where `*` stands for any run of characters.
#[cfg(test)]
fn glob_match(pattern: &str, text: &str) -> bool {
    if pattern.contains('*') {
        Glob::new(pattern).matches(text)
    } else {
        pattern == text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses() {
        let rules = Rules::parse(TABLE).expect("assets/boilerplate.toml must parse");
        assert!(rules.drop.matches("post-share-buttons"));
        assert!(rules.text.matches_normalised("post a comment"));
        assert!(rules.content.matches("post-body"));
        assert!(rules.drop.matches("post-feeds") && rules.drop.matches("blog-pager"));
        assert!(
            rules
                .text
                .matches_normalised(&normalise("الاشتراك في: تعليقات الرسالة (Atom)"))
        );
        assert!(
            rules
                .text
                .matches_normalised("subscribe to: post comments (atom)")
        );
        assert!(rules.outside.matches("comments"));
        assert!(!rules.outside.matches("Blog"));
    }

    #[test]
    fn rules_are_named_by_template_and_list() {
        let rules = Rules::parse(TABLE).expect("table parses");
        let rule = rules
            .which(RuleList::Drop, "Post-Feeds")
            .expect("a drop rule");
        assert_eq!(rule.to_string(), "blogger drop \"post-feeds\"");
        let rule = rules
            .which(RuleList::Text, "The post X appeared first on Y.")
            .expect("a text rule");
        assert_eq!(rule.template, "wordpress");
        assert_eq!(rule.pattern, "the post * appeared first on *");
        assert!(rules.which(RuleList::Text, "a real sentence").is_none());
    }

    #[test]
    fn glob_matches_runs_and_literals() {
        assert!(glob_match(
            "the post * appeared first on *",
            "the post a b appeared first on c."
        ));
        assert!(glob_match("share-*", "share-"));
        assert!(glob_match("*", ""));
        assert!(!glob_match("share-*", "shares"));
        assert!(glob_match("*[at]*[dot]*", "mail me: x [at] y [dot] org"));
        assert!(!glob_match("ads", "ads!"));
        assert!(glob_match("a*b*c", "abc"));
        assert!(!glob_match("a*bc*c", "abc"));
        assert!(glob_match(
            "previous post*next post",
            "previous postnext post"
        ));
        assert!(!glob_match("é*é", "é"));
    }

    #[test]
    fn a_page_without_the_words_cannot_match() {
        let rules = Rules::parse(TABLE).expect("table parses");
        assert!(rules.content.may_occur_in("<div class=\"post-body x\">"));
        assert!(!rules.content.may_occur_in("<div class=\"story\">"));
    }

    #[test]
    fn patterns_ignore_case_and_match_tokens() {
        let rules = Rules::parse(TABLE).expect("table parses");
        assert!(rules.drop.matches_any_token("widget AboutPublisher"));
        assert!(rules.drop.matches_any_token("share-button sb-facebook"));
        assert!(!rules.drop.matches_any_token("separator post-outer"));
    }

    #[test]
    fn a_new_template_is_one_table_entry() {
        let table =
            "[[template]]\nname = \"ghost\"\ndrop = [\"kg-share*\"]\ntext = [\"Subscribe\"]\n";
        let rules = Rules::parse(table).expect("parses");
        assert!(rules.drop.matches("kg-share-card"));
        assert!(rules.text.matches_normalised("subscribe"));
    }

    #[test]
    fn normalise_lowercases_and_collapses() {
        assert_eq!(
            normalise("  Previous Post\n Next   Post "),
            "previous post next post"
        );
    }
}
