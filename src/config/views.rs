//! Saved views (`[[view]]`): a name and a query, checked when the config is read, so a
//! typo in a query is an error naming the view rather than an empty list later.

use std::path::Path;

use serde::Deserialize;

use super::Error;
use crate::query::{self, Query};

/// A saved view: the reader's sidebar lists it under "Views"; `tidings views` counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    pub name: String,
    /// The query as written.
    pub text: String,
    pub query: Query,
}

/// `[[view]]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawView {
    name: String,
    query: String,
}

/// Checks every view: a name, not used twice, and a query that parses.
pub(super) fn validate(raw: &[RawView], path: &Path) -> Result<Vec<SavedView>, Error> {
    let invalid = |message: String| Error::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let mut views: Vec<SavedView> = Vec::with_capacity(raw.len());
    for view in raw {
        let name = view.name.trim();
        if name.is_empty() {
            return Err(invalid("a [[view]] has an empty name".to_owned()));
        }
        if views.iter().any(|v| v.name == name) {
            return Err(invalid(format!("[[view]] \"{name}\" is defined twice")));
        }
        let query = query::parse(&view.query).map_err(|e| {
            invalid(format!(
                "[[view]] \"{name}\": {} (at column {} of `{}`)",
                e.message,
                e.position + 1,
                view.query
            ))
        })?;
        views.push(SavedView {
            name: name.to_owned(),
            text: view.query.clone(),
            query,
        });
    }
    Ok(views)
}
