//! The same page in every language of the archive: the language switcher of each page and its
//! `<link rel="alternate" hreflang>` in `<head>`, reciprocal by construction since every
//! language's site has the same pages at the same paths in its own folder.

use serde::Serialize;

use crate::config::Config;
use crate::model::Archive;
use crate::routes::{self, Page, Routes};
use crate::site::pages::Theme;
use crate::site::speech::{direction, keys as speech_keys};

/// A language of the archive, as the switcher names it.
#[derive(Debug, Clone, Hash)]
pub(super) struct Language {
    pub tag: String,
    /// Its name in itself ("中文", "العربية").
    pub name: String,
    /// Its folder, none for the default language's pages at the site root.
    pub folder: Option<String>,
}

/// The archive's languages, the default first; none for an archive of one language.
pub(super) fn languages(config: &Config, theme: &Theme) -> Vec<Language> {
    if !config.is_multilingual() {
        return Vec::new();
    }
    config
        .languages
        .iter()
        .map(|l| Language {
            tag: l.tag.clone(),
            name: theme.speech(&l.tag).map_or_else(
                |_| l.tag.clone(),
                |(speech, _)| speech.word(speech_keys::NAME).to_string(),
            ),
            folder: config.language_folder(&l.tag),
        })
        .collect()
}

/// The page in one language.
#[derive(Debug, Serialize, Hash)]
pub(super) struct Alternate {
    pub tag: String,
    pub name: String,
    /// The page, from this page ("../../zh/briefings/x/").
    pub url: String,
    /// The page's absolute address where the site has a base_url, for `hreflang` links;
    /// else the same as `url`.
    pub href: String,
    /// Whether it is this page.
    pub current: bool,
    /// Whether the text the page shows is written in that language: false on a briefing's
    /// page in a language it has no translation into (it shows the original's text).
    pub translated: bool,
}

/// The page that stands for `page` in every language: lists of what the texts say (the
/// briefings naming an actor, those linking a briefing) differ from language to language, so
/// their pages stand for their actor's or briefing's. The 404 page stands for the home page.
fn shared<'a>(page: &Page<'a>) -> Page<'a> {
    match page {
        // The 404 page, at any address, leads to each language's home.
        Page::NotFound => Page::Home,
        Page::Mentions(id) => Page::Actor(id),
        Page::References(slug) => Page::Briefing(slug),
        Page::Part(first, _) if routes::lists_texts(first) => shared(first),
        other => other.clone(),
    }
}

/// `page` in every language, for a page of the language of `config` whose way back to its
/// language's root is `root`.
pub(super) fn alternates(
    languages: &[Language],
    config: &Config,
    archive: &Archive,
    routes: &Routes,
    page: &Page<'_>,
    root: &str,
) -> Vec<Alternate> {
    if languages.is_empty() {
        return Vec::new();
    }
    let target = shared(page);
    let path = routes.url(&target);
    // From this language's folder to the site root.
    let up = routes::up_from_language(config.language_folder(&config.language).as_deref());
    let versions = match &target {
        Page::Briefing(slug) => archive
            .briefing_by_slug(slug)
            .map(|ix| archive.briefings[ix].versions.clone()),
        _ => None,
    };
    languages
        .iter()
        .map(|language| {
            let from_root = routes::in_language(language.folder.as_deref(), &path);
            let url = [root, up, &from_root].concat();
            let href = match (&config.site_url, routes.offline) {
                (Some(base), false) => routes::absolute(base, &from_root),
                _ => url.clone(),
            };
            Alternate {
                tag: language.tag.clone(),
                name: language.name.clone(),
                url,
                href,
                current: language.tag == config.language,
                translated: versions
                    .as_ref()
                    .is_none_or(|versions| versions.contains(&language.tag)),
            }
        })
        .collect()
}

/// The language of the text a page shows, where it is not the page's: a briefing with no
/// translation into the page's language shows its original, marked as such.
#[derive(Debug, Serialize, Hash)]
pub(super) struct TextLanguage {
    pub tag: String,
    /// Its name in itself.
    pub name: String,
    /// The name of the page's language, in itself.
    pub page_name: String,
    /// "rtl" or "ltr".
    pub dir: &'static str,
}

/// The language of the text of `page`, where it is not the page's.
pub(super) fn text_language(
    languages: &[Language],
    config: &Config,
    archive: &Archive,
    page: &Page<'_>,
) -> Option<TextLanguage> {
    let Page::Briefing(slug) = page else {
        return None;
    };
    let ix = archive.briefing_by_slug(slug)?;
    let tag = archive.briefings[ix].language.as_deref()?;
    if tag == config.language {
        return None;
    }
    let name = |tag: &str| {
        languages
            .iter()
            .find(|l| l.tag == tag)
            .map_or_else(|| tag.to_string(), |l| l.name.clone())
    };
    Some(TextLanguage {
        tag: tag.to_string(),
        name: name(tag),
        page_name: name(&config.language),
        dir: direction(tag),
    })
}
