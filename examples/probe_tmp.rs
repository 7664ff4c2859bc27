#![allow(clippy::unwrap_used)]
use std::time::Instant;
use chrono::FixedOffset;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use tidings::store::Store;
use tidings::ui::{App, Event, Keymap, Settings, Theme, draw};
fn ms(s: Instant) -> f64 { s.elapsed().as_secs_f64() * 1000.0 }
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let s = Instant::now();
    let store = Store::open(std::path::Path::new(&path)).unwrap();
    let settings = Settings { sample_dir: "/tmp/x".into(), rtl: false, utc_offset: FixedOffset::east_opt(0).unwrap(), auto_refresh: None };
    let mut app = App::new(store, settings, Keymap::default(), Theme::default()).unwrap();
    println!("open+App::new {:.2} ms", ms(s));
    app.on_event(Event::Resized { width: 120, height: 40 });
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    term.draw(|f| draw(&app, f)).unwrap();
    let keys: Vec<(&str, KeyCode)> = vec![("j", KeyCode::Char('j')), ("G", KeyCode::Char('G')), ("g", KeyCode::Char('g')), ("n", KeyCode::Char('n')), ("n", KeyCode::Char('n')), ("g", KeyCode::Char('g')), ("n", KeyCode::Char('n')),("G", KeyCode::Char('G')),
        ("h", KeyCode::Char('h')), ("sj", KeyCode::Char('j')), ("tab", KeyCode::Tab), ("G", KeyCode::Char('G')), ("g", KeyCode::Char('g')),
        ("Enter", KeyCode::Enter), ("Esc", KeyCode::Esc), ("j", KeyCode::Char('j')), ("Enter", KeyCode::Enter), ("Esc", KeyCode::Esc), ("j", KeyCode::Char('j')), ("Enter", KeyCode::Enter), ("Esc", KeyCode::Esc), ("j", KeyCode::Char('j')), ("Enter", KeyCode::Enter)];
    for (name, code) in keys {
        let s = Instant::now();
        app.on_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        let u = ms(s);
        let d = Instant::now();
        term.draw(|f| draw(&app, f)).unwrap();
        println!("{name:<6} update {u:>6.2} ms draw {:>6.2} ms  sel {} total {}", ms(d), app.list.selected, app.list.total);
    }
}
