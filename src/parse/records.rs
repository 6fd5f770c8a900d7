//! The raw records: briefing and actor front matter exactly as written, read by serde with
//! unknown keys refused, and the spans of the values that later checks point at.

use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::front_matter::split;
use crate::error::{Diagnostic, Location};
use crate::load::SourceFile;

/// A parsed file: its raw record, its Markdown body, and the way back to file lines.
#[derive(Debug)]
pub struct Parsed<'a, T> {
    pub source: &'a SourceFile,
    pub record: T,
    pub body: &'a str,
    toml_offset: usize,
}

impl<T> Parsed<'_, T> {
    /// Where a span of the front matter lies in the file.
    pub fn locate(&self, span: Range<usize>) -> Location {
        Location::of_range(
            &self.source.text,
            span.start + self.toml_offset..span.end + self.toml_offset,
        )
    }

    /// The line of the file on which the body starts.
    pub fn body_line(&self) -> usize {
        let text = &self.source.text;
        text[..text.len() - self.body.len()].matches('\n').count() + 1
    }

    /// An error about a span of the front matter of this file.
    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.source.path, message).at(self.locate(span))
    }

    /// The calendar date of a TOML date or date-time of this file, or an error at its place.
    pub fn calendar_date(
        &self,
        value: &Spanned<toml::value::Datetime>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<NaiveDate> {
        let date = value
            .get_ref()
            .date
            .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()));
        if date.is_none() {
            diagnostics.push(
                self.error_at(
                    value.span(),
                    format!("'{}' is not a calendar date", value.get_ref()),
                )
                .with_hint(
                    "write a date such as 2023-10-10, or a date and time such as 2023-10-10T09:30:00",
                ),
            );
        }
        date
    }
}

/// A briefing's front matter as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBriefing {
    pub title: Spanned<String>,
    /// Required but for a translation, which takes its original's.
    pub date: Option<Spanned<toml::value::Datetime>>,
    pub summary: Option<String>,
    #[serde(default)]
    pub actors: Vec<Spanned<String>>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    #[serde(default)]
    pub places: Vec<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<Spanned<String>>,
    #[serde(default)]
    pub sources: Vec<Spanned<RawSource>>,
    /// The language of its text, a tag config.toml declares (default: the archive's).
    pub language: Option<Spanned<String>>,
    /// The slug of the briefing it translates.
    pub translation_of: Option<Spanned<String>>,
}

/// One `[[sources]]` entry of a briefing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub title: Option<String>,
    pub url: Option<Spanned<String>>,
    pub date: Option<Spanned<toml::value::Datetime>>,
    /// A copy of the source kept in the briefing's bundle: a file name in its folder.
    pub archived: Option<Spanned<String>>,
}

/// An actor's front matter as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub kind: Option<Spanned<ActorKind>>,
    pub country: Option<String>,
    pub role: Option<String>,
    #[serde(default)]
    pub roles: Vec<Spanned<RawRole>>,
    #[serde(default)]
    pub envoy: bool,
    /// Its name in other languages, by tag: `[names] zh = "翟隽"`.
    #[serde(default)]
    pub names: std::collections::BTreeMap<String, Spanned<String>>,
}

/// One `[[roles]]` entry of an actor: a title held from one date to another.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    pub title: Spanned<String>,
    pub organization: Option<String>,
    pub from: Option<Spanned<toml::value::Datetime>>,
    pub to: Option<Spanned<toml::value::Datetime>>,
}

/// What sort of actor an entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Person,
    Organization,
    State,
}

impl ActorKind {
    /// The kind as front matter writes it: "person", "organization" or "state".
    pub fn name(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organization => "organization",
            ActorKind::State => "state",
        }
    }
}

pub fn parse_briefing(source: &SourceFile) -> Result<Parsed<'_, RawBriefing>, Diagnostic> {
    parse(source, "briefing")
}

pub fn parse_actor(source: &SourceFile) -> Result<Parsed<'_, RawActor>, Diagnostic> {
    parse(source, "actor")
}

