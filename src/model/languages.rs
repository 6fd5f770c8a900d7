//! Briefings in several languages: each briefing's language checked against those the archive
//! declares, translations paired with their originals ([`Versions`]), and the archive as the
//! pages of one language show it ([`localize`]).
//!
//! A translation and its original are one event. The pages of a language show every event
//! once: in that language where a version of it is, else as its original is written. The
//! event keeps its original's slug, date, actors, tags and places in every language, so its
//! page has the same address in each language's folder and every list orders it the same.

use std::collections::BTreeMap;

use super::ids::{closest, slugify};
use super::{place_slug, Archive, Briefing, BriefingIx};
use crate::error::Diagnostic;

/// The versions of each event: for each original (a briefing that translates none), its
/// translations by language tag.
#[derive(Debug, Default)]
pub(crate) struct Versions {
    /// Originals, in the archive's order, each with its translations.
    events: Vec<(BriefingIx, BTreeMap<String, BriefingIx>)>,
}

/// The names an archive gives in other languages to what briefings write in one: tags and
/// places as written → language → name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Names<'a> {
    pub tags: &'a BTreeMap<String, BTreeMap<String, String>>,
    pub places: &'a BTreeMap<String, BTreeMap<String, String>>,
}

/// The language a briefing is written in: its own `language`, or the archive's default.
fn language_of<'a>(briefing: &'a Briefing, default: &'a str) -> &'a str {
    briefing.language.as_deref().unwrap_or(default)
}

/// Checks every briefing's language and translation and pairs translations with their
/// originals. `declared` are the archive's languages, the default first.
pub(crate) fn pair(archive: &mut Archive, declared: &[&str]) -> (Versions, Vec<Diagnostic>) {
    let default = declared.first().copied().unwrap_or("en");
    let mut problems = Vec::new();
    for b in &archive.briefings {
        if let (Some(language), Some(at)) = (&b.language, &b.language_location) {
            if language.trim().is_empty() {
                problems.push(
                    Diagnostic::error(&b.path, "the language is empty")
                        .at(at.clone())
                        .with_hint(format!(
                            "write one config.toml declares ({}), or remove the line for {default}",
                            declared.join(", ")
                        )),
                );
            } else if !declared.contains(&language.as_str()) {
                let d = Diagnostic::error(
                    &b.path,
                    format!("the language '{language}' is not one config.toml declares"),
                )
                .at(at.clone());
                problems.push(match closest(language, declared.iter().copied()) {
                    Some(tag) if tag.eq_ignore_ascii_case(language) => d.with_hint(format!(
                        "write it as config.toml does: language = \"{tag}\""
                    )),
                    _ => d.with_hint(format!(
                        "declare it in config.toml with [languages.{language}], or use one of: {}",
                        declared.join(", ")
                    )),
                });
            }
        }
    }
    let mut events: Vec<(BriefingIx, BTreeMap<String, BriefingIx>)> = Vec::new();
    let mut event_of: BTreeMap<BriefingIx, usize> = BTreeMap::new();
    for (ix, b) in archive.briefings.iter().enumerate() {
        if b.translation_of.is_none() {
            event_of.insert(ix, events.len());
            events.push((ix, BTreeMap::new()));
        }
    }
    let mut dates = Vec::new();
    for (ix, b) in archive.briefings.iter().enumerate() {
        let Some((of, at)) = &b.translation_of else {
            continue;
        };
        let error = |message: String| Diagnostic::error(&b.path, message).at(at.clone());
        let Some(original) = archive.briefing_by_slug(of) else {
            let slugs = archive.briefings.iter().map(|b| b.slug.as_str());
            problems.push(match closest(of, slugs) {
                Some(near) => error(format!("'{of}' is not a briefing of the archive"))
                    .with_hint(format!("did you mean '{near}'?")),
                None => error(format!("'{of}' is not a briefing of the archive")).with_hint(
                    "translation_of names the original's slug: its file name without .md",
                ),
            });
            continue;
        };
        let first = &archive.briefings[original];
        if original == ix {
            problems.push(
                error(format!(
                    "'{of}' is this briefing: a briefing cannot translate itself"
                ))
                .with_hint("name the briefing it translates, by that briefing's slug"),
            );
            continue;
        }
        if let Some((further, _)) = &first.translation_of {
            problems.push(
                error(format!("'{of}' is itself a translation, of '{further}'"))
                    .with_hint(format!("name the original: translation_of = \"{further}\"")),
            );
            continue;
        }
        let language = language_of(b, default).to_string();
        if language == language_of(first, default) {
            problems.push(
                error(format!(
                    "a translation into {language}, the language of its original '{of}'"
                ))
                .with_hint("give the translation its language: language = \"...\""),
            );
            continue;
        }
        let event = &mut events[event_of[&original]].1;
        match event.get(&language) {
            Some(&other) => problems.push(
                error(format!(
                    "'{of}' has two translations into {language}: this one and {}",
                    archive.briefings[other].path.display()
                ))
                .with_hint("keep one translation per language; merge the two or remove one"),
            ),
            None => {
                event.insert(language, ix);
                dates.push((ix, original));
            }
        }
    }
    // A translation is dated by its original.
    for (translation, original) in dates {
        archive.briefings[translation].date = archive.briefings[original].date;
    }
    (Versions { events }, problems)
}

