//! The actor registry: actors resolved from their files, and the lookup that turns a reference
//! in a briefing (id, name or alias, any case) into one actor.

use std::collections::HashMap;
use std::path::PathBuf;

use super::ids::{is_slug, lookup_key, slugify};
use crate::error::Diagnostic;
pub use crate::parse::ActorKind;
use crate::parse::{Parsed, RawActor};

/// Index of an actor in [`Registry::actors`].
pub type ActorIx = usize;

/// A person, organization or state that briefings name.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The file stem: a slug, unique, used in URLs.
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: ActorKind,
    pub country: Option<String>,
    pub role: Option<String>,
    pub envoy: bool,
    /// The biography, as Markdown.
    pub biography: String,
    pub path: PathBuf,
}

/// All actors, sorted by id, and the index of their lookup keys.
#[derive(Debug, Default)]
pub struct Registry {
    pub actors: Vec<Actor>,
    keys: HashMap<String, Vec<ActorIx>>,
}

/// What a reference to an actor came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Found(ActorIx),
    /// Several actors share this name; the ids of those actors.
    Ambiguous(Vec<String>),
    /// No actor; the closest known name, id or alias, if one is close.
    Unknown(Option<String>),
}

impl Registry {
    /// Resolves every parsed actor file, reporting bad ids, empty names and aliases that two
    /// actors claim. Files with problems are left out of the registry.
    pub fn resolve(parsed: &[Parsed<'_, RawActor>]) -> (Registry, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut registry = Registry::default();
        // Who claims each key: (actor index, whether as an alias).
        let mut claims: HashMap<String, Vec<(ActorIx, bool)>> = HashMap::new();
        let mut alias_spans: Vec<Vec<(String, String, std::ops::Range<usize>)>> = Vec::new();

        for file in parsed {
            let Some(actor) = resolve_actor(file, &mut diagnostics) else {
                continue;
            };
            let ix = registry.actors.len();
            claims
                .entry(lookup_key(&actor.id))
                .or_default()
                .push((ix, false));
            claims
                .entry(lookup_key(&actor.name))
                .or_default()
                .push((ix, false));
            let mut spans = Vec::new();
            for alias in &file.record.aliases {
                let key = lookup_key(alias.get_ref());
                spans.push((key.clone(), alias.get_ref().clone(), alias.span()));
                let holders = claims.entry(key).or_default();
                if !holders.iter().any(|(holder, _)| *holder == ix) {
                    holders.push((ix, true));
                }
            }
            alias_spans.push(spans);
            registry.actors.push(actor);
        }

        // An alias that another actor also claims (as id, name or alias) is an error at the alias.
        for (ix, spans) in alias_spans.iter().enumerate() {
            for (key, text, span) in spans {
                let others: Vec<ActorIx> = claims[key]
                    .iter()
                    .map(|(h, _)| *h)
                    .filter(|h| *h != ix)
                    .collect();
                if let Some(&other) = others.first() {
                    let file = parsed
                        .iter()
                        .find(|p| p.source.path == registry.actors[ix].path)
                        .expect("resolved from a file");
                    let other = &registry.actors[other];
                    diagnostics.push(
                        file.error_at(
                            span.clone(),
                            format!(
                                "the alias '{}' also names actor '{}' ({})",
                                text,
                                other.id,
                                other.path.display()
                            ),
                        )
                        .with_hint("an alias must point to one actor: remove it here or there"),
                    );
                }
            }
        }

        // Sort by id and re-index the keys.
        let mut order: Vec<ActorIx> = (0..registry.actors.len()).collect();
        order.sort_by(|a, b| registry.actors[*a].id.cmp(&registry.actors[*b].id));
        let mut new_index = vec![0; order.len()];
        for (new, old) in order.iter().enumerate() {
            new_index[*old] = new;
        }
        let mut actors: Vec<Option<Actor>> = registry.actors.into_iter().map(Some).collect();
        registry.actors = order
            .iter()
            .map(|old| actors[*old].take().expect("each actor once"))
            .collect();
        for (key, holders) in claims {
            let mut holders: Vec<ActorIx> =
                holders.into_iter().map(|(h, _)| new_index[h]).collect();
            holders.sort_unstable();
            holders.dedup();
            registry.keys.insert(key, holders);
        }
        (registry, diagnostics)
    }

    /// Finds the actor a reference means.
    pub fn lookup(&self, reference: &str) -> Lookup {
        match self.keys.get(&lookup_key(reference)).map(Vec::as_slice) {
            Some([one]) => Lookup::Found(*one),
            Some(many) if !many.is_empty() => {
                Lookup::Ambiguous(many.iter().map(|ix| self.actors[*ix].id.clone()).collect())
            }
            _ => Lookup::Unknown(self.closest(reference)),
        }
    }

    /// The known id, name or alias closest to `reference`, if it is close enough to be a typo.
    fn closest(&self, reference: &str) -> Option<String> {
        let wanted = lookup_key(reference);
        let mut best: Option<(f64, String)> = None;
        for actor in &self.actors {
            for candidate in std::iter::once(&actor.id)
                .chain(std::iter::once(&actor.name))
                .chain(&actor.aliases)
            {
                let score = strsim::jaro_winkler(&wanted, &lookup_key(candidate));
                if score > 0.8
                    && best
                        .as_ref()
                        .is_none_or(|(s, c)| score > *s || (score == *s && candidate < c))
                {
                    best = Some((score, candidate.clone()));
                }
            }
        }
        best.map(|(_, candidate)| candidate)
    }

    pub fn get(&self, ix: ActorIx) -> &Actor {
        &self.actors[ix]
    }
}

fn resolve_actor(file: &Parsed<'_, RawActor>, diagnostics: &mut Vec<Diagnostic>) -> Option<Actor> {
    let raw = &file.record;
    let path = &file.source.path;
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let mut ok = true;
    if !is_slug(&id) {
        let suggestion = slugify(&id);
        let mut d = Diagnostic::error(path, format!("'{id}' is not a valid actor id: an actor's file name is its id and appears in URLs"));
        if !suggestion.is_empty() {
            d = d.with_hint(format!(
                "rename the file to {suggestion}.md (lowercase letters, digits and hyphens)"
            ));
        }
        diagnostics.push(d);
        ok = false;
    }
    let name = raw.name.get_ref().trim().to_string();
    if name.is_empty() {
        diagnostics.push(
            file.error_at(raw.name.span(), "the actor's name is empty")
                .with_hint("write the name as briefings should show it"),
        );
        ok = false;
    }
    let mut aliases: Vec<String> = Vec::new();
    for alias in &raw.aliases {
        let text = alias
            .get_ref()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if text.is_empty() {
            diagnostics.push(
                file.error_at(alias.span(), "an alias is empty")
                    .with_hint("remove the empty string from aliases"),
            );
            ok = false;
        } else if !aliases.contains(&text) && lookup_key(&text) != lookup_key(&name) {
            aliases.push(text);
        }
    }
    ok.then(|| Actor {
        id,
        name,
        aliases,
        kind: raw
            .kind
            .as_ref()
            .map_or(ActorKind::Person, |k| *k.get_ref()),
        country: raw
            .country
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from),
        role: raw
            .role
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(String::from),
        envoy: raw.envoy,
        biography: file.body.to_string(),
        path: path.clone(),
    })
}
