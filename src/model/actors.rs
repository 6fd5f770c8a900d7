//! The actor registry: actors resolved from their files, and the lookup that turns a reference
//! in a briefing (id, name or alias, any case) into one actor.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ids::{fold_spaces, is_slug, lookup_key, non_empty, slug_problem, slugify};
use crate::error::Diagnostic;
pub use crate::parse::ActorKind;
use crate::parse::{Parsed, RawActor};

/// Index of an actor in [`Registry::actors`].
pub(crate) type ActorIx = usize;

/// A person, organization or state that briefings name.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Actor {
    /// The file stem: a slug, unique, used in URLs.
    pub id: String,
    pub name: String,
    /// Its other names, its names in other languages among them.
    pub aliases: Vec<String>,
    /// Its name in other languages, by tag.
    pub names: std::collections::BTreeMap<String, String>,
    pub kind: ActorKind,
    pub country: Option<String>,
    /// The single `role` key.
    pub role: Option<String>,
    /// Roles held over time, by start date.
    pub roles: Vec<Role>,
    pub envoy: bool,
    /// The biography, as Markdown.
    pub biography: String,
    /// The line of the file on which the biography starts.
    pub biography_line: usize,
    pub path: PathBuf,
    /// The files of its bundle, by name (none for an actor that is a single file).
    #[serde(skip)]
    pub attachments: Vec<super::Attachment>,
}

/// A title an actor held, from one date to another (either end may be open).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Role {
    pub title: String,
    pub organization: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Role {
    fn holds_on(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date <= to)
    }

    /// "Title, Organization".
    pub fn describe(&self) -> String {
        match &self.organization {
            Some(organization) => format!("{}, {organization}", self.title),
            None => self.title.clone(),
        }
    }
}

impl Actor {
    /// The roles the actor held on `date`, joined; else the single `role`.
    pub fn role_on(&self, date: NaiveDate) -> Option<String> {
        let held: Vec<String> = self
            .roles
            .iter()
            .filter(|r| r.holds_on(date))
            .map(Role::describe)
            .collect();
        if held.is_empty() {
            self.role.clone()
        } else {
            Some(held.join("; "))
        }
    }

    /// The role to show outside any date: the single `role`, else the latest of the roles.
    pub fn current_role(&self) -> Option<String> {
        self.role
            .clone()
            .or_else(|| self.roles.last().map(Role::describe))
    }
}

/// All actors, sorted by id, and the index of their lookup keys.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Registry {
    pub actors: Vec<Actor>,
    keys: HashMap<String, Vec<ActorIx>>,
    /// Keys of actors whose files have errors of their own, and aliases two actors claim:
    /// references to them are not reported again.
    reported: HashSet<String>,
}

/// What a reference to an actor came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Found(ActorIx),
    /// Several actors share this name; the ids of those actors.
    Ambiguous(Vec<String>),
    /// No actor; the closest known name, id or alias, if one is close.
    Unknown(Option<String>),
    /// The actor's file, or the alias, has an error that is reported already.
    AlreadyReported,
}

