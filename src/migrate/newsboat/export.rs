//! The way back to newsboat: a `urls` file (feeds with their tags and titles, views as
//! `query:` lines where they translate) and the read stories' guids, one a line, the
//! format `newsboat -E` writes and `newsboat -I` reads.

use super::filter;
use crate::config::SavedView;

/// A feed to write: URL, title, tags.
pub struct Feed<'a> {
    pub url: &'a str,
    pub title: Option<&'a str>,
    pub tags: &'a [String],
}

/// A token as newsboat reads it: quoted (with `\"` and `\\`) when it must be.
fn token(text: &str) -> String {
    if !text.is_empty() && !text.contains([' ', '\t', '"', '\\', '#', '\r', '\n']) {
        return text.to_owned();
    }
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The `urls` file, and the names of views that have no newsboat form.
pub fn urls_file(feeds: &[Feed<'_>], views: &[SavedView], star: char) -> (String, Vec<String>) {
    let mut text = String::from("# written by tidings export --newsboat\n");
    for feed in feeds {
        text.push_str(&token(feed.url));
        for tag in feed.tags {
            text.push(' ');
            text.push_str(&token(tag));
        }
        if let Some(title) = feed.title {
            text.push(' ');
            text.push_str(&token(&format!("~{title}")));
        }
        text.push('\n');
    }
    let mut skipped = Vec::new();
    for view in views {
        match filter::from_query(&view.query, star) {
            // newsboat splits `query:NAME:FILTER` at the first colons: a name can't hold one.
            Some(f) if !view.name.contains(':') => {
                text.push_str(&token(&format!("query:{}:{f}", view.name)));
                text.push('\n');
            }
            _ => skipped.push(view.name.clone()),
        }
    }
    (text, skipped)
}

/// The read-articles file for `newsboat -I`: one guid a line (a guid spanning lines
/// can't be written, and is left out).
pub fn read_file<'a>(guids: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = String::new();
    for guid in guids.into_iter().filter(|g| !g.contains(['\n', '\r'])) {
        text.push_str(guid);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str, text: &str) -> SavedView {
        SavedView {
            name: name.into(),
            text: text.into(),
            query: crate::query::parse(text).unwrap(),
        }
    }

    #[test]
    fn the_urls_file_reads_back_as_it_was_written() {
        let tags = ["news".to_owned(), "Middle East".to_owned()];
        let feeds = [Feed {
            url: "https://example.org/a.xml?x=1&y=2",
            title: Some("BBC \"عربي\""),
            tags: &tags,
        }];
        let views = [
            view("Unread news", "unread tag:news"),
            view("Files", "has:enclosure"),
        ];
        let (text, skipped) = urls_file(&feeds, &views, 's');
        assert_eq!(skipped, ["Files"]);
        let mut plan = super::super::lines::Plan::default();
        super::super::lines::read_urls(std::path::Path::new("urls"), &text, 's', &mut plan)
            .unwrap();
        assert_eq!(plan.feeds[0].url, feeds[0].url);
        assert_eq!(plan.feeds[0].title.as_deref(), Some("BBC \"عربي\""));
        assert_eq!(plan.feeds[0].tags, tags);
        assert_eq!(plan.additions.views[0].0, "Unread news");
        assert_eq!(plan.additions.views[0].1, "(unread and tag:news)");
    }

    #[test]
    fn read_guids_one_a_line() {
        assert_eq!(read_file(["a", "b\nc", "https://x/1"]), "a\nhttps://x/1\n");
    }
}
