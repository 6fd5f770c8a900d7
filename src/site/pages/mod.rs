//! The pages of the site: every page rendered with the theme's templates from its view,
//! handed on a chunk at a time, and the theme's static files ([`ThemeStatics`]). A template
//! error fails the whole generator, and nothing is handed on after it.
//!
//! `views` builds the view of each kind of page, `links` the views of single entities those
//! pages list, `related` chooses each briefing's related briefings, `theme` compiles the
//! templates and `guard` refuses a theme that would never finish rendering. To add a page: a
//! variant of [`Page`] and its address in `routes.rs`, a view in `views`, a template in
//! `themes/default/templates/`, and a line in [`all_pages`] and [`Renderer::page`].

mod alternates;
mod entries;
mod guard;
mod links;
mod related;
mod theme;
mod views;

use std::hash::Hash;

use rayon::prelude::*;
use serde::Serialize;

pub(crate) use theme::{escape_html, Theme};

use super::{hand_on, Generator, Outcome, OutputFile, Sink, SiteContext};
use crate::error::{Diagnostic, Error};
use crate::markdown::Texts;
use crate::model::Archive;
use crate::routes::{self, Page, SEARCH_INDEX, SEARCH_SCRIPT};
use crate::site::speech::{Speech, Word};
use links::SiteView;
use links::Views;

/// Every page.
pub(crate) struct Pages;

impl Generator for Pages {
    fn name(&self) -> &'static str {
        "render"
    }

    /// Renders the pages a chunk at a time, handing on each chunk while the next renders, so
    /// the whole site is never held in memory. A template that fails fails the whole render:
    /// every problem is reported (each once), and nothing more is handed on after the first.
    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
        let words = Words::new(site.speech, site.theme.words_used.as_ref());
        let entries = entries::Entries::new(
            site.theme,
            &words,
            site.speech,
            site.store,
            site.archive.briefings.len(),
        );
        let links = links::briefing_links(site, &entries);
        let related = related::Related::of(site.archive, site.store);
        let renderer = Renderer {
            site: SiteView::new(site.config, site.routes),
            views: Views {
                site: *site,
                links: &links,
                related: &related,
            },
            not_found_root: routes::not_found_root(site.config.base_url.as_ref()),
            languages: alternates::languages(site.config, site.theme),
            words: &words,
        };
        let mut pages = all_pages(site.archive, site.texts);
        // Hosts serve the 404 page of the site root at any address: another language's
        // folder has none.
        if site.config.language_folder(&site.config.language).is_some() {
            pages.retain(|page| *page != Page::NotFound);
        }
        let same_structure = site.previous.memo.structure == site.memo.structure;
        let mut problems: Vec<Diagnostic> = Vec::new();
        let mut ready: Option<Vec<Outcome>> = None;
        for chunk in pages.chunks(PAGES_PER_CHUNK) {
            let render = || -> Vec<Result<Vec<Outcome>, Diagnostic>> {
                chunk
                    .par_iter()
                    .map(|page| match unaffected(site, page, same_structure) {
                        Some(kept) => Ok(kept),
                        None => renderer.page(page),
                    })
                    .collect()
            };
            let hand = || ready.take().map_or(Ok(()), |made| hand_on(made, sink));
            let (rendered, handed) = rayon::join(render, hand);
            handed?;
            let mut made = Vec::with_capacity(rendered.len());
            for result in rendered {
                match result {
                    Ok(files) => made.extend(files),
                    // A broken template fails on every page that uses it; say it once.
                    Err(d) if problems.contains(&d) => {}
                    Err(d) => problems.push(d),
                }
            }
            if problems.is_empty() {
                ready = Some(made);
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        if let Some(made) = ready {
            hand_on(made, sink)?;
        }
        // The entries a later build may want and this one did not render stay in the store.
        let shown: Vec<u64> = links.iter().map(links::BriefingLink::shown).collect();
        entries.keep_unused(&shown, &pages, site.routes);
        Ok(())
    }
}

/// The theme's static files (its stylesheet, its scripts), at the site's root.
pub(crate) struct ThemeStatics;

impl Generator for ThemeStatics {
    fn name(&self) -> &'static str {
        "theme"
    }

    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
        for (path, file) in &site.theme.statics {
            let digest = crate::site::digest(&file.bytes);
            if site.previous.unchanged(path, digest) {
                sink.keep(path, digest)?;
            } else {
                sink.files(vec![OutputFile::copied(
                    path,
                    file.bytes.clone(),
                    &file.path,
                )
                .with_digest(digest)])?;
            }
        }
        Ok(())
    }
}

