//! Filtering the story list with a query (`f`), and saving a filtered view in the config
//! file (`V`) so it is listed under "Views" from then on. The filter narrows whichever
//! view is shown; Esc clears it, and showing another view drops it.

use anyhow::anyhow;

use crate::config::SavedView;
use crate::query;
use crate::ui::action::PromptKind;
use crate::ui::effect::Task;
use crate::ui::model::{ListFilter, View};
use crate::ui::update::App;

impl App {
    /// `f`: the filter prompt, holding the current filter to edit.
    pub(crate) fn ask_filter(&mut self) {
        if matches!(self.model.list.view, Some(View::Search(_))) {
            self.model
                .say("Search results are ranked, not filtered: filter a view instead");
            return;
        }
        let current = self.model.filter.as_ref().map(|f| f.text.clone());
        self.model
            .open_prompt(PromptKind::Filter, current.unwrap_or_default(), Vec::new());
    }

    /// The filter prompt was accepted: an empty query clears the filter, a bad one is
    /// shown with where it went wrong (the list stays as it was).
    pub(crate) fn apply_filter(&mut self, input: String) -> anyhow::Result<()> {
        if input.is_empty() {
            return self.clear_filter();
        }
        let query = query::parse(&input).map_err(|e| {
            anyhow!(
                "filter: {} (at column {} of `{input}`)",
                e.message,
                e.position + 1
            )
        })?;
        self.model.filter = Some(ListFilter { text: input, query });
        self.reload_list()?;
        let total = self.model.list.total;
        self.model.say(format!("{total} stories match the filter"));
        Ok(())
    }

    /// Drops the filter, showing the whole view again; says whether there was one.
    pub(crate) fn clear_filter(&mut self) -> anyhow::Result<()> {
        if self.model.filter.take().is_some() {
            self.reload_list()?;
            self.model.say("Filter cleared");
        }
        Ok(())
    }

    /// Shows the list's view afresh from its first story.
    fn reload_list(&mut self) -> anyhow::Result<()> {
        let view = self.model.list.view.clone().unwrap_or(View::All);
        self.load_view(view, false)
    }

    /// `V`: asks for a name to save the filtered view under.
    pub(crate) fn ask_view_name(&mut self) {
        if self.model.filter.is_none() {
            self.model
                .say("Filter the list with f first, then save it as a view");
            return;
        }
        if self.model.settings.config_file.is_none() {
            self.model
                .say("There is no config file to save views in (no home directory)");
            return;
        }
        self.model
            .open_prompt(PromptKind::SaveView, String::new(), Vec::new());
    }

    /// The name was given: the view's query is the shown view's, narrowed by the filter.
    pub(crate) fn save_view(&mut self, name: String) {
        let (Some(filter), Some(config)) = (
            self.model.filter.as_ref(),
            self.model.settings.config_file.clone(),
        ) else {
            return;
        };
        let query = match view_query(self.model.list.view.as_ref(), &self.model.settings.views) {
            Some(base) => format!("({base}) ({})", filter.text),
            None => filter.text.clone(),
        };
        self.model.say(format!("Saving view {name}…"));
        self.start_task(Task::SaveView {
            config,
            name,
            query,
        });
    }

    /// The view was written to the config file: it joins the sidebar, and is shown.
    pub(crate) fn view_saved(&mut self, saved: Result<(String, String), String>) {
        let (name, text) = match saved {
            Ok(saved) => saved,
            Err(error) => return self.model.fail(&anyhow!("saving the view: {error}")),
        };
        let Ok(query) = query::parse(&text) else {
            return;
        };
        self.model.settings.views.push(SavedView {
            name: name.clone(),
            text,
            query: query.clone(),
        });
        self.model.filter = None;
        let shown = self.reload_sidebar().and_then(|()| {
            self.load_view(
                View::Saved {
                    name: name.clone(),
                    query,
                },
                false,
            )
        });
        match shown {
            Ok(()) => self.model.say(format!("Saved view {name}")),
            Err(err) => self.model.fail(&err),
        }
    }
}

/// The query that selects `view`'s stories (a saved one's as written in `saved`), to
/// combine with a filter; `None` for All.
fn view_query(view: Option<&View>, saved: &[SavedView]) -> Option<String> {
    let quoted = |text: &str| format!("\"{}\"", text.replace('"', ""));
    match view? {
        View::All | View::Search(_) => None,
        View::Unread => Some("unread".to_owned()),
        View::Starred => Some("starred".to_owned()),
        View::Tag(tag) => Some(format!("tag:{}", quoted(tag))),
        View::Feed { id, .. } => Some(format!("feed:{}", id.0)),
        View::Saved { name, .. } => saved
            .iter()
            .find(|v| v.name == *name)
            .map(|v| v.text.clone()),
    }
}
