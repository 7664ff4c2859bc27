//! Reading a response body or a local file with a size cap. The cap counts bytes after
//! decompression, so a small gzip bomb stops at the limit like a huge plain body does.

use std::io::Read;
use std::path::Path;

use super::ErrorKind;

/// Largest allocation made up front from a `Content-Length` the server claims.
const MAX_PREALLOCATION: u64 = 1024 * 1024;

/// Reads `response` to the end, failing as soon as it passes `limit` bytes.
pub(super) async fn read_capped(
    mut response: reqwest::Response,
    limit: u64,
    on_error: impl Fn(&reqwest::Error) -> ErrorKind,
) -> Result<Vec<u8>, ErrorKind> {
    // reqwest reports no length for bodies it decompresses, so this only catches honest
    // plain bodies early; the loop below enforces the cap on everything.
    let declared = response.content_length();
    if declared.is_some_and(|len| len > limit) {
        return Err(ErrorKind::TooLarge { limit });
    }
    let capacity = declared.unwrap_or(64 * 1024).min(MAX_PREALLOCATION);
    let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(|e| on_error(&e))? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(ErrorKind::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads a local feed file, at most `limit` bytes.
pub(super) fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ErrorKind> {
    let file_error = |source| ErrorKind::File {
        path: path.display().to_string(),
        source,
    };
    let file = open_regular(path).map_err(file_error)?;
    let kind = file.metadata().map_err(file_error)?.file_type();
    if !kind.is_file() {
        return Err(ErrorKind::NotRegularFile {
            path: path.display().to_string(),
            what: describe(kind),
        });
    }
    let mut body = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut body)
        .map_err(file_error)?;
    if body.len() as u64 > limit {
        return Err(ErrorKind::TooLarge { limit });
    }
    Ok(body)
}

/// Opens `path` for reading without blocking: opening a FIFO would otherwise wait for a
/// writer, and a terminal device must not become ours. What was opened is checked after.
#[cfg(unix)]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// What a file that is not a regular file is, for the error.
fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifos_devices_and_directories_are_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("feed.xml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        for (path, what) in [
            (fifo.as_path(), "FIFO"),
            (Path::new("/dev/null"), "device"),
            (dir.path(), "directory"),
        ] {
            match read_file(path, 1024) {
                Err(ErrorKind::NotRegularFile { what: said, .. }) => {
                    assert!(said.contains(what), "{said}");
                }
                other => panic!("{}: {other:?}", path.display()),
            }
        }
    }

    #[test]
    fn file_over_the_limit_is_too_large() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, &[b'x'; 2048]).unwrap();
        assert!(matches!(
            read_file(file.path(), 1024),
            Err(ErrorKind::TooLarge { limit: 1024 })
        ));
        assert_eq!(read_file(file.path(), 4096).unwrap().len(), 2048);
    }

    #[test]
    fn missing_file_names_its_path() {
        let err = read_file(Path::new("/no/such/feed.xml"), 10).unwrap_err();
        assert!(
            err.to_string().starts_with("reading /no/such/feed.xml: "),
            "{err}"
        );
    }
}
