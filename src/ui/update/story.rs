//! Actions on stories: opening (render once, at the pane's width), read and star flags,
//! moving between unread stories, links and the browser, right-to-left layout.

use anyhow::Result;

use crate::launch::Link;
use crate::sanitize::{self, SafeText};
use crate::store::{Article, ArticleId};
use crate::ui::action::{Pane, PromptKind};
use crate::ui::effect::Task;
use crate::ui::effect::Write;
use crate::ui::update::App;
use crate::url_policy::{self, PolicyError};

impl App {
    /// Opens the selected story in the story pane. It shows as read at once; the write is
    /// queued after the frame ([`App::after_frame`]) and stored by the writer thread.
    pub(crate) fn open_selected(&mut self) -> Result<()> {
        let Some(article) = self.model.selected_article().cloned() else {
            return Ok(());
        };
        let body = self.body_on_open(&article)?;
        let reading = self.reading_for(article.clone(), body);
        self.model.reading = Some(reading);
        self.model.focus = Pane::Story;
        if !article.read {
            self.patch_article(article.id, |a| a.read = true);
            self.model.deferred_read = Some(article.id);
        }
        Ok(())
    }

    /// The work a frame does not wait for: queuing the read flag of the story just opened.
    /// The event loop calls this after every frame and before it exits.
    pub fn after_frame(&mut self) {
        if let Some(id) = self.model.deferred_read.take() {
            self.set_read(id, true);
        }
    }

    /// The story the flag keys act on: the open one in the story pane, else the selection.
    pub(crate) fn target(&self) -> Option<Article> {
        match (&self.model.reading, self.model.focus) {
            (Some(reading), Pane::Story) => Some(reading.article.clone()),
            _ => self.model.selected_article().cloned(),
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
        self.model.say(if article.starred {
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
        self.model
            .list
            .articles
            .iter_mut()
            .filter(|a| a.id == id)
            .for_each(&change);
        if let Some(reading) = self.model.reading.as_mut().filter(|r| r.article.id == id) {
            change(&mut reading.article);
        }
    }

    /// Marks every story of the current view read (in the store, not only those loaded).
    pub(crate) fn mark_view_read(&mut self) {
        let shown: Vec<ArticleId> = self
            .model
            .list
            .articles
            .iter()
            .filter(|a| !a.read)
            .map(|a| a.id)
            .collect();
        if let Some(filter) = self.model.list_filter() {
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
        let filter = self.model.list_filter();
        let found = match (filter, self.target()) {
            (Some(filter), Some(from)) => self
                .store
                .unread_position(&filter, from.id, forward)?
                .map(|p| p as usize),
            _ => self.loaded_unread(forward),
        };
        let Some(position) = found else {
            self.model.say("No more unread stories in this view");
            return Ok(());
        };
        self.select_story(position)?;
        if self.model.focus == Pane::Story {
            self.open_selected()
        } else {
            Ok(())
        }
    }

    /// The nearest unread story among those loaded (search results are loaded whole).
    fn loaded_unread(&self, forward: bool) -> Option<usize> {
        let list = &self.model.list;
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
        self.model.open_prompt(PromptKind::Tags, input, candidates);
        Ok(())
    }

    pub(crate) fn open_in_browser(&mut self) {
        let Some(article) = self.target() else {
            return self.model.say("This story has no link");
        };
        match &article.link {
            Some(url) => self.open_url(url, titles_of(&article)),
            None => self.model.say("This story has no link"),
        }
    }

    /// Asks for `link` to be opened by its opener or the browser, if the policy allows it
    /// (an absolute http or https URL, or another scheme an opener handles harmlessly);
    /// else says why not. The task carries the URL's serialized form, which the launcher
    /// checks once more, and the (safe) story and feed titles for `%t` and `%f`.
    pub(crate) fn open_url(&mut self, link: &str, titles: (SafeText, SafeText)) {
        self.open_typed_url(link, None, titles);
    }

    /// Opens `link`, a file of MIME type `mime` when known (an enclosure): the opener
    /// for that type takes it first.
    pub(crate) fn open_typed_url(
        &mut self,
        link: &str,
        mime: Option<String>,
        (title, feed): (SafeText, SafeText),
    ) {
        match url_policy::for_opening(link) {
            Ok(url) => {
                self.model
                    .say(format!("Opening {}", sanitize::clean_line(url.as_str())));
                self.start_task(Task::OpenUrl(Link {
                    url: url.into(),
                    mime,
                    title,
                    feed,
                }));
            }
            Err(err) => self.model.fail(&anyhow::anyhow!(refusal(link, &err))),
        }
    }

    /// A digit towards link `[n]`: follows at once unless a second digit could still
    /// name a link (ten or more links and a first digit that starts one).
    pub(crate) fn follow_digit(&mut self, digit: u8) {
        let Some(count) = self.model.reading.as_ref().map(|r| r.links().len()) else {
            self.model.say("Open a story to follow its links");
            return;
        };
        let first = self.model.pending_link.take();
        let number = first.map_or(usize::from(digit), |f| f * 10 + usize::from(digit));
        if first.is_none() && number > 0 && number * 10 <= count {
            self.model.pending_link = Some(number);
            self.model.say(format!("Link {number}…"));
            return;
        }
        let link = self.model.reading.as_ref().and_then(|r| {
            let url = r.links().get(number.wrapping_sub(1))?;
            Some((url.clone(), titles_of(&r.article)))
        });
        match link {
            Some((url, titles)) => self.open_url(&url, titles),
            None => self.model.say(format!("No link [{number}] in this story")),
        }
    }

    pub(crate) fn toggle_rtl(&mut self) {
        self.model.settings.rtl = !self.model.settings.rtl;
        self.relayout_reading();
        self.model.say(if self.model.settings.rtl {
            "Right-to-left reordering on"
        } else {
            "Right-to-left reordering off"
        });
    }
}

/// A story's and its feed's titles, made safe, for an opener's `%t` and `%f`.
pub(crate) fn titles_of(article: &Article) -> (SafeText, SafeText) {
    (
        SafeText::line(&article.title),
        SafeText::line(&article.feed),
    )
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
