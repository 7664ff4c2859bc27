//! The layering rules, checked on the source: the reader's parts (src/ui's top-level
//! modules) import each other without a cycle, the runtime and the model never reach into
//! the update, the views or each other, and no source file grows past 400 lines.

// Test code: a failure to set up is a test failure.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The names after each `crate::ui::` (and, in a top-level file, `super::`) in `text`.
fn ui_imports(text: &str, top_level: bool) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let prefixes: &[&str] = if top_level {
        &["crate::ui::", "super::"]
    } else {
        &["crate::ui::"]
    };
    for prefix in prefixes {
        for (at, _) in text.match_indices(prefix) {
            let name: String = text[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// Part → the parts it imports.
fn reader_parts() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut parts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&root) {
        let rel = file.strip_prefix(&root).unwrap();
        let top_level = rel.components().count() == 1;
        let part = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        let imports = ui_imports(&fs::read_to_string(&file).unwrap(), top_level);
        parts.entry(part).or_default().extend(imports);
    }
    let names: BTreeSet<String> = parts.keys().cloned().collect();
    for (part, imports) in &mut parts {
        imports.retain(|i| names.contains(i) && i != part);
    }
    parts
}

/// A path from `start` back to itself, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_owned()]];
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in graph.get(last).into_iter().flatten() {
            if next == start {
                let mut found = path.clone();
                found.push(next.clone());
                return Some(found);
            }
            if !path.contains(next) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn the_readers_parts_import_each_other_without_a_cycle() {
    let parts = reader_parts();
    for expected in ["model", "update", "view", "runtime", "effect", "event"] {
        assert!(
            parts.contains_key(expected),
            "no part {expected}: {parts:?}"
        );
    }
    for part in parts.keys() {
        assert_eq!(cycle(&parts, part), None, "import cycle in src/ui");
    }
}

#[test]
fn the_model_runtime_and_views_stay_in_their_layers() {
    let parts = reader_parts();
    let forbidden = [
        ("model", ["update", "view", "runtime"]),
        ("view", ["update", "runtime", "effect"]),
        ("runtime", ["update", "view", "model"]),
        ("effect", ["update", "view", "model"]),
    ];
    for (part, others) in forbidden {
        for other in others {
            assert!(
                !parts[part].contains(other),
                "{part} imports {other}: {:?}",
                parts[part]
            );
        }
    }
}

#[test]
fn no_source_file_is_over_400_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for dir in ["src", "tests", "benches"] {
        for file in rust_files(&root.join(dir)) {
            let lines = fs::read_to_string(&file).unwrap().lines().count();
            if lines > 400 {
                long.push(format!(
                    "{} ({lines})",
                    file.strip_prefix(root).unwrap().display()
                ));
            }
        }
    }
    assert!(long.is_empty(), "files over 400 lines: {long:?}");
}
