//! Unit tests of the whole render pipeline on small HTML snippets.

use super::*;

const BASE: Option<&str> = Some("https://example.com/blog/post.html");

fn plain(html: &str) -> String {
    plain_text(html, BASE, 80)
}

/// The spans of a rendered story with the given style flag set.
fn styled(html: &str, pick: fn(&Style) -> bool) -> Vec<String> {
    let story = render(html, BASE, 80);
    story
        .lines
        .iter()
        .flat_map(|l| &l.spans)
        .filter(|s| pick(&s.style))
        .map(|s| s.text.to_string())
        .collect()
}

#[test]
fn drops_script_style_noscript_and_forms() {
    let html = "<p>Hi</p><script>alert(1)</script><style>p{}</style><noscript>NS</noscript>\
                <form><input value=v><button>Send</button></form><template>T</template>";
    assert_eq!(plain(html), "Hi");
}

#[test]
fn numbers_links_with_absolute_urls() {
    let html = "<p>See <a href='/a'>one</a> and <a href=\"https://x.org/b\">two</a>.</p>";
    assert_eq!(
        plain(html),
        "See one[1] and two[2].\n\n[1]: https://example.com/a\n[2]: https://x.org/b"
    );
    let story = render(html, BASE, 80);
    let link = story.lines[0]
        .spans
        .iter()
        .find(|s| s.text == "two")
        .expect("link span");
    assert!(link.style.link);
    assert_eq!(link.link, Some(1));
}

#[test]
fn unsafe_and_empty_links_keep_their_text_only() {
    let html =
        "<p><a href='javascript:alert(1)'>js</a> <a href='#top'>top</a> <a href='/x'> </a>end</p>";
    assert_eq!(plain(html), "js top end");
}

#[test]
fn marker_follows_the_link_text() {
    let html = "<a href='/x'><img src='/i.png' alt='Logo'>\n</a>";
    assert_eq!(
        plain(html),
        "[image: Logo][1]\n\n[1]: https://example.com/x"
    );
}

#[test]
fn marker_hugs_link_text_that_ends_in_a_space() {
    for html in [
        "<p>See <a href='/x'>the report </a>today.</p>",
        "<p>See <a href='/x'><b>the report </b></a>today.</p>",
        "<p>See <a href='/x'><span>the <i>report</i>\n</span> </a>today.</p>",
        "<p>See <a href='/x'>the report\u{a0}</a>today.</p>",
    ] {
        assert_eq!(
            plain(html),
            "See the report[1] today.\n\n[1]: https://example.com/x",
            "{html}"
        );
    }
}

#[test]
fn images_become_placeholders_and_trackers_vanish() {
    let html = "<p><img src='a.jpg' alt='A cat'> <img src='b.jpg'> \
                <img src='https://feeds.feedburner.com/~r/x/~4/abc'> \
                <img src='c.gif' width='1' height='1' alt='pixel'> <img alt='no source'></p>";
    assert_eq!(plain(html), "[image: A cat] [image] [image: no source]");
    assert_eq!(
        styled(html, |s| s.media),
        ["[image: A cat]", "[image]", "[image: no source]"]
    );
}

#[test]
fn embeds_become_video_or_embed_placeholders() {
    let html = "<iframe src='https://www.youtube.com/embed/abc'></iframe>\
                <p><iframe src='https://maps.example.org/m'></iframe></p>\
                <video><source src='/v.mp4'></video><iframe src=''></iframe>";
    assert_eq!(
        plain(html),
        "[video: https://www.youtube.com/watch?v=abc]\n\n[embed: https://maps.example.org/m]\n\n\
         [video: https://example.com/v.mp4]"
    );
}

#[test]
fn headings_quotes_and_emphasis_are_styled() {
    let html = "<h2>Title <i>here</i></h2><blockquote><p>Said <b>this</b></p></blockquote>\
                <p><code>x()</code> <s>old</s></p>";
    assert_eq!(styled(html, |s| s.heading), ["Title ", "here"]);
    assert_eq!(styled(html, |s| s.quote), ["Said ", "this"]);
    assert_eq!(styled(html, |s| s.bold), ["this"]);
    assert_eq!(styled(html, |s| s.code), ["x()"]);
    assert_eq!(styled(html, |s| s.strike), ["old"]);
    assert!(plain(html).contains("> Said this"));
}

