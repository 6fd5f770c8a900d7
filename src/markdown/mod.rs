//! Markdown to HTML: the pulldown-cmark options, the rewriting of its events, and the
//! sanitizing of the result.
//!
//! Three rewrites happen on the event stream:
//! - headings move one level down (a body's `#` becomes `<h2>`): the page title is the only `<h1>`;
//! - explicit links to archive entities (`[text](@actor/zhai)`, `@briefing/<slug>`,
//!   `@envoy/<id>`, `@tag/<name>`, `@chronology/2023-10`) become relative URLs, and an unknown
//!   target is an error at its line, with the closest existing target as a hint;
//! - mentions of a briefing's own actors in its text link to their pages (`autolink`), never
//!   inside code, headings, links or raw HTML;
//! - relative links and images name files of the text's bundle (`local`): an unknown file is
//!   an error at its line, and images get their size, lazy loading and web sizes.
//!
//! Raw HTML is cleaned by ammonia (no scripts, event handlers or `javascript:` links) unless the
//! archive opts out with `unsafe_html = true`.

mod local;
pub(crate) mod mentions;
mod reuse;

use std::borrow::Cow;
use std::path::Path;

use pulldown_cmark::{
    CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, TextMergeWithOffset,
};
use rayon::prelude::*;

use crate::cache::Store;
use crate::config::{Autolink, Config};
use crate::error::{Diagnostic, Location};
use crate::model::actors::Lookup;
use crate::model::ids::{closest, slugify};
use crate::model::{ActorIx, Archive, Body, Briefing, BriefingIx, Lookups};
use crate::routes::{Page, Routes};
use local::{Owner, Shown};
use mentions::MentionFinder;

/// The archive's briefing bodies, Markdown until [`render`] makes them HTML, with the actors'
/// biographies and the links the text makes between entities.
///
/// The bodies are taken out of the model, so that each can be let go as soon as it is
/// rendered: an archive never holds all its Markdown and all its HTML at once. A generator
/// that reads the Markdown (the data export) runs before [`render`]; every other one after.
#[derive(Debug, Default)]
pub(crate) struct Texts {
    /// Each briefing's Markdown, by briefing index, until rendered.
    markdown: Vec<Body>,
    /// The digest of each briefing's Markdown.
    markdown_digests: Vec<u64>,
    /// Each briefing's body as HTML, once rendered.
    html: Vec<BodyHtml>,
    /// Each actor's biography as HTML, once rendered, with its digest.
    biographies: Vec<(String, u64)>,
    rendered: bool,
    /// For each briefing, the briefings whose text links to it, in chronological order.
    pub referenced_by: Vec<Vec<BriefingIx>>,
    /// For each actor, the briefings whose text names the actor without listing it.
    pub also_mentioned_in: Vec<Vec<BriefingIx>>,
    /// For each briefing, where its text first names each actor it does not list (only when
    /// rendered for an audit).
    pub unlisted: Vec<Vec<Unlisted>>,
}

/// A briefing's text naming an actor that its front matter does not list.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Unlisted {
    pub actor: ActorIx,
    /// The words that name the actor, as written.
    pub named: String,
    /// Where: the mention itself, or where escapes or entities changed the text, the start
    /// of the text that holds it.
    pub location: Location,
}

impl Texts {
    /// Takes the briefings' Markdown bodies out of the archive.
    pub(crate) fn take(archive: &mut Archive) -> Texts {
        let markdown: Vec<Body> = archive
            .briefings
            .iter_mut()
            .map(|b| std::mem::take(&mut b.body))
            .collect();
        let markdown_digests = markdown.par_iter().map(Body::digest).collect();
        Texts {
            markdown,
            markdown_digests,
            ..Texts::default()
        }
    }

    /// The digest of a briefing's body as Markdown.
    pub(crate) fn markdown_digest(&self, ix: BriefingIx) -> u64 {
        self.markdown_digests[ix]
    }

