//! Changing the config file from the reader: a saved view is appended as a `[[view]]`
//! table, and everything else the user wrote (comments, order, spacing) stays as it was.
//! The file is replaced atomically, keeping its permissions (it may hold a password).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::query;

/// Why a view could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("reading {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not valid TOML: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("{path}: `view` is not a list of [[view]] tables")]
    NotViews { path: PathBuf },
    #[error("a view named \"{0}\" exists already")]
    Taken(String),
    #[error("a view needs a name")]
    NoName,
    #[error(transparent)]
    Query(#[from] query::ParseError),
    #[error("writing {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Appends a `[[view]]` named `name` with `query` to the config file at `path` (which
/// is created if it does not exist yet).
pub fn append_view(path: &Path, name: &str, query: &str) -> Result<(), EditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(EditError::NoName);
    }
    query::parse(query)?;
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(EditError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let edited = with_view(&text, name, query).map_err(|err| match err {
        Edit::Syntax(message) => EditError::Syntax {
            path: path.to_owned(),
            message,
        },
        Edit::NotViews => EditError::NotViews {
            path: path.to_owned(),
        },
        Edit::Taken => EditError::Taken(name.to_owned()),
    })?;
    replace(path, &edited).map_err(|source| EditError::Write {
        path: path.to_owned(),
        source,
    })
}

/// What went wrong editing the text itself.
enum Edit {
    Syntax(String),
    NotViews,
    Taken,
}

/// `text` with one more `[[view]]` at the end.
fn with_view(text: &str, name: &str, query: &str) -> Result<String, Edit> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| Edit::Syntax(e.message().to_owned()))?;
    let views = doc
        .entry("view")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or(Edit::NotViews)?;
    if views
        .iter()
        .any(|v| v.get("name").and_then(Item::as_str).map(str::trim) == Some(name))
    {
        return Err(Edit::Taken);
    }
    let mut view = Table::new();
    view["name"] = value(name);
    view["query"] = value(query);
    views.push(view);
    Ok(doc.to_string())
}

/// Writes `text` over the file at `path` through a temporary file beside it, with the
/// old file's permissions (0600 for a new one: it may come to hold a password).
pub(super) fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(text.as_bytes())?;
    if let Ok(old) = fs::metadata(path) {
        fs::set_permissions(temp.path(), old.permissions())?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRITTEN: &str = "# my settings\n[reader]\nrtl_reorder = true # Arabic\n\n\
                           [[view]]\nname = \"Syria\"\nquery = 'syria'\n";

    #[test]
    fn a_view_is_appended_and_the_rest_kept_as_written() {
        let edited = with_view(WRITTEN, "Unread news", "unread tag:news").unwrap_or_default();
        assert!(edited.starts_with(WRITTEN), "{edited}");
        assert!(
            edited.ends_with("[[view]]\nname = \"Unread news\"\nquery = \"unread tag:news\"\n"),
            "{edited}"
        );
        let parsed: toml::Table = toml::from_str(&edited).unwrap();
        assert_eq!(parsed["view"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn a_taken_name_or_bad_toml_is_refused() {
        assert!(matches!(with_view(WRITTEN, "Syria", "x"), Err(Edit::Taken)));
        assert!(matches!(
            with_view("[reader\n", "A", "x"),
            Err(Edit::Syntax(_))
        ));
        assert!(matches!(
            with_view("view = 3\n", "A", "x"),
            Err(Edit::NotViews)
        ));
    }

    #[test]
    fn the_file_is_created_or_replaced_with_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/config.toml");
        append_view(&path, "First", "starred").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        append_view(&path, "Second", "unread").unwrap();
        assert_eq!(mode(&path), 0o640);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("name = \"First\"") && text.contains("name = \"Second\""));
        assert!(matches!(
            append_view(&path, "Third", "unread or"),
            Err(EditError::Query(_))
        ));
    }
}
