//! The content warnings of `dossier check`: briefings whose text names a registered actor that
//! their front matter does not list, and actors that no briefing names.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::error::{Diagnostic, Location};
use crate::markdown;
use crate::mentions::MentionFinder;
use crate::model::Archive;

/// Warns once per briefing and actor where the body's text names an actor the briefing does not
/// list. Only the words a reader sees count: not link addresses, code or raw HTML.
pub fn unlisted_mentions(archive: &Archive) -> Vec<Diagnostic> {
    let finder = MentionFinder::for_actors(archive.actors());
    let mut diagnostics = Vec::new();
    for briefing in &archive.briefings {
        let body = briefing.body.as_str();
        let mut warned = Vec::new();
        let mut in_code = false;
        for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
            let text = match event {
                Event::Start(Tag::CodeBlock(_)) => {
                    in_code = true;
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code = false;
                    continue;
                }
                Event::Text(text) if !in_code => text,
                _ => continue,
            };
            for mention in finder.find(&text) {
                if briefing.actors.contains(&mention.actor) || warned.contains(&mention.actor) {
                    continue;
                }
                warned.push(mention.actor);
                let actor = archive.actor(mention.actor);
                // Where the text stands in the file as written, the mention itself; where
                // escapes or entities changed it, the start of the text.
                let at = if body.get(range.clone()) == Some(&*text) {
                    range.start + mention.range.start..range.start + mention.range.end
                } else {
                    range.clone()
                };
                let mut location = Location::of_range(body, at);
                location.line += briefing.body_line - 1;
                diagnostics.push(
                    Diagnostic::warning(
                        &briefing.path,
                        format!(
                            "the text names {} ('{}'), whom the front matter does not list",
                            actor.name, &text[mention.range]
                        ),
                    )
                    .at(location)
                    .with_hint(format!("add \"{}\" to actors", actor.id)),
                );
            }
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
