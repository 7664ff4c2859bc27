//! The `[theme]` section: the reader's colours, as written (the reader resolves the names).

use serde::Deserialize;

/// The reader's colours: names ("cyan", "lightred", "reset"), palette indexes ("42") or
/// "#rrggbb". The defaults use only the 16 ANSI colours; `NO_COLOR` turns them all off.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Theme {
    pub accent: String,
    pub selection: String,
    pub unread: String,
    pub starred: String,
    pub error: String,
    pub link: String,
    pub heading: String,
    pub quote: String,
    pub code: String,
    pub dim: String,
}

impl Default for Theme {
    fn default() -> Self {
        let s = |v: &str| v.to_owned();
        Self {
            accent: s("cyan"),
            selection: s("blue"),
            unread: s("white"),
            starred: s("yellow"),
            error: s("red"),
            link: s("cyan"),
            heading: s("magenta"),
            quote: s("green"),
            code: s("yellow"),
            dim: s("darkgray"),
        }
    }
}
