//! newsboat's proxy lines: `proxy HOST:PORT` takes effect only with `use-proxy yes`, and
//! `proxy-type` says what it is (http unless set). tidings' `refresh.proxy` takes the
//! address of an http or https proxy.

use super::lines::{Plan, Unmapped};
use crate::config::SettingValue;

/// The proxy lines of a config, gathered until the whole file is read (their order in
/// the file doesn't matter to newsboat).
#[derive(Debug, Default)]
pub(super) struct Proxy {
    used: Option<bool>,
    /// The address, where it was set, and the line.
    address: Option<(String, String, String)>,
    kind: Option<(String, String, String)>,
}

impl Proxy {
    /// Takes the line if it is a proxy line (`Some`), and whether its value could be read.
    pub(super) fn take(
        &mut self,
        name: &str,
        one: Option<&str>,
        at: &str,
        line: &str,
    ) -> Option<Result<(), &'static str>> {
        let kept = |value: &str| Some((value.to_owned(), at.to_owned(), line.to_owned()));
        match (name, one) {
            ("use-proxy", Some(value @ ("yes" | "no" | "true" | "false"))) => {
                self.used = Some(matches!(value, "yes" | "true"));
            }
            ("proxy", Some(address)) => self.address = kept(address),
            ("proxy-type", Some(kind)) => self.kind = kept(kind),
            ("use-proxy" | "proxy" | "proxy-type", _) => return Some(Err("unexpected value")),
            _ => return None,
        }
        Some(Ok(()))
    }

    /// Adds `refresh.proxy` to the plan, or reports why the proxy lines can't come over.
    pub(super) fn apply(self, plan: &mut Plan) {
        let Some((address, origin, line)) = self.address else {
            if let Some((_, origin, line)) = self.kind {
                plan.unmapped.push(Unmapped {
                    origin,
                    line,
                    reason: "has no effect in newsboat without `proxy`".to_owned(),
                });
            }
            return;
        };
        let refuse = |reason: String| Unmapped {
            origin: origin.clone(),
            line: line.clone(),
            reason,
        };
        if self.used != Some(true) {
            plan.unmapped.push(refuse(
                "has no effect in newsboat without `use-proxy yes`".to_owned(),
            ));
            return;
        }
        let kind = self
            .kind
            .as_ref()
            .map_or("http", |(kind, _, _)| kind.as_str());
        if kind != "http" {
            plan.unmapped.push(refuse(format!(
                "a {kind} proxy: tidings' refresh.proxy takes an http or https proxy"
            )));
            return;
        }
        let value = if address.contains("://") {
            address
        } else {
            format!("http://{address}")
        };
        let usable = url::Url::parse(&value)
            .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.has_host());
        if !usable {
            plan.unmapped
                .push(refuse("not a proxy address tidings can use".to_owned()));
            return;
        }
        plan.additions.settings.push((
            "refresh".to_owned(),
            "proxy".to_owned(),
            SettingValue::Text(value),
            origin,
        ));
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::lines::read_config;
    use super::*;

    fn read(text: &str) -> Plan {
        let mut plan = Plan::default();
        read_config(Path::new("c"), text, 's', &mut plan);
        plan
    }

    #[test]
    fn an_http_proxy_in_use_becomes_refresh_proxy() {
        let plan = read("proxy 127.0.0.1:3128\nuse-proxy yes\n");
        assert_eq!(
            plan.additions.settings,
            [(
                "refresh".to_owned(),
                "proxy".to_owned(),
                SettingValue::Text("http://127.0.0.1:3128".into()),
                "c:1".to_owned()
            )]
        );
        assert!(plan.unmapped.is_empty());
    }

    #[test]
    fn a_proxy_not_in_use_or_not_http_is_reported() {
        let unused = read("proxy 127.0.0.1:3128\n");
        assert!(unused.additions.settings.is_empty());
        assert!(unused.unmapped[0].reason.contains("use-proxy yes"));
        let socks = read("use-proxy yes\nproxy 127.0.0.1:1080\nproxy-type socks5\n");
        assert!(socks.additions.settings.is_empty());
        assert_eq!(socks.unmapped[0].origin, "c:2");
        assert!(socks.unmapped[0].reason.contains("socks5"));
        let odd = read("use-proxy maybe\n");
        assert_eq!(odd.unmapped[0].reason, "unexpected value");
    }
}