/// A page kept without even building its view: where nothing but texts changed since the
/// last build, only the pages that show texts (a briefing's, an actor's, an envoy's, the
/// briefings naming an actor) and whose texts changed can differ. A page of a long list is
/// kept with the later pages of its list, which the last build made as many of.
fn unaffected(
    site: &SiteContext<'_>,
    page: &Page<'_>,
    same_structure: bool,
) -> Option<Vec<Outcome>> {
    if !same_structure {
        return None;
    }
    let (previous, current) = (&site.previous.memo, site.memo);
    let changed = match page {
        Page::Briefing(slug) | Page::References(slug) => {
            previous.briefings.get(*slug) != current.briefings.get(*slug)
        }
        Page::Actor(id) | Page::Envoy(id) | Page::Mentions(id) => {
            previous.actors.get(*id) != current.actors.get(*id)
        }
        _ => false,
    };
    if changed {
        return None;
    }
    let kept = |page: &Page<'_>| {
        let path = site.routes.output_path(page);
        let digest = site.previous.digest(&path)?;
        Some(Outcome::Kept(path, digest))
    };
    let mut outcomes = vec![kept(page)?];
    // Only a list has later pages; a briefing's page, the most numerous, has none to look for.
    let single = matches!(
        page,
        Page::Home | Page::Briefing(_) | Page::Tags | Page::Places | Page::Search | Page::NotFound
    );
    if !single {
        outcomes.extend((2..).map_while(|n| kept(&Page::Part(page, n))));
    }
    Some(outcomes)
}

/// Every page of the site (the first of each long list): the indexes first, then one per
/// year, month, briefing, tag, place, actor, envoy and encounter, and the briefings naming an
/// actor they do not list.
pub(crate) fn all_pages<'a>(archive: &'a Archive, texts: &Texts) -> Vec<Page<'a>> {
    let mut pages = vec![
        Page::Home,
        Page::Chronology,
        Page::Tags,
        Page::Places,
        Page::Actors,
        Page::Envoys,
        Page::Search,
        Page::NotFound,
    ];
    pages.extend(archive.years().into_iter().map(Page::Year));
    pages.extend(archive.months.iter().map(|m| Page::Month(m.year, m.month)));
    pages.extend(archive.places.iter().map(|p| Page::Place(&p.slug)));
    pages.extend(
        archive
            .briefings
            .iter()
            .zip(&texts.referenced_by)
            .filter(|(_, list)| list.len() > views::IN_BRIEF)
            .map(|(b, _)| Page::References(&b.slug)),
    );
    pages.extend(
        archive
            .actors()
            .iter()
            .zip(&texts.also_mentioned_in)
            .filter(|(_, list)| !list.is_empty())
            .map(|(a, _)| Page::Mentions(&a.id)),
    );
    pages.extend(archive.briefings.iter().map(|b| Page::Briefing(&b.slug)));
    pages.extend(archive.tags.iter().map(|t| Page::Tag(&t.slug)));
    pages.extend(archive.actors().iter().map(|a| Page::Actor(&a.id)));
    pages.extend(
        archive
            .envoys()
            .map(|ix| Page::Envoy(&archive.actor(ix).id)),
    );
    pages.extend(
        archive
            .encounter_pairs()
            .into_iter()
            .map(|(a, b)| Page::Encounter(&archive.actor(a).id, &archive.actor(b).id)),
    );
    pages
}

/// A page's title, with its number after the first page of a list.
fn titled(speech: &Speech, title: &str, number: usize) -> String {
    if number == 1 {
        title.to_string()
    } else {
        speech.fill(
            "page_title_part",
            &[("title", title), ("n", &number.to_string())],
        )
    }
}

/// The words of the interface as templates get them, `t`: each plain word a string, each word
/// with plural forms a table of them with its language beside (`lang`), for the `fill` filter.
/// Only the words the templates ask for are given, chosen once for all the pages, so each
/// page's context stays small.
struct Words<'a> {
    speech: &'a Speech,
    asked: Vec<(&'a str, &'a Word)>,
    /// The digest of the words given.
    digest: u64,
}