    /// A briefing's body as Markdown (read from its file, where an earlier build left it
    /// there), for the briefing at `path`; only before [`render`].
    pub(crate) fn markdown(&self, ix: BriefingIx, path: &Path) -> Result<Cow<'_, str>, Diagnostic> {
        assert!(
            !self.rendered,
            "the Markdown is read after it was rendered and let go; read it before the Markdown stage"
        );
        self.markdown[ix].text(path)
    }

    /// The digest of a briefing's body as HTML; only after [`render`].
    pub(crate) fn body_digest(&self, ix: BriefingIx) -> u64 {
        assert!(
            self.rendered,
            "the HTML is read before the Markdown stage rendered it"
        );
        self.html[ix].digest
    }

    /// A briefing's body as HTML; only after [`render`]. A body the store keeps is read from
    /// there each time it is asked for (and not held: an archive never holds every body's HTML
    /// at once), or rendered again (against `archive`, as [`render`] did) if the store cannot
    /// give it; the first problem of that, if it fails.
    pub(crate) fn body_html(
        &self,
        ix: BriefingIx,
        archive: &Archive,
        config: &Config,
        routes: &Routes,
        store: &Store,
    ) -> Result<Html<'_>, Diagnostic> {
        assert!(
            self.rendered,
            "the HTML is read before the Markdown stage rendered it"
        );
        let body = &self.html[ix];
        let text = match (&body.text, &body.kept) {
            (Some(text), _) => Cow::Borrowed(text.as_str()),
            (None, Some((key, markdown))) => Cow::Owned(match store.get::<String>(*key) {
                Some(html) => html,
                None => render_again(archive, config, routes, ix, markdown)?,
            }),
            (None, None) => unreachable!("a body's HTML is either made or kept"),
        };
        Ok(Html {
            text,
            digest: body.digest,
        })
    }

    /// An actor's biography as HTML; only after [`render`].
    pub(crate) fn biography_html(&self, ix: ActorIx) -> Html<'_> {
        assert!(
            self.rendered,
            "the HTML is read before the Markdown stage rendered it"
        );
        let (text, digest) = &self.biographies[ix];
        Html {
            text: Cow::Borrowed(text),
            digest: *digest,
        }
    }
}

/// A briefing's body as HTML: held, or kept in the store (by an earlier build or this one) and
/// read from there when shown.
#[derive(Debug)]
struct BodyHtml {
    /// The HTML, where this build holds it.
    text: Option<String>,
    digest: u64,
    /// For a body the store keeps: the store's key of its HTML, and its Markdown (left on
    /// disk), to render again should the store fail.
    kept: Option<(u64, Body)>,
}

/// Renders the body of briefing `ix` again, as [`render`] did.
fn render_again(
    archive: &Archive,
    config: &Config,
    routes: &Routes,
    ix: BriefingIx,
    markdown: &Body,
) -> Result<String, Diagnostic> {
    let linker = Linker::new(archive, config, routes, false);
    let rendered = linker.render_body(&archive.briefings[ix], markdown);
    match rendered.diagnostics.into_iter().next() {
        None => Ok(rendered.html),
        Some(problem) => Err(problem),
    }
}

/// HTML made by the Markdown stage, as a template shows it; it hashes as the digest of its
/// text, so a page's digest does not read the whole body.
#[derive(Debug, Clone)]
pub(crate) struct Html<'a> {
    pub text: Cow<'a, str>,
    pub digest: u64,
}

impl serde::Serialize for Html<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl std::hash::Hash for Html<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.digest.hash(state);
    }
}

