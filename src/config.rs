//! config.toml: the raw file as serde reads it, checked and resolved into the [`Config`] that
//! the rest of the build uses (absolute output folder, normalized base URL, chosen theme).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Location};
use crate::load;

pub(crate) const CONFIG_FILE: &str = "config.toml";
/// The folder of the archive's own themes.
const THEMES_DIR: &str = "themes";
const DEFAULT_OUTPUT: &str = "public";
const DEFAULT_LATEST: usize = 10;
/// How many entries a page of a long list shows by default, and the bounds of the setting: a
/// page of 100 briefings weighs about 40 KB.
const DEFAULT_PAGE_SIZE: usize = 100;
const MIN_PAGE_SIZE: usize = 5;
const MAX_PAGE_SIZE: usize = 500;

/// config.toml exactly as written; every key is optional but `title`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: toml::Spanned<String>,
    description: Option<String>,
    language: Option<toml::Spanned<String>>,
    base_url: Option<toml::Spanned<String>>,
    output_dir: Option<toml::Spanned<String>>,
    theme: Option<toml::Spanned<String>>,
    #[serde(default)]
    unsafe_html: bool,
    autolink: Option<Autolink>,
    latest: Option<toml::Spanned<usize>>,
    page_size: Option<toml::Spanned<usize>>,
    /// The archive's other languages, by BCP 47 tag.
    #[serde(default)]
    languages: BTreeMap<toml::Spanned<String>, RawLanguage>,
    /// Names of tags in other languages: tag as written → tag of a language → name.
    #[serde(default)]
    tag_names: BTreeMap<String, BTreeMap<toml::Spanned<String>, String>>,
    /// Names of places in other languages, the same way.
    #[serde(default)]
    place_names: BTreeMap<String, BTreeMap<toml::Spanned<String>, String>>,
}

/// One `[languages.<tag>]` table: the archive's title and description in that language.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: Option<String>,
    description: Option<String>,
}

/// A language the archive holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Language {
    /// Its BCP 47 tag, as config.toml writes it.
    pub tag: String,
    /// The archive's title in it, if it has one of its own.
    pub title: Option<String>,
    pub description: Option<String>,
}

/// The resolved settings of one build.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// The archive folder, absolute.
    pub root: PathBuf,
    pub title: String,
    pub description: Option<String>,
    /// The language of the pages, for `<html lang>`.
    pub language: String,
    /// The public address of the site, ending in '/'; used only where a page cannot be relative.
    /// For the pages of a language other than the default, the address of its folder.
    pub base_url: Option<url::Url>,
    /// The public address of the site's root, whatever the language.
    pub site_url: Option<url::Url>,
    /// The output folder, absolute.
    pub output_dir: PathBuf,
    /// The folder of a theme that overrides the embedded default, if one is chosen, relative
    /// to the archive.
    pub theme_dir: Option<PathBuf>,
    pub unsafe_html: bool,
    /// Which mentions of a briefing's actors in its text become links to their pages.
    pub autolink: Autolink,
    /// How many briefings the home page lists.
    pub latest: usize,
    /// How many entries a page of a long list shows before the list goes on at `page/2/`.
    pub page_size: usize,
    /// Every language of the archive, the default (`language`) first. The pages of the
    /// default are at the site root, those of another language in a folder named by its tag.
    pub languages: Vec<Language>,
    /// The names of tags and places in other languages: the tag or place as written → tag of a
    /// language → name.
    pub tag_names: BTreeMap<String, BTreeMap<String, String>>,
    pub place_names: BTreeMap<String, BTreeMap<String, String>>,
}

/// Which mentions of a briefing's own actors in its body link to their pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Autolink {
    /// The first mention of each actor.
    #[default]
    First,
    /// Every mention.
    All,
    /// None.
    None,
}

/// What the command line says about a build, beside the archive's own config.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides {
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
}

