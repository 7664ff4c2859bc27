//! The sidebar's model: the views it offers (All, Unread, Starred, saved views, a
//! search, tags, feeds), their counts, and the rows they are drawn on (headings included).

use crate::query::Query;
use crate::sanitize::SafeText;
use crate::store::{ArticleFilter, FeedId};

/// Something the sidebar can show in the story list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    All,
    Unread,
    Starred,
    /// Stories with this tag, or from feeds with it.
    Tag(String),
    Feed {
        id: FeedId,
        title: String,
    },
    /// A saved view from the config file (`[[view]]`).
    Saved {
        name: String,
        query: Query,
    },
    /// Full-text search results.
    Search(String),
}

impl View {
    /// The name shown in the sidebar and the list's title, as stored (tags and queries
    /// are raw): what is drawn is [`SidebarEntry::label`] and [`super::StoryList::label`].
    pub fn label(&self) -> String {
        match self {
            Self::All => "All".to_owned(),
            Self::Unread => "Unread".to_owned(),
            Self::Starred => "Starred".to_owned(),
            Self::Tag(tag) => format!("#{tag}"),
            Self::Feed { title, .. } => title.clone(),
            Self::Saved { name, .. } => name.clone(),
            Self::Search(query) => format!("/{query}"),
        }
    }

    /// The store filter for this view (all of it: no offset or limit); `None` for a search.
    pub fn filter(&self) -> Option<ArticleFilter> {
        let mut filter = ArticleFilter::default();
        match self {
            Self::All => {}
            Self::Unread => filter.unread_only = true,
            Self::Starred => filter.starred_only = true,
            Self::Tag(tag) => filter.tag = Some(tag.clone()),
            Self::Feed { id, .. } => filter.feed = Some(*id),
            Self::Saved { query, .. } => filter.query = Some(query.clone()),
            Self::Search(_) => return None,
        }
        Some(filter)
    }
}

/// One line of the sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidebarEntry {
    pub view: View,
    /// The view's name as drawn, made safe when the sidebar was loaded.
    pub label: SafeText,
    /// Unread stories in the view (starred stories for Starred).
    pub count: u64,
    /// The feed's last fetch failed.
    pub failing: bool,
}

/// The sidebar: views, then tags, then feeds.
#[derive(Debug, Clone, Default)]
pub struct Sidebar {
    pub entries: Vec<SidebarEntry>,
    pub selected: usize,
    pub offset: usize,
}

/// A row of the sidebar as drawn: a heading above the tags and the feeds, or an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SidebarRow {
    Heading(&'static str),
    Entry(usize),
}

impl Sidebar {
    /// The rows as drawn, headings included.
    pub fn rows(&self) -> Vec<SidebarRow> {
        let mut rows = Vec::with_capacity(self.entries.len() + 2);
        let mut last = "";
        for (index, entry) in self.entries.iter().enumerate() {
            let heading = match entry.view {
                View::Saved { .. } => "Views",
                View::Tag(_) => "Tags",
                View::Feed { .. } => "Feeds",
                _ => "",
            };
            if heading != last && !heading.is_empty() {
                rows.push(SidebarRow::Heading(heading));
            }
            last = heading;
            rows.push(SidebarRow::Entry(index));
        }
        rows
    }

    /// The row entry `index` is drawn on.
    pub(crate) fn row_of(&self, index: usize) -> usize {
        self.rows()
            .iter()
            .position(|r| *r == SidebarRow::Entry(index))
            .unwrap_or(0)
    }

    /// The entry drawn on `row`, if it is not a heading.
    pub(crate) fn entry_at_row(&self, row: usize) -> Option<usize> {
        match self.rows().get(row) {
            Some(SidebarRow::Entry(index)) => Some(*index),
            _ => None,
        }
    }
}

/// An entry for a view that is not a feed.
pub fn entry(view: View, count: u64) -> SidebarEntry {
    SidebarEntry {
        label: SafeText::line(&view.label()),
        view,
        count,
        failing: false,
    }
}

/// Views are the same when they show the same stories (a feed may be renamed).
pub(crate) fn same_view(a: &View, b: &View) -> bool {
    match (a, b) {
        (View::Feed { id: x, .. }, View::Feed { id: y, .. }) => x == y,
        _ => a == b,
    }
}
