//! Reads newsboat `urls` files: one feed per line, a URL then optional tags, with
//! newsboat's quoting, `"~Title"` names and `#` comments.

use super::{Error, FeedSet, Import, excerpt, feed_url, is_script};

/// newsboat splits tokens on these; other Unicode spaces are part of a token.
const DELIMITERS: [char; 3] = [' ', '\t', '\r'];

/// Line kinds newsboat understands that tidings does not.
const UNSUPPORTED: [(&str, &str); 1] = [("query:", "query")];

/// Parses the text of a newsboat `urls` file.
///
/// Each non-blank, non-comment line is a URL followed by tags, separated by spaces or
/// tabs. Tokens may be double-quoted (with `\"`, `\\`, `\n`, `\t` and `\r` escapes), which
/// allows spaces in tags and `&` or `#` in URLs; a `#` that starts a token starts a
/// comment. Tags are read as follows:
///
/// - `"~Name"` is the feed's display title, not a tag; when given twice the first wins.
/// - `!tag` is newsboat's *hidden* tag: it hides the feed from newsboat's feed list so its
///   articles are only seen through query feeds. tidings has no query feeds, so hiding
///   the feed would make it unreachable; instead the feed is imported normally and
///   keeps the tag without the `!` (`!news` becomes `news`), which users can still filter
///   on or delete.
///
/// `exec:` and `filter:` lines are script feeds, kept as written (whether they may be
/// subscribed to is for [`Import::apply_policy`](super::Import::apply_policy) to say);
/// `query:` lines are skipped with a warning. Any other line
/// whose first token is not an http, https or file URL is an error, as is an unclosed
/// quote: guessing would import something the user did not mean.
pub(super) fn parse(text: &str) -> Result<Import, Error> {
    let mut feeds = FeedSet::default();
    let mut warnings = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let fail = |message| Error::Urls {
            line: number,
            message,
        };
        let tokens = tokenize(line).map_err(fail)?;
        let Some((first, rest)) = tokens.split_first() else {
            continue;
        };
        if let Some((_, kind)) = UNSUPPORTED.iter().find(|(p, _)| first.starts_with(p)) {
            warnings.push(format!(
                "line {number}: skipped {kind} feed (not supported)"
            ));
            continue;
        }
        if is_script(first) {
            let (title, tags) = title_and_tags(rest);
            feeds.add_script(first, title, tags);
            continue;
        }
        let Some(url) = feed_url(first) else {
            let found = excerpt(first);
            return Err(fail(format!(
                "expected an http, https or file URL, found {found}"
            )));
        };
        let (title, tags) = title_and_tags(rest);
        feeds.add(&url, first, title, tags);
    }
    Ok(Import {
        feeds: feeds.into_feeds(),
        warnings,
    })
}

/// Splits the tokens after the URL into the display title and the tags.
fn title_and_tags(tokens: &[String]) -> (Option<String>, Vec<String>) {
    let mut title = None;
    let mut tags = Vec::new();
    for token in tokens {
        if let Some(name) = token.strip_prefix('~') {
            let name = name.trim();
            if title.is_none() && !name.is_empty() {
                title = Some(name.to_owned());
            }
        } else {
            let tag = token.strip_prefix('!').unwrap_or(token).trim();
            tags.push(tag.to_owned());
        }
    }
    (title, tags)
}

/// Splits one line into tokens the way newsboat does; fails on an unclosed quote.
pub(crate) fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start_matches(DELIMITERS);
        if rest.is_empty() || rest.starts_with('#') {
            return Ok(tokens);
        }
        let (token, remainder) = if let Some(quoted) = rest.strip_prefix('"') {
            read_quoted(quoted)?
        } else {
            let end = rest.find(DELIMITERS).unwrap_or(rest.len());
            let (token, remainder) = rest.split_at(end);
            (token.to_owned(), remainder)
        };
        tokens.push(token);
        rest = remainder;
    }
}