impl Config {
    /// Reads and resolves `<root>/config.toml`.
    pub(crate) fn load(root: &Path, overrides: &Overrides) -> Result<Config, Error> {
        let root = absolute(root).map_err(|e| {
            Error::invalid(Diagnostic::error(
                root,
                format!("cannot use the archive folder: {e}"),
            ))
        })?;
        if !root.is_dir() {
            return Err(Error::invalid(
                Diagnostic::error(&root, "the archive folder does not exist")
                    .with_hint("pass the archive folder with --root DIR"),
            ));
        }
        let path = load::inside(&root, Path::new(CONFIG_FILE)).map_err(Error::invalid)?;
        let text = std::fs::read(&path).map_err(|e| {
            let diagnostic = if e.kind() == std::io::ErrorKind::NotFound {
                Diagnostic::error(CONFIG_FILE, format!("no {CONFIG_FILE} in {}", root.display()))
                    .with_hint("run dossier in an archive folder, pass it with --root DIR, or create config.toml with at least `title = \"...\"`")
            } else {
                Diagnostic::error(CONFIG_FILE, format!("cannot read the config: {e}"))
            };
            Error::invalid(diagnostic)
        })?;
        let text = load::decode(text).map_err(|d| {
            Error::invalid(Diagnostic {
                path: CONFIG_FILE.into(),
                ..d
            })
        })?;
        let raw: RawConfig = toml::from_str(&text).map_err(|e| {
            let mut diagnostic = Diagnostic::error(
                CONFIG_FILE,
                format!("invalid config: {}", e.message().trim()),
            );
            if let Some(span) = e.span() {
                diagnostic = diagnostic.at(Location::of_range(&text, span));
            }
            Error::invalid(diagnostic)
        })?;
        resolve(raw, &text, root, overrides).map_err(Error::Invalid)
    }
}

