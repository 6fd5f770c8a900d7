//! The content warnings of `dossier check`: briefings whose text names a registered actor that
//! their front matter does not list, and actors that no briefing names.

use crate::error::{Diagnostic, Location};
use crate::mentions::MentionFinder;
use crate::model::Archive;

/// Warns once per briefing and actor where the body names an actor the briefing does not list.
pub fn unlisted_mentions(archive: &Archive) -> Vec<Diagnostic> {
    let finder = MentionFinder::for_actors(archive.actors());
    let mut diagnostics = Vec::new();
    for briefing in &archive.briefings {
        let mut warned = Vec::new();
        for mention in finder.find(&briefing.body) {
            if briefing.actors.contains(&mention.actor) || warned.contains(&mention.actor) {
                continue;
            }
            warned.push(mention.actor);
            let actor = archive.actor(mention.actor);
            let mut location = Location::of_range(&briefing.body, mention.range.clone());
            location.line += briefing.body_line - 1;
            diagnostics.push(
                Diagnostic::warning(
                    &briefing.path,
                    format!(
                        "the text names {} ('{}'), whom the front matter does not list",
                        actor.name, &briefing.body[mention.range]
                    ),
                )
                .at(location)
                .with_hint(format!("add \"{}\" to actors", actor.id)),
            );
        }
    }
    diagnostics
}

/// Warns about every actor that no (published) briefing names.
pub fn actors_without_briefings(archive: &Archive) -> Vec<Diagnostic> {
    archive
        .actors()
        .iter()
        .zip(&archive.by_actor)
        .filter(|(_, briefings)| briefings.is_empty())
        .map(|(actor, _)| {
            Diagnostic::warning(&actor.path, format!("no briefing names {}", actor.name)).with_hint(
                format!(
                    "list \"{}\" in a briefing's actors, or remove the file",
                    actor.id
                ),
            )
        })
        .collect()
}
