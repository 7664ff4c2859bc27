//! Actions on stories: opening (render once, at the pane's width), read and star flags,
//! moving between unread stories, links and the browser, right-to-left layout.

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::dates::DisplayZone;

use crate::sanitize::{self, Span, Style, StyledLine};
use crate::store::{Article, ArticleId};
use crate::ui::action::{Pane, PromptKind};
use crate::ui::app::{App, Body, Reading, View};
use crate::ui::bidi::{self, DisplayLine, LineKind};
use crate::ui::tasks::Task;
use crate::ui::view::columns;
use crate::ui::worker::Write;
use crate::ui::{layout, rewrap};
use crate::url_policy::{self, PolicyError};

impl App {
    /// Opens the selected story in the story pane. It shows as read at once; the write is
    /// queued after the frame ([`App::after_frame`]) and stored by the writer thread.
    pub(crate) fn open_selected(&mut self) -> Result<()> {
        let Some(article) = self.selected_article().cloned() else {
            return Ok(());
        };
        let body = self.body_on_open(&article)?;
        self.reading = Some(self.render_story(article.clone(), body)?);
        self.focus = Pane::Story;
        if !article.read {
            self.patch_article(article.id, |a| a.read = true);
            self.deferred_read = Some(article.id);
        }
        Ok(())
    }

    /// The work a frame does not wait for: queuing the read flag of the story just opened.
    /// The event loop calls this after every frame and before it exits.
    pub fn after_frame(&mut self) {
        if let Some(id) = self.deferred_read.take() {
            self.set_read(id, true);
        }
    }

    /// Loads and lays out one story, with `body` as its text, for the story pane's width.
    pub(crate) fn render_story(&self, article: Article, body: Body) -> Result<Reading> {
        let width = self.story_width();
        let rendered = match &body {
            Body::FullText(page) => sanitize::render(&page.html, Some(&page.url), width),
            Body::Feed | Body::Fetching => {
                let story = self.store.story(article.id)?;
                sanitize::render(&story.content_html, story.base_url.as_deref(), width)
            }
        };
        let mut source = rewrap::fit_lines(rendered.lines.clone(), width);
        if !rendered.links.is_empty() {
            source.push(StyledLine::default());
            source.extend(rendered.reference_lines());
        }
        let mut reading = Reading {
            article,
            links: rendered.links,
            lines: Vec::new(),
            width,
            scroll: 0,
            body,
            source,
        };
        self.relayout_reading(&mut reading);
        Ok(reading)
    }

    /// Builds the display lines (header, body, links) of `reading`, keeping its scroll.
    pub(crate) fn relayout_reading(&self, reading: &mut Reading) {
        let rtl = self.settings.rtl;
        let mut lines = header(&reading.article, reading.width, self.settings.zone, rtl);
        lines.extend(bidi::display_lines(&reading.source, rtl));
        reading.lines = lines;
        reading.scroll = reading.scroll.min(reading.lines.len().saturating_sub(1));
    }

    /// Columns the story pane wraps text at.
    fn story_width(&self) -> usize {
        let areas = layout::areas(self.size.0, self.size.1, Pane::Story);
        areas.story.map_or(60, layout::text_width)
    }

    /// Re-renders the open story after a resize changed the pane's width.
    pub(crate) fn relayout_story(&mut self) -> Result<()> {
        let width = self.story_width();
        let Some(reading) = &self.reading else {
            return Ok(());
        };
        if reading.width == width {
            return Ok(());
        }
        let scroll = reading.scroll;
        let mut fresh = self.render_story(reading.article.clone(), reading.body.clone())?;
        fresh.scroll = scroll.min(fresh.lines.len().saturating_sub(1));
        self.reading = Some(fresh);
        Ok(())
    }

    /// The story the flag keys act on: the open one in the story pane, else the selection.
    fn target(&self) -> Option<Article> {
        match (&self.reading, self.focus) {
            (Some(reading), Pane::Story) => Some(reading.article.clone()),
            _ => self.selected_article().cloned(),
        }
    }

