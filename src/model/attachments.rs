//! The files of bundles: the attachments of each briefing and actor whose source is a folder
//! with an `index.md`, and the archived copies that a briefing's `[[sources]]` name among them.
//!
//! A bundle's files are found by `load`; here they are handed to their briefing or actor, and
//! every `archived = "..."` is checked to name one of them. The media stage then measures
//! them (the digest of their bytes, the size of images).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ids::closest;
use super::Archive;
use crate::error::{Diagnostic, Location};
use crate::load::{self, Asset};

/// A file of a bundle, published in its page's folder under its name.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Where it is in the archive, its name below the bundle, its size and time.
    pub(crate) file: Asset,
    /// The digest of its bytes, set by the media stage.
    pub digest: u64,
    /// Its size in pixels, where it is an image (set by the media stage).
    pub image: Option<Picture>,
}

impl Attachment {
    pub(crate) fn new(file: Asset) -> Attachment {
        Attachment {
            file,
            digest: 0,
            image: None,
        }
    }

    /// Its name below the bundle (`map.png`, `scans/p1.jpg`).
    pub fn name(&self) -> &str {
        &self.file.name
    }
}

/// An image's size in pixels, and how its smaller web sizes are encoded (none for an image
/// kept only as it is: GIF and SVG).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub resized_as: Option<Raster>,
}

/// The encoding of an image's web sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Raster {
    Png,
    Jpeg,
}

impl Raster {
    /// The extension of files in this encoding.
    pub fn extension(self) -> &'static str {
        match self {
            Raster::Png => "png",
            Raster::Jpeg => "jpg",
        }
    }
}

/// The archived copy a source names: the name as written, made plain, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Archived {
    pub name: String,
    pub location: Location,
}

/// By its name only: where it is written is no part of what the site shows.
impl std::hash::Hash for Archived {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

/// Why a name cannot be a file of a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameProblem {
    /// It climbs out of the bundle with `..`.
    Escapes,
    /// It names no file, only the bundle's folder.
    Empty,
}

/// A name relative to a bundle's folder made plain: `./a/../map.png` is `map.png`.
pub(crate) fn plain_name(name: &str) -> Result<String, NameProblem> {
    let mut parts: Vec<&str> = Vec::new();
    for part in name.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(NameProblem::Escapes)?;
            }
            part => parts.push(part),
        }
    }
    if parts.is_empty() {
        return Err(NameProblem::Empty);
    }
    Ok(parts.join("/"))
}

/// Hands each bundle's files to its briefing or actor, and checks that every archived copy
/// named is one of them.
pub(crate) fn attach(
    archive: &mut Archive,
    mut bundles: BTreeMap<PathBuf, Vec<Asset>>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut files_of = |path: &Path| -> Vec<Attachment> {
        bundles
            .remove(path)
            .unwrap_or_default()
            .into_iter()
            .map(Attachment::new)
            .collect()
    };
    for actor in &mut archive.registry.actors {
        actor.attachments = files_of(&actor.path);
    }
    for briefing in &mut archive.briefings {
        briefing.attachments = files_of(&briefing.path);
        for source in &briefing.sources {
            let Some(archived) = &source.archived else {
                continue;
            };
            if briefing.attachment(&archived.name).is_some() {
                continue;
            }
            let names = briefing.attachments.iter().map(Attachment::name);
            let hint = if !load::is_bundle(&briefing.path) {
                format!(
                    "an archived copy is a file of the briefing's bundle: move {} to {} and put {} beside it",
                    briefing.path.display(),
                    bundle_index(&briefing.path).display(),
                    archived.name
                )
            } else if let Some(close) = closest(&archived.name, names) {
                format!("did you mean '{close}'?")
            } else {
                format!(
                    "put {} in {}",
                    archived.name,
                    briefing.path.parent().unwrap_or(Path::new("")).display()
                )
            };
            diagnostics.push(
                Diagnostic::error(
                    &briefing.path,
                    format!(
                        "the archived copy '{}' is not a file of this briefing's bundle",
                        archived.name
                    ),
                )
                .at(archived.location.clone())
                .with_hint(hint),
            );
        }
    }
    diagnostics
}

/// Where the plain source file at `path` would be as a bundle: `x.md` → `x/index.md`.
pub(crate) fn bundle_index(path: &Path) -> PathBuf {
    path.with_extension("").join(load::BUNDLE_INDEX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_plain_and_never_leave_the_bundle() {
        assert_eq!(plain_name("map.png"), Ok("map.png".into()));
        assert_eq!(plain_name("./scans//p1.jpg"), Ok("scans/p1.jpg".into()));
        assert_eq!(plain_name("scans/../map.png"), Ok("map.png".into()));
        assert_eq!(plain_name("../other/map.png"), Err(NameProblem::Escapes));
        assert_eq!(plain_name("a/../../map.png"), Err(NameProblem::Escapes));
        assert_eq!(plain_name("./"), Err(NameProblem::Empty));
    }

    #[test]
    fn a_plain_source_becomes_a_bundle_in_a_folder_of_its_name() {
        assert_eq!(
            bundle_index(Path::new("content/briefings/a.md")),
            Path::new("content/briefings/a/index.md")
        );
    }
}
