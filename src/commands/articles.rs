//! Story commands: list, show, search, flags, tags and stats.

use std::io::Write;

use anyhow::{Context, Result};

use super::json::{ArticleJson, StatsJson, StoryJson};
use super::output::{self, emit, fit};
use crate::cli::{Ids, ListArgs};
use crate::config::Config;
use crate::dates::DisplayZone;
use crate::sanitize::{self, SafeText};
use crate::store::{Article, ArticleFilter, ArticleId, Store};
use crate::story_text;

/// `tidings list …`
pub fn list(store: &mut Store, config: &Config, args: &ListArgs) -> Result<()> {
    let feed = args
        .feed
        .as_deref()
        .map(|f| store.find_feed(f))
        .transpose()?;
    let mut parts = Vec::new();
    if let Some(name) = &args.view {
        parts.push(super::views::find(config, name)?.query.clone());
    }
    if let Some(text) = &args.query {
        parts.push(crate::query::parse(text)?);
    }
    let query = match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(crate::query::Query::And(parts)),
    };
    if query
        .as_ref()
        .is_some_and(crate::query::Query::uses_text_index)
    {
        crate::index::index_pending(store)?;
    }
    let filter = ArticleFilter {
        unread_only: args.unread,
        starred_only: args.starred,
        tag: args.tag.clone(),
        feed,
        query,
        offset: 0,
        limit: args.limit,
    };
    print_articles(&store.articles(&filter)?, args.json.json)
}

/// `tidings search QUERY`
pub fn search(store: &mut Store, query: &str, limit: Option<usize>, json: bool) -> Result<()> {
    print_articles(&crate::index::search(store, query, limit)?, json)
}

fn print_articles(articles: &[Article], json: bool) -> Result<()> {
    if json {
        let rows: Vec<ArticleJson> = articles.iter().map(ArticleJson::from).collect();
        return output::json(&rows);
    }
    emit(|out| {
        for article in articles {
            write_article_line(out, article)?;
        }
        Ok(())
    })
}

fn write_article_line(out: &mut dyn Write, a: &Article) -> std::io::Result<()> {
    let date = a.published.map_or_else(
        || "          ".to_owned(),
        |d| DisplayZone::Local.show(d).format("%Y-%m-%d").to_string(),
    );
    let flags = format!(
        "{}{}",
        if a.read { ' ' } else { 'N' },
        if a.starred { '*' } else { ' ' }
    );
    let tags = if a.tags.is_empty() {
        String::new()
    } else {
        format!("  [{}]", tag_list(&a.tags))
    };
    writeln!(
        out,
        "{:>6}  {date}  {flags}  {}  {}{}",
        a.id,
        fit(&SafeText::line(&a.feed), 20),
        SafeText::line(&a.title),
        tags
    )
}

/// `tidings show ID [--json]`: header, then the story as clean text with its links listed.
pub fn show(store: &Store, id: i64, config: &Config, json: bool) -> Result<()> {
    let story = store.story(ArticleId(id))?;
    let a = &story.article;
    let width = output::text_width(config.display.width);
    // A page kept for the story's link (fetched by refresh or the reader) replaces the
    // feed's summary; the feed's learned template goes from either.
    let template = store.template_of_story(ArticleId(id))?;
    let text = story_text::of(&story, &template);
    let body = sanitize::plain_safe_text(&text.html, text.base_url, width);
    if json {
        return output::json(&StoryJson::new(a, &text, body));
    }
    // Why a full-text story still shows its teaser: its page failed, and when it is next
    // tried (only while the failure is for the link the story has).
    let failure = store
        .page_failure(ArticleId(id))?
        .filter(|f| !text.full_text && a.link.as_deref() == Some(f.link.as_str()));
    emit(|out| {
        writeln!(out, "{}", SafeText::line(&a.title))?;
        writeln!(out, "Feed: {}", SafeText::line(&a.feed))?;
        if let Some(author) = &a.author {
            writeln!(out, "Author: {}", SafeText::line(author))?;
        }
        if let Some(date) = a.published {
            writeln!(out, "Date: {}", DisplayZone::Local.show(date).to_rfc3339())?;
        }
        if let Some(link) = &a.link {
            writeln!(out, "Link: {}", SafeText::line(link))?;
        }
        if !a.tags.is_empty() {
            writeln!(out, "Tags: {}", tag_list(&a.tags))?;
        }
        for enclosure in &a.enclosures {
            let title = enclosure.title.as_deref().map(SafeText::line);
            writeln!(
                out,
                "Enclosure: {} ({}){}",
                SafeText::line(&enclosure.url),
                enclosure.summary(),
                title.map(|t| format!(" {t}")).unwrap_or_default()
            )?;
        }
        if let (true, Some(page)) = (text.full_text, text.base_url) {
            writeln!(out, "Full text: {}", SafeText::line(page))?;
        }
        if let Some(failure) = &failure {
            writeln!(
                out,
                "Page: {} (next try {})",
                SafeText::line(&failure.last_error),
                DisplayZone::Local
                    .show(failure.next_try)
                    .format("%Y-%m-%d %H:%M")
            )?;
        }
        writeln!(out)?;
        writeln!(out, "{}", body.trim_end())
    })
}