/// Renders every briefing body and actor biography, letting each Markdown body go as it is
/// rendered; a body that an earlier build rendered with the same text, names and links is
/// taken from the store instead. Unknown link targets are errors. With `audit`, notes where
/// each body names actors it does not list.
pub(crate) fn render(
    archive: &Archive,
    texts: &mut Texts,
    config: &Config,
    routes: &Routes,
    audit: bool,
    store: &Store,
) -> Result<(), Vec<Diagnostic>> {
    let sources = std::mem::take(&mut texts.markdown);
    let linker = Linker::new(archive, config, routes, audit);
    let reuse = reuse::Reuse::new(archive, config, routes, audit, store, &linker.lookups);
    let digests = texts.markdown_digests.clone();
    let bodies: Vec<(Rendered, Option<Body>)> = sources
        .into_par_iter()
        .zip(archive.briefings.par_iter())
        .zip(digests)
        .map(|((body, b), digest)| {
            let key = reuse.key(digest, b);
            if let Some(rendered) = reuse.get(key, &linker, || body.text(&b.path).ok()) {
                return (rendered, Some(body));
            }
            let mut rendered = linker.render_body(b, &body);
            // Its HTML is let go once the store has it, and read back when a page shows it:
            // an archive never holds every body's HTML at once.
            if let Some(html) = reuse.put(key, &rendered) {
                rendered.html = String::new();
                rendered.kept = Some(html);
                return (rendered, Some(body.left_on_disk(config.root.join(&b.path))));
            }
            (rendered, None)
        })
        .collect();
    let biographies: Vec<Rendered> = archive
        .actors()
        .par_iter()
        .map(|a| {
            let owner = Owner {
                path: &a.path,
                attachments: &a.attachments,
                base: format!(
                    "{}{}",
                    linker.prefix,
                    routes.attachments_url(&Page::Actor(&a.id))
                ),
            };
            linker.render(&a.biography, &owner, a.biography_line, &[])
        })
        .collect();

    texts.rendered = true;
    texts.referenced_by = vec![Vec::new(); archive.briefings.len()];
    texts.also_mentioned_in = vec![Vec::new(); archive.actors().len()];
    let mut problems = Vec::new();
    for (ix, (body, markdown)) in bodies.into_iter().enumerate() {
        for target in body.links_to {
            if target != ix && !texts.referenced_by[target].contains(&ix) {
                texts.referenced_by[target].push(ix);
            }
        }
        for actor in body.mentioned {
            if !archive.briefings[ix].actors.contains(&actor) {
                texts.also_mentioned_in[actor].push(ix);
            }
        }
        problems.extend(body.diagnostics);
        texts.html.push(BodyHtml {
            text: body.kept.is_none().then_some(body.html),
            digest: body.digest,
            kept: body.kept.zip(markdown),
        });
        if audit {
            texts.unlisted.push(body.unlisted);
        }
    }
    for biography in biographies {
        problems.extend(biography.diagnostics);
        texts.biographies.push((biography.html, biography.digest));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Renders Markdown with no archive around it: headings demoted, HTML sanitized.
pub fn to_html(markdown: &str, unsafe_html: bool) -> String {
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    fit_headings(&mut events);
    finish(events.into_iter(), markdown.len(), unsafe_html)
}

fn finish<'a>(events: impl Iterator<Item = Event<'a>>, size: usize, unsafe_html: bool) -> String {
    let mut html = String::with_capacity(size * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, without_script_addresses(events));
    if unsafe_html {
        html
    } else {
        sanitizer().clean(&html).to_string()
    }
}

/// Drops Markdown links and images whose address would run script (`javascript:`, `vbscript:`,
/// `data:`), keeping their text, whether or not raw HTML is trusted.
fn without_script_addresses<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    // One entry per open link or image: whether it was dropped.
    let mut open: Vec<bool> = Vec::new();
    events.filter(move |event| match event {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            let dropped = is_script_address(dest_url);
            open.push(dropped);
            !dropped
        }
        Event::End(TagEnd::Link | TagEnd::Image) => !open.pop().unwrap_or(false),
        _ => true,
    })
}

/// Whether a browser would run `url` as script, however it is spaced or cased.
pub fn is_script_address(url: &str) -> bool {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|c| *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder.url_schemes(["http", "https", "mailto"].into_iter().collect());
        builder.add_generic_attributes(["id"]);
        // An image's size, lazy loading and web sizes; `srcset` only of relative addresses,
        // so raw HTML cannot slip another scheme past the URL check through it.
        builder.add_tag_attributes("img", ["loading", "srcset", "sizes"]);
        builder.attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "srcset" && value.contains(':') {
                None
            } else {
                Some(value.into())
            }
        });
        builder.link_rel(Some("noopener noreferrer"));
        builder
    })
}

/// One body rendered, with what its text links to and names.
#[derive(Default)]
struct Rendered {
    html: String,
    /// For a body taken from the store, the key of its HTML there (`html` is then empty).
    kept: Option<u64>,
    /// The digest of the HTML.
    digest: u64,
    links_to: Vec<BriefingIx>,
    mentioned: Vec<ActorIx>,
    /// The first mention of each actor the body's own list leaves out, outside code (audits only).
    unlisted: Vec<Unlisted>,
    /// Every `@` link of the text and the address it led to.
    targets: Vec<(String, String)>,
    diagnostics: Vec<Diagnostic>,
}

