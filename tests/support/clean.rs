//! Output checks shared by the safety tests: no character that could drive a terminal
//! (C0/C1 controls, escapes, bidi overrides) in what tidings prints.

#![allow(dead_code, clippy::missing_panics_doc, clippy::unwrap_used)]

use serde_json::Value;

use super::home;

/// A character that must never reach a terminal from stored or network text.
pub fn is_hostile(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

pub fn assert_clean(what: &str, text: &str) {
    let found: Vec<char> = text.chars().filter(|&c| is_hostile(c)).collect();
    assert!(found.is_empty(), "{what} printed {found:?}: {text:?}");
}

/// Every string in a JSON value, decoded (serde_json would escape C0 controls, hiding
/// them from a scan of the raw text).
pub fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// Runs `args` with `--json`; checks the raw output and every decoded string.
pub fn json_output(sandbox: &home::Sandbox, args: &[&str]) -> String {
    let out = sandbox.cmd().args(args).arg("--json").output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    let raw = String::from_utf8(out.stdout).unwrap();
    assert_clean(&format!("{args:?} (raw)"), &raw);
    assert!(!raw.contains("\\u00"), "{args:?} escaped a control: {raw}");
    let mut all = Vec::new();
    strings(&serde_json::from_str(&raw).unwrap(), &mut all);
    let decoded = all.join("\n");
    assert_clean(&format!("{args:?} (decoded)"), &decoded);
    decoded
}

/// Runs `args` in plain mode; checks stdout and stderr.
pub fn plain_output(sandbox: &home::Sandbox, args: &[&str]) -> String {
    let out = sandbox.cmd().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_clean(&format!("{args:?} stdout"), &stdout);
    assert_clean(
        &format!("{args:?} stderr"),
        &String::from_utf8_lossy(&out.stderr),
    );
    stdout
}