impl Registry {
    /// Resolves every parsed actor file, reporting bad ids, empty names and aliases that two
    /// actors claim. Files with problems are left out of the registry; `unreadable` holds the
    /// names of actor files that could not even be parsed.
    pub fn resolve(
        parsed: &[Parsed<'_, RawActor>],
        unreadable: &[String],
    ) -> (Registry, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut reported: HashSet<String> =
            unreadable.iter().map(|name| lookup_key(name)).collect();
        let mut resolved: Vec<(Actor, &Parsed<'_, RawActor>)> = Vec::new();
        for file in parsed {
            match resolve_actor(file, &mut diagnostics) {
                Some(actor) => resolved.push((actor, file)),
                None => reported.extend(claimed_names(file).map(|name| lookup_key(&name))),
            }
        }
        resolved.sort_by(|a, b| a.0.id.cmp(&b.0.id));

        // Which actors claim each key, as id, name or alias.
        let mut keys: HashMap<String, Vec<ActorIx>> = HashMap::new();
        for (ix, (actor, _)) in resolved.iter().enumerate() {
            let names = [&actor.id, &actor.name].into_iter().chain(&actor.aliases);
            for key in names.map(|name| lookup_key(name)) {
                let holders = keys.entry(key).or_default();
                if !holders.contains(&ix) {
                    holders.push(ix);
                }
            }
        }

        // An alias that another actor also claims (as id, name or alias) is an error at the alias.
        for (ix, (_, file)) in resolved.iter().enumerate() {
            for alias in &file.record.aliases {
                let holders = keys
                    .get(&lookup_key(alias.get_ref()))
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                if let Some(&other) = holders.iter().find(|&&holder| holder != ix) {
                    reported.insert(lookup_key(alias.get_ref()));
                    let other = &resolved[other].0;
                    diagnostics.push(
                        file.error_at(
                            alias.span(),
                            format!(
                                "the alias '{}' also names actor '{}' ({})",
                                alias.get_ref(),
                                other.id,
                                other.path.display()
                            ),
                        )
                        .with_hint("an alias must point to one actor: remove it here or there"),
                    );
                }
            }
        }

        let actors = resolved.into_iter().map(|(actor, _)| actor).collect();
        (
            Registry {
                actors,
                keys,
                reported,
            },
            diagnostics,
        )
    }

    /// Finds the actor a reference means.
    pub fn lookup(&self, reference: &str) -> Lookup {
        let key = lookup_key(reference);
        match self.keys.get(&key).map(Vec::as_slice) {
            Some([one]) => Lookup::Found(*one),
            _ if self.reported.contains(&key) => Lookup::AlreadyReported,
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

fn resolve_roles(file: &Parsed<'_, RawActor>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Role> {
    let mut roles = Vec::new();
    for raw in &file.record.roles {
        let raw = raw.get_ref();
        let title = fold_spaces(raw.title.get_ref());
        if title.is_empty() {
            diagnostics.push(file.error_at(raw.title.span(), "the role's title is empty"));
            continue;
        }
        let from = raw
            .from
            .as_ref()
            .and_then(|d| file.calendar_date(d, diagnostics));
        let to = raw
            .to
            .as_ref()
            .and_then(|d| file.calendar_date(d, diagnostics));
        if let (Some(from), Some(to), Some(span)) = (from, to, raw.to.as_ref().map(|t| t.span())) {
            if to < from {
                diagnostics.push(
                    file.error_at(
                        span,
                        format!("the role ends ({to}) before it begins ({from})"),
                    )
                    .with_hint("swap from and to"),
                );
                continue;
            }
        }
        roles.push(Role {
            title,
            organization: non_empty(raw.organization.as_deref()),
            from,
            to,
        });
    }
    roles.sort_by_key(|r| (r.from, r.to));
    roles
}

/// The id, name and aliases an actor file claims, whatever their faults.
fn claimed_names<'a>(file: &'a Parsed<'_, RawActor>) -> impl Iterator<Item = String> + 'a {
    let id = crate::load::entry_name(&file.source.path).to_string();
    std::iter::once(id)
        .chain(std::iter::once(file.record.name.get_ref().clone()))
        .chain(file.record.aliases.iter().map(|a| a.get_ref().clone()))
}

fn resolve_actor(file: &Parsed<'_, RawActor>, diagnostics: &mut Vec<Diagnostic>) -> Option<Actor> {
    let raw = &file.record;
    let path = &file.source.path;
    let id = crate::load::entry_name(path).to_string();
    let mut ok = true;
    if let Some(problem) = slug_problem(&id).filter(|_| is_slug(&id)) {
        diagnostics.push(
            Diagnostic::error(path, format!("the actor id '{id}' is too long: {problem}"))
                .with_hint("rename the file with a shorter id"),
        );
        ok = false;
    } else if !is_slug(&id) {
        let suggestion = slugify(&id);
        let bundle = crate::load::is_bundle(path);
        let (named, renamed) = if bundle {
            ("folder", suggestion.clone())
        } else {
            ("file", format!("{suggestion}.md"))
        };
        let mut d = Diagnostic::error(path, format!("'{id}' is not a valid actor id: an actor's {named} name is its id and appears in URLs"));
        if !suggestion.is_empty() {
            d = d.with_hint(format!(
                "rename the {named} to {renamed} (lowercase letters, digits and hyphens)"
            ));
        }
        diagnostics.push(d);
        ok = false;
    }
    let name = fold_spaces(raw.name.get_ref());
    if name.is_empty() {
        diagnostics.push(
            file.error_at(raw.name.span(), "the actor's name is empty")
                .with_hint("write the name as briefings should show it"),
        );
        ok = false;
    }
    let mut aliases: Vec<String> = Vec::new();
    for alias in &raw.aliases {
        let text = fold_spaces(alias.get_ref());
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
    let mut names = std::collections::BTreeMap::new();
    for (tag, spelled) in &raw.names {
        let text = fold_spaces(spelled.get_ref());
        if text.is_empty() {
            diagnostics.push(
                file.error_at(spelled.span(), format!("the name in '{tag}' is empty"))
                    .with_hint("write the name as pages in that language should show it, or remove the line"),
            );
            ok = false;
            continue;
        }
        // A name in another language is also a name briefings and bodies may use.
        if !aliases.contains(&text) && lookup_key(&text) != lookup_key(&name) {
            aliases.push(text.clone());
        }
        names.insert(tag.clone(), text);
    }
    let before = diagnostics.len();
    let roles = resolve_roles(file, diagnostics);
    ok &= diagnostics.len() == before;
    ok.then(|| Actor {
        id,
        name,
        aliases,
        names,
        kind: raw
            .kind
            .as_ref()
            .map_or(ActorKind::Person, |k| *k.get_ref()),
        country: non_empty(raw.country.as_deref()),
        role: non_empty(raw.role.as_deref()),
        roles,
        envoy: raw.envoy,
        biography: file.body.to_string(),
        biography_line: file.body_line(),
        path: path.clone(),
        attachments: Vec::new(),
    })
}
