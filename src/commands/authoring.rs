//! What the commands that write sources (`new` and `import`) share: the archive they write
//! into, its actor registry, the front matter of a new briefing, and creating a file that must
//! not exist yet.

use std::fs;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::config::CONFIG_FILE;
use crate::error::{Diagnostic, Error};
use crate::load::{self, SourceFile};
use crate::model::Registry;
use crate::parse;

/// Refuses a folder that is not an archive.
pub(super) fn require_archive(root: &Path) -> Result<(), Error> {
    if root.join(CONFIG_FILE).is_file() {
        Ok(())
    } else {
        Err(Error::Failed(format!(
            "{} is not an archive (it has no {CONFIG_FILE}); run this in the archive folder, pass --root DIR, or create one with dossier init",
            root.display()
        )))
    }
}

/// The actors of the archive at `root`, as briefings will see them. Actor files with errors
/// are left out (`dossier check` reports them); briefings are not read.
pub(super) fn registry(root: &Path) -> Registry {
    registry_of(&load::load_actors(root).0)
}

/// The registry of these actor files, leaving out those with errors.
pub(super) fn registry_of(actors: &[SourceFile]) -> Registry {
    let parsed: Vec<_> = actors
        .iter()
        .filter_map(|s| parse::parse_actor(s).ok())
        .collect();
    Registry::resolve(&parsed, &[]).0
}

/// A new briefing file: complete front matter that `dossier build` accepts, then the body.
#[derive(Debug, Clone)]
pub(super) struct BriefingFile {
    pub title: String,
    pub date: NaiveDate,
    pub summary: String,
    /// Actor ids.
    pub actors: Vec<String>,
    pub tags: Vec<String>,
    pub places: Vec<String>,
    /// The `[[sources]]` entries; with none, a commented entry to fill in.
    pub sources: Vec<SourceEntry>,
    /// The body, as Markdown.
    pub body: String,
    /// The language of its text, where it is not the archive's default.
    pub language: Option<String>,
}

/// A `[[sources]]` entry of a new briefing.
#[derive(Debug, Clone)]
pub(super) struct SourceEntry {
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub title: String,
    /// The article's address, when the source names it (a page's canonical URL).
    pub url: Option<String>,
    pub date: NaiveDate,
}

impl BriefingFile {
    /// The text of the file, once it is known to read back as this briefing: its front
    /// matter parses, with this title, date, actors, tags and places. `path` is where it goes.
    pub(super) fn render_checked(&self, path: &Path) -> Result<String, Diagnostic> {
        let text = self.render();
        let source = SourceFile::new(path, text.as_str().into());
        let parsed = parse::parse_briefing(&source)?;
        let record = &parsed.record;
        let strings = |values: &[toml::Spanned<String>]| -> Vec<String> {
            values.iter().map(|v| v.get_ref().clone()).collect()
        };
        let same = *record.title.get_ref() == self.title
            && record
                .date
                .as_ref()
                .is_some_and(|d| d.get_ref().to_string() == self.date.to_string())
            && strings(&record.actors) == self.actors
            && strings(&record.tags) == self.tags
            && strings(&record.places) == self.places;
        if same {
            Ok(text)
        } else {
            Err(
                Diagnostic::error(path, "the new briefing would not read back as it was given")
                    .with_hint("write the title, tags and places on one line each"),
            )
        }
    }

    /// The text of the file.
    pub(super) fn render(&self) -> String {
        let mut text = String::from("+++\n");
        text.push_str(&format!("title = {}\n", toml_string(&self.title)));
        text.push_str(&format!("date = {}\n", self.date));
        text.push_str(&format!("summary = {}\n", toml_string(&self.summary)));
        text.push_str(&format!("actors = {}\n", toml_list(&self.actors)));
        text.push_str(&format!("tags = {}\n", toml_list(&self.tags)));
        text.push_str(&format!("places = {}\n", toml_list(&self.places)));
        if let Some(language) = &self.language {
            text.push_str(&format!("language = {}\n", toml_string(language)));
        }
        if self.sources.is_empty() {
            text.push_str(&format!(
                "\n# [[sources]]\n# outlet = \"\"\n# title = \"\"\n# url = \"https://\"\n# date = {}\n",
                self.date
            ));
        }
        for source in &self.sources {
            text.push_str("\n[[sources]]\n");
            if let Some(outlet) = &source.outlet {
                text.push_str(&format!("outlet = {}\n", toml_string(outlet)));
            }
            if let Some(author) = &source.author {
                text.push_str(&format!("author = {}\n", toml_string(author)));
            }
            text.push_str(&format!("title = {}\n", toml_string(&source.title)));
            if let Some(url) = &source.url {
                text.push_str(&format!("url = {}\n", toml_string(url)));
            }
            text.push_str(&format!("date = {}\n", source.date));
        }
        text.push_str("+++\n");
        text.push_str(&self.body);
        text
    }
}