    pub(crate) fn toggle_read(&mut self) {
        if let Some(article) = self.target() {
            self.set_read(article.id, !article.read);
        }
    }

    pub(crate) fn toggle_star(&mut self) {
        let Some(article) = self.target() else {
            return;
        };
        self.queue_write(Write::Star {
            id: article.id,
            starred: !article.starred,
        });
        self.say(if article.starred {
            "Star removed"
        } else {
            "Starred"
        });
    }

    /// Shows the flag at once; the writer thread stores it ([`App::queue_write`]).
    fn set_read(&mut self, id: ArticleId, read: bool) {
        self.queue_write(Write::Read {
            ids: vec![id],
            read,
        });
    }

    /// Changes the loaded copies of a story (list and story pane) without reloading.
    pub(crate) fn patch_article(&mut self, id: ArticleId, change: impl Fn(&mut Article)) {
        self.list
            .articles
            .iter_mut()
            .filter(|a| a.id == id)
            .for_each(&change);
        if let Some(reading) = self.reading.as_mut().filter(|r| r.article.id == id) {
            change(&mut reading.article);
        }
    }

    /// Marks every story of the current view read (in the store, not only those loaded).
    pub(crate) fn mark_view_read(&mut self) {
        let shown: Vec<ArticleId> = self
            .list
            .articles
            .iter()
            .filter(|a| !a.read)
            .map(|a| a.id)
            .collect();
        if let Some(filter) = self.list.view.as_ref().and_then(View::filter) {
            self.queue_write(Write::ViewRead { filter, shown });
        } else if !shown.is_empty() {
            // A search: its results are all loaded.
            self.queue_write(Write::Read {
                ids: shown,
                read: true,
            });
        }
    }

    /// Selects the next (or previous) unread story; opens it if a story is being read.
    /// The search starts from the open story in the story pane, else from the selection.
    pub(crate) fn next_unread(&mut self, forward: bool) -> Result<()> {
        let filter = self.list.view.as_ref().and_then(View::filter);
        let found = match (filter, self.target()) {
            (Some(filter), Some(from)) => self
                .store
                .unread_position(&filter, from.id, forward)?
                .map(|p| p as usize),
            _ => self.loaded_unread(forward),
        };
        let Some(position) = found else {
            self.say("No more unread stories in this view");
            return Ok(());
        };
        self.select_story(position)?;
        if self.focus == Pane::Story {
            self.open_selected()
        } else {
            Ok(())
        }
    }

    /// The nearest unread story among those loaded (search results are loaded whole).
    fn loaded_unread(&self, forward: bool) -> Option<usize> {
        let list = &self.list;
        let unread = |p: &usize| list.get(*p).is_some_and(|a| !a.read);
        if forward {
            list.loaded().filter(|p| *p > list.selected).find(unread)
        } else {
            list.loaded()
                .rev()
                .filter(|p| *p < list.selected)
                .find(unread)
        }
    }

    pub(crate) fn edit_tags(&mut self) -> Result<()> {
        let Some(article) = self.target() else {
            return Ok(());
        };
        let input = if article.tags.is_empty() {
            String::new()
        } else {
            format!("{}, ", article.tags.join(", "))
        };
        let candidates = self.store.all_tags()?;
        self.open_prompt(PromptKind::Tags, input, candidates);
        Ok(())
    }

    pub(crate) fn open_in_browser(&mut self) {
        let link = self.target().and_then(|a| a.link);
        match link {
            Some(url) => self.open_url(&url),
            None => self.say("This story has no link"),
        }
    }

    /// Asks for `link` to be opened, if the policy allows it (an absolute http or https
    /// URL, or another scheme an opener handles harmlessly); else says why not. The task
    /// carries the URL's serialized form, which the launcher checks once more.
    fn open_url(&mut self, link: &str) {
        match url_policy::for_opening(link) {
            Ok(url) => {
                self.say(format!("Opening {}", sanitize::clean_line(url.as_str())));
                self.tasks.push(Task::OpenUrl { url: url.into() });
            }
            Err(err) => self.fail(&anyhow::anyhow!(refusal(link, &err))),
        }
    }

