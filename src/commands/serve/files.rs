//! The site's side of a request: maps its address to a file of the built site (index.html for
//! a folder, 404.html for what is missing), refuses addresses that climb out of the site, sets
//! the content type and, for HTML, adds the reload script and the error banner.

use std::path::{Component, Path, PathBuf};

use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Response, StatusCode};

use super::body::Body;
use super::live;

/// Where an address leads in the built site.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    File(PathBuf),
    /// A folder asked for without its final '/': relative links need it, so redirect, always
    /// to a path of this server (one '/' first, never '//', which would name another host).
    Redirect(String),
    NotFound,
    /// '..', an escaped '/' or '\\', a bad escape or another way out of the site.
    Refused,
}

/// The response for a path of the site. HTML is read whole, to add the reload script and the
/// banner; any other file is sent from disk a chunk at a time.
pub(super) async fn page(site: &Path, path: &str, failure: Option<&str>) -> Response<Body> {
    match resolve(site, path) {
        Target::File(file) => match file_response(StatusCode::OK, &file, failure).await {
            Ok(response) => response,
            Err(_) => not_found(site, path, failure).await,
        },
        Target::Redirect(location) => {
            let mut response = plain(StatusCode::MOVED_PERMANENTLY, "moved\n");
            match HeaderValue::from_str(&location) {
                Ok(to) => response.headers_mut().insert(LOCATION, to),
                Err(_) => return refused(),
            };
            response
        }
        Target::NotFound => not_found(site, path, failure).await,
        Target::Refused => refused(),
    }
}

fn refused() -> Response<Body> {
    plain(StatusCode::BAD_REQUEST, "this address is not served\n")
}

/// The site's 404.html, or a page of our own when there is none.
async fn not_found(site: &Path, path: &str, failure: Option<&str>) -> Response<Body> {
    let file = site.join("404.html");
    match file_response(StatusCode::NOT_FOUND, &file, failure).await {
        Ok(response) => response,
        Err(_) => {
            let page = live::inject(&live::not_found_page(path), failure);
            response(StatusCode::NOT_FOUND, content_type(&file), Body::text(page))
        }
    }
}

async fn file_response(
    status: StatusCode,
    file: &Path,
    failure: Option<&str>,
) -> std::io::Result<Response<Body>> {
    let kind = content_type(file);
    let body = if kind.starts_with("text/html") {
        let bytes = tokio::fs::read(file).await?;
        Body::text(live::inject(&String::from_utf8_lossy(&bytes), failure))
    } else {
        let open = tokio::fs::File::open(file).await?;
        let len = open.metadata().await?.len();
        Body::file(open, len)
    };
    Ok(response(status, kind, body))
}

/// A plain text answer of ours.
pub(super) fn plain(status: StatusCode, message: &'static str) -> Response<Body> {
    response(status, "text/plain; charset=utf-8", Body::text(message))
}

/// A response with a content type of ours; nothing served is kept by the browser.
pub(super) fn response(status: StatusCode, kind: &'static str, body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Maps an address path (without query) to what the site has there. Each segment is decoded on
/// its own, so an escaped '/' cannot join two segments into one way out.
pub(super) fn resolve(site: &Path, path: &str) -> Target {
    let mut file = site.to_path_buf();
    // The segments as written, for a redirect: empty ones and '.' dropped.
    let mut written = Vec::new();
    for segment in path.split('/') {
        let Some(name) = percent_decode(segment) else {
            return Target::Refused;
        };
        match name.as_str() {
            "" | "." => {}
            ".." => return Target::Refused,
            name => {
                let mut parts = Path::new(name).components();
                match (parts.next(), parts.next()) {
                    (Some(Component::Normal(part)), None) if !name.contains(['/', '\\']) => {
                        file.push(part);
                        written.push(segment);
                    }
                    _ => return Target::Refused,
                }
            }
        }
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            return Target::Redirect(folder_address(&written));
        }
        file.push("index.html");
    }
    if file.is_file() {
        Target::File(file)
    } else {
        Target::NotFound
    }
}

/// `/a/b/` from the segments `a` and `b`: one '/' first, whatever the request had.
fn folder_address(segments: &[&str]) -> String {
    let mut address = String::from("/");
    for segment in segments {
        address.push_str(segment);
        address.push('/');
    }
    address
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
    use std::fs;

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
    fn redirects_stay_on_this_server() {
        let dir = site();
        let root = dir.path();
        for path in [
            "//briefings",
            "///briefings",
            "/./briefings",
            "//briefings//a",
            "/.//briefings",
        ] {
            let Target::Redirect(location) = resolve(root, path) else {
                panic!("{path} is no redirect");
            };
            assert!(
                location.starts_with('/') && !location.starts_with("//"),
                "{path}: {location}"
            );
            assert!(!location.contains('\\'), "{path}: {location}");
        }
        assert_eq!(
            resolve(root, "//briefings"),
            Target::Redirect("/briefings/".into())
        );
        assert_eq!(
            resolve(root, "//briefings//a"),
            Target::Redirect("/briefings/a/".into())
        );
        assert_eq!(resolve(root, "/."), Target::Redirect("/".into()));
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
            "/\\evil.com",
            "/%5Cevil.com",
            "/%2F%2Fevil.com",
            "/briefings%2Fa",
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