impl<'a> Words<'a> {
    fn new(speech: &'a Speech, used: Option<&std::collections::BTreeSet<String>>) -> Words<'a> {
        let asked = speech
            .words()
            .iter()
            .filter(|(key, _)| used.is_none_or(|used| used.contains(*key)))
            .map(|(key, word)| (key.as_str(), word))
            .collect::<Vec<_>>();
        let digest = crate::site::digest(&(speech.digest, &asked));
        Words {
            speech,
            asked,
            digest,
        }
    }
}

/// The words of one page: all the pages' own, borrowed.
#[derive(Clone, Copy)]
struct PageWords<'a>(&'a Words<'a>);

impl Serialize for PageWords<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let words = self.0;
        let mut map = serializer.serialize_map(Some(words.asked.len()))?;
        for (key, word) in &words.asked {
            match word {
                Word::Plain(text) => map.serialize_entry(key, text)?,
                Word::Plural(forms) => {
                    let mut forms: std::collections::BTreeMap<&str, &str> = forms
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    forms.insert(theme::PLURAL_LANGUAGE, &words.speech.tag);
                    map.serialize_entry(key, &forms)?;
                }
            }
        }
        map.end()
    }
}

impl Hash for PageWords<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.digest.hash(state);
    }
}

/// What every template gets beside its page's own view.
#[derive(Serialize, Hash)]
struct Context<'a, T: Serialize> {
    site: &'a SiteView<'a>,
    /// The words of the interface in the language of the pages: in the digest, and given to
    /// the template apart ([`with_words`]), prepared once per thread rather than per page.
    #[serde(skip)]
    t: PageWords<'a>,
    /// That language's tag, for `<html lang>`.
    lang: &'a str,
    /// "ltr" or "rtl", for `<html dir>`.
    dir: &'static str,
    /// The way from this page back to the site root ("./", "../", ...).
    root: String,
    /// The page's own title, for `<title>`.
    page_title: String,
    /// Which section the page belongs to, for the navigation.
    section: &'static str,
    /// The Atom feed the page links to, from the site root: its own, or the archive's.
    feed_url: String,
    /// That feed's title.
    feed_title: String,
    /// The same page in every language of the archive (none in an archive of one).
    alternates: Vec<alternates::Alternate>,
    /// The language of the text the page shows, where it is not the page's: a briefing with
    /// no translation into the page's language shows its original.
    text_language: Option<alternates::TextLanguage>,
    #[serde(flatten)]
    page: T,
}

/// What the search page gets: the scripts it loads, from the site root.
#[derive(Serialize, Hash)]
struct SearchView {
    index_url: &'static str,
    script_url: &'static str,
    /// The words the search client writes, as JSON: [`search_words`].
    words: String,
}

/// What the search client needs to speak the language of the pages, as JSON for an attribute
/// of the search page: the tag, the date pattern and the month names it uses, and every word
/// whose key starts with `search_`, plural forms as tables.
fn search_words(speech: &Speech) -> String {
    use chrono::NaiveDate;
    let months: Vec<String> = (1..=12)
        .filter_map(|m| NaiveDate::from_ymd_opt(2001, m, 1))
        .map(|d| speech.format_with(d, "%B"))
        .collect();
    let short: Vec<String> = (1..=12)
        .filter_map(|m| NaiveDate::from_ymd_opt(2001, m, 1))
        .map(|d| speech.format_with(d, "%b"))
        .collect();
    let words: std::collections::BTreeMap<&str, &Word> = speech
        .words()
        .iter()
        .filter(|(key, _)| key.starts_with("search_"))
        .map(|(key, word)| (key.as_str(), word))
        .collect();
    serde_json::json!({
        "lang": speech.tag,
        "date": speech.word(crate::site::speech::keys::DATE),
        "months": months,
        "months_short": short,
        "words": words,
    })
    .to_string()
}

/// How many pages are rendered before they are handed on together.
const PAGES_PER_CHUNK: usize = 512;

struct Renderer<'a> {
    site: SiteView<'a>,
    views: Views<'a>,
    not_found_root: String,
    /// The archive's languages, for the switcher.
    languages: Vec<alternates::Language>,
    /// The words every page gets.
    words: &'a Words<'a>,
}

