//! Adding what an import brought (views, rules, settings) to the config file, each block
//! with a comment saying where it came from. What is there already stays: a view whose
//! name is taken, a rule already written, a setting already set are left alone, so a
//! second import changes nothing.

use std::fs;
use std::path::Path;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value, value};

use super::edit::{EditError, replace};

/// A setting's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingValue {
    Text(String),
    Number(i64),
}

/// What an import adds to the config; each item names its origin (`file:line`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Additions {
    /// Saved views: name, query, origin.
    pub views: Vec<(String, String, String)>,
    /// Rules: query, action, origin.
    pub rules: Vec<(String, String, String)>,
    /// Settings: section, key, value, origin.
    pub settings: Vec<(String, String, SettingValue, String)>,
}

/// What applying [`Additions`] did (or would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub views: usize,
    pub rules: usize,
    pub settings: usize,
    /// Items left out because the config has them (or a value of its own) already.
    pub kept: usize,
}

/// Adds `additions` to the config file at `path` (created if missing); with `dry_run`,
/// only counts what it would add.
pub fn add_imported(
    path: &Path,
    additions: &Additions,
    dry_run: bool,
) -> Result<Applied, EditError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(EditError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let (edited, applied) =
        with_additions(&text, additions).map_err(|message| EditError::Syntax {
            path: path.to_owned(),
            message,
        })?;
    if !dry_run && edited != text {
        replace(path, &edited).map_err(|source| EditError::Write {
            path: path.to_owned(),
            source,
        })?;
    }
    Ok(applied)
}

fn comment(origin: &str) -> String {
    format!("\n# imported from newsboat: {origin}\n")
}

/// `text` with the additions it lacks, and the counts.
pub(super) fn with_additions(text: &str, add: &Additions) -> Result<(String, Applied), String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().to_owned())?;
    let mut applied = Applied::default();
    for (section, key, setting, origin) in &add.settings {
        // A dotted section (`keys.list`) is a table inside a table.
        let mut table = doc.as_table_mut();
        for part in section.split('.') {
            table = table
                .entry(part)
                .or_insert_with(|| {
                    let mut t = Table::new();
                    t.decor_mut().set_prefix(comment(origin));
                    Item::Table(t)
                })
                .as_table_mut()
                .ok_or_else(|| format!("`{section}` is not a table"))?;
        }
        if table.contains_key(key) {
            applied.kept += 1;
            continue;
        }
        table[key.as_str()] = match setting {
            SettingValue::Text(text) => value(text.as_str()),
            SettingValue::Number(n) => value(*n),
        };
        if let Some(mut k) = table.key_mut(key) {
            k.leaf_decor_mut()
                .set_prefix(format!("# imported from newsboat: {origin}\n"));
        }
        applied.settings += 1;
    }
    let views = tables(&mut doc, "view")?;
    for (name, query, origin) in &add.views {
        if views
            .iter()
            .any(|v| v.get("name").and_then(Item::as_str).map(str::trim) == Some(name.trim()))
        {
            applied.kept += 1;
            continue;
        }
        let mut view = Table::new();
        view.decor_mut().set_prefix(comment(origin));
        view["name"] = value(name.as_str());
        view["query"] = value(query.as_str());
        views.push(view);
        applied.views += 1;
    }
    let rules = tables(&mut doc, "rule")?;
    for (query, action, origin) in &add.rules {
        let same = |r: &Table| {
            r.get("query").and_then(Item::as_str) == Some(query.as_str())
                && r.get("action")
                    .and_then(Item::as_value)
                    .is_some_and(|v| has_action(v, action))
        };
        if rules.iter().any(same) {
            applied.kept += 1;
            continue;
        }
        let mut rule = Table::new();
        rule.decor_mut().set_prefix(comment(origin));
        rule["query"] = value(query.as_str());
        rule["action"] = value(action.as_str());
        rules.push(rule);
        applied.rules += 1;
    }
    Ok((doc.to_string(), applied))
}

fn has_action(v: &Value, action: &str) -> bool {
    match v {
        Value::String(s) => s.value() == action,
        Value::Array(a) => a.iter().any(|v| v.as_str() == Some(action)),
        _ => false,
    }
}

fn tables<'d>(doc: &'d mut DocumentMut, name: &str) -> Result<&'d mut ArrayOfTables, String> {
    doc.entry(name)
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or_else(|| format!("`{name}` is not a list of [[{name}]] tables"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn additions() -> Additions {
        Additions {
            views: vec![(
                "Unread news".into(),
                "unread and tag:news".into(),
                "urls:3".into(),
            )],
            rules: vec![("title:/^Ad/".into(), "ignore".into(), "config:7".into())],
            settings: vec![
                (
                    "reader".into(),
                    "browser".into(),
                    SettingValue::Text("w3m %s".into()),
                    "config:1".into(),
                ),
                (
                    "refresh".into(),
                    "jobs".into(),
                    SettingValue::Number(8),
                    "config:2".into(),
                ),
            ],
        }
    }

    #[test]
    fn blocks_are_added_with_comments_and_a_second_time_nothing_changes() {
        let written = "# mine\n[refresh]\njobs = 4 # my own\n";
        let (once, applied) = with_additions(written, &additions()).unwrap();
        assert_eq!(
            (applied.views, applied.rules, applied.settings, applied.kept),
            (1, 1, 1, 1)
        );
        assert!(once.contains("jobs = 4 # my own"), "{once}");
        assert!(
            once.contains("# imported from newsboat: urls:3\n[[view]]"),
            "{once}"
        );
        assert!(
            once.contains("# imported from newsboat: config:7\n[[rule]]"),
            "{once}"
        );
        assert!(
            once.contains("# imported from newsboat: config:1\nbrowser = \"w3m %s\""),
            "{once}"
        );
        let parsed: toml::Table = toml::from_str(&once).unwrap();
        assert_eq!(parsed["reader"]["browser"].as_str(), Some("w3m %s"));
        let (twice, again) = with_additions(&once, &additions()).unwrap();
        assert_eq!(twice, once);
        assert_eq!(
            (again.views, again.rules, again.settings, again.kept),
            (0, 0, 0, 4)
        );
    }

    #[test]
    fn a_dry_run_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let applied = add_imported(&path, &additions(), true).unwrap();
        assert_eq!(applied.views, 1);
        assert!(!path.exists());
        add_imported(&path, &additions(), false).unwrap();
        assert!(fs::read_to_string(&path).unwrap().contains("[[view]]"));
    }
}
