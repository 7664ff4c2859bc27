//! The one-line prompts (search, tags, add feed, import) and the delete confirmation:
//! editing, completion, and what each does when accepted.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::sanitize::{self, SafeText};
use crate::store::NewFeed;
use crate::subscriptions;
use crate::ui::action::{Confirmation, Mode, Pane, PromptKind};
use crate::ui::effect::Task;
use crate::ui::effect::Write;
use crate::ui::model::{SearchOrigin, View};
use crate::ui::update::App;

impl App {
    /// Types `c`, unless it is a control or bidi character: the input is drawn as it is.
    pub(crate) fn prompt_insert(&mut self, c: char) {
        if !c.is_control() && !sanitize::is_unsafe_char(c) {
            self.model.prompt.input.push(c);
        }
    }

    /// Completes the tag being typed to the longest prefix all candidates share.
    pub(crate) fn prompt_complete(&mut self) {
        if self.model.mode == Mode::Prompt(PromptKind::Command) {
            return self.complete_command();
        }
        let matches = self.model.prompt.completions();
        let (done, partial) = split_last_tag(&self.model.prompt.input);
        let Some(first) = matches.first() else { return };
        let mut common: String = first.to_string();
        for other in &matches[1..] {
            let shared = common
                .chars()
                .zip(other.chars())
                .take_while(|(a, b)| a == b)
                .count();
            common = common.chars().take(shared).collect();
        }
        if common.chars().count() >= partial.chars().count() {
            let suffix = if matches.len() == 1 { ", " } else { "" };
            self.model.prompt.input = format!("{done}{common}{suffix}");
        }
    }

    /// Enter: accept the prompt or say yes to the question.
    pub(crate) fn submit(&mut self) -> Result<()> {
        let mode = std::mem::replace(&mut self.model.mode, Mode::Browse);
        self.model.mode = self.resting_mode();
        let input = std::mem::take(&mut self.model.prompt.input)
            .trim()
            .to_owned();
        match mode {
            Mode::Prompt(PromptKind::Search) if !input.is_empty() => {
                self.request_search(input, SearchOrigin::Prompt);
                Ok(())
            }
            Mode::Prompt(PromptKind::Tags) => {
                self.set_tags(&input);
                Ok(())
            }
            Mode::Prompt(PromptKind::AddFeed) if !input.is_empty() => {
                self.model.say(format!("Subscribing to {input}…"));
                self.start_task(Task::Subscribe { url: input });
                Ok(())
            }
            Mode::Prompt(PromptKind::ImportOpml) if !input.is_empty() => self.import(&input),
            Mode::Prompt(PromptKind::Filter) => self.apply_filter(input),
            Mode::Prompt(PromptKind::Command) if !input.is_empty() => self.run_command_line(input),
            Mode::Prompt(PromptKind::Pipe) if !input.is_empty() => {
                self.submit_pipe(input);
                Ok(())
            }
            Mode::PickLink => {
                self.open_picked();
                Ok(())
            }
            Mode::Prompt(PromptKind::SaveView) if !input.is_empty() => {
                self.save_view(input);
                Ok(())
            }
            Mode::Confirm(Confirmation::DeleteFeed { id, title }) => {
                self.model.say(format!("Removing {title}…"));
                self.queue_write(Write::RemoveFeed {
                    id,
                    title: title.into_string(),
                });
                self.model.list.view = Some(View::All);
                self.model.sidebar.selected = 0;
                self.reload()?;
                self.model.mode = self.resting_mode();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Esc: close the prompt or say no.
    pub(crate) fn cancel(&mut self) {
        self.model.prompt.input.clear();
        let filtering = self.model.mode == Mode::Prompt(PromptKind::Filter);
        self.model.mode = self.resting_mode();
        // Esc at the filter prompt clears the filter too.
        if filtering && let Err(err) = self.clear_filter() {
            self.model.fail(&err);
        }
    }

    /// Sets the target story's tags to exactly the comma-separated `input`.
    pub(crate) fn set_tags(&mut self, input: &str) {
        let article = match (&self.model.reading, self.model.focus) {
            (Some(reading), Pane::Story) => reading.article.clone(),
            _ => match self.model.selected_article() {
                Some(article) => article.clone(),
                None => return,
            },
        };
        // As the store keeps them: cleaned, without duplicates, sorted.
        let mut tags: Vec<String> = input
            .split(',')
            .map(|t| sanitize::clean_line(t.trim()))
            .filter(|t| !t.is_empty())
            .collect();
        tags.sort();
        tags.dedup();
        if tags != article.tags {
            self.queue_write(Write::Tags {
                id: article.id,
                before: article.tags.clone(),
                after: tags.clone(),
            });
        }
        self.model.say(format!(
            "Tags: {}",
            if tags.is_empty() {
                "none".to_owned()
            } else {
                tags.join(", ")
            }
        ));
    }

    /// Reads an OPML or newsboat urls file, subscribes its feeds and fetches them.
    fn import(&mut self, input: &str) -> Result<()> {
        let path = expand_home(input);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let mut parsed = subscriptions::parse(&bytes)
            .with_context(|| format!("importing {}", path.display()))?;
        parsed.apply_policy(false, false);
        let feeds: Vec<NewFeed> = parsed.feeds.into_iter().map(NewFeed::from).collect();
        self.model.say(format!("Importing {} feeds…", feeds.len()));
        self.queue_write(Write::ImportFeeds { feeds });
        Ok(())
    }

    /// Welcome view: subscribes to the bundled samples (on the writer thread) and shows
    /// them when they are stored.
    pub(crate) fn load_samples(&mut self) {
        let dir = self.model.settings.sample_dir.clone();
        self.model.say("Loading the sample feeds…");
        self.queue_write(Write::InstallSamples { dir });
    }

    /// `d`: asks before unsubscribing from the feed selected in the sidebar.
    pub(crate) fn ask_delete_feed(&mut self) {
        match self.model.selected_view() {
            View::Feed { id, title } => {
                let title = SafeText::line(&title);
                self.model.mode = Mode::Confirm(Confirmation::DeleteFeed { id, title });
            }
            _ => self.model.say("Select a feed in the sidebar to delete it"),
        }
    }
}

impl crate::ui::model::Prompt {
    /// Tags that complete the word being typed, leaving out those already entered.
    pub fn completions(&self) -> Vec<&SafeText> {
        let (done, partial) = split_last_tag(&self.input);
        let entered: Vec<&str> = done.split(',').map(str::trim).collect();
        let partial = partial.to_lowercase();
        self.candidates
            .iter()
            .filter(|t| t.to_lowercase().starts_with(&partial) && !entered.contains(&t.as_str()))
            .collect()
    }
}

/// `"a, b, ne"` → (`"a, b, "`, `"ne"`).
fn split_last_tag(input: &str) -> (&str, &str) {
    let cut = input.rfind(',').map_or(0, |i| i + 1);
    let rest = &input[cut..];
    let lead = rest.len() - rest.trim_start().len();
    input.split_at(cut + lead)
}

fn expand_home(input: &str) -> PathBuf {
    match (input.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(base)) => base.home_dir().join(rest),
        _ => PathBuf::from(input),
    }
}
