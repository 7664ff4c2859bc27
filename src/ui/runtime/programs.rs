//! The story handed to programs: what `|` writes to a pipe (text, HTML or Markdown, with
//! `TIDINGS_URL`, `TIDINGS_TITLE`, `TIDINGS_FEED` and `TIDINGS_AUTHOR` in its
//! environment) and the four arguments `B` gives a bookmark command, as newsboat does
//! (url, title, description, feed title). Every string is sanitized and the URL has
//! passed the policy for links handed to programs.

use std::path::Path;

use anyhow::{Context, Result};

use super::tasks::Runner;
use crate::config::PipeFormat;
use crate::launch::{CommandLine, Finished};
use crate::sanitize::{self, SafeText};
use crate::store::{ArticleId, Store, Story};
use crate::story_text;
use crate::ui::effect::Task;
use crate::ui::event::Event;
use crate::url_policy;

/// Columns the piped text is wrapped at, as `show` wraps for a file.
const PIPE_WIDTH: usize = 80;

/// Characters of a bookmark's description, at most.
const DESCRIPTION_CHARS: usize = 200;

/// A story read for a program, its texts already made safe.
struct Handed {
    /// The link, if the policy lets it reach a program; else empty.
    url: String,
    title: SafeText,
    feed: SafeText,
    author: SafeText,
    /// The story's HTML (its kept page when there is one) without its feed's template.
    html: String,
    base_url: Option<String>,
}

fn read(db_path: &Path, id: ArticleId) -> Result<Handed> {
    let store = Store::open(db_path)?;
    let story: Story = store.story(id)?;
    let template = store.template_of_story(id)?;
    let text = story_text::of(&story, &template);
    let article = &story.article;
    let url = article
        .link
        .as_deref()
        .and_then(|link| url_policy::for_opening(link).ok())
        .map(String::from)
        .unwrap_or_default();
    Ok(Handed {
        url,
        title: SafeText::line(&article.title),
        feed: SafeText::line(&article.feed),
        author: SafeText::line(article.author.as_deref().unwrap_or_default()),
        html: text.html.into_owned(),
        base_url: text.base_url.map(str::to_owned),
    })
}

/// What `|` writes to a command's standard input, and the variables set for it.
pub(super) struct PipeInput {
    pub stdin: Vec<u8>,
    pub env: Vec<(&'static str, String)>,
}

/// What `|` hands the command, for story `id`.
pub(super) fn pipe_input(db_path: &Path, id: ArticleId, format: PipeFormat) -> Result<PipeInput> {
    let story = read(db_path, id).context("reading the story to pipe")?;
    let body = match format {
        PipeFormat::Text => {
            // The header `show` prints, then its text.
            let mut text = format!("{}\nFeed: {}\n", story.title, story.feed);
            if !story.author.is_empty() {
                text.extend(["Author: ", &story.author, "\n"]);
            }
            if !story.url.is_empty() {
                text.extend(["Link: ", &story.url, "\n"]);
            }
            text.push('\n');
            text.push_str(&sanitize::plain_text(
                &story.html,
                story.base_url.as_deref(),
                PIPE_WIDTH,
            ));
            text
        }
        PipeFormat::Html => SafeText::text(&story.html).into_string(),
        PipeFormat::Markdown => {
            format!("# {}\n\n{}", story.title, sanitize::markdown(&story.html))
        }
    };
    let env = vec![
        ("TIDINGS_URL", story.url),
        ("TIDINGS_TITLE", story.title.into_string()),
        ("TIDINGS_FEED", story.feed.into_string()),
        ("TIDINGS_AUTHOR", story.author.into_string()),
    ];
    Ok(PipeInput {
        stdin: body.into_bytes(),
        env,
    })
}

/// The bookmark command's argv for story `id`: its words, then url, title, description
/// (the story's first text, one line, capped) and feed title.
pub(super) fn bookmark_argv(db_path: &Path, id: ArticleId, command: &str) -> Result<Vec<String>> {
    let line = CommandLine::parse(command).context("reader.bookmark_command")?;
    let story = read(db_path, id).context("reading the story to bookmark")?;
    if story.url.is_empty() {
        anyhow::bail!("this story has no link a program may be given");
    }
    let text = sanitize::index_text(&story.html, story.base_url.as_deref());
    let description = SafeText::line(&text);
    let description: String = match description.char_indices().nth(DESCRIPTION_CHARS) {
        Some((cut, _)) => format!("{}…", description[..cut].trim_end()),
        None => description.into_string(),
    };
    let mut argv = line.words().to_vec();
    argv.extend([
        story.url,
        story.title.into_string(),
        description,
        story.feed.into_string(),
    ]);
    Ok(argv)
}

impl Runner {
    /// Whether `task` runs a program on the terminal, so the event loop must run it with
    /// the reader paused: a pipe always; a link when its opener (or browser) needs it.
    pub(crate) fn needs_terminal(&self, task: &Task) -> bool {
        match task {
            Task::Pipe { .. } => true,
            Task::OpenUrl(link) => self
                .launcher
                .needs_terminal(&link.url, link.mime.as_deref()),
            _ => false,
        }
    }

