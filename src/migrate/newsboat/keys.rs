//! newsboat's `bind-key`, `macro` and `notify-program` lines as tidings' `[keys]` and
//! `[notify]` entries. Only operations tidings has a command for are taken; anything else
//! is reported, so every binding written loads.

/// newsboat operations with the tidings command that does the same.
const OPERATIONS: &[(&str, &str)] = &[
    ("open", "open"),
    ("quit", "quit"),
    ("hard-quit", "quit"),
    ("help", "help"),
    ("up", "up"),
    ("down", "down"),
    ("pageup", "page_up"),
    ("pagedown", "page_down"),
    ("home", "top"),
    ("end", "bottom"),
    ("next-unread", "next_unread"),
    ("prev-unread", "prev_unread"),
    ("toggle-article-read", "toggle_read"),
    ("mark-feed-read", "mark_view_read"),
    ("open-in-browser", "open_browser"),
    ("goto-url", "pick_link"),
    ("reload", "refresh_feed"),
    ("reload-all", "refresh_all"),
    ("open-search", "search"),
    ("set-filter", "filter"),
    ("edit-tags", "edit_tags"),
    ("bookmark", "bookmark"),
    ("pipe-to", "pipe"),
    ("cmdline", "command_line"),
];

/// A `config` line of newsboat's about keys, notifications or colours, as the table, key
/// and text of a setting (or why it can't be one); `None` for any other line.
pub fn line(name: &str, args: &[String]) -> Option<Result<(&'static str, String, String), String>> {
    let mapped = match (name, args) {
        ("bind-key", _) => bind_key(args),
        ("macro", _) => macro_binding(args).map(|(chain, line)| ("keys", chain, line)),
        ("notify-program", [program]) => {
            Ok(("notify", "command".to_owned(), notify_command(program)))
        }
        ("notify-program", _) => Err("expected notify-program PATH".into()),
        ("color", _) => colour(args).map(|(entry, colour)| ("theme", entry.to_owned(), colour)),
        ("unbind-key" | "bind", _) => {
            Err("only bind-key and macro lines are imported; tidings' defaults stay".into())
        }
        _ => return None,
    };
    Some(mapped)
}

/// `bind-key KEY OPERATION [DIALOG]`: the `[keys]` table, the key and the command.
fn bind_key(args: &[String]) -> Result<(&'static str, String, String), String> {
    let (key_name, op, dialog) = match args {
        [key, op] => (key, op, None),
        [key, op, dialog] => (key, op, Some(dialog.as_str())),
        _ => return Err("expected bind-key KEY OPERATION [DIALOG]".into()),
    };
    let command =
        operation(op).ok_or_else(|| format!("no tidings command for newsboat's `{op}`"))?;
    Ok((table(dialog)?, key(key_name)?, command.to_owned()))
}

/// The tidings command for a newsboat operation.
pub fn operation(name: &str) -> Option<&'static str> {
    OPERATIONS
        .iter()
        .find(|(op, _)| *op == name)
        .map(|(_, cmd)| *cmd)
}

/// The `[keys]` table for a newsboat dialog (none: everywhere).
pub fn table(dialog: Option<&str>) -> Result<&'static str, String> {
    match dialog {
        None | Some("all") => Ok("keys"),
        Some("feedlist") => Ok("keys.sidebar"),
        Some("articlelist") => Ok("keys.list"),
        Some("article") => Ok("keys.story"),
        Some(other) => Err(format!(
            "tidings has no pane like newsboat's `{other}` dialog"
        )),
    }
}

/// A newsboat key name (`^R`, `ENTER`, `NPAGE`, `x`) as tidings writes it. `up`, `down`,
/// `left` and `right` come capitalised, since in `[keys]` the lower-case names are actions.
pub fn key(name: &str) -> Result<String, String> {
    let named = match name {
        "ENTER" => "enter",
        "SPACE" => "space",
        "TAB" => "tab",
        "ESC" => "esc",
        "BACKSPACE" => "backspace",
        "DEL" => "delete",
        "UP" => "Up",
        "DOWN" => "Down",
        "LEFT" => "Left",
        "RIGHT" => "Right",
        "PPAGE" => "pageup",
        "NPAGE" => "pagedown",
        "HOME" => "home",
        "END" => "end",
        _ => "",
    };
    if !named.is_empty() {
        return Ok(named.to_owned());
    }
    if let Some(n) = name
        .strip_prefix('F')
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|n| (1..=12).contains(n))
    {
        return Ok(format!("f{n}"));
    }
    let mut chars = name.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some('^'), Some(c), None) if c.is_ascii_alphabetic() => {
            Ok(format!("ctrl-{}", c.to_ascii_lowercase()))
        }
        (Some(c), None, None) if !c.is_control() && c != ' ' => Ok(c.to_string()),
        _ => Err(format!("no tidings key for newsboat's `{name}`")),
    }
}

/// `macro KEY CMD ; CMD… [-- "description"]`: the chain (`", KEY"`, newsboat's macro
/// prefix being `,`) and the command line it runs. The description is not kept.
pub fn macro_binding(args: &[String]) -> Result<(String, String), String> {
    let Some((name, rest)) = args.split_first() else {
        return Err("expected macro KEY COMMAND…".into());
    };
    let rest = match rest.iter().position(|a| a == "--") {
        Some(at) => &rest[..at],
        None => rest,
    };
    let line = rest.join(" ");
    let mut commands = Vec::new();
    for step in line.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let mut words = step.split_whitespace();
        let op = words.next().unwrap_or_default();
        if words.next().is_some() {
            return Err(format!(
                "`{step}`: tidings has no command taking newsboat's arguments (such as `set`)"
            ));
        }
        commands.push(
            operation(op).ok_or_else(|| format!("no tidings command for newsboat's `{op}`"))?,
        );
    }
    if commands.is_empty() {
        return Err("a macro without commands".into());
    }
    Ok((format!(", {}", key(name)?), commands.join("; ")))
}

/// `notify-program PATH`: newsboat runs it with the notification text as its one
/// argument, so tidings passes it a text of the same kind.
pub fn notify_command(program: &str) -> String {
    let program = if program.contains(char::is_whitespace) || program.contains('\'') {
        format!("\"{}\"", program.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        program.to_owned()
    };
    format!("{program} '%n new stories in %f feeds'")
}

/// `color ELEMENT FG BG [ATTR…]`: the `[theme]` entry and its colour, for the elements
/// tidings colours the same way (attributes such as `bold` are not kept).
pub fn colour(args: &[String]) -> Result<(&'static str, String), String> {
    let [element, fg, bg, ..] = args else {
        return Err("expected color ELEMENT FOREGROUND BACKGROUND".into());
    };
    let (entry, which) = match element.as_str() {
        "listfocus" | "listfocus_unread" => ("selection", bg),
        "listnormal_unread" => ("unread", fg),
        _ => {
            return Err(format!(
                "tidings' [theme] has no colour for newsboat's `{element}`"
            ));
        }
    };
    Ok((entry, colour_name(which)?))
}

fn colour_name(name: &str) -> Result<String, String> {
    match name {
        "black" | "red" | "green" | "yellow" | "blue" | "magenta" | "cyan" | "white" => {
            Ok(name.to_owned())
        }
        "default" => Ok("reset".to_owned()),
        _ => name
            .strip_prefix("color")
            .and_then(|n| n.parse::<u8>().ok())
            .map(|n| n.to_string())
            .ok_or_else(|| format!("no tidings colour for newsboat's `{name}`")),
    }
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
