//! Arabic-aware search through the real binary: stories added from a local feed file,
//! then `tidings search QUERY --json`. Each story carries one Arabic word or phrase, so
//! a query's hits say exactly which spellings met.

mod support;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use support::sandbox::Sandbox;

/// (key, title, body): the key is the story's title prefix, to name hits.
const STORIES: &[(&str, &str, &str)] = &[
    ("ceasefire", "", "إطلاق النار في المدينة"),
    ("official", "", "مسؤول"),
    ("hospital", "", "مستشفى"),
    ("hospitals", "", "مستشفيات"),
    ("school", "", "مدرسة"),
    ("wrote", "", "كَتَبَ"),
    ("university", "", "جـــامعة"),
    ("and-syria", "", "وسوريا"),
    ("in-syria", "", "بسوريا"),
    ("syrian", "", "السورية"),
    ("syrians", "", "السوريين"),
    ("palestine", "", "فلسطين"),
    ("palestinians", "", "والفلسطينيون"),
    ("book-fa", "", "کتاب"),
    ("iran-fa", "", "ایران"),
    ("teachers", "", "المعلمات"),
    ("players", "", "اللاعبون"),
    ("government", "", "الحكومة"),
    ("party", "", "حزب"),
    ("war", "", "حرب"),
    ("islam", "", "إسلام"),
    ("writer", "", "كاتب"),
    ("tunnel", "", "نفق"),
    ("owner", "", "مالك"),
    ("car", "", "سيارة"),
    ("news-title", "الأخبار العاجلة", "filler"),
    ("year", "", "عام ٢٠٢٤"),
    ("germany", "", "ألمانيا"),
    ("cairo", "", "بالقاهرة"),
    ("minister", "", "وزير"),
    ("lebanese", "", "اللبنانية"),
    ("latin", "", "Crème brûlée"),
];

/// (query, a story it must find).
const MATCHES: &[(&str, &str)] = &[
    // Alef and hamza forms.
    ("اطلاق", "ceasefire"),
    ("أطلاق", "ceasefire"),
    ("إطلاق", "ceasefire"),
    ("مسئول", "official"),
    ("مسؤول", "official"),
    ("المانيا", "germany"),
    ("الألمانية", "germany"),
    // Alef maksura, teh marbuta.
    ("مستشفي", "hospital"),
    ("مستشفى", "hospitals"),
    ("مدرسه", "school"),
    ("حكومه", "government"),
    ("قاهره", "cairo"),
    // Tashkeel and tatweel, in the story or the query.
    ("كتب", "wrote"),
    ("جامعة", "university"),
    ("مَدْرَسَة", "school"),
    ("مـدرسـة", "school"),
    // Attached prefixes and suffixes.
    ("سوريا", "and-syria"),
    ("سوريا", "in-syria"),
    ("سوريا", "syrian"),
    ("سوريا", "syrians"),
    ("سورية", "in-syria"),
    ("بسوريا", "syrian"),
    ("وفلسطين", "palestine"),
    ("بفلسطين", "palestine"),
    ("فلسطين", "palestinians"),
    ("معلمة", "teachers"),
    ("لاعب", "players"),
    ("وللحكومة", "government"),
    ("القاهرة", "cairo"),
    ("الوزير", "minister"),
    ("لبنان", "lebanese"),
    ("أخبار", "news-title"),
    // Persian letters.
    ("كتاب", "book-fa"),
    ("ايران", "iran-fa"),
    ("إيران", "iran-fa"),
    // Digits, phrases, prefixes.
    ("2024", "year"),
    ("\"اطلاق النار\"", "ceasefire"),
    ("سوري*", "syrians"),
    ("creme", "latin"),
];

/// (query, a story it must not find): other roots that look alike.
const MISSES: &[(&str, &str)] = &[
    ("حرب", "party"),
    ("حزب", "war"),
    ("سلام", "islam"),
    ("كتاب", "writer"),
    ("نفط", "tunnel"),
    ("ملك", "owner"),
    ("سوريا", "car"),
    ("مدرسة", "teachers"),
    ("\"النار اطلاق\"", "ceasefire"),
];

/// A sandbox subscribed to a local feed file holding [`STORIES`].
fn stories() -> Sandbox {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>أخبار</title><link>http://example.com/</link>\n",
    );
    for (key, title, body) in STORIES {
        let _ = writeln!(
            xml,
            "<item><title>{key} {title}</title><link>http://example.com/{key}</link>\
             <guid>{key}</guid><description>{body}</description></item>"
        );
    }
    xml.push_str("</channel></rss>\n");
    let sandbox = Sandbox::new();
    let file = sandbox.path("arabic.xml");
    std::fs::write(&file, xml).expect("write feed");
    sandbox.run(&["add", file.to_str().expect("utf-8 path")]);
    sandbox
}

