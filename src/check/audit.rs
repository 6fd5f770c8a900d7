//! The content warnings of `dossier check`: briefings whose text names a registered actor that
//! their front matter does not list, and actors that no briefing names.

use super::{Finding, Kind, Named};
use crate::error::Diagnostic;
use crate::markdown::Texts;
use crate::model::Archive;

/// Warns once per briefing and actor where the body's text names an actor the briefing does not
/// list, at the first such mention. Only the words a reader sees count: not link addresses,
/// code or raw HTML. The Markdown stage found them, rendered for an audit.
pub(super) fn unlisted_mentions(archive: &Archive, texts: &Texts) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (briefing, unlisted) in archive.briefings.iter().zip(&texts.unlisted) {
        for mention in unlisted {
            let actor = archive.actor(mention.actor);
            let diagnostic = Diagnostic::warning(
                &briefing.path,
                format!(
                    "the text names {} ('{}'), whom the front matter does not list",
                    actor.name, mention.named
                ),
            )
            .at(mention.location.clone())
            .with_hint(format!("add \"{}\" to actors", actor.id));
            findings.push(Finding {
                kind: Kind::UnlistedActor,
                actor: Some(Named {
                    id: actor.id.to_string(),
                    name: actor.name.clone(),
                }),
                diagnostic,
            });
        }
    }
    findings
}

/// Warns about every actor that no (published) briefing names.
pub(super) fn actors_without_briefings(archive: &Archive) -> Vec<Diagnostic> {
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
