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