/// The keys of the stories `query` finds.
fn hits(sandbox: &Sandbox, query: &str) -> BTreeSet<String> {
    sandbox
        .json(&["search", query])
        .as_array()
        .expect("search results")
        .iter()
        .map(|a| {
            let title = a["title"].as_str().expect("title");
            title.split(' ').next().unwrap_or_default().to_owned()
        })
        .collect()
}

#[test]
fn arabic_spelling_variants_prefixes_and_suffixes_find_the_story() {
    let sandbox = stories();
    let missing: Vec<String> = MATCHES
        .iter()
        .filter(|(query, key)| !hits(&sandbox, query).contains(*key))
        .map(|(query, key)| format!("{query} → {key}"))
        .collect();
    assert!(MATCHES.len() >= 25);
    assert!(missing.is_empty(), "not found: {missing:?}");
}

#[test]
fn words_of_other_roots_and_reordered_phrases_do_not_match() {
    let sandbox = stories();
    let wrong: Vec<String> = MISSES
        .iter()
        .filter(|(query, key)| hits(&sandbox, query).contains(*key))
        .map(|(query, key)| format!("{query} → {key}"))
        .collect();
    assert!(wrong.is_empty(), "found: {wrong:?}");
}

#[test]
fn stories_are_shown_as_written_though_indexed_normalized() {
    let sandbox = stories();
    let found = sandbox.json(&["search", "اخبار"]);
    assert_eq!(found[0]["title"], "news-title الأخبار العاجلة");
    let shown = sandbox.run(&["show", found[0]["id"].to_string().as_str()]);
    assert!(shown.contains("الأخبار العاجلة"), "{shown}");
}

#[test]
fn arabic_queries_with_bad_syntax_are_reported_as_typed() {
    let sandbox = stories();
    let out = sandbox
        .cmd()
        .args(["search", "\"سوريا"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).expect("utf-8 stderr");
    assert!(
        err.starts_with("error: invalid search query '\"سوريا'"),
        "{err}"
    );
}

#[test]
fn arabic_words_work_with_every_operator() {
    let sandbox = stories();
    for (query, expected) in [
        ("سوريا فلسطين", &[][..]),
        (
            "سوريا OR فلسطين",
            &[
                "and-syria",
                "in-syria",
                "palestine",
                "palestinians",
                "syrian",
                "syrians",
            ][..],
        ),
        (
            "(فلسطين OR سوريا) NOT بسوريا",
            &["palestine", "palestinians"][..],
        ),
        ("palestine فلسطين*", &["palestine"][..]),
        ("title: أخبار", &["news-title"][..]),
        ("{title body}: فلسطين", &["palestine", "palestinians"][..]),
        ("^فلسطين", &["palestine"][..]),
        ("NEAR(إطلاق النار, 2)", &["ceasefire"][..]),
        ("\"النار في\"*", &["ceasefire"][..]),
        ("إطلاق + النار", &["ceasefire"][..]),
    ] {
        let found: Vec<String> = hits(&sandbox, query).into_iter().collect();
        assert_eq!(found, expected, "{query}");
    }
}

#[test]
fn the_blogger_arabic_posts_are_found_however_the_query_is_spelled() {
    let sandbox = Sandbox::new();
    let atom = support::sandbox::fixture(support::sandbox::ATOM);
    sandbox.run(&["add", atom.to_str().expect("utf-8 path")]);
    let titles = |query: &str| -> Vec<String> {
        sandbox
            .json(&["search", query])
            .as_array()
            .expect("results")
            .iter()
            .map(|a| a["title"].as_str().expect("title").to_owned())
            .collect()
    };
    // أستانا written with hamza in both posts; the English post says "Astana".
    let astana = titles("استانا");
    assert_eq!(astana.len(), 2, "{astana:?}");
    assert!(
        astana
            .iter()
            .all(|t| t.contains('ا') && !t.contains("Astana"))
    );
    // للحكومة (for the government) in the ceasefire post.
    assert_eq!(titles("الحكومه").len(), 1);
    // ٥٩ صاروخاً: Arabic-Indic digits in the Arabic post, "59" in the English one.
    let fifty_nine = titles("59");
    assert_eq!(fifty_nine.len(), 2, "{fifty_nine:?}");
    assert!(fifty_nine.iter().any(|t| t.starts_with("ترامب")));
    // الروسي (the Russian) and روسيا (Russia) share a stem.
    assert_eq!(titles("روسيا"), titles("الروسي"));
}
