//! Answers one request: maps its address to a file of the built site (index.html for a
//! folder, 404.html for what is missing), refuses addresses that climb out of the site, sets the
//! content type and, for HTML, adds the reload script and the error banner. Also serves the
//! reload script and opens event streams.

use std::fs;
use std::io::Cursor;
use std::path::{Component, Path, PathBuf};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::live::{self, Live};

/// Where an address leads in the built site.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    File(PathBuf),
    /// A folder asked for without its final '/': relative links need it, so redirect.
    Redirect(String),
    NotFound,
    /// '..', a bad escape or another way out of the site.
    Refused,
}

/// Answers `request`; a client that went away is no error of ours.
pub(super) fn respond(request: Request, live: &Live) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(text(405, "text/plain", "only GET and HEAD are served\n"));
        return;
    }
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    match path.as_str() {
        live::EVENTS_PATH => live.listen(request.into_writer()),
        live::SCRIPT_PATH => {
            let _ = request.respond(text(200, "text/javascript", live::RELOAD_JS));
        }
        _ => {
            let response = page(&live.site, &path, live.failure().as_deref());
            let _ = request.respond(response);
        }
    }
}

/// The response for a path of the site.
fn page(site: &Path, path: &str, failure: Option<&str>) -> Response<Cursor<Vec<u8>>> {
    match resolve(site, path) {
        Target::File(file) => match fs::read(&file) {
            Ok(bytes) => file_response(200, &file, bytes, failure),
            Err(_) => not_found(site, path, failure),
        },
        Target::Redirect(location) => match Header::from_bytes("Location", location.as_bytes()) {
            Ok(to) => text(301, "text/plain", "moved\n").with_header(to),
            Err(()) => text(400, "text/plain", "this address is not served\n"),
        },
        Target::NotFound => not_found(site, path, failure),
        Target::Refused => text(400, "text/plain", "this address is not served\n"),
    }
}

/// The site's 404.html, or a page of our own when there is none.
fn not_found(site: &Path, path: &str, failure: Option<&str>) -> Response<Cursor<Vec<u8>>> {
    let file = site.join("404.html");
    let bytes = fs::read(&file).unwrap_or_else(|_| live::not_found_page(path).into_bytes());
    file_response(404, &file, bytes, failure)
}

fn file_response(
    status: u16,
    file: &Path,
    bytes: Vec<u8>,
    failure: Option<&str>,
) -> Response<Cursor<Vec<u8>>> {
    let kind = content_type(file);
    let bytes = if kind.starts_with("text/html") {
        live::inject(&String::from_utf8_lossy(&bytes), failure).into_bytes()
    } else {
        bytes
    };
    Response::from_data(bytes)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
}

fn text(status: u16, kind: &str, body: &str) -> Response<Cursor<Vec<u8>>> {
    Response::from_string(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", &format!("{kind}; charset=utf-8")))
        .with_header(header("Cache-Control", "no-store"))
}

/// A header of ours (ASCII names and values, so always valid).
fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("an ASCII header")
}

/// Maps an address path (without query) to what the site has there.
pub(super) fn resolve(site: &Path, path: &str) -> Target {
    let Some(decoded) = percent_decode(path) else {
        return Target::Refused;
    };
    let mut file = site.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Target::Refused,
            name => {
                let mut parts = Path::new(name).components();
                match (parts.next(), parts.next()) {
                    (Some(Component::Normal(part)), None) if !name.contains('\\') => {
                        file.push(part)
                    }
                    _ => return Target::Refused,
                }
            }
        }
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            return Target::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    if file.is_file() {
        Target::File(file)
    } else {
        Target::NotFound
    }
}

/// Decodes `%XX` escapes; `None` for a bad escape, a NUL or text that is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    if out.contains(&0) {
        return None;
    }
    String::from_utf8(out).ok()
}

/// The content type of a file of the site, by its extension.
pub(super) fn content_type(file: &Path) -> &'static str {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("briefings/a")).unwrap();
        fs::write(dir.path().join("index.html"), "home").unwrap();
        fs::write(dir.path().join("briefings/a/index.html"), "a").unwrap();
        fs::write(dir.path().join("style.css"), "css").unwrap();
        dir
    }

    #[test]
    fn folders_serve_their_index() {
        let dir = site();
        let root = dir.path();
        assert_eq!(resolve(root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(root, "/briefings/a/"),
            Target::File(root.join("briefings/a/index.html"))
        );
        assert_eq!(
            resolve(root, "/briefings/a"),
            Target::Redirect("/briefings/a/".into())
        );
        assert_eq!(
            resolve(root, "/style.css"),
            Target::File(root.join("style.css"))
        );
        assert_eq!(resolve(root, "/nothing/"), Target::NotFound);
    }

    #[test]
    fn refuses_ways_out_of_the_site() {
        let dir = site();
        for path in [
            "/../etc/passwd",
            "/briefings/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/a%00b",
            "/%zz",
            "/%ff",
            "/a\\..\\b",
        ] {
            assert_eq!(resolve(dir.path(), path), Target::Refused, "{path}");
        }
    }

    #[test]
    fn decodes_escapes() {
        assert_eq!(percent_decode("/t%C3%A9/a%20b").as_deref(), Some("/té/a b"));
        assert_eq!(percent_decode("/%4"), None);
    }

    #[test]
    fn knows_the_common_types() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("style.CSS")),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }
}
