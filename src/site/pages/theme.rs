//! The theme: the default templates and static files embedded in the binary, overridden file by
//! file by the archive's chosen theme folder, compiled once into a Tera instance.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

pub(crate) use crate::load::ThemeFile;

use super::guard;
use crate::error::{line_offset, Diagnostic, Location};
use crate::load::{ThemeSource, ThemeSources};
pub(crate) use crate::markdown::escape_html;
use crate::site::speech::{Speech, Word};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The compiled templates and the static files to copy.
pub(crate) struct Theme {
    pub tera: tera::Tera,
    /// Template name → where it came from and its text.
    pub templates: BTreeMap<String, ThemeFile>,
    /// Output path (relative) → static file.
    pub statics: BTreeMap<PathBuf, ThemeFile>,
    /// The digest of every template: part of every page's digest.
    pub templates_digest: u64,
    /// The words the templates ask for (`t.<key>`), which are all a page is given of them;
    /// none where a template looks a word up by a name it computes (`t[...]`): then all.
    pub words_used: Option<std::collections::BTreeSet<String>>,
    /// Whether a template reads a briefing's rendered `entry` (`.entry`, or `["entry"]`):
    /// where none does, entries are not rendered.
    pub reads_entries: bool,
    /// The words of each language (`i18n/<tag>.toml`), by tag: the built-in theme's, each
    /// replaced by the archive's theme's file of that name.
    pub words: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// Compiles the built-in theme with, over it, the files of the archive's own theme.
    pub(crate) fn load(overrides: ThemeSources) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates = BTreeMap::new();
        let mut statics = BTreeMap::new();
        let mut words = BTreeMap::new();
        collect_embedded(&DEFAULT_THEME, &mut templates, &mut statics, &mut words);
        let file = |source: ThemeSource| {
            let below = source.below;
            (
                below,
                ThemeFile {
                    path: source.path,
                    bytes: source.bytes,
                },
            )
        };
        for (below, theme_file) in overrides.templates.into_iter().map(file) {
            templates.insert(template_name(&below), theme_file);
        }
        statics.extend(overrides.statics.into_iter().map(file));
        let mut own_words = BTreeMap::new();
        for (below, theme_file) in overrides.words.into_iter().map(file) {
            if let Some(tag) = words_tag(&below) {
                own_words.insert(tag, theme_file);
            }
        }
        let mut problems = Vec::new();
        let mut sources = Vec::new();
        for (name, file) in &templates {
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => sources.push((name.clone(), text.to_string())),
                Err(_) => problems.push(
                    Diagnostic::error(&file.path, "the template is not valid UTF-8")
                        .with_hint("save it as UTF-8"),
                ),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let words_used = words_used(sources.iter().map(|(_, text)| text.as_str()));
        let reads_entries = sources.iter().any(|(_, text)| reads_entries(text));
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.register_function("range", guard::bounded_range);
        tera.register_filter("fill", Fill);
        tera.add_raw_templates(sources)
            .map_err(|e| vec![template_error(&e, &templates)])?;
        guard::refuse_recursion(&tera, &templates).map_err(|d| vec![d])?;
        let templates_digest = crate::site::digest(
            &templates
                .iter()
                .map(|(name, file)| (name, &file.bytes))
                .collect::<Vec<_>>(),
        );
        Ok(Theme {
            tera,
            templates,
            statics,
            templates_digest,
            words_used,
            reads_entries,
            words: words.into_iter().chain(own_words).collect(),
        })
    }

    /// Renders one template, turning Tera's error into a diagnostic about the template file.
    pub(crate) fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&e, &self.templates))
    }
}

/// Whether a template's text reads a briefing's rendered entry. A template that names it
/// only in a way this does not see gets nothing for it.
fn reads_entries(text: &str) -> bool {
    let field = super::entries::ENTRY_FIELD;
    text.contains(&format!(".{field}"))
        || text.contains(&format!("[\"{field}\"]"))
        || text.contains(&format!("['{field}']"))
}

/// The filter that writes a word of `t` with its values: `{{ t.from_to | fill(first=first,
/// last=last) }}`. A word with plural forms takes the form for `n` in the page's language
/// (`{{ t.briefings_count | fill(n=count) }}`). Each `{name}` is replaced by the value of
/// `name`: a date view (`iso`, `text`) as a `<time>` element, anything else as text. The word
/// and the values are escaped here, so the filter's output is safe.
struct Fill;

