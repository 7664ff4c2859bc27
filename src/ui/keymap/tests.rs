//! The keymap's tests: default bindings, rebinding from the config, key names.
use super::*;
use crate::ui::action::PromptKind;

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn default_table_parses() {
    let map = Keymap::new(&BTreeMap::new()).unwrap();
    assert_eq!(map.help().len(), BINDINGS.len());
}

#[test]
fn j_means_down_in_browse_mode() {
    let map = Keymap::default();
    assert_eq!(
        keymap(&map, &Mode::Browse, press(KeyCode::Char('j'))),
        Some(Action::Down)
    );
    assert_eq!(
        keymap(&map, &Mode::Browse, press(KeyCode::Down)),
        Some(Action::Down)
    );
}

#[test]
fn shifted_letters_bind_to_their_capital() {
    let map = Keymap::default();
    let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(keymap(&map, &Mode::Browse, shift_g), Some(Action::Bottom));
}

#[test]
fn digits_follow_links() {
    let map = Keymap::default();
    assert_eq!(
        keymap(&map, &Mode::Browse, press(KeyCode::Char('3'))),
        Some(Action::FollowDigit(3))
    );
}

#[test]
fn rebinding_replaces_the_defaults() {
    let overrides =
        BTreeMap::from([("quit".to_owned(), vec!["x".to_owned(), "ctrl-q".to_owned()])]);
    let map = Keymap::new(&overrides).unwrap();
    assert_eq!(keymap(&map, &Mode::Browse, press(KeyCode::Char('q'))), None);
    assert_eq!(
        keymap(&map, &Mode::Browse, press(KeyCode::Char('x'))),
        Some(Action::Quit)
    );
    let ctrl_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
    assert_eq!(keymap(&map, &Mode::Browse, ctrl_q), Some(Action::Quit));
}

#[test]
fn unknown_action_or_key_is_an_error() {
    let bad_action = BTreeMap::from([("fly".to_owned(), vec!["f".to_owned()])]);
    assert!(
        Keymap::new(&bad_action)
            .unwrap_err()
            .to_string()
            .contains("fly")
    );
    let bad_key = BTreeMap::from([("quit".to_owned(), vec!["hyper-q".to_owned()])]);
    assert!(
        Keymap::new(&bad_key)
            .unwrap_err()
            .to_string()
            .contains("hyper-q")
    );
}

#[test]
fn prompt_mode_types_characters() {
    let map = Keymap::default();
    let mode = Mode::Prompt(PromptKind::Search);
    assert_eq!(
        keymap(&map, &mode, press(KeyCode::Char('q'))),
        Some(Action::Insert('q'))
    );
    assert_eq!(
        keymap(&map, &mode, press(KeyCode::Enter)),
        Some(Action::Submit)
    );
    assert_eq!(
        keymap(&map, &mode, press(KeyCode::Esc)),
        Some(Action::Cancel)
    );
}

#[test]
fn welcome_offers_samples_and_quit() {
    let map = Keymap::default();
    assert_eq!(
        keymap(&map, &Mode::Welcome, press(KeyCode::Char('s'))),
        Some(Action::LoadSamples)
    );
    assert_eq!(
        keymap(&map, &Mode::Welcome, press(KeyCode::Char('q'))),
        Some(Action::Quit)
    );
    assert_eq!(
        keymap(&map, &Mode::Welcome, press(KeyCode::Char('j'))),
        None
    );
}

fn config(text: &str) -> crate::config::Keys {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let defaults = crate::config::DefaultPaths {
        config_file: path.clone(),
        db_file: dir.path().join("db"),
    };
    crate::config::Config::load(Some(&path), None, &defaults)
        .unwrap()
        .keys
}

fn chain_map(text: &str) -> Result<Keymap> {
    Keymap::from_config(&config(text), Duration::from_millis(700))
}

#[test]
fn a_chain_waits_then_runs_its_commands_and_a_stray_key_breaks_it() {
    let map = chain_map("[keys]\n\"g s\" = \"star; next_unread\"\ntoggle_read = \"x\"\n").unwrap();
    assert_eq!(map.timeout, Duration::from_millis(700));
    let g = parse_key("g").unwrap();
    let pending = super::press(&map, &Mode::Browse, Pane::List, &[], press_key('g'));
    assert_eq!(pending, KeyOutcome::Pending(vec![g]));
    assert_eq!(
        super::press(&map, &Mode::Browse, Pane::Story, &[g], press_key('s')),
        KeyOutcome::Run(vec![
            Command::Act(Action::ToggleStar),
            Command::Act(Action::NextUnread)
        ])
    );
    assert_eq!(
        super::press(&map, &Mode::Browse, Pane::List, &[g], press_key('j')),
        KeyOutcome::Nothing
    );
    // The old-style rebinding in the same table still works, and the default `g`
    // (top), now the start of a chain, is no longer listed for `top`.
    assert_eq!(
        super::press(&map, &Mode::Browse, Pane::List, &[], press_key('x')),
        KeyOutcome::Act(Action::ToggleRead)
    );
    let help = map.help();
    let top = help.iter().find(|(name, ..)| *name == "top").unwrap();
    assert_eq!(top.2, ["home"]);
}

