//! `tidings views [--json]`: the saved views of the config file with their counts; and
//! `tidings rules test [--json]`: how many stored stories each rule matches.

use anyhow::{Result, bail};
use serde::Serialize;

use super::json::Json;
use super::output::{self, emit, fit};
use crate::config::{Config, SavedView};
use crate::sanitize::SafeText;
use crate::store::{ArticleFilter, Store};

/// One view in `views --json`.
#[derive(Debug, Serialize)]
struct ViewJson {
    name: SafeText,
    query: SafeText,
    unread: u64,
    total: u64,
}

impl Json for ViewJson {}

/// The view named `name` (exactly, else ignoring case).
pub(super) fn find<'a>(config: &'a Config, name: &str) -> Result<&'a SavedView> {
    let found = config.views.iter().find(|v| v.name == name).or_else(|| {
        config
            .views
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(name))
    });
    match found {
        Some(view) => Ok(view),
        None if config.views.is_empty() => {
            bail!(
                "no view named {}: the config file defines no [[view]]",
                SafeText::line(name)
            )
        }
        None => bail!(
            "no view named {}; the views are: {}",
            SafeText::line(name),
            SafeText::join(
                &config
                    .views
                    .iter()
                    .map(|v| SafeText::line(&v.name))
                    .collect::<Vec<_>>(),
                ", "
            )
        ),
    }
}

/// `tidings views [--json]`
pub fn list(store: &mut Store, config: &Config, json: bool) -> Result<()> {
    if config.views.iter().any(|v| v.query.uses_text_index()) {
        crate::index::index_pending(store)?;
    }
    let counts = store.view_counts(config.views.iter().map(|v| &v.query))?;
    let rows: Vec<ViewJson> = config
        .views
        .iter()
        .zip(counts)
        .map(|(view, count)| ViewJson {
            name: SafeText::line(&view.name),
            query: SafeText::line(&view.text),
            unread: count.unread,
            total: count.total,
        })
        .collect();
    if json {
        return output::json(&rows);
    }
    emit(|out| {
        if rows.is_empty() {
            return writeln!(
                out,
                "no saved views: add [[view]] name = \"…\" query = \"…\" to the config file"
            );
        }
        for row in &rows {
            writeln!(
                out,
                "{}  {:>6} unread  {:>7} total  {}",
                fit(&row.name, 24),
                row.unread,
                row.total,
                row.query
            )?;
        }
        Ok(())
    })
}

/// One rule in `rules test --json`.
#[derive(Debug, Serialize)]
struct RuleJson {
    query: SafeText,
    actions: Vec<SafeText>,
    matches: u64,
}

impl Json for RuleJson {}

/// `tidings rules test [--json]`
pub(crate) fn test_rules(store: &Store, config: &Config, json: bool) -> Result<()> {
    let mut rows = Vec::with_capacity(config.refresh.rules.len());
    for rule in &config.refresh.rules {
        let filter = ArticleFilter {
            query: Some(rule.query.clone()),
            ..ArticleFilter::default()
        };
        rows.push(RuleJson {
            query: SafeText::line(&rule.text),
            actions: rule
                .actions
                .iter()
                .map(|a| SafeText::line(&a.to_string()))
                .collect(),
            matches: store.count_articles(&filter)?,
        });
    }
    if json {
        return output::json(&rows);
    }
    emit(|out| {
        if rows.is_empty() {
            return writeln!(
                out,
                "no rules: add [[rule]] query = \"…\" action = \"…\" to the config file"
            );
        }
        for (n, row) in rows.iter().enumerate() {
            let actions = SafeText::join(&row.actions, ", ");
            writeln!(
                out,
                "{:>3}. {:>7} stored stories match  {}  → {}",
                n + 1,
                row.matches,
                row.query,
                actions
            )?;
        }
        Ok(())
    })
}