/// Reads a quoted token whose opening quote is already consumed; returns it and the
/// text after the closing quote.
fn read_quoted(text: &str) -> Result<(String, &str), String> {
    let mut token = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Ok((token, text.get(at + 1..).unwrap_or_default())),
            '\\' => match chars.next() {
                Some((_, 'n')) => token.push('\n'),
                Some((_, 't')) => token.push('\t'),
                Some((_, 'r')) => token.push('\r'),
                Some((_, escaped @ ('"' | '\\'))) => token.push(escaped),
                // Not an escape newsboat knows: keep the backslash (`"C:\feeds"`).
                Some((_, other)) => {
                    token.push('\\');
                    token.push(other);
                }
                None => token.push('\\'),
            },
            _ => token.push(c),
        }
    }
    Err("unclosed double quote".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::subscriptions::Subscription;

    const URLS: &str = include_str!("../../tests/fixtures/opml/newsboat-urls");

    fn find<'a>(import: &'a Import, url: &str) -> &'a Subscription {
        import.feeds.iter().find(|f| f.url == url).unwrap()
    }

    fn line_error(text: &str) -> (usize, String) {
        match parse(text) {
            Err(Error::Urls { line, message }) => (line, message),
            other => panic!("expected a urls error, got {other:?}"),
        }
    }

    #[test]
    fn imports_the_12_distinct_feeds_and_2_script_feeds_of_the_fixture() {
        let import = parse(URLS).unwrap();
        assert_eq!(import.feeds.len(), 14);
        assert_eq!(
            import.feeds.first().map(|f| f.url.as_str()),
            Some("https://ammar-magazine.blogspot.com/feeds/posts/default")
        );
    }

    #[test]
    fn tilde_token_sets_the_title_and_is_not_a_tag() {
        let import = parse(URLS).unwrap();
        let ammar = find(
            &import,
            "https://ammar-magazine.blogspot.com/feeds/posts/default",
        );
        assert_eq!(ammar.title.as_deref(), Some("Ammar Johmani Magazine"));
        assert_eq!(ammar.tags, ["news", "syria"]);
        let bbc = find(&import, "https://feeds.bbci.co.uk/arabic/rss.xml");
        assert_eq!(bbc.title.as_deref(), Some("BBC عربي"));
    }

    #[test]
    fn quoted_tags_keep_spaces_and_arabic() {
        let import = parse(URLS).unwrap();
        let bbc = find(
            &import,
            "https://feeds.bbci.co.uk/news/world/middle_east/rss.xml",
        );
        assert_eq!(bbc.tags, ["news", "Middle East"]);
        let label = "https://ammar-magazine.blogspot.com/feeds/posts/default/-/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7";
        let label = find(&import, label);
        assert_eq!(label.tags, ["news", "arabic", "سوريا"]);
        assert_eq!(label.title.as_deref(), Some("مجلة عمار جهماني: سوريا"));
    }

    #[test]
    fn tabs_separate_tokens_like_spaces() {
        let import = parse(URLS).unwrap();
        let aljazeera = find(&import, "https://www.aljazeera.com/xml/rss/all.xml");
        assert_eq!(aljazeera.tags, ["news", "Middle East"]);
    }

    #[test]
    fn hidden_tag_is_kept_without_its_bang() {
        let import = parse(URLS).unwrap();
        let releases = find(
            &import,
            "https://github.com/newsboat/newsboat/releases.atom",
        );
        assert_eq!(releases.tags, ["releases", "hidden-tag"]);
        assert_eq!(releases.title.as_deref(), Some("newsboat releases"));
    }

    #[test]
    fn quoted_url_may_contain_an_ampersand() {
        let import = parse(URLS).unwrap();
        let hn = find(&import, "https://hnrss.org/newest?points=100&comments=25");
        assert_eq!(hn.tags, ["tech"]);
        assert_eq!(hn.title.as_deref(), Some("HN (filtered)"));
    }

    #[test]
    fn duplicate_line_merges_its_tags_into_the_first() {
        let import = parse(URLS).unwrap();
        let lwn: Vec<_> = import
            .feeds
            .iter()
            .filter(|f| f.url.contains("lwn.net"))
            .collect();
        assert_eq!(lwn.len(), 1);
        assert_eq!(lwn[0].tags, ["linux", "duplicate"]);
    }

    #[test]
    fn comments_blank_lines_and_commented_out_feeds_are_skipped() {
        let import = parse(URLS).unwrap();
        assert!(
            import
                .feeds
                .iter()
                .all(|f| !f.url.contains("commented-out"))
        );
        let xkcd = find(&import, "https://xkcd.com/atom.xml");
        assert_eq!((xkcd.title.as_deref(), xkcd.tags.len()), (None, 0));
    }

    #[test]
    fn query_lines_are_skipped_with_warnings_and_script_feeds_kept_as_written() {
        let import = parse(URLS).unwrap();
        assert_eq!(
            import.warnings,
            [
                "line 30: skipped query feed (not supported)",
                "line 31: skipped query feed (not supported)",
            ]
        );
        let local = find(&import, "exec:~/bin/local-feed.sh");
        assert_eq!(local.tags, ["local"]);
        let filtered = find(
            &import,
            "filter:~/bin/strip-ads.py:https://ammar-magazine.blogspot.com/feeds/posts/default?alt=rss",
        );
        assert_eq!(filtered.tags, ["filtered"]);
    }

    #[test]
    fn script_feeds_need_allow_exec_and_a_filter_url_the_policy_allows() {
        let text = "https://a.example/f\nexec:~/bin/x\n\"filter:cat:file:///etc/passwd\"\n";
        let mut import = parse(text).unwrap();
        import.apply_policy(false, false);
        let urls: Vec<_> = import.feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(urls, ["https://a.example/f"]);
        assert_eq!(import.warnings.len(), 2);
        assert!(
            import.warnings.iter().all(|w| w.contains("--allow-exec")),
            "{:?}",
            import.warnings
        );
        let mut import = parse(text).unwrap();
        import.apply_policy(false, true);
        let urls: Vec<_> = import.feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(urls, ["https://a.example/f", "exec:~/bin/x"]);
        assert!(
            import.warnings[0].contains("file:"),
            "{:?}",
            import.warnings
        );
        let mut import = parse(text).unwrap();
        import.apply_policy(true, true);
        assert_eq!(import.feeds.len(), 3);
    }

    #[test]
    fn unclosed_quote_is_an_error_naming_its_line() {
        let (line, message) = line_error("https://a.example/f\nhttps://b.example/f \"news\n");
        assert_eq!((line, message.as_str()), (2, "unclosed double quote"));
    }

    #[test]
    fn line_without_a_feed_url_is_an_error_naming_its_line() {
        let (line, message) = line_error("# feeds\n\nexample.com/feed.xml news\n");
        assert_eq!(line, 3);
        assert_eq!(
            message,
            "expected an http, https or file URL, found \"example.com/feed.xml\""
        );
        assert_eq!(line_error("ftp://e.example/feed").0, 1);
    }

    #[test]
    fn file_urls_are_feeds() {
        let feeds = parse("file:///home/me/feed.xml local").unwrap().feeds;
        assert_eq!(feeds[0].tags, ["local"]);
    }

    #[test]
    fn hash_starting_a_token_starts_a_comment_but_not_inside_a_url() {
        let feeds = parse("https://e.example/f#top news # old tags here")
            .unwrap()
            .feeds;
        assert_eq!(feeds[0].url, "https://e.example/f#top");
        assert_eq!(feeds[0].tags, ["news"]);
    }

    #[test]
    fn quoted_tokens_understand_backslash_escapes() {
        let feeds = parse(r#"https://e.example/f "say \"hi\"" "C:\feeds" "~A\\B""#)
            .unwrap()
            .feeds;
        assert_eq!(feeds[0].tags, ["say \"hi\"", "C:\\feeds"]);
        assert_eq!(feeds[0].title.as_deref(), Some("A\\B"));
    }

    #[test]
    fn crlf_line_endings_are_accepted() {
        let feeds = parse("https://e.example/f a\r\nhttps://e.example/g b\r\n")
            .unwrap()
            .feeds;
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[1].tags, ["b"]);
    }

    #[test]
    fn first_title_wins_and_repeated_tags_collapse() {
        let feeds = parse(r#"https://e.example/f "~One" a "~Two" a !a "" "#)
            .unwrap()
            .feeds;
        assert_eq!(feeds[0].title.as_deref(), Some("One"));
        assert_eq!(feeds[0].tags, ["a"]);
    }
}