impl Rendered {
    /// A body that could not be rendered.
    fn failed(diagnostic: Diagnostic) -> Rendered {
        Rendered {
            diagnostics: vec![diagnostic],
            ..Rendered::default()
        }
    }
}

/// Resolves explicit links and mentions against the archive; built once per build.
struct Linker<'a> {
    archive: &'a Archive,
    routes: &'a Routes,
    /// The way from a briefing or actor page back to the site root.
    prefix: String,
    finder: MentionFinder,
    /// The briefings by slug, for `@briefing/` links.
    lookups: Lookups<'a>,
    autolink: Autolink,
    unsafe_html: bool,
    /// Whether to note the actors a body names but does not list.
    audit: bool,
}

impl<'a> Linker<'a> {
    fn new(archive: &'a Archive, config: &Config, routes: &'a Routes, audit: bool) -> Linker<'a> {
        Linker {
            archive,
            routes,
            prefix: routes.root(&Page::Briefing("any")),
            finder: MentionFinder::for_actors(archive.actors()),
            lookups: Lookups::new(archive),
            autolink: config.autolink,
            unsafe_html: config.unsafe_html,
            audit,
        }
    }

    /// Renders the body of briefing `b`, whose Markdown is `markdown`.
    fn render_body(&self, b: &Briefing, markdown: &Body) -> Rendered {
        let owner = Owner {
            path: &b.path,
            attachments: &b.attachments,
            base: String::new(),
        };
        match markdown.text(&b.path) {
            Ok(text) => self.render(&text, &owner, b.body_line, &b.actors),
            Err(d) => Rendered::failed(d),
        }
    }

    /// Renders one body of `owner`, whose files it may link. `first_line` is the line of the
    /// file the body starts on; `own` are the actors whose mentions become links.
    fn render(
        &self,
        text: &str,
        owner: &Owner<'_>,
        first_line: usize,
        own: &[ActorIx],
    ) -> Rendered {
        let path = owner.path;
        let mut out = Rendered::default();
        let mut events: Vec<Event<'_>> = Vec::new();
        let mut linked: Vec<ActorIx> = Vec::new();
        // Inside code, headings, links, images or raw HTML blocks nothing is linked.
        let mut shelter = 0usize;
        // Text in code blocks names no one to the audit.
        let mut in_code = false;
        // Each image of the text, with the file of the bundle it shows, if it shows one.
        let mut shown: Vec<Option<Shown<'_>>> = Vec::new();
        let problem = |(message, hint): Problem, range: std::ops::Range<usize>| {
            let mut location = Location::of_range(text, range);
            location.line += first_line - 1;
            let mut d = Diagnostic::error(path, message).at(location);
            if let Some(hint) = hint {
                d = d.with_hint(hint);
            }
            d
        };
        // Runs of text are merged first: Markdown cuts a text where it makes a quote
        // typographic or reads an entity, and a name ("O'Neil", "Johnson & Johnson") is looked
        // for across those cuts.
        let parsed = TextMergeWithOffset::new(Parser::new_ext(text, options()).into_offset_iter());
        for (event, range) in parsed {
            match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    shelter += 1;
                    let resolved = match self.resolve(&dest_url) {
                        None if local::is_relative(&dest_url, link_type) => owner
                            .resolve(&dest_url, false)
                            .map(|found| found.map(|(url, _)| (url, None))),
                        None => None,
                        Some(Ok((url, target))) => {
                            out.links_to.extend(target);
                            out.targets.push((dest_url.to_string(), url.clone()));
                            Some(Ok((url, target)))
                        }
                        Some(Err(why)) => Some(Err(why)),
                    };
                    let dest_url = match resolved {
                        None => dest_url,
                        Some(Ok((url, _))) => CowStr::from(url),
                        Some(Err(why)) => {
                            out.diagnostics.push(problem(why, range.clone()));
                            dest_url
                        }
                    };
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    shelter += 1;
                    let resolved = local::is_relative(&dest_url, link_type)
                        .then(|| owner.resolve(&dest_url, true))
                        .flatten();
                    let dest_url = match resolved {
                        None => {
                            shown.push(None);
                            dest_url
                        }
                        Some(Ok((url, attachment))) => {
                            shown.push(Some(owner.shown(url.clone(), attachment)));
                            CowStr::from(url)
                        }
                        Some(Err(why)) => {
                            out.diagnostics.push(problem(why, range.clone()));
                            shown.push(None);
                            dest_url
                        }
                    };
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::Start(tag @ (Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock)) => {
                    shelter += 1;
                    in_code |= matches!(tag, Tag::CodeBlock(_));
                    events.push(Event::Start(tag));
                }
                Event::End(
                    end @ (TagEnd::Link
                    | TagEnd::Heading(_)
                    | TagEnd::CodeBlock
                    | TagEnd::Image
                    | TagEnd::HtmlBlock),
                ) => {
                    shelter = shelter.saturating_sub(1);
                    in_code &= end != TagEnd::CodeBlock;
                    events.push(Event::End(end));
                }
                Event::Text(content) => {
                    let mentions = self.finder.find(&content);
                    for mention in &mentions {
                        if !out.mentioned.contains(&mention.actor) {
                            out.mentioned.push(mention.actor);
                        }
                        let unlisted = self.audit
                            && !in_code
                            && !own.contains(&mention.actor)
                            && !out.unlisted.iter().any(|u| u.actor == mention.actor);
                        if unlisted {
                            // Where the text stands in the file as written, the mention
                            // itself; where escapes or entities changed it, the start of the text.
                            let at = if text.get(range.clone()) == Some(&*content) {
                                range.start + mention.range.start..range.start + mention.range.end
                            } else {
                                range.clone()
                            };
                            let mut location = Location::of_range(text, at);
                            location.line += first_line - 1;
                            out.unlisted.push(Unlisted {
                                actor: mention.actor,
                                named: content[mention.range.clone()].to_string(),
                                location,
                            });
                        }
                    }
                    if shelter > 0 || mentions.is_empty() || self.autolink == Autolink::None {
                        events.push(Event::Text(content));
                    } else {
                        self.link_mentions(&content, &mentions, own, &mut linked, &mut events);
                    }
                }
                Event::InlineHtml(html) => {
                    shelter = inline_html_depth(&html, shelter);
                    events.push(Event::InlineHtml(html));
                }
                other => events.push(other),
            }
        }
        fit_headings(&mut events);
        let events = local::write_images(events, &shown, &owner.base);
        out.html = finish(events.into_iter(), text.len(), self.unsafe_html);
        out.digest = crate::cache::digest(&out.html);
        out
    }

    /// Splits a text event around the mentions that should link.
    fn link_mentions<'e>(
        &self,
        content: &str,
        mentions: &[mentions::Mention],
        own: &[ActorIx],
        linked: &mut Vec<ActorIx>,
        events: &mut Vec<Event<'e>>,
    ) {
        let mut at = 0;
        for mention in mentions {
            let wanted = own.contains(&mention.actor)
                && (self.autolink == Autolink::All || !linked.contains(&mention.actor));
            if !wanted {
                continue;
            }
            linked.push(mention.actor);
            if mention.range.start > at {
                events.push(Event::Text(CowStr::from(
                    content[at..mention.range.start].to_string(),
                )));
            }
            let url = format!(
                "{}{}",
                self.prefix,
                self.routes
                    .url(&Page::Actor(&self.archive.actor(mention.actor).id))
            );
            events.push(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: CowStr::from(url),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }));
            events.push(Event::Text(CowStr::from(
                content[mention.range.clone()].to_string(),
            )));
            events.push(Event::End(TagEnd::Link));
            at = mention.range.end;
        }
        if at < content.len() {
            events.push(Event::Text(CowStr::from(content[at..].to_string())));
        }
    }

    /// For an `@kind/target` link: the relative URL and the briefing it points to, if any, or
    /// what is wrong and the closest target. `None` for any other link.
    fn resolve(&self, dest: &str) -> Option<Result<Resolved, Problem>> {
        let rest = dest.strip_prefix('@')?;
        let (kind, target) = rest.split_once('/').unwrap_or((rest, ""));
        let (target, fragment) = match target.split_once('#') {
            Some((target, fragment)) => (target, Some(fragment)),
            None => (target, None),
        };
        let url = |page: Page<'_>| {
            let mut url = format!("{}{}", self.prefix, self.routes.url(&page));
            if let Some(fragment) = fragment {
                url.push('#');
                url.push_str(fragment);
            }
            url
        };
        let unknown = |what: &str, candidates: &mut dyn Iterator<Item = &str>| {
            Err((
                format!("unknown {what} '{target}' in the link '{dest}'"),
                closest(target, candidates).map(|c| format!("did you mean '@{kind}/{c}'?")),
            ))
        };
        let archive = self.archive;
        Some(match kind {
            "briefing" => match self.lookups.briefing_by_slug(target) {
                Some(ix) => Ok((url(Page::Briefing(&archive.briefings[ix].slug)), Some(ix))),
                None => unknown("briefing", &mut archive.briefings.iter().map(|b| b.slug.as_str())),
            },
            "actor" | "envoy" => match archive.registry.lookup(target) {
                Lookup::Found(ix) if kind == "envoy" && !archive.actor(ix).envoy => {
                    Err((format!("'{target}' in the link '{dest}' is not an envoy"), Some(format!("link '@actor/{}' instead, or mark the actor envoy = true", archive.actor(ix).id))))
                }
                Lookup::Found(ix) => {
                    let id = &archive.actor(ix).id;
                    Ok((url(if kind == "envoy" { Page::Envoy(id) } else { Page::Actor(id) }), None))
                }
                Lookup::Ambiguous(ids) => Err((format!("'{target}' in the link '{dest}' names several actors: {}", ids.join(", ")), Some("link by id".into()))),
                _ => unknown(kind, &mut archive.actors().iter().filter(|a| kind == "actor" || a.envoy).map(|a| a.id.as_str())),
            },
            "tag" => match archive.tag_by_slug(&slugify(target)) {
                Some(ix) => Ok((url(Page::Tag(&archive.tags[ix].slug)), None)),
                None => unknown("tag", &mut archive.tags.iter().map(|t| t.name.as_str())),
            },
            "chronology" => self.chronology_url(target, fragment).ok_or_else(|| {
                (
                    format!("the chronology has no '{target}' in the link '{dest}'"),
                    Some("link a year or month that has briefings, e.g. @chronology/2023 or @chronology/2023-10".into()),
                )
            }),
            _ => Err((
                format!("unknown kind of link '@{kind}' in '{dest}'"),
                Some("write @briefing/<slug>, @actor/<id>, @envoy/<id>, @tag/<name> or @chronology/<year>[-<month>]".into()),
            )),
        })
    }

    fn chronology_url(
        &self,
        target: &str,
        fragment: Option<&str>,
    ) -> Option<(String, Option<BriefingIx>)> {
        let base = |page: Page<'_>| format!("{}{}", self.prefix, self.routes.url(&page));
        if target.is_empty() {
            return Some((
                base(Page::Chronology) + &fragment.map(|f| format!("#{f}")).unwrap_or_default(),
                None,
            ));
        }
        let mut parts = target.splitn(2, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        match parts.next() {
            None => self
                .archive
                .years()
                .contains(&year)
                .then(|| (base(Page::Year(year)), None)),
            Some(month) => {
                let month: u32 = month.parse().ok()?;
                self.archive
                    .months
                    .iter()
                    .any(|m| m.year == year && m.month == month)
                    .then(|| {
                        (
                            format!("{}{}", self.prefix, self.routes.month(year, month)),
                            None,
                        )
                    })
            }
        }
    }
}

