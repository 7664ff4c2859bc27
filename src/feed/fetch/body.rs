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
    let file = std::fs::File::open(path).map_err(file_error)?;
    let mut body = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut body)
        .map_err(file_error)?;
    if body.len() as u64 > limit {
        return Err(ErrorKind::TooLarge { limit });
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

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
