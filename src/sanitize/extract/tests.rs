use super::*;

/// A paragraph long enough for readability to score it as story text.
fn paragraph(topic: &str) -> String {
    format!(
        "<p>This is a long paragraph about {topic}, with commas, clauses, and more words \
         to read, so that readability scores it as the story of the page, as it should. \
         It goes on about {topic} for a while longer, with more commas, and more words.</p>"
    )
    .repeat(3)
}

fn words(text: &str) -> Words {
    let mut words = Words::default();
    words.add(text);
    words
}

#[test]
fn a_short_post_is_found_with_or_without_readability() {
    let page = "<html><body><div class='post hentry'><div class='post-body entry-content'><p>Story</p></div></div></body></html>";
    let found = extract(page, "https://example.blogspot.com/p.html").expect("found");
    assert!(found.html.contains("Story"), "{found:?}");
}

#[test]
fn skips_empty_template_elements() {
    let dom = parse("<div class='post-body'> </div>").expect("parses");
    let hint = hint::find(&dom, Rules::builtin(), &mut TextReader::default());
    assert!(hint.node.is_none());
}

#[test]
fn falls_back_to_readability() {
    let body = paragraph("real article text");
    let page = format!(
        "<html><body><div id='menu'><a href='/'>Home</a></div><div id='story'>{body}</div></body></html>"
    );
    let found = extract(&page, "https://example.com/a").expect("readability finds it");
    assert_eq!(found.method, Method::Readability);
    assert!(found.html.contains("real article text"));
    assert!(!found.html.contains("Home"));
}

#[test]
fn a_comment_marked_as_content_never_replaces_the_story() {
    let story = paragraph("the harbour");
    let page = format!(
        "<html><body><div class='comments'><div class='post-body'><p>Great post!</p></div></div>\
         <article><h1>Harbour</h1>{story}</article></body></html>"
    );
    let found = extract(&page, "https://example.com/a").expect("found");
    assert!(found.html.contains("the harbour"), "{found:?}");
    assert!(!found.html.contains("Great post"), "{found:?}");
    let outside = Reason::OutsideStory {
        region: SafeText::line(".comments"),
    };
    assert!(
        found
            .removed
            .iter()
            .any(|r| r.reason == outside && r.preview == "Great post!"),
        "{:?}",
        found.removed
    );
}

#[test]
fn readability_wins_over_a_template_element_holding_sponsored_links() {
    let story = paragraph("the election");
    let sponsored =
        "<li><a href='/x'>You will not believe these ten amazing sponsored offers today</a></li>"
            .repeat(12);
    let page = format!(
        "<html><body><div itemprop='articleBody'>{story}\
         <div class='sponsored-links'><ul>{sponsored}</ul></div></div></body></html>"
    );
    let found = extract(&page, "https://example.com/a").expect("found");
    assert_eq!(found.method, Method::ReadabilityCleaner, "{found:?}");
    assert!(found.html.contains("the election"));
    assert!(!found.html.contains("amazing"), "{}", found.html);
    let overridden = &found.removed[0];
    assert_eq!(overridden.reason, Reason::TemplateOverridden);
    assert!(
        overridden
            .preview
            .starts_with("This is a long paragraph about the election")
    );
    assert!(overridden.preview.ends_with('…'), "{overridden:?}");
}

#[test]
fn choose_prefers_readability_only_when_it_holds_the_story() {
    let story = "one two three four five six seven eight nine ten";
    // Readability holds the template's words and more (the title).
    assert_eq!(
        choose(&words(story), &words(&format!("Title {story}"))),
        Method::ReadabilityHoldsMore
    );
    // The template element is a small box beside a long story.
    assert_eq!(
        choose(&words("box"), &words(story)),
        Method::ReadabilityHoldsMore
    );
    // Readability's choice is the element's story without the labels around it.
    let labelled = format!("{story} play mute fullscreen captions chapters volume seek rate");
    assert_eq!(
        choose(&words(&labelled), &words(story)),
        Method::ReadabilityCleaner
    );
    // Readability went elsewhere: the template element is the story.
    assert_eq!(
        choose(
            &words(story),
            &words("alpha beta gamma delta epsilon zeta eta")
        ),
        Method::Template
    );
}

#[test]
fn gives_up_on_pages_without_content() {
    assert!(extract("", "not a url").is_none());
    assert!(extract("<html><body></body></html>", "https://example.com/").is_none());
}