    /// A digit towards link `[n]`: follows at once unless a second digit could still
    /// name a link (ten or more links and a first digit that starts one).
    pub(crate) fn follow_digit(&mut self, digit: u8) {
        let Some(count) = self.reading.as_ref().map(|r| r.links.len()) else {
            self.say("Open a story to follow its links");
            return;
        };
        let first = self.pending_link.take();
        let number = first.map_or(usize::from(digit), |f| f * 10 + usize::from(digit));
        if first.is_none() && number > 0 && number * 10 <= count {
            self.pending_link = Some(number);
            self.say(format!("Link {number}…"));
            return;
        }
        let url = self
            .reading
            .as_ref()
            .and_then(|r| r.links.get(number.wrapping_sub(1)).cloned());
        match url {
            Some(url) => self.open_url(&url),
            None => self.say(format!("No link [{number}] in this story")),
        }
    }

    pub(crate) fn toggle_rtl(&mut self) {
        self.settings.rtl = !self.settings.rtl;
        if let Some(mut reading) = self.reading.take() {
            self.relayout_reading(&mut reading);
            self.reading = Some(reading);
        }
        self.say(if self.settings.rtl {
            "Right-to-left reordering on"
        } else {
            "Right-to-left reordering off"
        });
    }
}

/// Why `link` is not opened, as one terminal-safe line for the status bar.
fn refusal(link: &str, err: &PolicyError) -> String {
    let reason = match err {
        PolicyError::NotAUrl(_) => "not an absolute URL".to_owned(),
        PolicyError::Scheme {
            scheme, context, ..
        } => format!("{scheme}: URLs are not allowed {context}"),
        PolicyError::PrivateAddress { .. } => err.to_string(),
    };
    sanitize::clean_line(&format!("Not opening {link}: {reason}"))
}

/// The title, a line about the story, its tags and link, then a blank line.
fn header(article: &Article, width: usize, zone: DisplayZone, rtl: bool) -> Vec<DisplayLine> {
    let title = sanitize::clean_line(&article.title);
    let mut lines: Vec<DisplayLine> = wrap(&title, width)
        .into_iter()
        .map(|line| {
            let (text, right) = if rtl {
                bidi::visual(&line)
            } else {
                (line, false)
            };
            let heading = Style {
                bold: true,
                heading: true,
                ..Style::default()
            };
            DisplayLine {
                spans: vec![span(text, heading)],
                align_right: right,
                kind: LineKind::Title,
            }
        })
        .collect();
    let mut about = vec![sanitize::clean_line(&article.feed)];
    if let Some(date) = article.published {
        about.push(long_date(date, zone));
    }
    if let Some(author) = &article.author {
        about.push(sanitize::clean_line(author));
    }
    lines.push(meta(&about.join(" · "), width));
    if !article.tags.is_empty() {
        lines.push(meta(
            &format!("tags: {}", sanitize::clean_line(&article.tags.join(", "))),
            width,
        ));
    }
    if let Some(link) = &article.link {
        lines.push(meta(&sanitize::clean_line(link), width));
    }
    lines.push(DisplayLine::default());
    lines
}

/// A header line cut to the pane's width.
fn meta(text: &str, width: usize) -> DisplayLine {
    DisplayLine::new(
        vec![span(
            crate::ui::view::truncate(text, width),
            Style::default(),
        )],
        LineKind::Meta,
    )
}

fn span(text: String, style: Style) -> Span {
    Span {
        text: text.into(),
        style,
        link: None,
    }
}

/// `2017-05-06 09:30` in the reader's time zone.
pub(crate) fn long_date(date: DateTime<Utc>, zone: DisplayZone) -> String {
    zone.show(date).format("%Y-%m-%d %H:%M").to_string()
}

/// Wraps text at spaces into lines of at most `width` columns (longer words are cut).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            columns(word)
        } else {
            columns(&line) + 1 + columns(word)
        };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}
