//! A story's enclosures in the reader: `e` opens one with the opener for its MIME type
//! (the browser when none matches), through the link picker when there are several;
//! `D` queues them for `tidings download`.

use crate::sanitize::{self, SafeText};
use crate::ui::action::Mode;
use crate::ui::effect::Write;
use crate::ui::model::{LinkPicker, PickedLink};
use crate::ui::update::App;
use crate::ui::update::story::titles_of;

impl App {
    /// `D`: queues the open (or selected) story's enclosures for `tidings download`.
    pub(crate) fn queue_download(&mut self) {
        let Some(article) = self.target() else {
            return self.model.say("Select a story to queue its enclosures");
        };
        if article.enclosures.is_empty() {
            return self.model.say("This story has no enclosure");
        }
        self.queue_write(Write::QueueDownloads { id: article.id });
    }

    /// `e`: plays the open (or selected) story's enclosure, or lists them to pick one.
    pub(crate) fn play_enclosure(&mut self) {
        let Some(article) = self.target() else {
            return self.model.say("Select a story to play its enclosure");
        };
        match article.enclosures.as_slice() {
            [] => self.model.say("This story has no enclosure"),
            [only] => {
                let (url, mime) = (only.url.clone(), only.mime.clone());
                self.open_typed_url(&url, mime, titles_of(&article));
            }
            several => {
                let links = several
                    .iter()
                    .enumerate()
                    .map(|(n, e)| PickedLink {
                        label: format!("♪{}", n + 1),
                        url: e.url.clone(),
                        shown: SafeText::line(&format!(
                            "{} ({})",
                            sanitize::clean_line(&e.url),
                            e.summary()
                        )),
                        mime: e.mime.clone(),
                    })
                    .collect();
                self.model.picker = LinkPicker {
                    links,
                    selected: 0,
                    titles: titles_of(&article),
                };
                self.model.mode = Mode::PickLink;
            }
        }
    }
}
