use super::*;

fn q(text: &str) -> Query {
    parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn t(term: Term) -> Query {
    Query::Term(term)
}

fn word(w: &str) -> Query {
    t(Term::Word(w.into()))
}

#[test]
fn every_term_parses() {
    assert_eq!(q("unread"), t(Term::Unread));
    assert_eq!(q("READ"), t(Term::Read));
    assert_eq!(q("starred"), t(Term::Starred));
    assert_eq!(q("untagged"), t(Term::Untagged));
    assert_eq!(q("tag:news"), t(Term::Tag("news".into())));
    assert_eq!(q("feed:12"), t(Term::FeedId(12)));
    assert_eq!(q("feed:ammar"), t(Term::Feed("ammar".into())));
    assert_eq!(
        q(r#"author:"Ammar Johmani""#),
        t(Term::Field(
            Field::Author,
            Matcher::Contains("Ammar Johmani".into())
        ))
    );
    assert_eq!(
        q("title:putin"),
        t(Term::Field(Field::Title, Matcher::Contains("putin".into())))
    );
    assert_eq!(
        q("link:example.org/2017"),
        t(Term::Field(
            Field::Link,
            Matcher::Contains("example.org/2017".into())
        ))
    );
    assert_eq!(
        q("title:/^(Sponsored|Ad)\\/x/"),
        t(Term::Field(
            Field::Title,
            Matcher::Regex("^(Sponsored|Ad)/x".into())
        ))
    );
    assert_eq!(q("newer:7d"), t(Term::Newer(When::Ago(7 * 86_400))));
    assert_eq!(q("older:2w"), t(Term::Older(When::Ago(14 * 86_400))));
    assert_eq!(q("newer:12h"), t(Term::Newer(When::Ago(12 * 3600))));
    assert_eq!(q("newer:1m"), t(Term::Newer(When::Ago(30 * 86_400))));
    assert_eq!(q("older:1y"), t(Term::Older(When::Ago(365 * 86_400))));
    let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    assert_eq!(q("newer:2026-11-01"), t(Term::Newer(When::Day(day))));
    assert_eq!(q("has:full-text"), t(Term::HasFullText));
    assert_eq!(q("has:enclosure"), t(Term::HasEnclosure));
    assert_eq!(q("سوريا"), word("سوريا"));
    assert_eq!(q(r#""cease fire""#), t(Term::Phrase("cease fire".into())));
}

#[test]
fn precedence_is_not_then_and_then_or() {
    assert_eq!(
        q("a b or c"),
        Query::Or(vec![Query::And(vec![word("a"), word("b")]), word("c")])
    );
    assert_eq!(
        q("a (b or c)"),
        Query::And(vec![word("a"), Query::Or(vec![word("b"), word("c")])])
    );
    assert_eq!(
        q("not a b"),
        Query::And(vec![Query::Not(Box::new(word("a"))), word("b")])
    );
    assert_eq!(
        q("-tag:x unread"),
        Query::And(vec![
            Query::Not(Box::new(t(Term::Tag("x".into())))),
            t(Term::Unread)
        ])
    );
    assert_eq!(q("a AND b"), Query::And(vec![word("a"), word("b")]));
    assert_eq!(
        q("not not a"),
        Query::Not(Box::new(Query::Not(Box::new(word("a")))))
    );
    assert_eq!(
        q("a or b and c or d"),
        Query::Or(vec![
            word("a"),
            Query::And(vec![word("b"), word("c")]),
            word("d")
        ])
    );
}

#[test]
fn a_hyphen_inside_a_word_is_part_of_it() {
    assert_eq!(q("cease-fire"), word("cease-fire"));
    assert_eq!(q("has:full-text"), t(Term::HasFullText));
}

#[test]
fn text_terms_need_the_index_and_flags_do_not() {
    assert!(q("unread putin").uses_text_index());
    assert!(q(r#"not "a b""#).uses_text_index());
    assert!(!q("unread tag:x newer:7d").uses_text_index());
}

#[test]
fn malformed_queries_name_the_position_and_what_was_expected() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 0, "empty"),
        ("   ", 0, "empty"),
        ("unread or", 9, "after `or`"),
        ("or unread", 0, "before this operator"),
        ("unread and", 10, "after `and`"),
        ("not", 3, "after `not`"),
        ("(unread", 7, "expected `)`"),
        ("unread)", 6, "without a matching `(`"),
        ("()", 1, "inside `()`"),
        ("a (b or)", 7, "after `or`"),
        (r#"title:"open"#, 6, "never closed"),
        (r#""open phrase"#, 0, "never closed"),
        ("title:/open", 6, "never closed"),
        ("title:/(/", 6, "invalid regex"),
        ("tag:", 4, "expected a value"),
        ("newer:soon", 6, "expected an age"),
        ("older:7x", 6, "expected an age"),
        ("newer:2026-13-01", 6, "expected an age"),
        ("has:wings", 4, "has:full-text"),
        ("colour:red", 0, "unknown term `colour:`"),
        ("link:/x/", 5, "not a /regex/"),
        ("tag:/x/", 4, "not a /regex/"),
        ("a or or b", 5, "after `or`"),
        ("unread - b", 7, "expected a term"),
    ];
    for (text, position, message) in cases {
        let err = parse(text).expect_err(text);
        assert_eq!(err.position, *position, "{text}: {err}");
        assert!(err.message.contains(message), "{text}: {err}");
    }
}

#[test]
fn the_error_shows_a_caret_under_the_position() {
    let err = parse("unread or").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid query: expected a term after `or`\n  unread or\n           ^"
    );
}

#[test]
fn ages_count_back_from_now_and_days_start_at_midnight() {
    let now = DateTime::from_timestamp(1_000_000, 0).unwrap();
    assert_eq!(When::Ago(3600).timestamp(now), 1_000_000 - 3600);
    let day = NaiveDate::from_ymd_opt(1970, 1, 2).unwrap();
    assert_eq!(When::Day(day).timestamp(now), 86_400);
}
