//! The one place that maps a page to its URL and its output file.
//!
//! Every page is a folder with an index.html. Links between pages are relative: a page gets
//! the prefix that leads from it back to the site root ("../../"), and every target a path
//! from the root ("actors/zhai-jun/"). In offline mode targets end in "index.html" so the
//! site opens from disk.

use std::path::PathBuf;

/// A page of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Page<'a> {
    Home,
    Briefing(&'a str),
    Chronology,
    Year(i32),
    Tags,
    Tag(&'a str),
    Actors,
    Actor(&'a str),
    Envoys,
    Envoy(&'a str),
    /// The briefings two actors share, by their ids (the smaller first).
    Encounter(&'a str, &'a str),
    /// The full-text search page.
    Search,
    NotFound,
}

/// How links are written.
#[derive(Debug, Clone, Copy)]
pub struct Routes {
    pub offline: bool,
}

impl Routes {
    pub fn new(offline: bool) -> Routes {
        Routes { offline }
    }

    /// The page's folder, from the site root, without a trailing slash ("" for the home page).
    fn folder(page: &Page<'_>) -> String {
        match page {
            Page::Home | Page::NotFound => String::new(),
            Page::Briefing(slug) => format!("briefings/{slug}"),
            Page::Chronology => "chronology".into(),
            Page::Year(year) => format!("chronology/{year}"),
            Page::Tags => "tags".into(),
            Page::Tag(slug) => format!("tags/{slug}"),
            Page::Actors => "actors".into(),
            Page::Actor(id) => format!("actors/{id}"),
            Page::Envoys => "envoys".into(),
            Page::Envoy(id) => format!("envoys/{id}"),
            Page::Encounter(a, b) => format!("encounters/{a}--{b}"),
            Page::Search => "search".into(),
        }
    }

    /// The file the page is written to, relative to the output folder.
    pub fn output_path(&self, page: &Page<'_>) -> PathBuf {
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
    pub fn url(&self, page: &Page<'_>) -> String {
        let folder = Routes::folder(page);
        match (folder.is_empty(), self.offline) {
            (true, true) => "index.html".into(),
            (true, false) => String::new(),
            (false, true) => format!("{folder}/index.html"),
            (false, false) => format!("{folder}/"),
        }
    }

    /// The relative prefix leading from `page` back to the site root: "./" at the top,
    /// "../" one folder down, and so on.
    pub fn root(&self, page: &Page<'_>) -> String {
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
}

/// The anchor of a month on the chronology pages, e.g. "2023-10".
pub fn month_anchor(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
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
    }

    #[test]
    fn offline_links_name_the_file() {
        let routes = Routes::new(true);
        assert_eq!(routes.url(&Page::Home), "index.html");
        assert_eq!(routes.url(&Page::Tag("gaza")), "tags/gaza/index.html");
        assert_eq!(routes.url(&Page::Search), "search/index.html");
    }

    #[test]
    fn month_anchors_are_padded() {
        assert_eq!(month_anchor(2023, 3), "2023-03");
    }
}