    /// Runs the bookmark command for story `id` and says how it went.
    pub(super) fn bookmark(&self, id: ArticleId, command: &str) -> Event {
        let argv = match bookmark_argv(&self.db_path, id, command) {
            Ok(argv) => argv,
            Err(err) => return Event::TaskFailed(format!("bookmarking: {err:#}")),
        };
        let program = SafeText::line(&argv[0]);
        // The title is the third of the four arguments after the command's own words.
        let title = argv[argv.len() - 3].clone();
        match crate::launch::run_captured(&argv) {
            Ok(Finished::Ok) => Event::TaskDone(format!("Bookmarked with {program}: {title}")),
            Ok(Finished::Failed(why)) => {
                Event::TaskFailed(format!("bookmarking: {program} {}", SafeText::line(&why)))
            }
            Err(err) => Event::TaskFailed(format!("bookmarking: starting {program}: {err}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewFeed;

    /// A store holding one story with a hostile title, an escape sequence in its text
    /// and an allowed link; returns the temp dir (kept alive), the database and the id.
    fn one_story(link: &str) -> (tempfile::TempDir, std::path::PathBuf, ArticleId) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let mut store = Store::open(&db).unwrap();
        let feed = store
            .add_feed(&NewFeed {
                url: "https://example.org/feed.xml".into(),
                ..Default::default()
            })
            .unwrap();
        let xml = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>The Feed</title>\
             <item><title>Bell\u{7} title</title><link>{link}</link><guid>1</guid>\
             <description>&lt;h2&gt;Part&lt;/h2&gt;&lt;p&gt;Some &lt;em&gt;soft&lt;/em&gt; \
             words\u{1b}[2J &lt;a href=\"https://example.org/x\"&gt;here&lt;/a&gt;.&lt;/p&gt;\
             </description></item></channel></rss>"
        );
        let parsed = crate::feed::parse_feed(xml.as_bytes(), None).unwrap();
        store.save_feed(feed, &parsed).unwrap();
        let id = store
            .articles(&crate::store::ArticleFilter::default())
            .unwrap()[0]
            .id;
        (dir, db, id)
    }

    fn stdin(db: &Path, id: ArticleId, format: PipeFormat) -> String {
        String::from_utf8(pipe_input(db, id, format).unwrap().stdin).unwrap()
    }

    #[test]
    fn each_pipe_format_is_safe_text_of_its_kind() {
        let (_dir, db, id) = one_story("https://example.org/story");
        let text = stdin(&db, id, PipeFormat::Text);
        assert!(text.starts_with("Bell title\nFeed: The Feed\n"), "{text}");
        assert!(text.contains("Link: https://example.org/story\n"), "{text}");
        assert!(text.contains("soft words"), "{text}");
        let html = stdin(&db, id, PipeFormat::Html);
        assert!(html.contains("<em>soft</em>"), "{html}");
        let markdown = stdin(&db, id, PipeFormat::Markdown);
        assert!(markdown.starts_with("# Bell title\n\n"), "{markdown}");
        assert!(markdown.contains("## Part"), "{markdown}");
        assert!(markdown.contains("*soft*"), "{markdown}");
        assert!(
            markdown.contains("[1]: https://example.org/x"),
            "{markdown}"
        );
        for out in [&text, &html, &markdown] {
            assert!(!out.contains(['\u{1b}', '\u{7}']), "{out:?}");
        }
        let env = pipe_input(&db, id, PipeFormat::Text).unwrap().env;
        let names: Vec<&str> = env.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            names,
            [
                "TIDINGS_URL",
                "TIDINGS_TITLE",
                "TIDINGS_FEED",
                "TIDINGS_AUTHOR"
            ]
        );
        assert_eq!(env[1].1, "Bell title");
    }

    #[test]
    fn a_link_the_policy_refuses_reaches_no_program() {
        let (_dir, db, id) = one_story("javascript:alert(1)");
        let env = pipe_input(&db, id, PipeFormat::Text).unwrap().env;
        assert_eq!(env[0], ("TIDINGS_URL", String::new()));
        let err = bookmark_argv(&db, id, "save-it").unwrap_err();
        assert!(format!("{err:#}").contains("no link"), "{err:#}");
    }

    #[test]
    fn bookmark_arguments_follow_newsboat() {
        let (_dir, db, id) = one_story("https://example.org/story");
        let argv = bookmark_argv(&db, id, "'my saver' --tag x").unwrap();
        assert_eq!(
            argv,
            [
                "my saver",
                "--tag",
                "x",
                "https://example.org/story",
                "Bell title",
                "Part Some soft words here.",
                "The Feed",
            ]
        );
    }
}
