//! Hyperlinks in the story pane, down to the bytes the terminal gets: for any link and
//! text, however hostile, the output holds well-formed OSC 8 opens and closes tidings
//! wrote, ratatui's own CSI sequences, and no other escape, BEL or C1 control.

use proptest::prelude::*;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::*;
use crate::sanitize;
use crate::store::ArticleId;
use crate::ui::effect::RenderKey;
use crate::ui::render::render_story;

const WIDTH: u16 = 40;

/// The story pane's lines for `html` with the story link `link` above them, drawn and
/// marked as the story view does, then written by the crossterm backend.
fn output(html: &str, link: &str, hyperlinks: bool) -> (String, Vec<String>) {
    let key = RenderKey {
        id: ArticleId(1),
        width: usize::from(WIDTH),
        full_text: false,
        rtl: false,
    };
    let story = render_story(key, html, None);
    let mut lines = vec![DisplayLine::new(
        vec![sanitize::Span {
            text: sanitize::clean_line(link).into(),
            ..Default::default()
        }],
        LineKind::StoryLink,
    )];
    lines.extend(story.lines.iter().cloned());
    let area = Rect::new(0, 0, WIDTH, lines.len().min(200) as u16);
    let mut buffer = Buffer::empty(area);
    let text: Vec<Line> = lines
        .iter()
        .map(|line| {
            let spans: Vec<Span> = line
                .spans
                .iter()
                .map(|s| Span::raw(s.text.to_string()))
                .collect();
            let alignment = if line.align_right {
                Alignment::Right
            } else {
                Alignment::Left
            };
            Line::from(spans).alignment(alignment)
        })
        .collect();
    Paragraph::new(text).render(area, &mut buffer);
    if hyperlinks {
        let story_uri = osc::safe_uri(link);
        let links = Links {
            story: story_uri.as_deref(),
            numbered: &story.hyperlinks,
        };
        mark(&mut buffer, area, lines.iter(), &links);
    }
    let written = Written::default();
    let mut backend = CrosstermBackend::new(written.clone());
    let empty = Buffer::empty(area);
    backend.draw(empty.diff(&buffer).into_iter()).unwrap();
    backend.flush().unwrap();
    let bytes = written.0.borrow().clone();
    (String::from_utf8(bytes).unwrap(), story.links)
}

