//! File names for downloads: the `[downloads] path` template filled with the feed's and
//! story's titles, each made safe for the file system.

use std::path::PathBuf;

use url::Url;

use crate::sanitize;

/// Longest name one path component gets, in bytes (file systems allow 255).
const MAX_COMPONENT: usize = 120;

/// `template` (`%f/%t.%e`) with `%f` the feed title, `%t` the story title, `%e` the
/// extension, as a relative path. Titles can't add directories, climb out with `..`,
/// hide as dot files or carry control characters.
pub fn file_path(
    template: &str,
    feed: &str,
    title: &str,
    url: &Url,
    mime: Option<&str>,
) -> PathBuf {
    let extension = extension(url, mime);
    let mut path = PathBuf::new();
    for part in template.split('/').filter(|p| !p.is_empty() && *p != ".") {
        let mut out = String::new();
        let mut chars = part.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('f') => out.push_str(&safe_name(feed)),
                Some('t') => out.push_str(&safe_name(title)),
                Some('e') => out.push_str(&extension),
                Some('%') | None => out.push('%'),
                Some(other) => {
                    out.push('%');
                    out.push(other);
                }
            }
        }
        path.push(safe_name(&out));
    }
    if path.as_os_str().is_empty() {
        path.push("download");
    }
    path
}

/// `text` as one safe path component: no separators or control characters, no leading
/// dots or spaces, at most [`MAX_COMPONENT`] bytes; never empty, `.` or `..`.
pub fn safe_name(text: &str) -> String {
    let clean = sanitize::clean_line(text);
    let mapped: String = clean
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trimmed = mapped
        .trim_start_matches(['.', ' '])
        .trim_end_matches([' ', '.']);
    let mut cut = trimmed.len().min(MAX_COMPONENT);
    while !trimmed.is_char_boundary(cut) {
        cut -= 1;
    }
    let name = trimmed[..cut].trim_end();
    if name.is_empty() {
        "untitled".to_owned()
    } else {
        name.to_owned()
    }
}

/// The file's extension: from the URL's last segment, else from its MIME type, else `bin`.
fn extension(url: &Url, mime: Option<&str>) -> String {
    let from_url = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|ext| {
            (1..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
        });
    from_url
        .or_else(|| {
            let mime = mime?.trim().to_ascii_lowercase();
            let ext = match mime.split(';').next()?.trim() {
                "audio/mpeg" => "mp3",
                "audio/mp4" | "audio/x-m4a" => "m4a",
                "audio/ogg" => "ogg",
                "audio/opus" => "opus",
                "video/mp4" => "mp4",
                "video/webm" => "webm",
                "application/pdf" => "pdf",
                "image/jpeg" => "jpg",
                "image/png" => "png",
                _ => return None,
            };
            Some(ext.to_owned())
        })
        .unwrap_or_else(|| "bin".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn titles_cannot_climb_out_or_add_directories() {
        let path = file_path(
            "%f/%t.%e",
            "../../etc",
            "a/b\u{1b}[2J\u{7}..",
            &url("https://x/ep.MP3?x=1"),
            None,
        );
        let parts: Vec<String> = path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(
            parts
                .iter()
                .all(|p| !p.starts_with('.') && !p.contains('/')),
            "{parts:?}"
        );
        assert!(
            parts.iter().all(|p| !p.chars().any(char::is_control)),
            "{parts:?}"
        );
        let extension = Path::new(&parts[1]).extension();
        assert_eq!(extension.and_then(|e| e.to_str()), Some("mp3"), "{parts:?}");
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary_and_empty_ones_named() {
        let long = "ü".repeat(200);
        let name = safe_name(&long);
        assert!(name.len() <= MAX_COMPONENT && name.chars().all(|c| c == 'ü'));
        assert_eq!(safe_name("..."), "untitled");
        assert_eq!(safe_name(""), "untitled");
    }

    #[test]
    fn the_extension_comes_from_the_url_then_the_type() {
        let path = |u: &str, mime| file_path("%t.%e", "f", "t", &url(u), mime);
        assert_eq!(path("https://x/a.ogg", None), PathBuf::from("t.ogg"));
        assert_eq!(
            path("https://x/play", Some("audio/mpeg")),
            PathBuf::from("t.mp3")
        );
        assert_eq!(path("https://x/play", None), PathBuf::from("t.bin"));
        assert_eq!(path("https://x/a.mp3", None), PathBuf::from("t.mp3"));
    }
}