/// A TOML string literal, on one line whatever the text: line breaks and other control
/// characters become spaces (front matter ends at a line `+++`, which a value on several
/// lines could hold).
pub(super) fn toml_string(text: &str) -> String {
    toml::Value::String(crate::load::one_line(text)).to_string()
}

/// A TOML array of strings, each as written.
pub(super) fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| toml_string(item)).collect();
    format!("[{}]", quoted.join(", "))
}

/// Creates a file that must not exist yet, with its folders.
pub(super) fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut file = fs::File::options()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 21).unwrap()
    }

    /// The front matter of a rendered file, as TOML.
    fn front_matter(text: &str) -> toml::Table {
        let toml_text = text
            .strip_prefix("+++\n")
            .and_then(|t| t.split_once("+++\n"))
            .unwrap()
            .0;
        toml::from_str(toml_text).unwrap()
    }

    #[test]
    fn front_matter_is_complete_toml() {
        let briefing = BriefingFile {
            title: "China “urges” a \"ceasefire\"".into(),
            date: day(),
            summary: "It's urgent.".into(),
            actors: vec!["lin-jian".into(), "wang-kejian".into()],
            tags: Vec::new(),
            places: vec!["王毅".into()],
            sources: vec![SourceEntry {
                outlet: None,
                author: Some("Henrik Rothen".into()),
                title: "China Urges".into(),
                url: None,
                date: day(),
            }],
            body: "Body.\n".into(),
            language: None,
        };
        let text = briefing.render();
        let table = front_matter(&text);
        assert_eq!(
            table["title"].as_str(),
            Some("China “urges” a \"ceasefire\"")
        );
        assert_eq!(table["actors"].as_array().unwrap().len(), 2);
        assert_eq!(table["tags"].as_array().unwrap().len(), 0);
        assert_eq!(table["places"][0].as_str(), Some("王毅"));
        let source = &table["sources"].as_array().unwrap()[0];
        assert_eq!(source["author"].as_str(), Some("Henrik Rothen"));
        assert!(source.get("outlet").is_none() && source.get("url").is_none());
        assert!(text.ends_with("+++\nBody.\n"));
    }

    #[test]
    fn without_sources_a_commented_entry_is_left_to_fill_in() {
        let briefing = BriefingFile {
            title: "T".into(),
            date: day(),
            summary: String::new(),
            actors: Vec::new(),
            tags: vec!["a".into()],
            places: Vec::new(),
            sources: Vec::new(),
            body: "\n".into(),
            language: None,
        };
        let text = briefing.render();
        assert!(text.contains("\n# [[sources]]\n"), "{text}");
        assert!(front_matter(&text).get("sources").is_none());
    }

    #[test]
    fn a_value_with_a_fence_stays_on_its_line() {
        let briefing = BriefingFile {
            title: "Before\n+++\nafter".into(),
            date: day(),
            summary: "a\r\n+++".into(),
            actors: Vec::new(),
            tags: vec!["x\n+++".into()],
            places: Vec::new(),
            sources: Vec::new(),
            body: "\n".into(),
            language: None,
        };
        let text = briefing.render();
        assert_eq!(
            front_matter(&text)["title"].as_str(),
            Some("Before +++ after")
        );
        assert!(
            briefing.render_checked(Path::new("x.md")).is_err(),
            "the title changed"
        );
        let plain = BriefingFile {
            title: "It's \"quoted\" +++".into(),
            ..briefing
        };
        let plain = BriefingFile {
            tags: vec!["C++".into()],
            summary: String::new(),
            ..plain
        };
        assert!(plain.render_checked(Path::new("x.md")).is_ok());
    }

    #[test]
    fn strings_are_quoted_as_toml() {
        for text in ["a \"b\"", "it's", "back\\slash", "王毅"] {
            let table: toml::Table = toml::from_str(&format!("x = {}", toml_string(text))).unwrap();
            assert_eq!(table["x"].as_str(), Some(text));
        }
        let table: toml::Table =
            toml::from_str(&format!("x = {}", toml_list(&["x".into(), "王毅".into()]))).unwrap();
        assert_eq!(table["x"].as_array().unwrap().len(), 2);
    }
}
