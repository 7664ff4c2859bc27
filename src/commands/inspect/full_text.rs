//! `tidings inspect --full-text URL [--json]`: what full-text mode extracts from one web
//! page, and which blocks it left out and why (the extractor's choice, a template element
//! set aside, a boilerplate rule): the answer to "why is my story cut?". Nothing is stored.

use std::io::Write;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use url::Url;

use super::super::json::Json;
use super::super::output::{self, emit};
use crate::config::Config;
use crate::feed::fetch::Fetcher;
use crate::feed::full_text::fetch_full_text;
use crate::feed::{Reach, Validators};
use crate::sanitize::{self, Extraction, Method, Reason, SafeText};

/// What `inspect --full-text --json` prints. Every string is [`SafeText`].
#[derive(Debug, Serialize)]
struct Report {
    /// Where the page was finally found.
    url: SafeText,
    /// How the story was chosen ([`sanitize::Method::key`]).
    method: &'static str,
    /// The story as `show` prints it: wrapped, with its numbered link list.
    text: SafeText,
    /// Blocks left out of the story, with why.
    removed: Vec<RemovedJson>,
}

impl Json for Report {}

#[derive(Debug, Serialize)]
struct RemovedJson {
    /// `left_out`, `outside_story`, `template_overridden`, `hidden` or `rule`.
    reason: &'static str,
    /// For `rule`: the rule, `template list "pattern"`; for `outside_story`: the region.
    detail: Option<SafeText>,
    /// The start of the block's text.
    text: SafeText,
}

/// `tidings inspect --full-text URL [--json]`
pub fn run(config: &Config, input: &str, json: bool) -> Result<()> {
    let url = crate::feed::parse_location(input)?;
    if !matches!(url.scheme(), "http" | "https") {
        bail!("--full-text needs a web address (http or https), not {input}");
    }
    let fetcher = crate::refresh::fetcher(&config.refresh)?;
    let context = || format!("extracting the story of {input}");
    // The story exactly as full-text mode gets it: the same fetch, URL policy, limits and
    // extraction. The user typed the address, so it may be a private one, as for a feed.
    let story =
        crate::net::block_on(fetch_full_text(&fetcher, Some(&url), &url))?.with_context(context)?;
    let page = Url::parse(&story.url).context("the page's address")?;
    let explained = explain(&fetcher, &url, &page).with_context(context)?;
    let changed = explained.html != story.html;
    let width = if json {
        config.display.width
    } else {
        output::text_width(config.display.width)
    };
    let report = report(&story.url, &story.html, &explained, width);
    if json {
        return output::json(&report);
    }
    emit(|out| write_text(out, &report, explained.method, changed))
}

/// Fetches `page` (where `typed` led) once more and explains its extraction: the fetch
/// that [`fetch_full_text`] makes keeps only the story, not the page around it.
fn explain(fetcher: &Fetcher, typed: &Url, page: &Url) -> Result<Extraction> {
    crate::net::block_on(async {
        let reach = Reach::for_links_in(fetcher.zone_of(typed).await);
        let response = fetcher
            .fetch_reaching(page, &Validators::default(), reach)
            .await?;
        let Some(document) = response.document.filter(crate::feed::Document::is_html) else {
            bail!("{page} is no longer a web page");
        };
        let html = String::from_utf8_lossy(&document.decoded()).into_owned();
        sanitize::explain(&html, response.url.as_str())
            .with_context(|| format!("no article text found on {page}"))
    })?
}

fn report(url: &str, story: &str, explained: &Extraction, width: usize) -> Report {
    Report {
        url: SafeText::line(url),
        method: explained.method.key(),
        text: sanitize::plain_safe_text(story, Some(url), width),
        removed: explained
            .removed
            .iter()
            .map(|removed| {
                let (reason, detail) = match &removed.reason {
                    Reason::LeftOut => ("left_out", None),
                    Reason::OutsideStory { region } => ("outside_story", Some(region.clone())),
                    Reason::TemplateOverridden => ("template_overridden", None),
                    Reason::Hidden => ("hidden", None),
                    Reason::Rule(rule) => ("rule", Some(SafeText::line(&rule.to_string()))),
                };
                RemovedJson {
                    reason,
                    detail,
                    text: removed.preview.clone(),
                }
            })
            .collect(),
    }
}

/// What each reason means, for the plain output.
fn describe(removed: &RemovedJson) -> String {
    let detail = removed.detail.as_ref().map_or("", SafeText::as_str);
    match removed.reason {
        "left_out" => "left out by the extractor".to_owned(),
        "outside_story" => format!("template content inside {detail}, never the story"),
        "template_overridden" => "template element set aside (see Method)".to_owned(),
        "hidden" => "hidden by its markup".to_owned(),
        _ => format!("rule {detail}"),
    }
}

fn write_text(
    out: &mut dyn Write,
    report: &Report,
    method: Method,
    changed: bool,
) -> std::io::Result<()> {
    writeln!(out, "Page: {}", report.url)?;
    writeln!(out, "Method: {}", method.as_str())?;
    if changed {
        writeln!(
            out,
            "Note: the page changed between fetches; the list below is for the second one"
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{}", report.text.trim_end())?;
    writeln!(out)?;
    writeln!(out, "──── removed: {} ────", report.removed.len())?;
    for removed in &report.removed {
        writeln!(out, "[{}] {}", describe(removed), removed.text)?;
    }
    Ok(())
}
