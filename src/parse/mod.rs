//! Turns source files into raw records: front matter as serde reads it, with the spans of the
//! values that later checks may complain about, and the Markdown body left as text.
//!
//! Nothing here knows about other files; cross-file rules (unknown actors, duplicate slugs)
//! belong to the model.

mod front_matter;
mod records;

pub(crate) use records::{actor_names, RawSource};
pub use records::{parse_actor, parse_briefing, ActorKind};
pub(crate) use records::{Parsed, RawActor, RawBriefing};

use crate::load::SourceFile;

/// The body of `source` (the end of its text, after the front matter), as parsing it would
/// find it, without reading its TOML; `None` where the file has no front matter to end.
pub(crate) fn body_of(source: &SourceFile) -> Option<&str> {
    front_matter::split(&source.text)
        .ok()
        .map(|front| front.body)
}
