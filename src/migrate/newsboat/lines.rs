//! newsboat's `urls` and `config` files read line by line into what tidings keeps: feeds,
//! saved views (`query:` lines), rules (`ignore-article`) and settings. Every line that
//! does not map is kept with its file and line number for the report.

use std::path::Path;

use super::proxy::Proxy;
use super::{filter, keys};
use crate::config::{Additions, SettingValue};
use crate::subscriptions::{self, Subscription};

/// A line tidings could not take over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    /// `file:line`.
    pub origin: String,
    pub line: String,
    pub reason: String,
}

/// What the text files say.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub feeds: Vec<Subscription>,
    pub additions: Additions,
    pub unmapped: Vec<Unmapped>,
    /// Notes from reading the subscription list (skipped URLs and such).
    pub warnings: Vec<String>,
}

fn origin(path: &Path, number: usize) -> String {
    format!("{}:{number}", path.display())
}

/// Reads a `urls` file's text: feeds through the subscription reader, `query:` lines into
/// views; `exec:` and `filter:` lines are script feeds.
pub fn read_urls(
    path: &Path,
    text: &str,
    star: char,
    plan: &mut Plan,
) -> Result<(), subscriptions::Error> {
    // Only feed lines go to the subscription reader (blanks keep its line numbers): a
    // line it would refuse is reported here instead of stopping the import.
    let mut feed_lines = String::with_capacity(text.len());
    for (index, line) in text.lines().enumerate() {
        let at = origin(path, index + 1);
        let unmapped = |reason: String| Unmapped {
            origin: at.clone(),
            line: line.trim().to_owned(),
            reason,
        };
        let tokens = match subscriptions::tokenize(line) {
            Ok(tokens) => tokens,
            Err(reason) => {
                plan.unmapped.push(unmapped(reason));
                feed_lines.push('\n');
                continue;
            }
        };
        let Some(first) = tokens.first() else {
            feed_lines.push('\n');
            continue;
        };
        // A script feed (`exec:`, `filter:`) comes from the user's own urls file, so it is
        // theirs to run, as it was newsboat's.
        let is_feed = crate::feed::script::is_script(first)
            || url::Url::parse(first)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "file"));
        feed_lines.push_str(if is_feed { line } else { "" });
        feed_lines.push('\n');
        if is_feed {
            continue;
        }
        if let Some(rest) = first.strip_prefix("query:") {
            let Some((name, filter)) = rest.split_once(':').filter(|(n, _)| !n.trim().is_empty())
            else {
                plan.unmapped.push(unmapped(
                    "a query line needs query:NAME:FILTER, with a name".into(),
                ));
                continue;
            };
            match filter::to_query(filter, star) {
                Ok(query) => plan
                    .additions
                    .views
                    .push((name.trim().to_owned(), query, at)),
                Err(reason) => plan.unmapped.push(unmapped(reason)),
            }
        } else {
            plan.unmapped.push(unmapped(
                "not an http, https or file URL tidings can fetch".into(),
            ));
        }
    }
    let mut import = subscriptions::parse(feed_lines.as_bytes())?;
    import.apply_policy(false, true);
    plan.feeds = import.feeds;
    plan.warnings.extend(import.warnings);
    Ok(())
}

/// How newsboat ignores: `download` (the default) never stores a matching story,
/// `display` stores it out of sight.
fn ignore_action(mode: Option<&str>) -> &'static str {
    if mode == Some("display") {
        "hide"
    } else {
        "ignore"
    }
}

/// Reads a newsboat `config` file's text.
pub fn read_config(path: &Path, text: &str, star: char, plan: &mut Plan) {
    let mut mode = None;
    let mut ignores = Vec::new();
    let mut reload = Reload::default();
    let mut proxy = Proxy::default();
    for (index, line) in text.lines().enumerate() {
        let at = origin(path, index + 1);
        let unmapped = |reason: &str| Unmapped {
            origin: at.clone(),
            line: line.trim().to_owned(),
            reason: reason.to_owned(),
        };
        let tokens = match subscriptions::tokenize(line) {
            Ok(tokens) => tokens,
            Err(reason) => {
                plan.unmapped.push(unmapped(&reason));
                continue;
            }
        };
        let Some((name, args)) = tokens.split_first() else {
            continue;
        };
        let one = match args {
            [one] => Some(one.as_str()),
            _ => None,
        };
        if let Some(mapped) = keys::line(name, args) {
            match mapped {
                Ok((section, key, value)) => plan.additions.settings.push((
                    section.to_owned(),
                    key,
                    SettingValue::Text(value),
                    at.clone(),
                )),
                Err(reason) => plan.unmapped.push(unmapped(&reason)),
            }
            continue;
        }
        if let Some(taken) = proxy.take(name, one, &at, line.trim()) {
            if let Err(reason) = taken {
                plan.unmapped.push(unmapped(reason));
            }
            continue;
        }
        let mut set = |section: &str, key: &str, value: SettingValue| {
            plan.additions
                .settings
                .push((section.to_owned(), key.to_owned(), value, at.clone()));
        };
        let number = one.and_then(|v| v.parse::<i64>().ok()).filter(|n| *n >= 0);
        if let Some((section, key, value)) = plain_setting(name, one, number) {
            set(section, key, value);
            continue;
        }
        match (name.as_str(), one, number) {
            ("ignore-article", _, _) => match args {
                [feed, filter] => match rule_query(feed, filter, star) {
                    Ok(query) => ignores.push((query, at.clone())),
                    Err(reason) => plan.unmapped.push(unmapped(&reason)),
                },
                _ => plan
                    .unmapped
                    .push(unmapped("expected ignore-article FEED \"FILTER\"")),
            },
            ("ignore-mode", Some(value @ ("download" | "display")), _) => {
                mode = Some(value.to_owned());
            }
            ("reload-time", _, Some(n)) => reload.time = Some((n, at.clone(), line.trim())),
            ("auto-reload", Some(value @ ("yes" | "no" | "true" | "false")), _) => {
                reload.auto = Some((matches!(value, "yes" | "true"), at.clone()));
            }
            (
                "browser" | "bookmark-cmd" | "reload-threads" | "reload-time" | "max-items"
                | "keep-articles-days" | "ignore-mode" | "auto-reload" | "download-path"
                | "max-downloads",
                _,
                _,
            ) => plan.unmapped.push(unmapped("unexpected value")),
            _ => plan.unmapped.push(unmapped("no tidings setting for this")),
        }
    }
    reload.apply(plan);
    proxy.apply(plan);
    comma_overlap(plan);
    let action = ignore_action(mode.as_deref());
    plan.additions.rules.extend(
        ignores
            .into_iter()
            .map(|(query, at)| (query, action.to_owned(), at)),
    );
}

