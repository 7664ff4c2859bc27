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