/// The archive as the pages of the language `tag` show it: every event once, in that
/// language where it has a version, else in its original's; actors, tags and places by
/// their names in that language where they have one.
pub(crate) fn localize(
    archive: &Archive,
    versions: &Versions,
    tag: &str,
    default: &str,
    names: Names<'_>,
) -> Archive {
    let briefings: Vec<Briefing> = versions
        .events
        .iter()
        .map(|(original, translations)| {
            let first = &archive.briefings[*original];
            let mut shown = match translations.get(tag) {
                Some(&ix) => {
                    let translation = &archive.briefings[ix];
                    let mut shown = translation.clone();
                    shown.slug = first.slug.clone();
                    shown.date = first.date;
                    shown.actors = first.actors.clone();
                    shown.tags = first.tags.clone();
                    shown.tag_slugs = first.tag_slugs.clone();
                    shown.places = first.places.clone();
                    if shown.sources.is_empty() {
                        shown.sources = first.sources.clone();
                    }
                    if shown.attachments.is_empty() {
                        shown.attachments = first.attachments.clone();
                    }
                    shown
                }
                None => first.clone(),
            };
            let mut languages: Vec<String> = std::iter::once(language_of(first, default))
                .chain(translations.keys().map(String::as_str))
                .map(str::to_string)
                .collect();
            languages.sort();
            shown.language = Some(language_of(&shown, default).to_string());
            shown.versions = languages;
            shown
        })
        .collect();
    let briefings = named_as_written(briefings, names);
    let mut registry = archive.registry.clone();
    for actor in &mut registry.actors {
        if let Some(name) = actor.names.get(tag).cloned() {
            // The name the pages of other languages show still links its mentions.
            let usual = std::mem::replace(&mut actor.name, name);
            if !actor.aliases.contains(&usual) {
                actor.aliases.push(usual);
            }
        }
    }
    let mut localized = Archive::index(briefings, registry);
    // A link to a translation's own slug leads to its event's page.
    let mut aliases: Vec<(String, BriefingIx)> = versions
        .events
        .iter()
        .flat_map(|(original, translations)| {
            let event = &archive.briefings[*original].slug;
            translations
                .values()
                .map(move |&t| (archive.briefings[t].slug.clone(), event))
        })
        .filter_map(|(alias, event)| Some((alias, localized.briefing_by_slug(event)?)))
        .collect();
    aliases.sort();
    localized.slug_aliases = aliases;
    let named = |table: &BTreeMap<String, BTreeMap<String, String>>,
                 slug_of: fn(&str) -> String|
     -> BTreeMap<String, String> {
        table
            .iter()
            .filter_map(|(written, by_language)| {
                Some((slug_of(written), by_language.get(tag)?.clone()))
            })
            .collect()
    };
    let tag_names = named(names.tags, slugify);
    for t in &mut localized.tags {
        if let Some(name) = tag_names.get(&t.slug) {
            t.name = name.clone();
        }
    }
    let place_names = named(names.places, place_slug);
    for p in &mut localized.places {
        if let Some(name) = place_names.get(&p.slug) {
            p.name = name.clone();
        }
    }
    localized.place_names = place_names.into_iter().collect();
    localized
}

/// The slug of each name in another language of `table` (tags or places as written → their
/// names), with the tag or place as written that it names.
fn aliases_of(
    table: &BTreeMap<String, BTreeMap<String, String>>,
    slug_of: fn(&str) -> String,
) -> std::collections::HashMap<String, &str> {
    let mut aliases = std::collections::HashMap::new();
    for (written, by_language) in table {
        for name in by_language.values() {
            aliases.entry(slug_of(name)).or_insert(written.as_str());
        }
    }
    aliases.retain(|slug, written| !slug.is_empty() && *slug != slug_of(written));
    aliases
}

/// `briefings` with each tag and place written by one of its names in another language (a
/// Chinese original's `tags = ["停火"]`) taken as the tag or place it names (`ceasefire`), so
/// a briefing in any language is listed with the others.
fn named_as_written(mut briefings: Vec<Briefing>, names: Names<'_>) -> Vec<Briefing> {
    let tags = aliases_of(names.tags, slugify);
    let places = aliases_of(names.places, place_slug);
    if tags.is_empty() && places.is_empty() {
        return briefings;
    }
    for b in &mut briefings {
        let mut seen = std::collections::HashSet::new();
        let mut kept = (Vec::new(), Vec::new());
        for (tag, slug) in b.tags.iter().zip(&b.tag_slugs) {
            let (tag, slug) = match tags.get(slug) {
                Some(written) => (written.to_string(), slugify(written)),
                None => (tag.clone(), slug.clone()),
            };
            if seen.insert(slug.clone()) {
                kept.0.push(tag);
                kept.1.push(slug);
            }
        }
        (b.tags, b.tag_slugs) = kept;
        let mut seen = std::collections::HashSet::new();
        b.places = b
            .places
            .iter()
            .map(|place| match places.get(&place_slug(place)) {
                Some(written) => written.to_string(),
                None => place.clone(),
            })
            .filter(|place| seen.insert(place_slug(place)))
            .collect();
    }
    briefings
}