/// Where an `@` link leads: the relative URL, and the briefing when it names one.
type Resolved = (String, Option<BriefingIx>);
/// What is wrong with an `@` link, and a hint.
type Problem = (String, Option<String>);

/// The shelter depth after an inline HTML tag: text inside `<a>…</a>`, `<span>…</span>` and the
/// like is the author's own markup and is not linked.
fn inline_html_depth(tag: &str, depth: usize) -> usize {
    const VOID: [&str; 6] = ["br", "img", "hr", "wbr", "input", "meta"];
    let tag = tag.trim();
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    if name.is_empty()
        || tag.starts_with("<!")
        || tag.ends_with("/>")
        || VOID.contains(&name.to_ascii_lowercase().as_str())
    {
        depth
    } else if tag.starts_with("</") {
        depth.saturating_sub(1)
    } else {
        depth + 1
    }
}

/// Escapes text for HTML or XML element content and quoted attributes, and drops the control
/// characters neither allows. Unlike Tera's default it leaves '/' alone, so relative links stay
/// readable. The pages' templates escape with it too.
///
/// Text is copied a run at a time between the bytes that need a change: every page's every
/// value goes through here.
pub(crate) fn escape_html(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let (replacement, width) = match bytes[at] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            // C0 controls and DEL.
            0x00..=0x1f | 0x7f => ("", 1),
            // C1 controls, U+0080 to U+009F, are 0xC2 followed by 0x80 to 0x9F.
            0xc2 if matches!(bytes.get(at + 1), Some(0x80..=0x9f)) => ("", 2),
            _ => {
                at += 1;
                continue;
            }
        };
        out.push_str(&input[copied..at]);
        out.push_str(replacement);
        at += width;
        copied = at;
    }
    out.push_str(&input[copied..]);
    out
}

