//! What a subscription file may subscribe to: the URL policy's rule for imported
//! addresses, and script feeds only when the user allows them.

use url::Url;

use super::{Import, excerpt};
use crate::feed::script::{Script, is_script};

impl Import {
    /// Drops the feeds the URL policy refuses in a subscription file (`file:` URLs, unless
    /// `allow_file`; script feeds, `exec:` and `filter:`, unless `allow_exec`), each with a
    /// warning: a list downloaded from the web must not make tidings read local files or
    /// run programs.
    pub(crate) fn apply_policy(&mut self, allow_file: bool, allow_exec: bool) {
        let origin = crate::url_policy::Origin::Imported { allow_file };
        let warnings = &mut self.warnings;
        self.feeds.retain(|feed| {
            let refused = if is_script(&feed.url) {
                script_refusal(&feed.url, origin, allow_exec)
            } else {
                Url::parse(&feed.url)
                    .map_err(|_| "not a URL".to_owned())
                    .and_then(|url| {
                        crate::url_policy::check(&url, origin).map_err(|r| r.to_string())
                    })
            };
            match refused {
                Ok(()) => true,
                Err(reason) => {
                    warnings.push(format!("skipped {}: {reason}", excerpt(&feed.url)));
                    false
                }
            }
        });
    }
}

/// Why the script feed `address` from a subscription file may not be subscribed to.
fn script_refusal(
    address: &str,
    origin: crate::url_policy::Origin,
    allow_exec: bool,
) -> Result<(), String> {
    if !allow_exec {
        return Err(
            "a script feed (exec:, filter:) runs a program; `import --allow-exec` permits it"
                .to_owned(),
        );
    }
    match Script::parse(address, origin) {
        Ok(_) => Ok(()),
        Err(err) => Err(err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn file_urls_in_a_subscription_file_need_permission() {
        let urls = b"https://example.org/feed\nfile:///etc/passwd\n";
        let mut import = parse(urls).unwrap();
        import.apply_policy(false, false);
        assert_eq!(import.feeds.len(), 1);
        assert_eq!(import.feeds[0].url, "https://example.org/feed");
        assert!(
            import
                .warnings
                .iter()
                .any(|w| w.contains("file:///etc/passwd"))
        );
        let mut import = parse(urls).unwrap();
        import.apply_policy(true, false);
        assert_eq!(import.feeds.len(), 2);
    }
}