fn resolve(
    raw: RawConfig,
    text: &str,
    root: PathBuf,
    overrides: &Overrides,
) -> Result<Config, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let at = |span: std::ops::Range<usize>, message: String| {
        Diagnostic::error(CONFIG_FILE, message).at(Location::of_range(text, span))
    };

    let title = load::one_line(raw.title.get_ref());
    if title.is_empty() {
        problems.push(
            at(raw.title.span(), "the title is empty".into())
                .with_hint("give the archive a name: title = \"...\""),
        );
    }

    let language = match &raw.language {
        Some(lang) if !is_language_tag(lang.get_ref()) => {
            problems.push(
                at(
                    lang.span(),
                    format!("'{}' is not a language tag", lang.get_ref()),
                )
                .with_hint("use a BCP 47 tag such as \"en\", \"fr\" or \"zh-Hans\""),
            );
            String::new()
        }
        Some(lang) => lang.get_ref().clone(),
        None => "en".to_string(),
    };

    let base_url = match &overrides.base_url {
        Some(url) => match parse_base_url(url) {
            Ok(url) => Some(url),
            Err(why) => {
                problems.push(Diagnostic::error(CONFIG_FILE, why));
                None
            }
        },
        None => raw.base_url.as_ref().and_then(|spanned| match parse_base_url(spanned.get_ref()) {
        Ok(url) => Some(url),
        Err(why) => {
            problems.push(at(spanned.span(), why).with_hint("write the public address of the site, e.g. base_url = \"https://example.org/archive/\""));
            None
        }
    }),
    };

    let output_dir = match (&overrides.output_dir, &raw.output_dir) {
        (Some(dir), _) => resolve_output(&root, dir).map_err(|why| Diagnostic::error(dir, why)),
        (None, Some(dir)) => {
            resolve_output(&root, Path::new(dir.get_ref())).map_err(|why| at(dir.span(), why))
        }
        (None, None) => resolve_output(&root, Path::new(DEFAULT_OUTPUT))
            .map_err(|why| Diagnostic::error(CONFIG_FILE, why)),
    };
    let output_dir = output_dir.unwrap_or_else(|d| {
        problems.push(d.with_hint(
            "choose an output folder of its own, such as \"public\", with output_dir or --output",
        ));
        PathBuf::new()
    });

    let theme_dir = raw.theme.as_ref().and_then(|theme| {
        let name = theme.get_ref();
        let relative = Path::new(THEMES_DIR).join(name);
        let dir = root.join(&relative);
        let plain = Path::new(name).components().count() == 1
            && matches!(Path::new(name).components().next(), Some(Component::Normal(_)));
        if !plain {
            problems.push(at(theme.span(), format!("'{name}' is not a theme name")).with_hint("name a folder under themes/, e.g. theme = \"mine\""));
            None
        } else if let Err(d) = load::inside(&root, &relative) {
            problems.push(d);
            None
        } else if !dir.is_dir() {
            problems.push(
                at(theme.span(), format!("theme '{name}' not found: {} is not a folder", dir.display()))
                    .with_hint("create themes/<name>/templates/ with the templates to override, or remove the theme key to use the built-in theme"),
            );
            None
        } else {
            Some(relative)
        }
    });

    let latest = match &raw.latest {
        Some(n) if *n.get_ref() == 0 => {
            problems.push(at(n.span(), "latest must be at least 1".into()));
            DEFAULT_LATEST
        }
        Some(n) => *n.get_ref(),
        None => DEFAULT_LATEST,
    };

    let page_size = match &raw.page_size {
        Some(n) if !(MIN_PAGE_SIZE..=MAX_PAGE_SIZE).contains(n.get_ref()) => {
            problems.push(
                at(
                    n.span(),
                    format!(
                        "page_size must be between {MIN_PAGE_SIZE} and {MAX_PAGE_SIZE}, not {}",
                        n.get_ref()
                    ),
                )
                .with_hint(format!(
                    "{DEFAULT_PAGE_SIZE} keeps every page light; remove the key to use it"
                )),
            );
            DEFAULT_PAGE_SIZE
        }
        Some(n) => *n.get_ref(),
        None => DEFAULT_PAGE_SIZE,
    };

    let mut languages = vec![Language {
        tag: language.clone(),
        title: None,
        description: None,
    }];
    for (tag, raw) in &raw.languages {
        let name = tag.get_ref();
        if !is_language_tag(name) {
            problems.push(
                at(tag.span(), format!("'{name}' is not a language tag")).with_hint(
                    "name the table by a BCP 47 tag, e.g. [languages.zh] or [languages.ar]",
                ),
            );
        } else if name.eq_ignore_ascii_case(&language) {
            problems.push(
                at(
                    tag.span(),
                    format!("'{name}' is the archive's default language"),
                )
                .with_hint(
                    "[languages.<tag>] declares the other languages; the default is `language`",
                ),
            );
        } else if languages.iter().any(|l| l.tag.eq_ignore_ascii_case(name)) {
            problems.push(at(
                tag.span(),
                format!("the language '{name}' is declared twice"),
            ));
        } else if crate::routes::ROOT_FOLDERS.contains(&name.to_ascii_lowercase().as_str()) {
            problems.push(at(
                tag.span(),
                format!("'{name}' is a folder of the site and cannot hold a language's pages"),
            ));
        } else {
            languages.push(Language {
                tag: name.clone(),
                title: raw
                    .title
                    .as_deref()
                    .map(load::one_line)
                    .filter(|t| !t.is_empty()),
                description: raw
                    .description
                    .as_deref()
                    .map(load::one_line)
                    .filter(|d| !d.is_empty()),
            });
        }
    }
    let declared: Vec<&str> = languages.iter().map(|l| l.tag.as_str()).collect();
    let mut names = |table: &BTreeMap<String, BTreeMap<toml::Spanned<String>, String>>,
                     what: &str| {
        let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (written, by_language) in table {
            for (tag, name) in by_language {
                if !declared.contains(&tag.get_ref().as_str()) {
                    problems.push(
                        at(tag.span(), format!("the {what} '{written}' is named in '{}', which the archive does not declare", tag.get_ref()))
                            .with_hint(format!("declare it with [languages.{}], or use one of: {}", tag.get_ref(), declared.join(", "))),
                    );
                    continue;
                }
                let name = load::one_line(name);
                if !name.is_empty() {
                    out.entry(written.clone())
                        .or_default()
                        .insert(tag.get_ref().clone(), name);
                }
            }
        }
        out
    };
    let tag_names = names(&raw.tag_names, "tag");
    let place_names = names(&raw.place_names, "place");

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        site_url: base_url.clone(),
        languages,
        tag_names,
        place_names,
        root,
        title,
        description: raw
            .description
            .map(|d| load::one_line(&d))
            .filter(|d| !d.is_empty()),
        language,
        base_url,
        output_dir,
        theme_dir,
        unsafe_html: raw.unsafe_html,
        autolink: raw.autolink.unwrap_or_default(),
        latest,
        page_size,
    })
}

