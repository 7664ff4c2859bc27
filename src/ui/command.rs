//! The reader's command language: every action has a name (`open`, `toggle_star`, …, as
//! in `[keys]`), some take arguments (`tag news`, `view "Syria, unread"`, `filter unread`,
//! `search ceasefire`, `set rtl on`, `add URL`), and `;` runs several in turn. The `:`
//! line and bound keys both go through [`parse`]. Pure: parsing runs nothing.

use super::action::Action;
use super::keymap::action_named;

mod bindings;

// The type lives beside the actions so that the keymap, which binds keys to commands,
// need not import the parser, which asks the keymap for the actions' names.
pub use super::action::Command;

/// Names that take arguments, with what they take, for completion and help.
pub const WITH_ARGUMENTS: &[(&str, &str)] = &[
    ("tag", "tag TAG…: add tags to the story"),
    ("view", "view NAME: show a view of the sidebar"),
    (
        "filter",
        "filter QUERY: filter the list (no query: the prompt)",
    ),
    (
        "search",
        "search QUERY: full-text search (no query: the prompt)",
    ),
    ("set", "set rtl on|off|toggle"),
    ("add", "add URL: subscribe to a feed or site"),
    ("pipe", "pipe COMMAND: pipe the story to a command"),
];

/// Short names for the commands people type most, beside the `[keys]` names.
const ALIASES: &[(&str, Action)] = &[
    ("star", Action::ToggleStar),
    ("read", Action::ToggleRead),
    ("refresh", Action::RefreshAll),
    ("browser", Action::OpenBrowser),
    ("full-text", Action::FullText),
    ("q", Action::Quit),
    ("links", Action::PickLink),
    ("open_link", Action::OpenBrowser),
];

/// Why a command line was refused: the command, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{command}: {problem}")]
pub struct CommandError {
    pub command: String,
    pub problem: String,
}

/// Parses a command line: commands separated by `;` (outside quotes).
pub fn parse(line: &str) -> Result<Vec<Command>, CommandError> {
    split_sequence(line)
        .iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .map(parse_one)
        .collect()
}

/// Every command name, for completion: the actions', the aliases and those with arguments.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = super::keymap::action_names()
        .chain(ALIASES.iter().map(|(name, _)| *name))
        .chain(WITH_ARGUMENTS.iter().map(|(name, _)| *name))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn parse_one(text: &str) -> Result<Command, CommandError> {
    let (name, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let rest = rest.trim();
    let fail = |problem: &str| CommandError {
        command: name.to_owned(),
        problem: problem.to_owned(),
    };
    let words = || split_words(rest).ok_or_else(|| fail("unbalanced quotes"));
    let name_key = name.replace('-', "_");
    match (name, rest.is_empty()) {
        ("filter", true) => Ok(Command::Act(Action::Filter)),
        ("filter", false) => Ok(Command::Filter(rest.to_owned())),
        ("search", true) => Ok(Command::Act(Action::Search)),
        ("search", false) => Ok(Command::Search(rest.to_owned())),
        ("tag", true) => Ok(Command::Act(Action::EditTags)),
        ("tag", false) => Ok(Command::Tag(words()?)),
        ("add", true) => Ok(Command::Act(Action::AddFeed)),
        ("add", false) => Ok(Command::Add(rest.to_owned())),
        ("pipe", true) => Ok(Command::Act(Action::Pipe)),
        ("pipe", false) => Ok(Command::Pipe(rest.to_owned())),
        ("view", _) => match words()?.as_slice() {
            [view] => Ok(Command::View(view.clone())),
            _ => Err(fail("needs one view name (quote one with spaces)")),
        },
        ("set", _) => match words()?.as_slice() {
            [option, value] if option == "rtl" => match value.as_str() {
                "on" => Ok(Command::SetRtl(Some(true))),
                "off" => Ok(Command::SetRtl(Some(false))),
                "toggle" => Ok(Command::SetRtl(None)),
                _ => Err(fail("rtl is on, off or toggle")),
            },
            _ => Err(fail("the setting is `set rtl on|off|toggle`")),
        },
        (_, true) => ALIASES
            .iter()
            .find(|(alias, _)| *alias == name)
            .map(|(_, action)| *action)
            .or_else(|| action_named(&name_key))
            .map(Command::Act)
            .ok_or_else(|| fail("no such command (Tab completes names)")),
        (_, false) => match action_named(&name_key) {
            Some(_) => Err(fail("takes no arguments")),
            None => Err(fail("no such command (Tab completes names)")),
        },
    }
}

/// `text` as words: split at whitespace outside quotes, quotes removed (`#` is an
/// ordinary character: `#news` names a tag's view). `None` when a quote is left open.
fn split_words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote = None;
    for c in text.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (Some(open), _) if c == open => quote = None,
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (_, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    if quote.is_some() {
        return None;
    }
    words.extend(word);
    Some(words)
}

/// `line` cut at each `;` that is not inside single or double quotes.
fn split_sequence(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quote = None;
    let mut start = 0;
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, ';') => {
                parts.push(&line[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&line[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_arguments_and_sequences_parse() {
        assert_eq!(
            parse("open; tag news \"long read\" ; set rtl on"),
            Ok(vec![
                Command::Act(Action::Open),
                Command::Tag(vec!["news".into(), "long read".into()]),
                Command::SetRtl(Some(true)),
            ])
        );
        assert_eq!(
            parse("view \"Syria, unread\""),
            Ok(vec![Command::View("Syria, unread".into())])
        );
        assert_eq!(
            parse("filter author:\"Ammar J\"; toggle-star"),
            Ok(vec![
                Command::Filter("author:\"Ammar J\"".into()),
                Command::Act(Action::ToggleStar),
            ])
        );
        assert_eq!(parse("star"), Ok(vec![Command::Act(Action::ToggleStar)]));
        assert_eq!(parse("filter"), Ok(vec![Command::Act(Action::Filter)]));
        assert_eq!(parse("  ;  "), Ok(vec![]));
    }

    #[test]
    fn mistakes_name_the_command() {
        let err = parse("open; frobnicate").unwrap_err();
        assert_eq!(err.command, "frobnicate");
        assert!(
            parse("open now")
                .unwrap_err()
                .problem
                .contains("no arguments")
        );
        assert!(parse("set rtl sideways").is_err());
        assert!(parse("view a b").is_err());
        assert!(parse("tag \"open").is_err());
        assert_eq!(parse("view #news"), Ok(vec![Command::View("#news".into())]));
        assert_eq!(
            parse("tag '' x"),
            Ok(vec![Command::Tag(vec![String::new(), "x".into()])])
        );
    }

    #[test]
    fn completion_knows_every_name() {
        let names = names();
        for name in [
            "open",
            "toggle_star",
            "star",
            "tag",
            "view",
            "quit",
            "filter",
        ] {
            assert!(names.contains(&name), "{name}");
        }
    }
}