/// What the backend wrote, kept where the test can read it.
#[derive(Clone, Default)]
struct Written(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Written {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The URIs of the OSC 8 opens in `out`, after checking that every escape in it is a
/// CSI or one of tidings' OSC 8 sequences, each open closed before the next one, and
/// that no BEL or C1 control is left.
fn hyperlinks_in(out: &str) -> Result<Vec<String>, TestCaseError> {
    let mut uris = Vec::new();
    let mut open = false;
    let mut rest = out;
    while let Some(c) = rest.chars().next() {
        prop_assert!(c != '\u{7}', "BEL in {out:?}");
        prop_assert!(!('\u{80}'..='\u{9f}').contains(&c), "C1 {c:?} in {out:?}");
        if c != '\x1b' {
            prop_assert!(c >= ' ' && c != '\u{7f}', "control {c:?} in {out:?}");
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if let Some(csi) = rest.strip_prefix("\x1b[") {
            let end = csi
                .find(|c: char| ('\u{40}'..='\u{7e}').contains(&c))
                .ok_or_else(|| TestCaseError::fail("unended CSI"))?;
            let params = &csi[..end];
            prop_assert!(
                params.chars().all(|c| (' '..='?').contains(&c)),
                "odd CSI {:?}",
                params
            );
            rest = &csi[end + 1..];
        } else if let Some(after) = rest.strip_prefix(osc::LINK_CLOSE) {
            prop_assert!(open, "close without open in {out:?}");
            open = false;
            rest = after;
        } else if let Some(link) = rest.strip_prefix("\x1b]8;id=tidings-") {
            prop_assert!(!open, "open inside open in {out:?}");
            let (id, link) = link
                .split_once(';')
                .ok_or_else(|| TestCaseError::fail("no URI"))?;
            prop_assert!(id.bytes().all(|b| b.is_ascii_digit()));
            let end = link
                .find("\x1b\\")
                .ok_or_else(|| TestCaseError::fail("unended OSC 8"))?;
            let uri = &link[..end];
            prop_assert!(uri.bytes().all(|b| (0x21..=0x7e).contains(&b)), "{uri:?}");
            uris.push(uri.to_owned());
            open = true;
            rest = &link[end + 2..];
        } else {
            return Err(TestCaseError::fail(format!("stray ESC in {out:?}")));
        }
    }
    prop_assert!(!open, "left open in {out:?}");
    Ok(uris)
}

fn hostile() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "a",
        " ",
        "\x1b",
        "\x07",
        "\u{9c}",
        "\x1b\\",
        "\\",
        "]",
        ";",
        "8",
        "]8;;",
        "\x1b]8;;x\x07",
        "%",
        "\"",
        "<",
        ">",
        "&amp;",
        "é",
        "日本",
        "\u{202e}",
        "\u{200b}",
        "\n",
        "\r",
        "\t",
        "javascript:",
        "/",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn hostile_links_and_text_cannot_break_out(
        path in hostile(),
        text in hostile(),
        plain_scheme in any::<bool>(),
    ) {
        let link = if plain_scheme { format!("https://example.org/{path}") } else { path.clone() };
        let html = format!("<p>{text} <a href=\"{link}\">x{text}</a> {text}</p>");
        let (out, numbered) = output(&html, &link, true);
        let uris = hyperlinks_in(&out)?;
        for uri in &uris {
            let known = std::iter::once(link.as_str())
                .chain(numbered.iter().map(String::as_str))
                .filter_map(osc::safe_uri)
                .any(|safe| &safe == uri);
            prop_assert!(known, "{uri:?} is no link of the story");
        }
        if plain_scheme && osc::safe_uri(&link).is_some() {
            prop_assert!(!uris.is_empty(), "an allowed link with no hyperlink: {out:?}");
        }
        let (plain, _) = output(&html, &link, false);
        prop_assert!(hyperlinks_in(&plain)?.is_empty());
    }
}

#[test]
fn numbered_links_and_the_story_link_are_wrapped_cell_by_cell() {
    let html = r#"<p>See <a href="https://example.org/a">this</a>.</p>"#;
    let (out, links) = output(html, "https://example.org/story", true);
    assert_eq!(links, ["https://example.org/a"]);
    let open_a = osc::link_open("https://example.org/a", 1);
    let open_story = osc::link_open("https://example.org/story", 0);
    assert!(
        out.contains(&format!("{open_story}h{}", osc::LINK_CLOSE)),
        "{out:?}"
    );
    // The marker `[1]` in the text and the link's own line in the list.
    assert!(
        out.contains(&format!("{open_a}[{}", osc::LINK_CLOSE)),
        "{out:?}"
    );
    assert!(out.matches(&open_a).count() >= "[1]".len() + "https://example.org/a".len());
    let (plain, _) = output(html, "https://example.org/story", false);
    assert!(!plain.contains("\x1b]8"), "{plain:?}");
    assert!(plain.contains("example.org/story"));
}

#[test]
fn a_wide_character_inside_a_link_keeps_the_columns_after_it() {
    let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
    buffer.set_string(0, 0, "日x", ratatui::style::Style::new());
    wrap_cells(&mut buffer, (0, 3), 0, "<o>");
    assert_eq!(buffer[(0, 0)].symbol(), format!("<o>日{}", osc::LINK_CLOSE));
    assert_eq!(buffer[(2, 0)].symbol(), format!("<o>x{}", osc::LINK_CLOSE));
    let cells: Vec<(u16, u16)> = Buffer::empty(buffer.area)
        .diff(&buffer)
        .into_iter()
        .map(|(x, y, _)| (x, y))
        .collect();
    assert_eq!(cells, [(0, 0), (2, 0)]);
}