/// The names an actor file claims (its id, and its name and aliases where its TOML can be
/// read at all), for a file whose front matter has errors: references to it are then known
/// to fail because of that file.
pub(crate) fn actor_names(source: &SourceFile) -> Vec<String> {
    let mut names: Vec<String> = vec![crate::load::entry_name(&source.path).to_string()];
    let table = split(&source.text)
        .ok()
        .and_then(|front| front.toml.parse::<toml::Table>().ok());
    if let Some(table) = table {
        if let Some(name) = table.get("name").and_then(toml::Value::as_str) {
            names.push(name.to_string());
        }
        if let Some(aliases) = table.get("aliases").and_then(toml::Value::as_array) {
            names.extend(
                aliases
                    .iter()
                    .filter_map(toml::Value::as_str)
                    .map(String::from),
            );
        }
    }
    names
}

fn parse<'a, T: serde::de::DeserializeOwned>(
    source: &'a SourceFile,
    what: &str,
) -> Result<Parsed<'a, T>, Diagnostic> {
    let front = split(&source.text).map_err(|d| Diagnostic {
        path: source.path.clone(),
        ..d
    })?;
    match toml::from_str::<T>(front.toml) {
        Ok(record) => Ok(Parsed {
            source,
            record,
            body: front.body,
            toml_offset: front.toml_offset,
        }),
        Err(err) => {
            let span = err.span().unwrap_or(0..0);
            let span = span.start + front.toml_offset..span.end + front.toml_offset;
            let message = err.message().trim().to_string();
            let mut diagnostic = Diagnostic::error(
                &source.path,
                format!("invalid {what} front matter: {message}"),
            );
            diagnostic = diagnostic.at(if err.span().is_some() {
                Location::of_range(&source.text, span)
            } else {
                Location::of_line(&source.text, 1)
            });
            if let Some(hint) = hint_for(&message, what) {
                diagnostic = diagnostic.with_hint(hint);
            }
            Err(diagnostic)
        }
    }
}

fn hint_for(message: &str, what: &str) -> Option<String> {
    if message.contains("expected a TOML datetime") || message.contains("expected a datetime") {
        Some("write dates without quotes, like date = 2023-10-10".into())
    } else if message.starts_with("unknown field") {
        let keys = match what {
            "briefing" => "title, date, summary, actors, tags, places, draft, slug, sources, language, translation_of",
            _ => "name, aliases, kind, country, role, roles, envoy, names (roles take title, organization, from, to)",
        };
        Some(match what {
            "briefing" => format!(
                "a briefing accepts only: {keys} (sources take outlet, author, title, url, date, archived)"
            ),
            _ => format!("an {what} accepts only: {keys}"),
        })
    } else if message.starts_with("missing field") {
        Some(match what {
            "briefing" => "a briefing needs at least title = \"...\" and date = YYYY-MM-DD".into(),
            _ => "an actor needs at least name = \"...\"".into(),
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("content/briefings/a.md"), text.into())
    }

    #[test]
    fn reads_a_briefing() {
        let source =
            file("+++\ntitle = \"T\"\ndate = 2023-10-10\nactors = [\"zhai-jun\"]\n+++\nBody");
        let parsed = parse_briefing(&source).unwrap();
        assert_eq!(parsed.record.title.get_ref(), "T");
        assert_eq!(parsed.body, "Body");
        let loc = parsed.locate(parsed.record.actors[0].span());
        assert_eq!(loc.line, 4);
    }

    #[test]
    fn unknown_keys_name_the_key_and_its_line() {
        let source = file("+++\ntitle = \"T\"\ndate = 2023-10-10\nactor = [\"x\"]\n+++\n");
        let err = parse_briefing(&source).unwrap_err();
        assert!(
            err.message.contains("unknown field `actor`"),
            "{}",
            err.message
        );
        assert_eq!(err.line(), Some(4));
        assert!(err.hint.unwrap().contains("actors"));
    }

    #[test]
    fn quoted_dates_get_a_hint() {
        let source = file("+++\ntitle = \"T\"\ndate = \"2023-10-10\"\n+++\n");
        let err = parse_briefing(&source).unwrap_err();
        assert_eq!(err.line(), Some(3));
        assert!(err.hint.is_some(), "{err}");
    }

    #[test]
    fn actor_kinds_are_checked() {
        let source = file("+++\nname = \"X\"\nkind = \"alien\"\n+++\n");
        let err = parse_actor(&source).unwrap_err();
        assert_eq!(err.line(), Some(3));
        assert!(err.message.contains("alien"), "{}", err.message);
    }
}