/// The entry of a word's table of plural forms that names its language.
pub(super) const PLURAL_LANGUAGE: &str = "lang";

impl tera::Filter for Fill {
    fn filter(
        &self,
        value: &tera::Value,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        use tera::Value;
        let word = match value {
            Value::String(text) => text.as_str(),
            Value::Object(forms) => {
                let n = args.get("n").and_then(Value::as_u64).ok_or_else(|| {
                    tera::Error::msg("a word with plural forms needs its number: `fill(n=...)`")
                })?;
                let tag = forms
                    .get(PLURAL_LANGUAGE)
                    .and_then(Value::as_str)
                    .unwrap_or("en");
                let category = crate::site::speech::category_of(tag, n as usize);
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        tera::Error::msg("a word with plural forms has no `other` form")
                    })?
            }
            other => {
                return Err(tera::Error::msg(format!(
                    "`fill` writes a word of `t`, not {other}"
                )))
            }
        };
        let mut out = escape_html(word);
        for (name, value) in args {
            let shown = match value {
                Value::String(text) => escape_html(text),
                Value::Object(date) if date.contains_key("iso") && date.contains_key("text") => {
                    let part = |key: &str| escape_html(date[key].as_str().unwrap_or_default());
                    format!("<time datetime=\"{}\">{}</time>", part("iso"), part("text"))
                }
                Value::Null => String::new(),
                other => escape_html(&other.to_string()),
            };
            out = out.replace(&format!("{{{name}}}"), &shown);
        }
        Ok(Value::String(out))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

fn collect_embedded(
    dir: &Dir<'static>,
    templates: &mut BTreeMap<String, ThemeFile>,
    statics: &mut BTreeMap<PathBuf, ThemeFile>,
    words: &mut BTreeMap<String, ThemeFile>,
) {
    for file in dir.files() {
        let path = file.path();
        let shown = Path::new("(built-in theme)").join(path);
        let bytes = file.contents().to_vec();
        if let Ok(name) = path.strip_prefix("templates") {
            templates.insert(template_name(name), ThemeFile { path: shown, bytes });
        } else if let Ok(name) = path.strip_prefix("static") {
            statics.insert(name.to_path_buf(), ThemeFile { path: shown, bytes });
        } else if let Some(tag) = path.strip_prefix("i18n").ok().and_then(words_tag) {
            words.insert(tag, ThemeFile { path: shown, bytes });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, templates, statics, words);
    }
}

