//! Unit tests for openers: matching by URL and by MIME type, order, placeholders kept
//! inside one argument, and the errors a bad table gets.

use super::*;

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

fn opener(pattern: &str, command: &str) -> Opener {
    Opener::new(Some(pattern), None, command, false).unwrap()
}

#[test]
fn placeholders_are_replaced_inside_one_argument_each() {
    let mpv = opener("youtube", "mpv --title=%t --feed \"%f: %t\" %u");
    let argv = mpv.argv(
        &url("https://www.youtube.com/watch?v=x"),
        &SafeText::line("A title; with 'quotes' and $(spaces)"),
        &SafeText::line("My Feed"),
    );
    assert_eq!(
        argv,
        [
            "mpv",
            "--title=A title; with 'quotes' and $(spaces)",
            "--feed",
            "My Feed: A title; with 'quotes' and $(spaces)",
            "https://www.youtube.com/watch?v=x",
        ]
    );
}

#[test]
fn a_title_holding_a_placeholder_is_not_substituted_again() {
    let cmd = opener(".", "echo %t %%u 100%");
    let argv = cmd.argv(
        &url("https://example.org/"),
        &SafeText::line("50%u off %f"),
        &SafeText::line("feed"),
    );
    // `%%u` is a literal `%u`, so there is no URL placeholder: the URL goes last.
    assert_eq!(
        argv,
        ["echo", "50%u off %f", "%u", "100%", "https://example.org/"]
    );
}

#[test]
fn openers_match_in_order_by_url_and_by_type() {
    let openers = vec![
        opener(r"youtube\.com|youtu\.be", "mpv %u"),
        Opener::new(None, Some("audio/*"), "mpv --no-video", false).unwrap(),
        opener(r"\.pdf$", "zathura"),
        opener("example", "second"),
    ];
    let pick = |u: &str, mime| opener_for(&openers, &url(u), mime).map(Opener::name);
    assert_eq!(pick("https://youtu.be/abc", None), Some("mpv"));
    assert_eq!(pick("https://example.org/a.pdf", None), Some("zathura"));
    assert_eq!(pick("https://example.org/x", None), Some("second"));
    assert_eq!(pick("https://other.org/x", None), None);
    // A type opener needs a type; the glob is case-insensitive and whole.
    assert_eq!(
        pick("https://cdn.org/a.mp3", Some("Audio/MPEG")),
        Some("mpv")
    );
    assert_eq!(pick("https://cdn.org/a.mp3", None), None);
    assert_eq!(pick("https://cdn.org/a.mp4", Some("video/mp4")), None);
    assert_eq!(pick("https://cdn.org/a", Some("xaudio/mpeg")), None);
}

#[test]
fn text_mode_programs_and_terminal_openers_run_in_the_terminal() {
    assert!(opener(".", "w3m %u").in_terminal());
    assert!(!opener(".", "mpv %u").in_terminal());
    assert!(
        Opener::new(Some("."), None, "mpv %u", true)
            .unwrap()
            .in_terminal()
    );
}

#[test]
fn bad_tables_say_what_is_wrong() {
    assert_eq!(
        Opener::new(None, None, "mpv", false),
        Err(OpenerError::NothingToMatch)
    );
    let err = Opener::new(Some("youtube(\\.com"), None, "mpv", false).unwrap_err();
    assert!(
        matches!(&err, OpenerError::BadRegex { pattern, .. } if pattern == "youtube(\\.com"),
        "{err}"
    );
    assert!(err.to_string().contains("not a valid regex"), "{err}");
    assert_eq!(
        Opener::new(None, Some("audio"), "mpv", false),
        Err(OpenerError::BadType("audio".into()))
    );
    assert!(matches!(
        Opener::new(Some("x"), None, "mpv 'open", false),
        Err(OpenerError::BadCommand(_))
    ));
    assert!(matches!(
        Opener::new(Some("x"), None, "  ", false),
        Err(OpenerError::BadCommand(_))
    ));
}

#[test]
fn the_launcher_refuses_a_link_the_policy_refuses_before_any_opener() {
    let launcher = Launcher {
        openers: vec![opener(".", "/nonexistent/opener")],
        browser: Browser::new(Some("/nonexistent/browser"), None, false),
    };
    let link = |u: &str| Link {
        url: u.to_owned(),
        mime: None,
        title: SafeText::line("t"),
        feed: SafeText::line("f"),
    };
    assert!(matches!(
        launcher.open(&link("javascript:alert(1)"), None),
        Err(Error::Refused(_))
    ));
    // An allowed link goes to the opener (which does not exist), not the browser.
    let err = launcher
        .open(&link("https://example.org/"), None)
        .unwrap_err();
    assert!(
        matches!(&err, Error::Opener { program, .. } if program == "/nonexistent/opener"),
        "{err}"
    );
}
