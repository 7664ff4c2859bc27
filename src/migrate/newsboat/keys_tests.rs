use std::path::Path;

use super::*;
use crate::config::{self, Config, DefaultPaths, SettingValue};
use crate::migrate::newsboat::lines::{Plan, read_config};
use crate::ui::keymap::Keymap;

const CONFIG: &str = r#"bind-key ^R reload-all
bind-key j down articlelist
bind-key SPACE pagedown article
bind-key UP up feedlist
bind-key ENTER open
bind-key NPAGE pagedown
bind-key F2 help
macro n next-unread ; open
macro o open-in-browser -- "open it"
notify-program "/usr/local/bin/my notifier"
color listfocus black yellow bold
color listnormal_unread color208 default
bind-key x toggle-show-read-feeds
bind-key y open tagselection
bind-key ^? quit
macro b set browser "mpv %u" ; open-in-browser
macro c open ; frobnicate
unbind-key j
color info red blue
color listfocus black fuchsia
"#;

fn plan() -> Plan {
    let mut plan = Plan::default();
    read_config(Path::new("config"), CONFIG, 's', &mut plan);
    plan
}

fn text(s: &str) -> SettingValue {
    SettingValue::Text(s.to_owned())
}

#[test]
fn bind_keys_macros_notify_and_colours_become_settings() {
    let settings: Vec<(String, String, SettingValue)> = plan()
        .additions
        .settings
        .into_iter()
        .map(|(section, key, value, _)| (section, key, value))
        .collect();
    let want = |section: &str, key: &str, value: &str| (section.into(), key.into(), text(value));
    assert_eq!(
        settings,
        [
            want("keys", "ctrl-r", "refresh_all"),
            want("keys.list", "j", "down"),
            want("keys.story", "space", "page_down"),
            want("keys.sidebar", "Up", "up"),
            want("keys", "enter", "open"),
            want("keys", "pagedown", "page_down"),
            want("keys", "f2", "help"),
            want("keys", ", n", "next_unread; open"),
            want("keys", ", o", "open_browser"),
            want(
                "notify",
                "command",
                "\"/usr/local/bin/my notifier\" '%n new stories in %f feeds'"
            ),
            want("theme", "selection", "yellow"),
            want("theme", "unread", "208"),
        ]
    );
}

#[test]
fn lines_without_a_tidings_equivalent_are_reported_with_the_reason() {
    let unmapped: Vec<(String, String)> = plan()
        .unmapped
        .into_iter()
        .map(|u| (u.origin, u.reason))
        .collect();
    let origins: Vec<&str> = unmapped.iter().map(|u| u.0.as_str()).collect();
    assert_eq!(
        origins,
        [
            "config:13",
            "config:14",
            "config:15",
            "config:16",
            "config:17",
            "config:18",
            "config:19",
            "config:20"
        ]
    );
    let reasons: Vec<&str> = unmapped.iter().map(|u| u.1.as_str()).collect();
    assert!(
        reasons[0].contains("`toggle-show-read-feeds`"),
        "{reasons:?}"
    );
    assert!(reasons[1].contains("`tagselection` dialog"), "{reasons:?}");
    assert!(
        reasons[2].contains("no tidings key for newsboat's `^?`"),
        "{reasons:?}"
    );
    assert!(reasons[3].contains("`set browser mpv %u`"), "{reasons:?}");
    assert!(reasons[4].contains("`frobnicate`"), "{reasons:?}");
    assert!(
        reasons[5].contains("only bind-key and macro"),
        "{reasons:?}"
    );
    assert!(reasons[6].contains("`info`"), "{reasons:?}");
    assert!(reasons[7].contains("`fuchsia`"), "{reasons:?}");
}

#[test]
fn every_operation_is_a_tidings_command() {
    for (op, command) in OPERATIONS {
        let parsed = crate::ui::command::parse(command);
        assert!(parsed.is_ok(), "{op} -> {command}: {parsed:?}");
    }
}

#[test]
fn key_names_translate_or_are_refused() {
    assert_eq!(key("^A").unwrap(), "ctrl-a");
    assert_eq!(key("DOWN").unwrap(), "Down");
    assert_eq!(key("PPAGE").unwrap(), "pageup");
    assert_eq!(key("ESC").unwrap(), "esc");
    assert_eq!(key("F12").unwrap(), "f12");
    assert_eq!(key("G").unwrap(), "G");
    assert!(key("F13").is_err());
    assert!(key("KEY_WEIRD").is_err());
}

#[test]
fn a_comma_binding_gives_way_to_macros() {
    let mut plan = Plan::default();
    read_config(
        Path::new("c"),
        "bind-key , quit\nmacro x open\n",
        's',
        &mut plan,
    );
    assert_eq!(plan.additions.settings.len(), 1);
    assert_eq!(plan.additions.settings[0].1, ", x");
    assert_eq!(plan.unmapped.len(), 1);
    assert_eq!(plan.unmapped[0].origin, "c:1");
    assert!(
        plan.unmapped[0]
            .reason
            .contains("starts the imported macros")
    );
    let mut alone = Plan::default();
    read_config(Path::new("c"), "bind-key , quit\n", 's', &mut alone);
    assert_eq!(alone.additions.settings[0].1, ",");
}

/// What import writes loads, keys and colours included: the config check and the keymap
/// the reader builds from it both accept it.
#[test]
fn imported_bindings_load_in_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let applied = config::add_imported(&path, &plan().additions, false).unwrap();
    assert_eq!(applied.settings, 12);
    let defaults = DefaultPaths {
        config_file: path.clone(),
        db_file: dir.path().join("db"),
    };
    let loaded = Config::load(Some(&path), None, &defaults).unwrap();
    assert_eq!(loaded.keys.panes["story"].len(), 1);
    assert_eq!(loaded.theme.unread, "208");
    let keymap = Keymap::from_config(&loaded.keys, loaded.reader.key_timeout).unwrap();
    let runs: Vec<String> = keymap
        .bound()
        .iter()
        .map(|b| format!("{} {}", b.keys.as_str(), b.run.as_str()))
        .collect();
    assert!(
        runs.contains(&", n next_unread; open".to_owned()),
        "{runs:?}"
    );
    assert!(runs.contains(&"space page_down".to_owned()), "{runs:?}");
    crate::ui::theme::Theme::new(&loaded.theme, true).unwrap();
}