impl Config {
    /// The settings of the pages of the language `tag`, one of [`Config::languages`]: the
    /// same but for the language, its title and description, and the public address of its
    /// folder.
    pub(crate) fn in_language(&self, tag: &str) -> Config {
        let mut config = self.clone();
        let Some(language) = self.languages.iter().find(|l| l.tag == tag) else {
            return config;
        };
        config.language = tag.to_string();
        if let Some(title) = &language.title {
            config.title = title.clone();
        }
        if language.description.is_some() {
            config.description = language.description.clone();
        }
        if let (Some(base), Some(folder)) = (&self.base_url, self.language_folder(tag)) {
            config.base_url = base
                .join(&crate::routes::in_language(Some(&folder), ""))
                .ok();
        }
        config
    }

    /// The folder of the pages of the language `tag`, from the site root: none for the
    /// default language, whose pages are at the root.
    pub(crate) fn language_folder(&self, tag: &str) -> Option<String> {
        (self.languages.first().is_some_and(|l| l.tag != tag)).then(|| tag.to_string())
    }

    /// Whether the archive holds more than one language.
    pub(crate) fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The default language's tag.
    pub(crate) fn default_language(&self) -> &str {
        self.languages
            .first()
            .map_or(self.language.as_str(), |l| l.tag.as_str())
    }
}

fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

fn parse_base_url(text: &str) -> Result<url::Url, String> {
    let mut url =
        url::Url::parse(text.trim()).map_err(|e| format!("base_url '{text}' is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "base_url '{text}' must be an http or https address"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "base_url '{text}' must not have a query or a fragment"
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Makes the output folder absolute and refuses folders that hold or are the archive's own files.
fn resolve_output(root: &Path, dir: &Path) -> Result<PathBuf, String> {
    if dir.as_os_str().is_empty() {
        return Err("the output folder is empty".to_string());
    }
    let output = normalize(&root.join(dir));
    let protected = [
        (root.to_path_buf(), "the archive folder"),
        (root.join("content"), "the archive's content/ folder"),
        (root.join("themes"), "the archive's themes/ folder"),
        (root.join(load::STATIC_DIR), "the archive's static/ folder"),
        (root.join(CONFIG_FILE), "the archive's config.toml"),
    ];
    for (guarded, what) in &protected {
        if *guarded == output {
            return Err(format!("the output folder {} is {what}", output.display()));
        }
        if guarded.starts_with(&output) {
            return Err(format!(
                "the output folder {} holds {what}, which a build would overwrite",
                output.display()
            ));
        }
        if what.ends_with("folder") && *guarded != root && output.starts_with(guarded) {
            return Err(format!(
                "the output folder {} lies inside {what}",
                output.display()
            ));
        }
    }
    Ok(output)
}

fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    Ok(path.canonicalize().unwrap_or_else(|_| normalize(&path)))
}

/// Resolves `.` and `..` without touching the filesystem, then follows links in the longest
/// existing prefix, so two spellings of one folder compare equal.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return out,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_a_trailing_slash() {
        assert_eq!(
            parse_base_url("https://example.org/a").unwrap().as_str(),
            "https://example.org/a/"
        );
        assert!(parse_base_url("ftp://example.org/").is_err());
        assert!(parse_base_url("example.org").is_err());
    }

    #[test]
    fn refuses_output_over_sources() {
        let root = Path::new("/archive");
        assert!(resolve_output(root, Path::new(".")).is_err());
        assert!(resolve_output(root, Path::new("content")).is_err());
        assert!(resolve_output(root, Path::new("content/out")).is_err());
        assert!(resolve_output(root, Path::new("..")).is_err());
        assert!(resolve_output(root, Path::new("themes")).is_err());
        assert!(resolve_output(root, Path::new("static")).is_err());
        assert_eq!(
            resolve_output(root, Path::new("public")).unwrap(),
            PathBuf::from("/archive/public")
        );
        assert_eq!(
            resolve_output(root, Path::new("../site")).unwrap(),
            PathBuf::from("/site")
        );
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("zh-Hans"));
        assert!(!is_language_tag("en us"));
        assert!(!is_language_tag(""));
    }
}