/// The keys of the words `texts` (templates) ask for as `t.<key>`; none where one asks for
/// `t[...]`, a key it computes.
fn words_used<'a>(
    texts: impl Iterator<Item = &'a str>,
) -> Option<std::collections::BTreeSet<String>> {
    let mut used = std::collections::BTreeSet::new();
    for text in texts {
        let bytes = text.as_bytes();
        for (at, _) in text.match_indices('t') {
            let before = at.checked_sub(1).map(|b| bytes[b]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.') {
                continue;
            }
            match bytes.get(at + 1) {
                Some(b'.') => {
                    let key: String = text[at + 2..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !key.is_empty() {
                        used.insert(key);
                    }
                }
                Some(b'[') => return None,
                _ => {}
            }
        }
    }
    Some(used)
}

/// The language tag of a words file, `i18n/<tag>.toml`; none for another file.
fn words_tag(below: &Path) -> Option<String> {
    let single = below.components().count() == 1;
    let tag = below.file_stem()?.to_str()?;
    (single && below.extension().is_some_and(|e| e == "toml")).then(|| tag.to_string())
}

impl Theme {
    /// The interface in the language `tag`: the English words, with those of the closest
    /// language the theme has over them (the tag itself, else its language alone: "zh" for
    /// "zh-Hans"). A language the theme has no words for is shown in English, with a warning;
    /// a words file that cannot be read, or that has a key English does not, is an error.
    pub(crate) fn speech(&self, tag: &str) -> Result<(Speech, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut read = |file: &ThemeFile| -> BTreeMap<String, Word> {
            let text = String::from_utf8_lossy(&file.bytes);
            match toml::from_str::<BTreeMap<String, Word>>(&text) {
                Ok(words) => words,
                Err(e) => {
                    let mut d = Diagnostic::error(
                        &file.path,
                        format!("invalid words file: {}", e.message().trim()),
                    )
                    .with_hint("write `key = \"word\"`, or a table of plural forms such as `briefings = { one = \"{n} briefing\", other = \"{n} briefings\" }`");
                    if let Some(span) = e.span() {
                        d = d.at(Location::of_range(&text, span));
                    }
                    problems.push(d);
                    BTreeMap::new()
                }
            }
        };
        let english_file = self.words.get(ENGLISH);
        let english = english_file.map(&mut read).unwrap_or_default();
        let primary = tag.split('-').next().unwrap_or(tag);
        let own = self
            .words
            .get(tag)
            .or_else(|| self.words.get(primary))
            .or_else(|| self.words.get(&primary.to_ascii_lowercase()));
        let mut words = english.clone();
        match own {
            // The English words are read already (a tag such as "en-GB" with no file of its own
            // comes back to them).
            Some(file) if english_file.is_none_or(|english| !std::ptr::eq(english, file)) => {
                let text = String::from_utf8_lossy(&file.bytes).into_owned();
                for (key, word) in read(file) {
                    if !english.contains_key(&key) {
                        let span = text.find(&key).unwrap_or(0);
                        problems.push(
                            Diagnostic::error(&file.path, format!("'{key}' is not a word of the theme"))
                                .at(Location::of_range(&text, span..span + key.len()))
                                .with_hint(closest_key(&key, &english).map_or_else(
                                    || "use the keys of the English words file (i18n/en.toml)".to_string(),
                                    |k| format!("did you mean '{k}'? The keys are those of i18n/en.toml"),
                                )),
                        );
                    } else {
                        words.insert(key, word);
                    }
                }
            }
            Some(_) => {}
            None => warnings.push(
                Diagnostic::warning(
                    crate::config::CONFIG_FILE,
                    format!("the theme has no words for the language '{tag}': its pages use English words"),
                )
                .with_hint(format!("add i18n/{tag}.toml to the theme with the keys of i18n/en.toml")),
            ),
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok((Speech::new(tag, words), warnings))
    }
}

/// The language whose words every other falls back on.
const ENGLISH: &str = "en";

/// The key of `words` nearest to `key`, for a hint.
fn closest_key<'a>(key: &str, words: &'a BTreeMap<String, Word>) -> Option<&'a str> {
    words
        .keys()
        .map(|k| (strsim::levenshtein(key, k), k))
        .filter(|(distance, k)| *distance <= k.len() / 3 + 1)
        .min()
        .map(|(_, k)| k.as_str())
}