#[test]
fn a_panes_table_wins_there_only() {
    let map = chain_map(
        "[keys.story]\nx = { run = \"tag later\", help = \"read it later\" }\n\
         [keys.sidebar]\n\", r\" = \"refresh_all\"\n",
    )
    .unwrap();
    assert_eq!(
        super::press(&map, &Mode::Browse, Pane::Story, &[], press_key('x')),
        KeyOutcome::Run(vec![Command::Tag(vec!["later".into()])])
    );
    assert_eq!(
        super::press(&map, &Mode::Browse, Pane::List, &[], press_key('x')),
        KeyOutcome::Act(Action::FullText)
    );
    assert!(matches!(
        super::press(&map, &Mode::Browse, Pane::Sidebar, &[], press_key(',')),
        KeyOutcome::Pending(_)
    ));
    assert_eq!(
        super::press(&map, &Mode::Browse, Pane::List, &[], press_key(',')),
        KeyOutcome::Nothing
    );
    let bound = map.bound();
    assert_eq!(bound.len(), 2);
    let later = bound.iter().find(|b| b.keys.as_str() == "x").unwrap();
    assert_eq!(later.pane, Some("story"));
    assert_eq!(later.help.as_deref(), Some("read it later"));
}

#[test]
fn bad_keys_commands_and_overlaps_name_the_binding() {
    let error = |text: &str| chain_map(text).unwrap_err().to_string();
    let bad_key = error("[keys]\n\"g hyper-q\" = \"top\"\n");
    assert!(bad_key.contains(r#"[keys] "g hyper-q""#), "{bad_key}");
    assert!(bad_key.contains("hyper-q"), "{bad_key}");
    let bad_command = error("[keys.list]\n\", m\" = \"tag news; frobnicate\"\n");
    assert!(
        bad_command.contains(r#"[keys.list] ", m": frobnicate"#),
        "{bad_command}"
    );
    let overlap = error("[keys]\n\"z\" = \"top\"\n\"z z\" = \"bottom\"\n");
    assert!(overlap.contains("overlaps"), "{overlap}");
    let empty = error("[keys]\n\"z\" = \" ; \"\n");
    assert!(empty.contains("empty"), "{empty}");
    let list = error("[keys]\nfly = [\"f\"]\n");
    assert!(list.contains("fly"), "{list}");
}

#[test]
fn outside_the_panes_chains_do_not_apply() {
    let map = chain_map("[keys]\n\"q q\" = \"quit\"\n").unwrap();
    // The welcome view still quits on a single q (the defaults), not the chain.
    assert_eq!(
        super::press(&map, &Mode::Welcome, Pane::List, &[], press_key('q')),
        KeyOutcome::Act(Action::Quit)
    );
}

fn press_key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn the_readmes_example_reads() {
    let map = chain_map(
        r#"
        [keys]
        toggle_star = "x"
        quit = ["q", "ctrl-c"]
        "g g" = "top"
        ", m" = { run = "tag news; next_unread", help = "file under news, go on" }
        "ctrl-r" = "refresh"
        [keys.story]
        "space" = { run = "page_down", help = "scroll" }
        ", m" = "tag news; back"
        "L" = { run = "pipe less -R", help = "read it in less" }
        [keys.list]
        "S" = "star; next_unread"
        "#,
    )
    .unwrap();
    let comma = parse_key(",").unwrap();
    assert_eq!(
        super::press(&map, &Mode::Browse, Pane::Story, &[comma], press_key('m')),
        KeyOutcome::Run(vec![
            Command::Tag(vec!["news".into()]),
            Command::Act(Action::Back)
        ])
    );
    assert_eq!(
        super::press(&map, &Mode::Browse, Pane::Story, &[], press_key('L')),
        KeyOutcome::Run(vec![Command::Pipe("less -R".into())])
    );
    assert_eq!(map.bound().len(), 7);
}