/// The stories a `--query` names: the query parsed, and the index caught up if it needs it.
fn query_filter(store: &mut Store, query: &str) -> Result<ArticleFilter> {
    let query = crate::query::parse(query)?;
    if query.uses_text_index() {
        crate::index::index_pending(store)?;
    }
    Ok(ArticleFilter {
        query: Some(query),
        ..ArticleFilter::default()
    })
}

/// Sets a flag on the stories `ids` names (ids, or `--query`); returns how many changed.
fn change_flag(
    store: &mut Store,
    ids: &Ids,
    on: bool,
    by_ids: fn(&mut Store, &[ArticleId], bool) -> crate::store::Result<usize>,
    by_filter: fn(&mut Store, &ArticleFilter, bool) -> crate::store::Result<usize>,
) -> Result<usize> {
    Ok(match &ids.query {
        Some(query) => {
            let filter = query_filter(store, query)?;
            by_filter(store, &filter, on)?
        }
        None => by_ids(store, &to_ids(&ids.ids), on)?,
    })
}

/// `tidings star|unstar ID…` or `--query Q`
pub fn set_starred(store: &mut Store, ids: &Ids, on: bool) -> Result<()> {
    let changed = change_flag(
        store,
        ids,
        on,
        Store::set_starred,
        Store::set_starred_matching,
    )?;
    let verb = if on { "starred" } else { "unstarred" };
    emit(|out| writeln!(out, "{verb} {changed} {}", stories(changed)))
}

/// `tidings read|unread ID…` or `--query Q`
pub fn set_read(store: &mut Store, ids: &Ids, on: bool) -> Result<()> {
    let changed = change_flag(store, ids, on, Store::set_read, Store::set_read_matching)?;
    let verb = if on { "marked read" } else { "marked unread" };
    emit(|out| writeln!(out, "{verb}: {changed} {}", stories(changed)))
}

/// `tidings tag|untag ID TAG…`
pub fn tag(store: &mut Store, id: i64, tags: &[String], add: bool) -> Result<()> {
    let changed = if add {
        store.tag_article(ArticleId(id), tags)?
    } else {
        store.untag_article(ArticleId(id), tags)?
    };
    let verb = if add { "added" } else { "removed" };
    emit(|out| {
        writeln!(
            out,
            "{verb} {changed} {} on story {id}",
            if changed == 1 { "tag" } else { "tags" }
        )
    })
}

/// `tidings tag ID TAG…` or `tidings tag --query Q TAG…`
pub(crate) fn tag_command(store: &mut Store, words: &[String], query: Option<&str>) -> Result<()> {
    if let Some(query) = query {
        let filter = query_filter(store, query)?;
        let added = store.tag_matching(&filter, words)?;
        return emit(|out| {
            writeln!(
                out,
                "added {added} {}",
                if added == 1 { "tag" } else { "tags" }
            )
        });
    }
    let (id, tags) = words.split_first().context("no story id given")?;
    let id: i64 = id.parse().with_context(|| {
        format!(
            "'{}' is not a story id (to tag by query, use --query)",
            SafeText::line(id)
        )
    })?;
    anyhow::ensure!(!tags.is_empty(), "no tags given for story {id}");
    tag(store, id, tags, true)
}

/// `tidings mark-all-read [--feed F] [--query Q]`
pub(crate) fn mark_all_read(
    store: &mut Store,
    feed: Option<&str>,
    query: Option<&str>,
) -> Result<()> {
    let feed = feed.map(|f| store.find_feed(f)).transpose()?;
    let mut filter = match query {
        Some(query) => query_filter(store, query)?,
        None => ArticleFilter::default(),
    };
    filter.feed = feed;
    let changed = store.mark_matching_read(&filter)?;
    emit(|out| writeln!(out, "marked read: {changed} {}", stories(changed)))
}

/// `tidings stats [--json]`
pub fn stats(store: &Store, json: bool) -> Result<()> {
    let stats = store.stats()?;
    if json {
        return output::json(&StatsJson::from(&stats));
    }
    emit(|out| {
        writeln!(out, "feeds     {}", stats.feeds)?;
        writeln!(out, "stories   {}", stats.articles)?;
        writeln!(out, "unread    {}", stats.unread)?;
        writeln!(out, "starred   {}", stats.starred)?;
        writeln!(out, "tags      {}", stats.tags)?;
        writeln!(out, "database  {} bytes", stats.db_bytes)
    })
}

/// Tags as `a, b`, each one sanitized.
pub(super) fn tag_list(tags: &[String]) -> SafeText {
    SafeText::join(&SafeText::lines(tags), ", ")
}

fn to_ids(ids: &[i64]) -> Vec<ArticleId> {
    ids.iter().copied().map(ArticleId).collect()
}

fn stories(n: usize) -> &'static str {
    if n == 1 { "story" } else { "stories" }
}
