//! The `[keys]` section: rebindings (`toggle_star = "x"`) and bindings of keys or chains
//! of keys to commands (`"g g" = "top"`, `", m" = { run = "tag news; next_unread", help =
//! "…" }`), everywhere or in one pane (`[keys.sidebar]`, `[keys.list]`, `[keys.story]`).
//! Checked here for its shape only: which names are actions, which keys exist and which
//! commands parse is the reader's to say (`ui::keymap`), when it starts.

use std::collections::BTreeMap;
use std::path::Path;

use super::Error;

/// The panes a `[keys.<pane>]` table binds keys in, by their table name.
pub const KEY_CONTEXTS: &[&str] = &["sidebar", "list", "story"];

/// `[keys]` as written, shape-checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keys {
    /// The entries of `[keys]` itself: an action's name with its keys (a rebinding), or
    /// keys with what they run everywhere.
    pub everywhere: BTreeMap<String, KeyValue>,
    /// `[keys.sidebar]`, `[keys.list]`, `[keys.story]`: keys with what they run in that
    /// pane, by the table's name.
    pub panes: BTreeMap<String, BTreeMap<String, KeyValue>>,
}

/// The right-hand side of one `[keys]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyValue {
    /// A string: a key (for a rebinding) or a command line (for a binding).
    Text(String),
    /// A list of keys, for a rebinding.
    List(Vec<String>),
    /// `{ run = "…", help = "…" }`: a command line with a description for the help.
    Run { run: String, help: Option<String> },
}

/// Checks the shape of `[keys]`; `raw` is the table as TOML values.
pub(super) fn validate(raw: &BTreeMap<String, toml::Value>, path: &Path) -> Result<Keys, Error> {
    let invalid = |message: String| Error::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let mut keys = Keys::default();
    for (name, value) in raw {
        match value {
            toml::Value::Table(table)
                if KEY_CONTEXTS.contains(&name.as_str()) && !table.contains_key("run") =>
            {
                let mut pane = BTreeMap::new();
                for (chain, value) in table {
                    let at = format!("keys.{name}.{chain:?}");
                    let value = key_value(value, &at).map_err(&invalid)?;
                    if let KeyValue::List(_) = value {
                        return Err(invalid(format!(
                            "{at}: a pane's table binds keys to a command line, not a list"
                        )));
                    }
                    pane.insert(chain.clone(), value);
                }
                keys.panes.insert(name.clone(), pane);
            }
            value => {
                let at = format!("keys.{name:?}");
                keys.everywhere
                    .insert(name.clone(), key_value(value, &at).map_err(&invalid)?);
            }
        }
    }
    Ok(keys)
}

fn key_value(value: &toml::Value, at: &str) -> Result<KeyValue, String> {
    match value {
        toml::Value::String(text) => Ok(KeyValue::Text(text.clone())),
        toml::Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<Vec<String>>>()
            .map(KeyValue::List)
            .ok_or_else(|| format!("{at}: a list of keys holds strings only")),
        toml::Value::Table(table) => {
            if let Some(other) = table.keys().find(|k| *k != "run" && *k != "help") {
                return Err(format!(
                    "{at}: unknown field {other:?} (a binding has `run` and `help`)"
                ));
            }
            let text = |field: &str| match table.get(field) {
                None => Ok(None),
                Some(toml::Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("{at}: `{field}` is a string")),
            };
            let run = text("run")?.ok_or_else(|| format!("{at}: a binding needs `run`"))?;
            Ok(KeyValue::Run {
                run,
                help: text("help")?,
            })
        }
        _ => Err(format!(
            "{at}: expected a key, a list of keys, a command line or {{ run = \"…\", help = \"…\" }}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Result<Keys, Error> {
        let raw: BTreeMap<String, toml::Value> = toml::from_str(text).unwrap();
        validate(&raw, Path::new("c.toml"))
    }

    #[test]
    fn rebindings_bindings_and_panes_are_told_apart() {
        let keys = keys(
            r#"
            toggle_star = "x"
            quit = ["q", "ctrl-c"]
            "g g" = "top"
            ", m" = { run = "tag news; next_unread", help = "file under news" }
            [sidebar]
            "g r" = "refresh_all"
            "#,
        )
        .unwrap();
        assert_eq!(
            keys.everywhere["toggle_star"],
            KeyValue::Text("x".to_owned())
        );
        assert_eq!(
            keys.everywhere["quit"],
            KeyValue::List(vec!["q".into(), "ctrl-c".into()])
        );
        assert_eq!(
            keys.everywhere[", m"],
            KeyValue::Run {
                run: "tag news; next_unread".into(),
                help: Some("file under news".into())
            }
        );
        assert_eq!(
            keys.panes["sidebar"]["g r"],
            KeyValue::Text("refresh_all".into())
        );
    }

    #[test]
    fn a_bad_shape_names_the_binding() {
        let message = |text: &str| keys(text).unwrap_err().to_string();
        assert!(message(r#""g g" = 3"#).contains(r#"keys."g g""#));
        assert!(message(r#""g g" = { run = "top", desc = "x" }"#).contains("desc"));
        assert!(message(r#""g g" = { help = "x" }"#).contains("needs `run`"));
        assert!(message("[story]\n\"x\" = [\"a\"]").contains(r#"keys.story."x""#));
        assert!(message(r#"quit = ["q", 1]"#).contains("strings only"));
    }
}
