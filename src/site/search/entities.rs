//! The pages search finds besides briefings: actors, envoys' dossiers and tags, each one
//! [`Entity`] record with its name, the other names it goes by, its address and its briefings.
//! A new kind of page is one more line in [`entities`].

use crate::model::{Archive, BriefingIx};
use crate::routes::{Page, Routes};

/// What kind of page an entity is. The letter starts its reference ("a:zhai-jun"), so entities
/// sort by kind, then key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Actor,
    Envoy,
    Place,
    Tag,
}

impl Kind {
    pub(super) const ALL: [Kind; 4] = [Kind::Actor, Kind::Envoy, Kind::Place, Kind::Tag];

    /// The letter of its references.
    pub(super) fn letter(self) -> char {
        match self {
            Kind::Actor => 'a',
            Kind::Envoy => 'e',
            Kind::Place => 'p',
            Kind::Tag => 't',
        }
    }

    /// Its name in the manifest, which the client reads.
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Actor => "actor",
            Kind::Envoy => "envoy",
            Kind::Place => "place",
            Kind::Tag => "tag",
        }
    }
}

/// A page that search lists when its name or another name matches the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entity {
    pub kind: Kind,
    /// The id or slug of its page, unique within its kind.
    pub key: String,
    pub name: String,
    /// Other names it goes by (an actor's aliases).
    pub aliases: Vec<String>,
    /// Its address from the site root.
    pub url: String,
    /// Its briefings, in order.
    pub briefings: Vec<BriefingIx>,
}

impl Entity {
    /// How the client and the URL of a filter name it: its kind's letter and its key.
    pub(super) fn reference(&self) -> String {
        format!("{}:{}", self.kind.letter(), self.key)
    }
}

/// Every entity of the archive, sorted by reference.
pub(super) fn entities(archive: &Archive, routes: &Routes) -> Vec<Entity> {
    let mut all = Vec::new();
    for (ix, actor) in archive.actors().iter().enumerate() {
        let entity = Entity {
            kind: Kind::Actor,
            key: actor.id.clone(),
            name: actor.name.clone(),
            aliases: actor.aliases.clone(),
            url: routes.url(&Page::Actor(&actor.id)),
            briefings: archive.by_actor[ix].clone(),
        };
        if actor.envoy {
            all.push(Entity {
                kind: Kind::Envoy,
                url: routes.url(&Page::Envoy(&actor.id)),
                ..entity.clone()
            });
        }
        all.push(entity);
    }
    all.extend(archive.tags.iter().map(|tag| Entity {
        kind: Kind::Tag,
        key: tag.slug.clone(),
        name: tag.name.clone(),
        aliases: Vec::new(),
        url: routes.url(&Page::Tag(&tag.slug)),
        briefings: tag.briefings.clone(),
    }));
    all.extend(archive.places.iter().map(|place| Entity {
        kind: Kind::Place,
        key: place.slug.clone(),
        name: place.name.clone(),
        aliases: Vec::new(),
        url: routes.url(&Page::Place(&place.slug)),
        briefings: place.briefings.clone(),
    }));
    all.sort_by_cached_key(Entity::reference);
    all
}
