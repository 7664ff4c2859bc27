//! Rules (`[[rule]]`): a query and what to do with each new story it matches, checked
//! when the config is read, so a typo is an error naming the rule.

use std::path::Path;

use serde::Deserialize;

use super::{Error, OneOrMany};
use crate::query::{self, Action, Rule};

/// `[[rule]]` as written: `action` is one action or a list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    query: String,
    action: OneOrMany,
}

/// Checks every rule: a query that parses and uses no words (rules run as stories are
/// stored, before the search index has them: use `title:` or `author:` instead), and
/// known actions.
pub(super) fn validate(raw: &[RawRule], path: &Path) -> Result<Vec<Rule>, Error> {
    raw.iter()
        .enumerate()
        .map(|(index, rule)| {
            let invalid = |message: String| Error::Invalid {
                path: path.to_path_buf(),
                message: format!("[[rule]] {} (`{}`): {message}", index + 1, rule.query),
            };
            let parsed = query::parse(&rule.query)
                .map_err(|e| invalid(format!("{} at column {}", e.message, e.position + 1)))?;
            if parsed.uses_text_index() {
                return Err(invalid(
                    "rules can't match bare words or phrases (the search index doesn't have new \
                     stories yet): use title:TEXT, title:/REGEX/ or author:"
                        .to_owned(),
                ));
            }
            let actions = rule
                .action
                .to_vec()
                .iter()
                .map(|a| {
                    Action::parse(a).ok_or_else(|| {
                        invalid(format!(
                            "unknown action `{a}`: use ignore, hide, read, star, download or tag:NAME"
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            if actions.is_empty() {
                return Err(invalid("no action given".to_owned()));
            }
            Ok(Rule {
                text: rule.query.clone(),
                query: parsed,
                actions,
            })
        })
        .collect()
}