fn template_name(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Turns a Tera error into a diagnostic naming the template file and, where Tera or the
/// template text tells, the line.
fn template_error(error: &tera::Error, templates: &BTreeMap<String, ThemeFile>) -> Diagnostic {
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    let full = chain.join("\n");
    let (name, culprit) = match &error.kind {
        tera::ErrorKind::MissingParent { current, parent } => {
            (Some(current.clone()), Some(parent.clone()))
        }
        _ => (
            quoted_names(&full)
                .into_iter()
                .find(|n| templates.contains_key(n)),
            full.split('`').nth(1).map(String::from),
        ),
    };
    let file = name.as_ref().and_then(|n| templates.get(n));
    let path = file.map_or_else(|| PathBuf::from("templates"), |f| f.path.clone());
    let mut diagnostic = Diagnostic::error(path, format!("template error: {}", summary(&full)));
    if let Some(text) = file.and_then(|f| std::str::from_utf8(&f.bytes).ok()) {
        let location = match parse_error_position(&full) {
            Some((line, column)) => {
                let start = line_offset(text, line) + column.saturating_sub(1);
                Some(Location::of_range(text, start..start + 1))
            }
            None => culprit.and_then(|culprit| {
                let start = text.find(culprit.as_str())?;
                Some(Location::of_range(text, start..start + culprit.len()))
            }),
        };
        if let Some(location) = location {
            diagnostic = diagnostic.at(location);
        }
    }
    // A word of `t` that no words file has: say which, and where words are defined.
    let missing_word = full
        .split("Variable `t.")
        .nth(1)
        .and_then(|rest| rest.split('`').next());
    match missing_word {
        Some(key) => diagnostic.with_hint(format!(
            "'{key}' is not a word of the theme: use a key of i18n/en.toml, or add it there"
        )),
        None => diagnostic
            .with_hint("fix the template, or remove it from the theme to use the built-in one"),
    }
}

/// Tera's message in one line: its sentences, without the source excerpt a parse error carries
/// (the diagnostic shows the line itself).
fn summary(full: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for line in full.lines().map(str::trim) {
        if let Some(expected) = line.strip_prefix("= ") {
            parts.push(expected);
        } else if !line.is_empty() && !line.starts_with("-->") && !line.contains('|') {
            parts.push(line);
        }
    }
    parts.join(": ")
}

/// Names in single quotes, such as 'actor.html' in "Failed to render 'actor.html'".
fn quoted_names(text: &str) -> Vec<String> {
    text.split('\'')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

/// The line and column of a parse error, which Tera prints as " --> 3:5".
fn parse_error_position(message: &str) -> Option<(usize, usize)> {
    let after = message.split("--> ").nth(1)?;
    let mut numbers = after
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty());
    Some((numbers.next()?.parse().ok()?, numbers.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_but_not_slashes() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html("../actors/x/"), "../actors/x/");
    }

    #[test]
    fn the_built_in_theme_compiles() {
        let theme = Theme::load(ThemeSources::default()).unwrap();
        for name in [
            "index.html",
            "briefing.html",
            "actor.html",
            "envoy.html",
            "tag.html",
            "chronology.html",
            "404.html",
        ] {
            assert!(theme.templates.contains_key(name), "{name}");
        }
        assert!(theme.statics.contains_key(Path::new("style.css")));
    }

    #[test]
    fn the_built_in_words_give_each_language_its_plural_forms() {
        let theme = Theme::load(ThemeSources::default()).unwrap();
        let (ru, _) = theme.speech("ru").unwrap();
        assert_eq!(ru.count("briefings_count", 1), "1 брифинг");
        assert_eq!(ru.count("briefings_count", 3), "3 брифинга");
        assert_eq!(ru.count("briefings_count", 5), "5 брифингов");
        assert_eq!(ru.count("briefings_count", 21), "21 брифинг");
        let (ar, _) = theme.speech("ar").unwrap();
        assert_eq!(ar.count("briefings_count", 2), "إحاطتان");
        assert_eq!(ar.count("briefings_count", 11), "11 إحاطة");
        assert!(ar.rtl);
        let (en, _) = theme.speech("en").unwrap();
        assert_eq!(en.count("briefings_count", 1), "1 briefing");
        for tag in ["zh", "ar", "fr", "ru", "es"] {
            let (speech, warnings) = theme.speech(tag).unwrap();
            assert!(warnings.is_empty(), "{tag}");
            assert_ne!(speech.word("chronology"), en.word("chronology"), "{tag}");
        }
    }

    #[test]
    fn the_fill_filter_picks_the_plural_form_of_the_language_and_escapes() {
        use tera::Filter;
        let forms = serde_json::json!({ "one": "{n} брифинг", "few": "{n} брифинга",
            "many": "{n} брифингов", "other": "{n} брифинга", "lang": "ru" });
        let args =
            |n: u64| std::collections::HashMap::from([("n".to_string(), serde_json::json!(n))]);
        assert_eq!(Fill.filter(&forms, &args(5)).unwrap(), "5 брифингов");
        assert_eq!(Fill.filter(&forms, &args(22)).unwrap(), "22 брифинга");
        let date = serde_json::json!({ "iso": "2023-10-10", "text": "10 <October>" });
        let args = std::collections::HashMap::from([("first".to_string(), date)]);
        assert_eq!(
            Fill.filter(&serde_json::json!("from {first}"), &args)
                .unwrap(),
            "from <time datetime=\"2023-10-10\">10 &lt;October&gt;</time>"
        );
    }

    #[test]
    fn reads_tera_messages() {
        assert_eq!(
            parse_error_position("Failed to parse 'a.html'\n --> 3:5\n"),
            Some((3, 5))
        );
        let full = "Failed to parse 'a.html'\n --> 3:7\n  |\n3 | {% if %}\n  |       ^---\n  |\n  = expected a value";
        assert_eq!(summary(full), "Failed to parse 'a.html': expected a value");
    }
}
