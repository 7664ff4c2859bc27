//! The `:` command line: commands typed with completion (command names first, then tags,
//! views and feeds), a history kept from one run of the reader to the next (Up and Down
//! walk it), and running parsed [`Command`]s.

use anyhow::anyhow;

use crate::sanitize::SafeText;
use crate::ui::action::{Action, PromptKind};
use crate::ui::command::{self, Command};
use crate::ui::effect::Task;
use crate::ui::model::View;
use crate::ui::update::App;

/// Lines of history kept in memory.
const HISTORY_KEPT: usize = 500;

impl App {
    /// `:`: the command line, with tags, views and feeds to complete arguments from.
    pub(crate) fn open_command_line(&mut self) -> anyhow::Result<()> {
        let tags = self.store.all_tags()?;
        let mut candidates: Vec<String> = tags.iter().map(|t| format!("#{t}")).collect();
        candidates.extend(tags);
        candidates.extend(
            self.model
                .sidebar
                .entries
                .iter()
                .filter_map(|e| match &e.view {
                    View::Saved { name, .. } => Some(name.clone()),
                    View::Feed { title, .. } => Some(title.clone()),
                    _ => None,
                }),
        );
        self.model
            .open_prompt(PromptKind::Command, String::new(), candidates);
        Ok(())
    }

    /// Runs a command line typed at the `:` prompt, and remembers it.
    pub(crate) fn run_command_line(&mut self, line: String) -> anyhow::Result<()> {
        let commands = command::parse(&line).map_err(|e| anyhow!("{e}"))?;
        self.remember(line);
        self.run_commands(commands);
        Ok(())
    }

    /// Runs `commands` in turn, as if their keys were pressed.
    pub(crate) fn run_commands(&mut self, commands: Vec<Command>) {
        for command in commands {
            if let Err(err) = self.run_command(command) {
                self.model.fail(&err);
                return;
            }
        }
    }

    fn run_command(&mut self, command: Command) -> anyhow::Result<()> {
        match command {
            Command::Act(action) => self.update(action),
            Command::Tag(tags) => {
                let current = self.target().map(|a| a.tags).unwrap_or_default();
                let all: Vec<String> = current.into_iter().chain(tags).collect();
                self.set_tags(&all.join(","));
            }
            Command::View(name) => self.show_view_named(&name)?,
            Command::Filter(query) => self.apply_filter(query)?,
            Command::Search(query) => {
                self.request_search(query, crate::ui::model::SearchOrigin::Prompt);
            }
            Command::SetRtl(on) => {
                if on != Some(self.model.settings.rtl) {
                    self.update(Action::ToggleRtl);
                }
            }
            Command::Pipe(line) => self.pipe_story(line),
            Command::Add(url) => {
                self.model.say(format!("Subscribing to {url}…"));
                self.start_task(Task::Subscribe { url });
            }
        }
        Ok(())
    }

    /// Selects and shows the sidebar entry called `name` (`#tag` for a tag).
    fn show_view_named(&mut self, name: &str) -> anyhow::Result<()> {
        let wanted = name.trim().to_lowercase();
        let index = self
            .model
            .sidebar
            .entries
            .iter()
            .position(|e| e.view.label().to_lowercase() == wanted)
            .ok_or_else(|| anyhow!("view: no view named {name}"))?;
        self.select_view(index)?;
        self.model.focus = crate::ui::action::Pane::List;
        Ok(())
    }

    /// Keeps `line` as the newest history entry, here and in the history file.
    fn remember(&mut self, line: String) {
        let settings = &mut self.model.settings;
        if settings.history.last() == Some(&line) {
            return;
        }
        settings.history.push(line.clone());
        if settings.history.len() > HISTORY_KEPT {
            settings.history.remove(0);
        }
        if let Some(file) = settings.history_file.clone() {
            self.start_task(Task::RememberCommand { file, line });
        }
    }

    /// Up (`back`) or Down in the command line: an older or newer history line.
    pub(crate) fn history_step(&mut self, back: bool) {
        if self.model.mode != crate::ui::Mode::Prompt(PromptKind::Command) {
            return;
        }
        let history = &self.model.settings.history;
        self.model.prompt.step_history(history, back);
    }

    /// Tab in the command line: completes the word being typed, a command name first,
    /// then a tag, view or feed (quoted when it has spaces).
    pub(crate) fn complete_command(&mut self) {
        let input = self.model.prompt.input.clone();
        let start = input.rfind([' ', ';']).map_or(0, |i| i + 1);
        let (done, partial) = input.split_at(start);
        let first_word = done
            .rsplit(';')
            .next()
            .is_none_or(|seg| seg.trim().is_empty());
        let partial_lower = partial.trim_start_matches('"').to_lowercase();
        let matches: Vec<String> = if first_word {
            command::names()
                .into_iter()
                .filter(|n| n.starts_with(&partial_lower))
                .map(str::to_owned)
                .collect()
        } else {
            self.model
                .prompt
                .candidates
                .iter()
                .filter(|c| c.to_lowercase().starts_with(&partial_lower))
                .map(SafeText::to_string)
                .collect()
        };
        let Some(first) = matches.first() else { return };
        let common: String = matches[1..].iter().fold(first.clone(), |common, other| {
            common
                .chars()
                .zip(other.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect()
        });
        let word = if matches.len() == 1 && common.contains(' ') {
            format!("\"{common}\" ")
        } else if matches.len() == 1 {
            format!("{common} ")
        } else {
            common
        };
        self.model.prompt.input = format!("{done}{word}");
    }
}
