//! Rendering: every page of the site and the theme's static files, produced from the archive
//! with the theme's templates and handed on a chunk at a time. Nothing is written here; a
//! template error fails the whole render, and nothing is handed on after it.

mod pages;
mod theme;
mod views;

use rayon::prelude::*;
use serde::Serialize;

pub use theme::{escape_html, Theme};

use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::feeds;
use crate::markdown::Texts;
use crate::model::{ActorIx, Archive, BriefingIx, TagIx};
use crate::routes::{Page, Routes};
use crate::write::OutputFile;
use pages::PageBuilder;
use views::{SiteView, Views};

/// What every template gets beside its page's own view.
#[derive(Serialize)]
struct Context<'a, T: Serialize> {
    site: &'a SiteView<'a>,
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
    #[serde(flatten)]
    page: T,
}

/// The search client among the theme's static files, from the site root.
const SEARCH_SCRIPT: &str = "search.js";

/// What the search page gets: the scripts it loads, from the site root.
#[derive(Serialize)]
struct SearchView {
    index_url: &'static str,
    script_url: &'static str,
}

/// How many pages are rendered before they are handed on together.
const PAGES_PER_CHUNK: usize = 512;

/// Renders every page and copies the theme's static files, handing them to `emit` a chunk at
/// a time while the next chunk renders, so the whole site is never held in memory. A
/// template that fails fails the whole render: every problem is reported (each once), and
/// nothing more is emitted after the first.
pub fn render_site(
    archive: &Archive,
    texts: &Texts,
    theme: &Theme,
    config: &Config,
    routes: &Routes,
    emit: &mut (dyn FnMut(Vec<OutputFile>) -> Result<(), Error> + Send),
) -> Result<(), Error> {
    let site = SiteView::new(config, routes);
    let builder = PageBuilder {
        views: Views { archive, routes },
        latest: config.latest,
        texts,
    };
    let renderer = Renderer {
        theme,
        site: &site,
        routes,
        not_found_root: not_found_root(config),
    };

    let mut jobs: Vec<Job> = vec![
        Job::Home,
        Job::Chronology,
        Job::Tags,
        Job::Actors,
        Job::Envoys,
        Job::Search,
        Job::NotFound,
    ];
    jobs.extend(archive.years().into_iter().map(Job::Year));
    jobs.extend((0..archive.briefings.len()).map(Job::Briefing));
    jobs.extend((0..archive.tags.len()).map(Job::Tag));
    jobs.extend((0..archive.actors().len()).map(Job::Actor));
    jobs.extend(archive.envoys().map(Job::Envoy));
    jobs.extend(
        archive
            .encounter_pairs()
            .into_iter()
            .map(|(a, b)| Job::Encounter(a, b)),
    );

    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut ready: Option<Vec<OutputFile>> = None;
    for chunk in jobs.chunks(PAGES_PER_CHUNK) {
        let render = || -> Vec<Result<OutputFile, Diagnostic>> {
            chunk
                .par_iter()
                .map(|job| renderer.page(&builder, *job))
                .collect()
        };
        let hand_on = || ready.take().map_or(Ok(()), &mut *emit);
        let (rendered, emitted) = rayon::join(render, hand_on);
        emitted?;
        let mut files = Vec::with_capacity(rendered.len());
        for result in rendered {
            match result {
                Ok(file) => files.push(file),
                // A broken template fails on every page that uses it; say it once.
                Err(d) if problems.contains(&d) => {}
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() {
            ready = Some(files);
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if let Some(files) = ready {
        emit(files)?;
    }
    emit(
        theme
            .statics
            .iter()
            .map(|(path, file)| OutputFile {
                path: path.clone(),
                bytes: file.bytes.clone(),
            })
            .collect(),
    )
}

struct Renderer<'a> {
    theme: &'a Theme,
    site: &'a SiteView<'a>,
    routes: &'a Routes,
    not_found_root: String,
}

/// One page to render, by the index of what it shows.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    Chronology,
    Year(i32),
    Tags,
    Tag(TagIx),
    Actors,
    Actor(ActorIx),
    Envoys,
    Envoy(ActorIx),
    Briefing(BriefingIx),
    Encounter(ActorIx, ActorIx),
    Search,
    NotFound,
}

impl Job {
    fn page(self, archive: &Archive) -> Page<'_> {
        match self {
            Job::Home => Page::Home,
            Job::Chronology => Page::Chronology,
            Job::Year(year) => Page::Year(year),
            Job::Tags => Page::Tags,
            Job::Tag(ix) => Page::Tag(&archive.tags[ix].slug),
            Job::Actors => Page::Actors,
            Job::Actor(ix) => Page::Actor(&archive.actor(ix).id),
            Job::Envoys => Page::Envoys,
            Job::Envoy(ix) => Page::Envoy(&archive.actor(ix).id),
            Job::Briefing(ix) => Page::Briefing(&archive.briefings[ix].slug),
            Job::Encounter(a, b) => Page::Encounter(&archive.actor(a).id, &archive.actor(b).id),
            Job::Search => Page::Search,
            Job::NotFound => Page::NotFound,
        }
    }
}

impl Renderer<'_> {
    fn page(&self, builder: &PageBuilder<'_>, job: Job) -> Result<OutputFile, Diagnostic> {
        let page = &job.page(builder.views.archive);
        let html = match job {
            Job::Home => self.render(
                page,
                "index.html",
                self.site.title.to_string(),
                "home",
                builder.home(),
            )?,
            Job::Briefing(ix) => {
                let view = builder.briefing(ix);
                self.render(
                    page,
                    "briefing.html",
                    view.briefing.title.to_string(),
                    "briefings",
                    view,
                )?
            }
            Job::Chronology => self.render(
                page,
                "chronology.html",
                "Chronology".into(),
                "chronology",
                builder.chronology(),
            )?,
            Job::Year(year) => self.render(
                page,
                "year.html",
                format!("{year}"),
                "chronology",
                builder.year(year),
            )?,
            Job::Tags => self.render(page, "tags.html", "Tags".into(), "tags", builder.tags())?,
            Job::Tag(ix) => {
                let view = builder.tag(ix);
                self.render(
                    page,
                    "tag.html",
                    format!("Tag: {}", view.tag.name),
                    "tags",
                    view,
                )?
            }
            Job::Actors => self.render(
                page,
                "actors.html",
                "Actors".into(),
                "actors",
                builder.actors(),
            )?,
            Job::Actor(ix) => {
                let view = builder.actor(ix);
                self.render(
                    page,
                    "actor.html",
                    view.actor.name.to_string(),
                    "actors",
                    view,
                )?
            }
            Job::Envoys => self.render(
                page,
                "envoys.html",
                "Envoys".into(),
                "envoys",
                builder.envoys(),
            )?,
            Job::Envoy(ix) => {
                let view = builder.envoy(ix);
                self.render(
                    page,
                    "envoy.html",
                    format!("Dossier: {}", view.actor.name),
                    "envoys",
                    view,
                )?
            }
            Job::Encounter(a, b) => {
                let view = builder.encounter(a, b);
                let title = format!("{} and {}", view.first_actor.name, view.second_actor.name);
                self.render(page, "encounter.html", title, "actors", view)?
            }
            Job::Search => self.render(
                page,
                "search.html",
                "Search".into(),
                "search",
                SearchView {
                    index_url: crate::search::INDEX_PATH,
                    script_url: SEARCH_SCRIPT,
                },
            )?,
            Job::NotFound => self.render(page, "404.html", "Page not found".into(), "", ())?,
        };
        Ok(OutputFile {
            path: self.routes.output_path(page),
            bytes: html.into_bytes(),
        })
    }

    fn render<T: Serialize>(
        &self,
        page: &Page<'_>,
        template: &str,
        page_title: String,
        section: &'static str,
        view: T,
    ) -> Result<String, Diagnostic> {
        let root = match page {
            Page::NotFound => self.not_found_root.clone(),
            _ => self.routes.root(page),
        };
        let feed_title = if feeds::has_own_feed(page) && *page != Page::Home {
            format!("{page_title} · {}", self.site.title)
        } else {
            self.site.title.to_string()
        };
        let context = Context {
            site: self.site,
            root,
            page_title,
            section,
            feed_url: feeds::feed_path(page),
            feed_title,
            page: view,
        };
        let context = tera::Context::from_serialize(&context)
            .map_err(|e| Diagnostic::error(template, format!("cannot prepare the page: {e}")))?;
        self.theme.render(template, &context)
    }
}

/// The 404 page is served at any address, so its links start from the site's own path
/// (from base_url, or "/" at the domain root) rather than from its place.
fn not_found_root(config: &Config) -> String {
    config
        .base_url
        .as_ref()
        .map_or_else(|| "/".to_string(), |url| url.path().to_string())
}