/// The tidings setting (section, key, value) a one-value newsboat line sets by itself.
fn plain_setting(
    name: &str,
    one: Option<&str>,
    number: Option<i64>,
) -> Option<(&'static str, &'static str, SettingValue)> {
    let text = |value: &str| SettingValue::Text(value.to_owned());
    Some(match (name, one, number) {
        ("browser", Some(cmd), _) => ("reader", "browser", text(&cmd.replace("%u", "%s"))),
        ("bookmark-cmd", Some(cmd), _) => ("reader", "bookmark_command", text(cmd)),
        ("reload-threads", _, Some(n)) if n > 0 => ("refresh", "jobs", SettingValue::Number(n)),
        ("max-items", _, Some(n)) => ("retention", "max_per_feed", SettingValue::Number(n)),
        ("keep-articles-days", _, Some(n)) => ("retention", "keep_days", SettingValue::Number(n)),
        // podboat's settings: where episodes go, and how many download at once.
        ("download-path", Some(dir), _) => ("downloads", "dir", text(dir)),
        ("max-downloads", _, Some(n @ 1..=32)) => ("downloads", "jobs", SettingValue::Number(n)),
        _ => return None,
    })
}

/// newsboat reloads by itself only with `auto-reload yes`, every `reload-time` minutes
/// (60 unless set); tidings' reader refreshes every `reader.auto_refresh_mins` (0: never).
#[derive(Default)]
struct Reload<'t> {
    auto: Option<(bool, String)>,
    time: Option<(i64, String, &'t str)>,
}

impl Reload<'_> {
    fn apply(self, plan: &mut Plan) {
        let mut set = |minutes: i64, origin: String| {
            let value = SettingValue::Number(minutes);
            plan.additions.settings.push((
                "reader".into(),
                "auto_refresh_mins".into(),
                value,
                origin,
            ));
        };
        match (self.auto, self.time) {
            (Some((true, at)), time) => match time {
                Some((minutes, at, _)) => set(minutes, at),
                None => set(60, at),
            },
            (Some((false, at)), _) => set(0, at),
            (None, Some((_, origin, line))) => plan.unmapped.push(Unmapped {
                origin,
                line: line.to_owned(),
                reason: "has no effect in newsboat without `auto-reload yes`".to_owned(),
            }),
            (None, None) => {}
        }
    }
}

/// A key bound to `,` would start macros' `", KEY"` chains too, which tidings refuses:
/// with macros imported, such a `bind-key` line is reported instead.
fn comma_overlap(plan: &mut Plan) {
    let settings = &plan.additions.settings;
    let chained = settings
        .iter()
        .any(|(section, key, _, _)| section == "keys" && key.starts_with(", "));
    if !chained {
        return;
    }
    // Macros go to `[keys]`; a pane's own table may bind `,` (it wins there).
    let (clashes, kept) = std::mem::take(&mut plan.additions.settings)
        .into_iter()
        .partition(|(section, key, _, _)| section == "keys" && key == ",");
    plan.additions.settings = kept;
    for (_, _, value, origin) in clashes {
        plan.unmapped.push(Unmapped {
            origin,
            // The line as tidings would have bound it (the original is at `origin`).
            line: format!("\",\" = \"{}\"", text_of(&value)),
            reason: "`,` starts the imported macros in tidings".to_owned(),
        });
    }
}

fn text_of(value: &SettingValue) -> String {
    match value {
        SettingValue::Text(text) => text.clone(),
        SettingValue::Number(n) => n.to_string(),
    }
}

/// The rule query for `ignore-article FEED FILTER`.
fn rule_query(feed: &str, filter: &str, star: char) -> Result<String, String> {
    let translated = filter::to_query(filter, star)?;
    let query = if feed == "*" {
        translated
    } else {
        format!("feed:\"{}\" and {translated}", feed.replace('"', "\\\""))
    };
    let parsed = crate::query::parse(&query).map_err(|e| e.message)?;
    if parsed.uses_text_index() {
        return Err(
            "rules can't match words of the text (content): only title, author, tags".into(),
        );
    }
    Ok(query)
}

#[cfg(test)]
#[path = "lines_tests.rs"]
mod tests;
