//! Handing a story to programs: the link picker (`O`), piping the story to a command
//! (`|`, with its own prompt history) and bookmarking it (`B`). The programs themselves
//! run in the runtime; this asks for them as effects.

use std::mem;

use crate::sanitize::SafeText;
use crate::ui::action::{Action, Mode, PromptKind};
use crate::ui::effect::Task;
use crate::ui::model::{LinkPicker, PickedLink};
use crate::ui::update::App;
use crate::ui::update::story::titles_of;

/// Lines of pipe history kept.
const PIPE_HISTORY_KEPT: usize = 200;

impl App {
    /// `O`: lists the story's own link, then its numbered links (when it is open).
    pub(crate) fn open_picker(&mut self) {
        let Some(article) = self.target() else {
            return self.model.say("Select a story to pick one of its links");
        };
        let mut links: Vec<PickedLink> = article
            .link
            .iter()
            .map(|url| PickedLink {
                label: "link".to_owned(),
                url: url.clone(),
                shown: SafeText::line(url),
                mime: None,
            })
            .collect();
        if let Some(reading) = self
            .model
            .reading
            .as_ref()
            .filter(|r| r.article.id == article.id)
        {
            links.extend(
                reading
                    .links()
                    .iter()
                    .enumerate()
                    .map(|(n, url)| PickedLink {
                        label: format!("[{}]", n + 1),
                        url: url.clone(),
                        shown: SafeText::line(url),
                        mime: None,
                    }),
            );
        }
        if links.is_empty() {
            return self.model.say("This story has no links");
        }
        self.model.picker = LinkPicker {
            links,
            selected: 0,
            titles: titles_of(&article),
        };
        self.model.mode = Mode::PickLink;
    }

    /// j/k (and g/G) in the picker.
    pub(crate) fn step_picker(&mut self, action: Action) {
        let delta = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::Top => isize::MIN,
            _ => isize::MAX,
        };
        self.model.picker.step(delta);
    }

    /// Enter in the picker: closes it and opens the chosen link (openers, then browser).
    pub(crate) fn open_picked(&mut self) {
        let picker = mem::take(&mut self.model.picker);
        self.model.mode = self.resting_mode();
        if let Some(link) = picker.chosen() {
            self.open_typed_url(&link.url, link.mime.clone(), picker.titles.clone());
        }
    }

    /// `|`: asks for the command to pipe the story to.
    pub(crate) fn ask_pipe(&mut self) {
        if self.target().is_none() {
            return self.model.say("Select a story to pipe it");
        }
        self.model
            .open_prompt(PromptKind::Pipe, String::new(), Vec::new());
    }

    /// The pipe prompt's Enter: remembers the command and pipes the story to it.
    pub(crate) fn submit_pipe(&mut self, command: String) {
        let programs = &mut self.model.settings.programs;
        if programs.pipe_history.last() != Some(&command) {
            programs.pipe_history.push(command.clone());
            if programs.pipe_history.len() > PIPE_HISTORY_KEPT {
                programs.pipe_history.remove(0);
            }
            if let Some(file) = programs.pipe_history_file.clone() {
                self.start_task(Task::RememberCommand {
                    file,
                    line: command.clone(),
                });
            }
        }
        self.pipe_story(command);
    }

    /// Pipes the open (or selected) story to `command`, on the terminal.
    pub(crate) fn pipe_story(&mut self, command: String) {
        let Some(article) = self.target() else {
            return self.model.say("Select a story to pipe it");
        };
        let format = self.model.settings.programs.pipe_format;
        self.start_task(Task::Pipe {
            id: article.id,
            command,
            format,
        });
    }

    /// `B`: runs `bookmark_command` for the open (or selected) story.
    pub(crate) fn bookmark(&mut self) {
        let Some(command) = self.model.settings.programs.bookmark_command.clone() else {
            return self.model.say(
                "No bookmark command: set bookmark_command in [reader] of the config \
                 (it gets url, title, description, feed title)",
            );
        };
        let Some(article) = self.target() else {
            return self.model.say("Select a story to bookmark it");
        };
        self.model
            .say(format!("Bookmarking {}…", SafeText::line(&article.title)));
        self.start_task(Task::Bookmark {
            id: article.id,
            command,
        });
    }

    /// Up (`back`) or Down at the pipe prompt: an older or newer command.
    pub(crate) fn pipe_history_step(&mut self, back: bool) {
        let history = &self.model.settings.programs.pipe_history;
        self.model.prompt.step_history(history, back);
    }
}