impl Renderer<'_> {
    /// Renders a page (each page of its list, for a long list), or keeps each where the last
    /// build made it from the same view.
    fn page(&self, page: &Page<'_>) -> Result<Vec<Outcome>, Diagnostic> {
        let views = &self.views;
        let archive = views.site.archive;
        let speech = views.site.speech;
        let titled = |title: &str, number: usize| titled(speech, title, number);
        // Every page the list names exists in the archive.
        let found = |ix: Option<usize>| ix.expect("a page of an entity the archive has");
        let one = |outcome: Result<Outcome, Diagnostic>| outcome.map(|o| vec![o]);
        match *page {
            Page::Home => one(self.render(
                page,
                "index.html",
                self.site.title.to_string(),
                "home",
                views.home(),
            )),
            Page::Briefing(slug) => {
                let view = views.briefing(found(archive.briefing_by_slug(slug)))?;
                let title = view.briefing.title.to_string();
                one(self.render(page, "briefing.html", title, "briefings", view))
            }
            Page::Chronology => self.parts(page, archive.briefings.len(), |here, n| {
                let view = views.chronology(n);
                self.render(
                    here,
                    "chronology.html",
                    titled(speech.word("chronology"), n),
                    "chronology",
                    view,
                )
            }),
            Page::Year(year) => {
                let count = archive.months_of(year).map(|m| m.briefings.len()).sum();
                self.parts(page, count, |here, n| {
                    let view = views.year(year, n);
                    self.render(
                        here,
                        "year.html",
                        titled(&year.to_string(), n),
                        "chronology",
                        view,
                    )
                })
            }
            Page::Month(year, month) => {
                let count = archive
                    .months
                    .iter()
                    .find(|m| m.year == year && m.month == month)
                    .map_or(0, |m| m.briefings.len());
                self.parts(page, count, |here, n| {
                    let view = views.month(year, month, n);
                    let title = titled(&view.name, n);
                    self.render(here, "month.html", title, "chronology", view)
                })
            }
            Page::Tags => one(self.render(
                page,
                "tags.html",
                speech.word("tags").into(),
                "tags",
                views.tags(),
            )),
            Page::Tag(slug) => {
                let ix = found(archive.tag_by_slug(slug));
                let tag = &archive.tags[ix];
                self.parts(page, tag.briefings.len(), |here, n| {
                    let title = titled(&speech.fill("tag_title", &[("name", &tag.name)]), n);
                    self.render(here, "tag.html", title, "tags", views.tag(ix, n))
                })
            }
            Page::Places => one(self.render(
                page,
                "places.html",
                speech.word("places").into(),
                "places",
                views.places(),
            )),
            Page::Place(slug) => {
                let ix = found(archive.place_by_slug(slug));
                let place = &archive.places[ix];
                self.parts(page, place.briefings.len(), |here, n| {
                    let title = titled(&place.name, n);
                    self.render(here, "place.html", title, "places", views.place(ix, n))
                })
            }
            Page::Actors => {
                let size = views.site.config.page_size * views::INDEX_SCALE;
                self.parts_sized(page, archive.actors().len(), size, |here, n| {
                    self.render(
                        here,
                        "actors.html",
                        titled(speech.word("actors"), n),
                        "actors",
                        views.actors(n),
                    )
                })
            }
            Page::Actor(id) => {
                let ix = found(archive.actor_by_id(id));
                let name = &archive.actor(ix).name;
                self.parts(page, archive.by_actor[ix].len(), |here, n| {
                    self.render(
                        here,
                        "actor.html",
                        titled(name, n),
                        "actors",
                        views.actor(ix, n),
                    )
                })
            }
            Page::References(slug) => {
                let ix = found(archive.briefing_by_slug(slug));
                let title = &archive.briefings[ix].title;
                let count = views.site.texts.referenced_by[ix].len();
                self.parts(page, count, |here, n| {
                    let heading =
                        titled(&speech.fill("referenced_by_title", &[("title", title)]), n);
                    self.render(
                        here,
                        "references.html",
                        heading,
                        "briefings",
                        views.references(ix, n),
                    )
                })
            }
            Page::Mentions(id) => {
                let ix = found(archive.actor_by_id(id));
                let name = &archive.actor(ix).name;
                let count = views.site.texts.also_mentioned_in[ix].len();
                self.parts(page, count, |here, n| {
                    let title = titled(&speech.fill("mentions_title", &[("name", name)]), n);
                    self.render(
                        here,
                        "mentions.html",
                        title,
                        "actors",
                        views.mentions(ix, n),
                    )
                })
            }
            Page::Envoys => {
                let size = views.site.config.page_size * views::INDEX_SCALE;
                self.parts_sized(page, archive.envoys().count(), size, |here, n| {
                    self.render(
                        here,
                        "envoys.html",
                        titled(speech.word("envoys"), n),
                        "envoys",
                        views.envoys(n),
                    )
                })
            }
            Page::Envoy(id) => {
                let ix = found(archive.actor_by_id(id));
                let name = &archive.actor(ix).name;
                self.parts(page, archive.by_actor[ix].len(), |here, n| {
                    let title = titled(&speech.fill("dossier_title", &[("name", name)]), n);
                    self.render(here, "envoy.html", title, "envoys", views.envoy(ix, n))
                })
            }
            Page::Encounter(a, b) => {
                let (a, b) = (found(archive.actor_by_id(a)), found(archive.actor_by_id(b)));
                let title = speech.fill(
                    "pair_title",
                    &[
                        ("first", &archive.actor(a).name),
                        ("second", &archive.actor(b).name),
                    ],
                );
                self.parts(page, archive.together(a, b).len(), |here, n| {
                    let view = views.encounter(a, b, n);
                    self.render(here, "encounter.html", titled(&title, n), "actors", view)
                })
            }
            Page::Search => one(self.render(
                page,
                "search.html",
                speech.word("search").into(),
                "search",
                SearchView {
                    index_url: SEARCH_INDEX,
                    script_url: SEARCH_SCRIPT,
                    words: search_words(speech),
                },
            )),
            Page::NotFound => {
                one(self.render(page, "404.html", speech.word("not_found").into(), "", ()))
            }
            Page::Part(..) => unreachable!("the later pages of a list are made with its first"),
        }
    }

    /// Every page of a long list of `entries`: the first at `page`'s own address, the others
    /// at `page/<n>/` in its folder, each rendered by `render` with its number.
    fn parts(
        &self,
        page: &Page<'_>,
        entries: usize,
        render: impl Fn(&Page<'_>, usize) -> Result<Outcome, Diagnostic>,
    ) -> Result<Vec<Outcome>, Diagnostic> {
        self.parts_sized(page, entries, self.views.site.config.page_size, render)
    }

    /// [`Renderer::parts`], `size` entries to a page.
    fn parts_sized(
        &self,
        page: &Page<'_>,
        entries: usize,
        size: usize,
        render: impl Fn(&Page<'_>, usize) -> Result<Outcome, Diagnostic>,
    ) -> Result<Vec<Outcome>, Diagnostic> {
        let count = views::page_count(entries, size);
        (1..=count)
            .map(|n| {
                if n == 1 {
                    render(page, n)
                } else {
                    render(&Page::Part(page, n), n)
                }
            })
            .collect()
    }

    /// The page from `template` and its view, unless the last build made it from the same.
    fn render<T: Serialize + Hash>(
        &self,
        page: &Page<'_>,
        template: &str,
        page_title: String,
        section: &'static str,
        view: T,
    ) -> Result<Outcome, Diagnostic> {
        let root = match page {
            Page::NotFound => self.not_found_root.clone(),
            _ => self.views.site.routes.root(page),
        };
        let feed_title = if routes::has_own_feed(page) && *page != Page::Home {
            format!("{page_title} · {}", self.site.title)
        } else {
            self.site.title.to_string()
        };
        let site = self.views.site;
        let speech = site.speech;
        let alternates = alternates::alternates(
            &self.languages,
            site.config,
            site.archive,
            site.routes,
            page,
            &root,
        );
        let text_language =
            alternates::text_language(&self.languages, site.config, site.archive, page);
        let context = Context {
            site: &self.site,
            t: PageWords(self.words),
            lang: &speech.tag,
            dir: speech.dir(),
            root,
            alternates,
            text_language,
            page_title,
            section,
            feed_url: routes::feed(page),
            feed_title,
            page: view,
        };
        let digest = crate::site::digest(&(site.theme.templates_digest, template, &context));
        Outcome::of(&site, site.routes.output_path(page), digest, || {
            let values = entries::prepare(&context.root, template, &context)?;
            with_words(self.words, values, |context| {
                Ok(site.theme.render(template, context)?.into_bytes())
            })
        })
    }
}

thread_local! {
    /// The words of the interface as a template context (`t`), for the words of this digest:
    /// made once per thread, and each page's own values put in beside them and taken out
    /// again, so the words are not copied for every page.
    static WORDS: std::cell::RefCell<Option<(u64, tera::Context)>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `render` with the values of a page and the words of `words` as one context.
fn with_words<R>(
    words: &Words<'_>,
    values: serde_json::Map<String, serde_json::Value>,
    render: impl FnOnce(&tera::Context) -> R,
) -> R {
    let keys: Vec<String> = values.keys().cloned().collect();
    let page = tera::Context::from_value(serde_json::Value::Object(values))
        .expect("an object makes a context");
    WORDS.with_borrow_mut(|cached| {
        let digest = words.digest;
        if cached.as_ref().is_none_or(|(d, _)| *d != digest) {
            let mut base = tera::Context::new();
            base.insert("t", &PageWords(words));
            *cached = Some((digest, base));
        }
        let (_, context) = cached.as_mut().expect("made above");
        context.extend(page);
        let rendered = render(context);
        for key in &keys {
            context.remove(key);
        }
        rendered
    })
}