#[test]
fn plain_text_marks_headings_like_markdown_and_the_reader_styles_them() {
    let html = "<h1>One</h1><p>Text</p><h3>Three <i>more</i></h3>";
    assert_eq!(plain(html), "# One\n\nText\n\n### Three more");
    let story = render(html, BASE, 80);
    assert_eq!(story.lines[0].text(), "One");
    // A wrapped heading is marked on every line and still fits the width.
    let long = format!("<h2>{}</h2>", "word ".repeat(30));
    let text = plain_text(&long, BASE, 40);
    assert!(
        text.lines()
            .all(|l| l.starts_with("## ") && l.chars().count() <= 40),
        "{text}"
    );
}

#[test]
fn wordpress_footer_and_related_posts_go() {
    let html = "<p>Story.</p><p><a href='/more' class='more-link'>Continue reading <span>Story</span> →</a></p>\
                <h3>Related posts:</h3><ul><li><a href='/r'>Other</a></li></ul>\
                <p>The post <a href='/p'>Story</a> appeared first on <a href='/'>Site</a>.</p>";
    assert_eq!(plain(html), "Story.");
}

#[test]
fn blogger_template_blocks_go() {
    let html = "<div>Text</div><div class='ads-wrapper'><div class='ads-label'>ADS</div></div>\
                <div>Advertisement</div><h3>Post a Comment</h3>\
                <div class='blog-pager'><a href='/n'>Previous Post</a><a href='/o'>Next Post</a></div>\
                <p>syria.news [at] example [dot] com</p><div>Share to Twitter</div>";
    assert_eq!(plain(html), "Text");
}

#[test]
fn short_real_paragraphs_stay() {
    let html = "<p>Share prices fell.</p><p>ADS-B data shows the route.</p><p>Advertisement revenue rose.</p>";
    assert_eq!(
        index_text(html, None),
        "Share prices fell.\n\nADS-B data shows the route.\n\nAdvertisement revenue rose."
    );
}

#[test]
fn hidden_elements_go() {
    let html =
        "<p>a</p><p hidden>b</p><p style='DISPLAY : none'>c</p><span aria-hidden='true'>d</span>";
    assert_eq!(plain(html), "a");
}

#[test]
fn layout_tables_unwrap_and_data_tables_stay() {
    let layout =
        "<table><tr><td><img src='x.jpg' alt='X'></td></tr><tr><td>Caption</td></tr></table>";
    assert_eq!(plain(layout), "[image: X]\nCaption");
    let data = "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>";
    assert!(plain(data).contains('│'));
}

#[test]
fn escape_sequences_in_text_are_removed_whole() {
    let html = "<p>a&#27;[2Jb &#x1b;]52;c;ZXZpbA==&#7;c \u{1b}[31md</p>";
    assert_eq!(plain(html), "ab c d");
}

#[test]
fn any_width_renders() {
    let html = "<table><tr><td>cell one</td><td>cell two</td></tr></table><ul><li><ol><li>deep</li></ol></li></ul>";
    for width in [0, 1, 5, 10, 40] {
        let story = render(html, None, width);
        assert!(story.body_text().contains("deep"), "width {width}");
    }
}

#[test]
fn paragraph_lines_fit_the_width() {
    let html = "<p>سوريا word 日本語 emoji 👨\u{200d}👩\u{200d}👧 and more words to wrap across several lines here.</p>".repeat(3);
    for line in &render(&html, None, 30).lines {
        assert!(
            line.width() <= 30,
            "{:?} is {} wide",
            line.text(),
            line.width()
        );
    }
}

#[test]
fn deeply_nested_html_does_not_overflow_the_stack() {
    let html = format!(
        "{}deep{}",
        "<div><b>".repeat(5000),
        "</b></div>".repeat(5000)
    );
    assert_eq!(index_text(&html, None), "deep");
}

#[test]
fn empty_and_text_only_input() {
    assert_eq!(render("", None, 80), Story::default());
    assert_eq!(
        render(
            "<div class='ads-wrapper'><div>ADS</div></div><script>x</script>",
            None,
            80
        ),
        Story::default()
    );
    assert_eq!(plain("just text &amp; more"), "just text & more");
}

#[test]
fn index_text_has_no_markers_placeholders_or_links() {
    let html = "<p><img src='a.png' alt='pic'></p><p>Read <a href='/x'>this</a>.</p>";
    assert_eq!(index_text(html, BASE), "Read this.");
}

#[test]
fn windows_1252_controls_in_text_become_quotes() {
    assert_eq!(
        plain("<p>don\u{92}t \u{93}quote\u{94}</p>"),
        "don’t “quote”"
    );
}
