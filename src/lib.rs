//! dossier turns a briefing archive (config.toml, content/briefings, content/actors) into a
//! static website cross-linked by actor, tag and date.
//!
//! The map, in the order the data flows (docs/architecture.md draws it):
//!
//! - `config`: config.toml read and resolved into the settings of a build;
//! - `load`: the archive's source files found and read, inside the archive;
//! - `parse`: each file's front matter and body, as written;
//! - `model`: briefings and actors resolved, linked by index, and indexed;
//! - `media`: the files published as they are (attachments, static/) measured, and web sizes;
//! - `routes`: every address and output path of the site;
//! - `markdown`: bodies and biographies rendered, with mentions and `@` links resolved;
//! - `site`: every generator of the site's files, one shape each;
//! - `write`: the output folder brought up to date, atomically, by what dossier owns;
//! - `cache`: what survives between builds;
//! - `build`: the pipeline that runs the stages in order;
//! - `check`: the pipeline into memory, with the audit and the link check;
//! - `commands`: new, import, serve and the git hooks, which use the rest;
//! - `error` and `report`: diagnostics, and how they look to a person;
//! - `digest`: the hash every digest is made with;
//! - `path_key`: paths as the keys of large maps, by their bytes.

#![warn(unreachable_pub)]

mod build;
mod cache;
mod check;
pub mod commands;
mod config;
mod digest;
pub mod error;
mod load;
mod markdown;
mod media;
mod model;
mod parse;
mod path_key;
pub mod report;
mod routes;
mod site;
mod write;

pub use build::{build, build_in, build_observed, BuildReport, Options, Resident};
pub use check::{check, CheckReport, Finding, Kind, Shown};
pub use model::ActorKind;

/// Single steps of the build, for the fuzz targets and the tests that exercise them alone.
pub mod steps {
    pub use crate::load::{decode, SourceFile};
    pub use crate::markdown::{is_script_address, to_html};
    pub use crate::model::build as resolve;
    pub use crate::parse::{parse_actor, parse_briefing};
    pub use crate::site::search::{fold, index_tokens};
}