/// Fits a body's headings under the page's own `<h1>`: the shallowest becomes `<h2>`, and no
/// heading is more than one level below the one before it, so the outline never skips a level
/// whatever levels the author started from.
fn fit_headings(events: &mut [Event<'_>]) {
    let levels = events.iter().filter_map(|event| match event {
        Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
        _ => None,
    });
    let Some(shallowest) = levels.min() else {
        return;
    };
    let mut previous = 1;
    let mut current = HeadingLevel::H2;
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let wanted = (*level as usize + 2 - shallowest).min(previous + 1).min(6);
                current = HeadingLevel::try_from(wanted).unwrap_or(HeadingLevel::H6);
                *level = current;
                previous = wanted;
            }
            Event::End(TagEnd::Heading(level)) => *level = current,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`escape_html`] must give, a character at a time.
    fn escaped_by_chars(input: &str) -> String {
        let mut out = String::new();
        for c in input.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn escaping_changes_markup_and_drops_controls_in_any_script() {
        let samples = [
            "",
            "plain",
            "Tom & Jerry's <b>\"bold\"</b>",
            "&&&<<<>>>",
            "tab\tnew\nline\rreturn",
            "nul\0bell\u{7}del\u{7f}end",
            "c1 \u{80}\u{85}\u{9f} kept \u{a0}\u{c2}\u{c5}",
            "وزير الخارجية \"عبد الله\" & الصين",
            "王毅 <外交部长> 'ok'",
            "emoji 🇨🇳 & 🇸🇦 <x>",
            "ends with &",
            "<starts",
        ];
        for sample in samples {
            assert_eq!(escape_html(sample), escaped_by_chars(sample), "{sample:?}");
        }
        // Every character up to U+0800, alone and between others.
        for code in 0..0x800u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("a{c}é{c}");
            assert_eq!(escape_html(&text), escaped_by_chars(&text), "U+{code:04X}");
        }
    }

    #[test]
    fn renders_and_demotes_headings() {
        let html = to_html("# Talks\n\nZhai *met* Bogdanov.", false);
        assert!(html.contains("<h2>Talks</h2>"), "{html}");
        assert!(html.contains("<em>met</em>"));
    }

    #[test]
    fn headings_start_below_the_title_and_skip_no_level() {
        let html = to_html("## A\n\n#### B\n\n### C\n\n## D\n\n###### E", false);
        assert_eq!(html.matches("<h").collect::<Vec<_>>().len(), 5, "{html}");
        for expected in [
            "<h2>A</h2>",
            "<h3>B</h3>",
            "<h3>C</h3>",
            "<h2>D</h2>",
            "<h3>E</h3>",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
        let deep = to_html("### Only\n\ntext\n\n#### Below", false);
        assert!(
            deep.contains("<h2>Only</h2>") && deep.contains("<h3>Below</h3>"),
            "{deep}"
        );
    }

    #[test]
    fn sanitizes_raw_html() {
        let markdown = "<script>alert(1)</script><img src=x onerror=alert(1)>\n\n\
                        [a](javascript:alert(1)) <a href=\"vbscript:x\">b</a>";
        let html = to_html(markdown, false);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("href=\"javascript:"), "{html}");
        assert!(!html.contains("vbscript:"), "{html}");
        assert!(
            html.contains("<p>a <a rel=\"noopener noreferrer\">b</a>"),
            "{html}"
        );
    }

    #[test]
    fn never_links_script_addresses_even_when_html_is_trusted() {
        let markdown = "[a](javascript:alert(1)) [b]( JavaScript:x) ![c](data:text/html,x) \
                        [![d](vbscript:y)](https://example.org) [e](https://example.org/data:x)";
        for trusted in [false, true] {
            let html = to_html(markdown, trusted);
            let lower = html.to_ascii_lowercase();
            assert!(!lower.contains("javascript:"), "{html}");
            assert!(!lower.contains("vbscript:"), "{html}");
            assert!(!lower.contains("src=\"data:"), "{html}");
            assert!(html.contains('a') && html.contains('b') && html.contains('c'));
            assert!(html.contains("href=\"https://example.org\""), "{html}");
            assert!(html.contains("https://example.org/data:x"), "{html}");
        }
    }

    #[test]
    fn keeps_raw_html_when_trusted() {
        let html = to_html("<div class=\"box\">x</div>", true);
        assert!(html.contains("<div class=\"box\">"), "{html}");
    }
}

