//! The one place that maps a page to its URL and its output file, and that names every other
//! file of the site: feeds, calendars, the search index, the data export, the sitemap, the
//! stylesheet. Nothing else writes an address.
//!
//! Every page is a folder with an index.html. Links between pages are relative: a page gets
//! the prefix that leads from it back to the site root ("../../"), and every target a path
//! from the root ("actors/zhai-jun/"). In offline mode targets end in "index.html" so the
//! site opens from disk. Files that are not pages (feeds, calendars, data, attachments) have
//! one address whether or not a build is offline.
//!
//! A bundle's attachments are published in its page's folder under their names
//! (`briefings/<slug>/map.png`), so a body's `![Map](map.png)` works from the page as it is;
//! an image's web sizes beside it (`map.800w.png`); the files of static/ at the site root.

use std::path::{Path, PathBuf};

/// A page of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Page<'a> {
    Home,
    Briefing(&'a str),
    Chronology,
    Year(i32),
    /// A month of the chronology: its year and month (from 1).
    Month(i32, u32),
    Tags,
    Tag(&'a str),
    Actors,
    Actor(&'a str),
    Envoys,
    Envoy(&'a str),
    /// The briefings two actors share, by their ids (the smaller first).
    Encounter(&'a str, &'a str),
    /// The places briefings name, and each place's page, by the slug of its name.
    Places,
    Place(&'a str),
    /// The briefings whose text names an actor that they do not list, by the actor's id.
    Mentions(&'a str),
    /// The briefings whose text links to a briefing, by its slug.
    References(&'a str),
    /// Page `n` (2 and on) of a page's long list, in the folder `page/<n>/` of that page.
    Part(&'a Page<'a>, usize),
    /// The full-text search page.
    Search,
    NotFound,
}

/// The name of every Atom feed file, in the folder of the page it follows.
pub(crate) const FEED: &str = "feed.xml";
/// The archive's calendar, at the site root.
pub(crate) const ARCHIVE_CALENDAR: &str = "calendar.ics";
/// The name of each envoy's itinerary, inside the envoy's folder.
pub(crate) const ITINERARY: &str = "itinerary.ics";
/// The search index's manifest, the script the search page loads first: which shard of the
/// index holds what.
pub(crate) const SEARCH_INDEX: &str = "search/index.js";
/// The search client, among the theme's static files.
pub(crate) const SEARCH_SCRIPT: &str = "search.js";
/// The stylesheet, among the theme's static files.
pub(crate) const STYLESHEET: &str = "style.css";
/// The data export.
pub(crate) const BRIEFINGS_JSON: &str = "data/briefings.json";
pub(crate) const ACTORS_JSON: &str = "data/actors.json";
pub(crate) const NETWORK_JSON: &str = "data/network.json";
pub(crate) const BRIEFINGS_CSV: &str = "data/briefings.csv";
/// The sitemap, or the index of its numbered parts.
pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const ROBOTS: &str = "robots.txt";

/// The folders at the site root that the pages and files of the site (of the default
/// language) are in: no other language's folder may take one of their names.
pub(crate) const ROOT_FOLDERS: &[&str] = &[
    "briefings",
    "chronology",
    "tags",
    "actors",
    "envoys",
    "encounters",
    "places",
    "search",
    "data",
    "page",
];

/// How links are written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Routes {
    pub offline: bool,
}

impl Routes {
    pub(crate) fn new(offline: bool) -> Routes {
        Routes { offline }
    }

    /// The routes of a site on a server, whatever this build is: the addresses that feeds use
    /// as ids, and the folders of files that are not pages.
    pub(crate) const fn canonical() -> Routes {
        Routes { offline: false }
    }

    /// The page's folder, from the site root, without a trailing slash ("" for the home page).
    fn folder(page: &Page<'_>) -> String {
        match page {
            Page::Home | Page::NotFound => String::new(),
            Page::Briefing(slug) => ["briefings/", slug].concat(),
            Page::Chronology => "chronology".into(),
            Page::Year(year) => format!("chronology/{year}"),
            Page::Month(year, month) => format!("chronology/{year}/{month:02}"),
            Page::Tags => "tags".into(),
            Page::Tag(slug) => ["tags/", slug].concat(),
            Page::Actors => "actors".into(),
            Page::Actor(id) => ["actors/", id].concat(),
            Page::Envoys => "envoys".into(),
            Page::Envoy(id) => ["envoys/", id].concat(),
            Page::Encounter(a, b) => format!("encounters/{a}--{b}"),
            Page::Places => "places".into(),
            Page::Place(slug) => ["places/", slug].concat(),
            Page::Mentions(id) => format!("actors/{id}/mentions"),
            Page::References(slug) => format!("briefings/{slug}/references"),
            Page::Part(page, n) => {
                let folder = Routes::folder(page);
                if folder.is_empty() {
                    format!("page/{n}")
                } else {
                    format!("{folder}/page/{n}")
                }
            }
            Page::Search => "search".into(),
        }
    }

    /// The file the page is written to, relative to the output folder.
    pub(crate) fn output_path(&self, page: &Page<'_>) -> PathBuf {
        match page {
            Page::NotFound => PathBuf::from("404.html"),
            _ => {
                let folder = Routes::folder(page);
                if folder.is_empty() {
                    PathBuf::from("index.html")
                } else {
                    PathBuf::from(folder).join("index.html")
                }
            }
        }
    }

    /// The page's address from the site root, to be put after a page's [`Routes::root`].
    pub(crate) fn url(&self, page: &Page<'_>) -> String {
        let mut folder = Routes::folder(page);
        match (folder.is_empty(), self.offline) {
            (true, true) => "index.html".into(),
            (true, false) => String::new(),
            (false, true) => folder + "/index.html",
            (false, false) => {
                folder.push('/');
                folder
            }
        }
    }

    /// The relative prefix leading from `page` back to the site root: "./" at the top,
    /// "../" one folder down, and so on.
    pub(crate) fn root(&self, page: &Page<'_>) -> String {
        let depth = Routes::folder(page)
            .split('/')
            .filter(|s| !s.is_empty())
            .count();
        if depth == 0 {
            "./".into()
        } else {
            "../".repeat(depth)
        }
    }

    /// The address of the file at `path` (relative to the output folder), from the site
    /// root, as pages link it: a page's folder on a server, the file itself offline.
    pub(crate) fn file_url(&self, path: &Path) -> String {
        let parts: Vec<String> = path
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        match parts.split_last() {
            Some((file, folders)) if file == "index.html" && !self.offline => {
                folders.iter().map(|f| format!("{f}/")).collect::<String>()
            }
            _ => parts.join("/"),
        }
    }

    /// The file an attachment called `name` (a path with `/`) of `page`'s bundle is written to.
    pub(crate) fn attachment_path(&self, page: &Page<'_>, name: &str) -> PathBuf {
        let mut path = PathBuf::from(Routes::folder(page));
        path.extend(name.split('/'));
        path
    }

    /// The address of that attachment from the site root, the same offline: the page's folder
    /// and the name, percent-encoded.
    pub(crate) fn attachment_url(&self, page: &Page<'_>, name: &str) -> String {
        format!("{}{}", self.attachments_url(page), encode_path(name))
    }

    /// The address of the folder that holds the attachments of `page`, from the site root, with
    /// a trailing slash ("actors/zhai-jun/"), the same offline.
    pub(crate) fn attachments_url(&self, page: &Page<'_>) -> String {
        format!("{}/", Routes::folder(page))
    }

    /// The address of a month's page, from the site root.
    pub(crate) fn month(&self, year: i32, month: u32) -> String {
        self.url(&Page::Month(year, month))
    }
}

/// The file a static file called `name` (a path with `/`, below static/) is written to: the
/// same path, from the site root.
pub(crate) fn static_path(name: &str) -> PathBuf {
    name.split('/').collect()
}

/// The name of the web size `width` pixels wide of the image called `name`, in files of
/// `extension`: `map.png` gives `map.800w.png`, `scans/p1.webp` gives `scans/p1.800w.jpg`.
pub(crate) fn web_size_name(name: &str, width: u32, extension: &str) -> String {
    let (folder, file) = name.rsplit_once('/').map_or(("", name), |(f, n)| (f, n));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let sized = format!("{stem}.{width}w.{extension}");
    if folder.is_empty() {
        sized
    } else {
        format!("{folder}/{sized}")
    }
}

/// A path of file names as an address: every byte but letters, digits, `/` and `-._~` written
/// as `%XX`, so spaces, `#`, `?` and `%` in names stay names.
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The anchor of a month on the chronology pages, e.g. "2023-10".
pub(crate) fn month_anchor(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// Whether a page has an Atom feed of its own (else it links the archive's).
pub(crate) fn has_own_feed(page: &Page<'_>) -> bool {
    matches!(
        page,
        Page::Home | Page::Actor(_) | Page::Envoy(_) | Page::Tag(_)
    )
}

/// The feed a page links to, from the site root: its own, or else the archive's. The later
/// parts of a list link the feed of its first page.
pub(crate) fn feed(page: &Page<'_>) -> String {
    if let Page::Part(first, _) = page {
        return feed(first);
    }
    if has_own_feed(page) {
        format!("{}{FEED}", Routes::canonical().url(page))
    } else {
        FEED.to_string()
    }
}

/// Whether `page` lists what the texts of its language say (the briefings naming an actor,
/// those linking a briefing, and the later pages of those lists): such a page is not at the
/// same address in every language of an archive.
pub(crate) fn lists_texts(page: &Page<'_>) -> bool {
    match page {
        Page::Mentions(_) | Page::References(_) => true,
        Page::Part(first, _) => lists_texts(first),
        _ => false,
    }
}

/// An envoy's itinerary, from the site root.
pub(crate) fn itinerary(envoy: &str) -> String {
    format!(
        "{}{ITINERARY}",
        Routes::canonical().url(&Page::Envoy(envoy))
    )
}

/// A shard of the search index, from the site root: `kind` is its letter, `number` its number
/// ("search/t/3.js"). The manifest gives the client this address with `{kind}` and `{n}` in
/// their places, so the client makes the same addresses.
pub(crate) fn search_shard(kind: &str, number: &str) -> String {
    format!("search/{kind}/{number}.js")
}

/// The `number`th part (from 1) of a sitemap too long for one file.
pub(crate) fn sitemap_part(number: usize) -> String {
    format!("sitemap-{number}.xml")
}

/// The address from the site root of `path`, an address from the root of the pages of a
/// language whose folder is `folder` (none for the default language, at the root):
/// `zh/briefings/x/`.
pub(crate) fn in_language(folder: Option<&str>, path: &str) -> String {
    match folder {
        Some(folder) => format!("{folder}/{path}"),
        None => path.to_string(),
    }
}

/// The public address of `path` (from the root of a language's pages) in the language whose
/// folder is `folder`, on the site at `root`.
pub(crate) fn public_in_language(root: &url::Url, folder: Option<&str>, path: &str) -> String {
    absolute(root, &in_language(folder, path))
}

/// The way up from the root of the pages of a language whose folder is `folder` to the site
/// root: "../" from a language's folder, "" from the default's.
pub(crate) fn up_from_language(folder: Option<&str>) -> &'static str {
    if folder.is_some() {
        "../"
    } else {
        ""
    }
}

/// `path` (from the site root) joined to the site's address.
pub(crate) fn absolute(base: &url::Url, path: &str) -> String {
    base.join(path)
        .map_or_else(|_| format!("{base}{path}"), String::from)
}

/// The way from the 404 page to the site root. That page is served at any address, so its
/// links start from the site's own path (from base_url, or "/" at the domain root) rather
/// than from its place.
pub(crate) fn not_found_root(base_url: Option<&url::Url>) -> String {
    base_url.map_or_else(|| "/".to_string(), |url| url.path().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn online_links_end_in_a_slash() {
        let routes = Routes::new(false);
        assert_eq!(routes.url(&Page::Actor("zhai-jun")), "actors/zhai-jun/");
        assert_eq!(routes.url(&Page::Home), "");
        assert_eq!(routes.root(&Page::Briefing("a")), "../../");
        assert_eq!(routes.root(&Page::Home), "./");
        assert_eq!(routes.root(&Page::Chronology), "../");
        assert_eq!(
            routes.output_path(&Page::Year(2023)),
            PathBuf::from("chronology/2023/index.html")
        );
        assert_eq!(
            routes.output_path(&Page::NotFound),
            PathBuf::from("404.html")
        );
        assert_eq!(routes.month(2023, 10), "chronology/2023/10/");
    }

    #[test]
    fn offline_links_name_the_file() {
        let routes = Routes::new(true);
        assert_eq!(routes.url(&Page::Home), "index.html");
        assert_eq!(routes.url(&Page::Tag("gaza")), "tags/gaza/index.html");
        assert_eq!(routes.url(&Page::Search), "search/index.html");
        assert_eq!(routes.month(2023, 3), "chronology/2023/03/index.html");
    }

    #[test]
    fn file_addresses_follow_the_links() {
        let online = Routes::new(false);
        let offline = Routes::new(true);
        assert_eq!(online.file_url(Path::new("index.html")), "");
        assert_eq!(
            online.file_url(Path::new("actors/a/index.html")),
            "actors/a/"
        );
        assert_eq!(
            offline.file_url(Path::new("actors/a/index.html")),
            "actors/a/index.html"
        );
        assert_eq!(online.file_url(Path::new("about.html")), "about.html");
    }

    #[test]
    fn attachments_lie_in_their_page_folder() {
        let page = Page::Briefing("a");
        for routes in [Routes::new(false), Routes::new(true)] {
            assert_eq!(
                routes.attachment_path(&page, "scans/p 1.png"),
                PathBuf::from("briefings/a/scans/p 1.png")
            );
            assert_eq!(
                routes.attachment_url(&page, "scans/p 1#.png"),
                "briefings/a/scans/p%201%23.png"
            );
            assert_eq!(
                routes.attachments_url(&Page::Actor("zhai-jun")),
                "actors/zhai-jun/"
            );
        }
        assert_eq!(web_size_name("map.png", 800, "png"), "map.800w.png");
        assert_eq!(web_size_name("s/p1.webp", 1600, "jpg"), "s/p1.1600w.jpg");
        assert_eq!(web_size_name("noext", 800, "png"), "noext.800w.png");
        assert_eq!(static_path(".well-known/x"), PathBuf::from(".well-known/x"));
        assert_eq!(encode_path("café"), "caf%C3%A9");
    }

    #[test]
    fn month_anchors_are_padded() {
        assert_eq!(month_anchor(2023, 3), "2023-03");
    }

    #[test]
    fn pages_link_their_own_feed_or_the_archive_feed() {
        assert_eq!(feed(&Page::Home), "feed.xml");
        assert_eq!(feed(&Page::Actor("a")), "actors/a/feed.xml");
        assert_eq!(feed(&Page::Envoy("a")), "envoys/a/feed.xml");
        assert_eq!(feed(&Page::Tag("gaza")), "tags/gaza/feed.xml");
        assert_eq!(feed(&Page::Briefing("b")), "feed.xml");
        assert_eq!(feed(&Page::NotFound), "feed.xml");
        assert_eq!(itinerary("zhai-jun"), "envoys/zhai-jun/itinerary.ics");
    }

    #[test]
    fn search_shards_sit_beside_the_manifest() {
        assert_eq!(search_shard("t", "3"), "search/t/3.js");
        assert_eq!(search_shard("{kind}", "{n}"), "search/{kind}/{n}.js");
        assert!(search_shard("d", "0").starts_with(SEARCH_INDEX.trim_end_matches("index.js")));
    }

    #[test]
    fn every_folder_at_the_root_is_named_among_the_root_folders() {
        let pages = [
            Page::Briefing("b"),
            Page::Chronology,
            Page::Tags,
            Page::Actors,
            Page::Envoys,
            Page::Encounter("a", "b"),
            Page::Places,
            Page::Search,
            Page::Part(&Page::Home, 2),
        ];
        let files = [
            BRIEFINGS_JSON,
            ACTORS_JSON,
            NETWORK_JSON,
            BRIEFINGS_CSV,
            SEARCH_INDEX,
        ];
        let firsts = pages
            .iter()
            .map(Routes::folder)
            .chain(files.iter().map(|f| f.to_string()));
        for path in firsts {
            let first = path.split('/').next().unwrap().to_string();
            assert!(ROOT_FOLDERS.contains(&first.as_str()), "{path}");
        }
    }

    #[test]
    fn lists_of_what_texts_say_are_known_with_their_later_pages() {
        assert!(lists_texts(&Page::Mentions("a")));
        assert!(lists_texts(&Page::Part(&Page::References("b"), 2)));
        assert!(!lists_texts(&Page::Part(&Page::Actor("a"), 2)));
        assert!(!lists_texts(&Page::Briefing("b")));
    }

    #[test]
    fn languages_other_than_the_default_have_a_folder() {
        assert_eq!(in_language(Some("zh"), "briefings/a/"), "zh/briefings/a/");
        assert_eq!(in_language(None, "briefings/a/"), "briefings/a/");
        assert_eq!(in_language(Some("ar"), ""), "ar/");
        assert_eq!(up_from_language(Some("ar")), "../");
        assert_eq!(up_from_language(None), "");
    }

    #[test]
    fn addresses_keep_the_path_of_the_base() {
        let base = url::Url::parse("https://example.org/archive/").unwrap();
        assert_eq!(
            absolute(&base, "actors/a/feed.xml"),
            "https://example.org/archive/actors/a/feed.xml"
        );
        assert_eq!(absolute(&base, ""), "https://example.org/archive/");
        assert_eq!(not_found_root(Some(&base)), "/archive/");
        assert_eq!(not_found_root(None), "/");
    }
}