#[cfg(test)]
mod kept_tests {
    use std::path::PathBuf;

    use super::*;

    use crate::config::Overrides;
    use crate::load::SourceFile;
    use crate::{model, parse};

    fn archive() -> Archive {
        let actor = SourceFile::new(
            PathBuf::from("content/actors/zhai-jun.md"),
            "+++\nname = \"Zhai Jun\"\nenvoy = true\n+++\n".into(),
        );
        let briefing = SourceFile::new(
            PathBuf::from("content/briefings/talks.md"),
            "+++\ntitle = \"Talks\"\ndate = 2023-10-10\nactors = [\"zhai-jun\"]\n+++\n\
             # Talks\n\nZhai Jun *met* the envoys in [Doha](@briefing/talks).\n"
                .into(),
        );
        let actors = vec![parse::parse_actor(&actor).unwrap()];
        let briefings = vec![parse::parse_briefing(&briefing).unwrap()];
        let (archive, problems) = model::build(&actors, &[], &briefings, false);
        assert!(problems.is_empty(), "{problems:?}");
        archive
    }

    /// The body an earlier build rendered is taken from the store when shown; where the store
    /// cannot give it after all (its segment damaged during the build), it is rendered again,
    /// the same.
    #[test]
    fn a_kept_body_the_store_cannot_give_is_rendered_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "title = \"T\"\n").unwrap();
        let config = Config::load(dir.path(), &Overrides::default()).unwrap();
        let routes = Routes::new(false);
        let store_dir = dir.path().join("store");
        let rendered = |store: &Store| {
            let mut archive = archive();
            let mut texts = Texts::take(&mut archive);
            render(&archive, &mut texts, &config, &routes, false, store).unwrap();
            (archive, texts)
        };
        let store = Store::open(&store_dir, "p");
        let (archive, texts) = rendered(&store);
        let made = texts
            .body_html(0, &archive, &config, &routes, &store)
            .unwrap();
        assert!(made.text.contains("<em>met</em>"), "{}", made.text);
        let made = (made.text.to_string(), made.digest);
        store.save().unwrap();

        let store = Store::open(&store_dir, "p");
        let (archive, texts) = rendered(&store);
        assert!(texts.html[0].text.is_none(), "the body is kept, not held");
        let kept = texts
            .body_html(0, &archive, &config, &routes, &store)
            .unwrap();
        assert_eq!((kept.text.to_string(), kept.digest), made);

        let store = Store::open(&store_dir, "p");
        let (archive, texts) = rendered(&store);
        assert!(texts.html[0].text.is_none());
        for entry in std::fs::read_dir(&store_dir).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().contains("segment-") {
                let length = std::fs::metadata(&path).unwrap().len() as usize;
                std::fs::write(&path, vec![0u8; length]).unwrap();
            }
        }
        let again = texts
            .body_html(0, &archive, &config, &routes, &store)
            .unwrap();
        assert_eq!((again.text.to_string(), again.digest), made);
    }
}
