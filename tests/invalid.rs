//! Malformed archives: every case breaks the minimal fixture in one way and insists that
//! `dossier build` and `dossier check` refuse it with exit code 1, name the file (and the line,
//! where there is one) of the problem with a useful message, never panic, and leave the output
//! folder exactly as the last good build left it.
//!
//! All cases run in one test and every gap is reported together at the end. Set
//! DOSSIER_SHOW_STDERR=1 (with `-- --nocapture`) to see what dossier printed for every case.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::common::{Archive, Run};

/// A change to the fixture.
enum Op {
    Write(&'static str, Vec<u8>),
    Remove(&'static str),
}

/// Something the error output must say: a file, its line if the problem has one, and part of
/// the message (or of its hint).
struct Expect {
    path: &'static str,
    line: Option<usize>,
    message: &'static str,
}

/// One malformed archive and what dossier must say about it.
struct Case {
    name: &'static str,
    ops: Vec<Op>,
    /// Extra arguments of `build`.
    args: Vec<&'static str>,
    /// Whether `check` (which has no --output) must refuse the archive too.
    check: bool,
    expect: Vec<Expect>,
    /// Other text that must appear in the error output, such as a second file of the problem.
    mentions: Vec<&'static str>,
    /// Text that must not appear: misleading hints and the like.
    never: Vec<&'static str>,
}

fn case(name: &'static str) -> Case {
    Case {
        name,
        ops: Vec::new(),
        args: Vec::new(),
        check: true,
        expect: Vec::new(),
        mentions: Vec::new(),
        never: Vec::new(),
    }
}

impl Case {
    fn write(mut self, path: &'static str, contents: impl Into<Vec<u8>>) -> Case {
        self.ops.push(Op::Write(path, contents.into()));
        self
    }

    fn remove(mut self, path: &'static str) -> Case {
        self.ops.push(Op::Remove(path));
        self
    }

    /// The error must point at `path:line`.
    fn at(mut self, path: &'static str, line: usize, message: &'static str) -> Case {
        self.expect.push(Expect {
            path,
            line: Some(line),
            message,
        });
        self
    }

    /// The error is about `path` as a whole.
    fn about(mut self, path: &'static str, message: &'static str) -> Case {
        self.expect.push(Expect {
            path,
            line: None,
            message,
        });
        self
    }

    fn mentions(mut self, text: &'static str) -> Case {
        self.mentions.push(text);
        self
    }

    fn never(mut self, text: &'static str) -> Case {
        self.never.push(text);
        self
    }

    /// Build arguments that `check` does not take; only `build` is tried.
    fn build_args(mut self, args: &[&'static str]) -> Case {
        self.args.extend_from_slice(args);
        self.check = false;
        self
    }
}

const BAD: &str = "content/briefings/bad.md";
const CONFIG: &str = "config.toml";
const ZHAI: &str = "content/actors/zhai-jun.md";
const NEW_ACTOR: &str = "content/actors/wang-yi.md";

/// A briefing whose title is on line 2, its date on line 3 and `extra` from line 4 on.
fn briefing(extra: &str) -> String {
    format!("+++\ntitle = \"A bad briefing\"\ndate = 2023-12-01\n{extra}+++\nBody.\n")
}

/// A briefing made of exactly these front matter lines, the first on line 2.
fn front(lines: &str) -> String {
    format!("+++\n{lines}+++\nBody.\n")
}

/// The fixture's config with `extra` from line 4 on.
fn config(extra: &str) -> String {
    format!(
        "title = \"Minimal archive\"\ndescription = \"Three briefings and four actors for the tests.\"\nbase_url = \"https://example.org/archive/\"\n{extra}"
    )
}

/// An actor file whose name is on line 2 and `extra` from line 3 on.
fn actor(name: &str, extra: &str) -> String {
    format!("+++\nname = \"{name}\"\n{extra}+++\nA biography.\n")
}

/// A bundle's text, and a file of it.
const BUNDLE: &str = "content/briefings/bundle/index.md";
const BUNDLE_MAP: &str = "content/briefings/bundle/map.svg";
const MAP_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 30\"/>\n";

/// A bundle's text whose title is on line 2, its date on line 3, `extra` from line 4 on and
/// `body` after it (from line 5 without `extra`).
fn bundle(extra: &str, body: &str) -> String {
    format!("+++\ntitle = \"A bundle\"\ndate = 2023-12-01\n{extra}+++\n{body}")
}

/// A template of a theme that overrides briefing.html.
const THEME_BRIEFING: &str = "themes/x/templates/briefing.html";

fn cases() -> Vec<Case> {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            briefing("")
                .encode_utf16()
                .flat_map(|unit| unit.to_le_bytes()),
        )
        .collect();
    vec![
        // Front matter fences.
        case("front matter missing")
            .write(BAD, "title = \"No fences\"\ndate = 2023-12-01\n\nBody.\n")
            .at(BAD, 1, "does not start with front matter"),
        case("front matter unterminated")
            .write(BAD, "+++\ntitle = \"Open\"\ndate = 2023-12-01\n\nBody.\n")
            .at(BAD, 1, "never closed"),
        case("front matter with invalid TOML syntax")
            .write(BAD, briefing("tags = [\"a\" \"b\"]\n"))
            .at(BAD, 4, "invalid briefing front matter"),
        // Wrong types.
        case("title is a number")
            .write(BAD, front("title = 3\ndate = 2023-12-01\n"))
            .at(BAD, 2, "expected a string"),
        case("actors is a string")
            .write(BAD, briefing("actors = \"x\"\n"))
            .at(BAD, 4, "expected a sequence"),
        case("tags holds a number")
            .write(BAD, briefing("tags = [1]\n"))
            .at(BAD, 4, "expected a string"),
        case("draft is a string")
            .write(BAD, briefing("draft = \"yes\"\n"))
            .at(BAD, 4, "expected a boolean"),
        case("places is a number")
            .write(BAD, briefing("places = 5\n"))
            .at(BAD, 4, "expected a sequence"),
        // Unknown and missing keys.
        case("unknown key in a briefing")
            .write(BAD, briefing("summary = \"s\"\nauthor = \"Someone\"\n"))
            .at(BAD, 5, "unknown field `author`"),
        case("unknown key in [[sources]]")
            .write(
                BAD,
                briefing("[[sources]]\noutlet = \"Example Wire\"\nlink = \"https://example.org/\"\n"),
            )
            .at(BAD, 6, "unknown field `link`"),
        case("unknown key in an actor file")
            .write(
                ZHAI,
                "+++\nname = \"Zhai Jun\"\naliases = [\"Zhai\", \"Special Envoy Zhai\", \"翟隽\"]\nkind = \"person\"\nborn = 1950\n+++\n",
            )
            .at(ZHAI, 5, "unknown field `born`")
            .mentions("an actor accepts only")
            .never("sources take")
            // Briefings naming Zhai Jun cannot find him now, but his file exists.
            .never("add the actor as content/actors/zhai-jun.md"),
        case("missing title")
            .write(BAD, front("date = 2023-12-01\n"))
            .about(BAD, "missing field `title`"),
        case("missing date")
            .write(BAD, front("title = \"Undated\"\n"))
            .at(BAD, 2, "the briefing has no date"),
        // Dates.
        case("quoted date")
            .write(BAD, front("title = \"Quoted\"\ndate = \"2023-10-10\"\n"))
            .at(BAD, 3, "without quotes"),
        case("impossible date")
            .write(BAD, front("title = \"Leap\"\ndate = 2023-02-30\n"))
            .at(BAD, 3, "invalid date"),
        case("date with only a time")
            .write(BAD, front("title = \"Timely\"\ndate = 10:00:00\n"))
            .at(BAD, 3, "is not a calendar date"),
        case("empty title")
            .write(BAD, front("title = \"  \"\ndate = 2023-12-01\n"))
            .at(BAD, 2, "the title is empty"),
        // Actors.
        case("unknown actor with a did-you-mean hint")
            .write(BAD, briefing("actors = [\"zhai-jn\"]\n"))
            .at(BAD, 4, "did you mean 'zhai-jun'?"),
        case("alias claimed by two actors")
            .write(NEW_ACTOR, actor("Wang Yi", "aliases = [\"Wang\", \"Zhai\"]\n"))
            .at(NEW_ACTOR, 3, "the alias 'Zhai' also names actor 'zhai-jun'"),
        case("alias equal to another actor's name")
            .write(NEW_ACTOR, actor("Wang Yi", "aliases = [\"Usama\"]\n"))
            .at(NEW_ACTOR, 3, "the alias 'Usama' also names actor 'usama'"),
        case("actor with an empty name")
            .write(NEW_ACTOR, actor("", ""))
            .at(NEW_ACTOR, 2, "the actor's name is empty"),
        case("actor without a name")
            .write(NEW_ACTOR, "+++\ncountry = \"China\"\n+++\n")
            .about(NEW_ACTOR, "missing field `name`"),
        case("actor of an invalid kind")
            .write(NEW_ACTOR, actor("Wang Yi", "kind = \"alien\"\n"))
            .at(NEW_ACTOR, 3, "alien"),
        case("actor file name that is not a slug")
            .write("content/actors/Wang Yi.md", actor("Wang Yi", ""))
            .about("content/actors/Wang Yi.md", "not a valid actor id")
            .mentions("wang-yi.md"),
        // Slugs.
        case("duplicate slug between two files")
            .write(BAD, briefing("slug = \"2023-10-20-doha\"\n"))
            .at(BAD, 4, "the slug '2023-10-20-doha' is also used by")
            .mentions("content/briefings/2023-10-20-doha.md"),
        case("duplicate slug set in the file that sorts first")
            .write(
                "content/briefings/0-copy.md",
                briefing("slug = \"2023-10-20-doha\"\n"),
            )
            .at(
                "content/briefings/0-copy.md",
                4,
                "the slug '2023-10-20-doha' is also used by",
            )
            .mentions("content/briefings/2023-10-20-doha.md"),
        case("duplicate slug from two file names")
            .write("content/briefings/old/2023-10-20-doha.md", briefing(""))
            .about(
                "content/briefings/old/2023-10-20-doha.md",
                "the slug '2023-10-20-doha' is also used by",
            )
            .mentions("content/briefings/2023-10-20-doha.md"),
        case("slug with a slash")
            .write(BAD, briefing("slug = \"a/b\"\n"))
            .at(BAD, 4, "'a/b' is not a valid slug"),
        case("slug ..")
            .write(BAD, briefing("slug = \"..\"\n"))
            .at(BAD, 4, "'..' is not a valid slug"),
        case("empty slug")
            .write(BAD, briefing("slug = \"\"\n"))
            .at(BAD, 4, "'' is not a valid slug"),
        case("slug with uppercase and a space")
            .write(BAD, briefing("slug = \"Talks In Doha\"\n"))
            .at(BAD, 4, "slug = \"talks-in-doha\""),
        case("file name that gives an empty slug")
            .write("content/briefings/---.md", briefing(""))
            .about("content/briefings/---.md", "gives an empty slug"),
        // Tags and sources.
        case("tag without letters")
            .write(BAD, briefing("tags = [\"ceasefire\", \"!!!\"]\n"))
            .at(BAD, 4, "the tag '!!!' has no letters or digits"),
        case("source without outlet, title or url")
            .write(BAD, briefing("[[sources]]\nauthor = \"Anonymous\"\n"))
            .at(BAD, 4, "a source needs an outlet, a title or a url"),
        case("source with an impossible date")
            .write(
                BAD,
                briefing("[[sources]]\noutlet = \"Example Wire\"\ndate = 2023-02-30\n"),
            )
            .at(BAD, 6, "invalid date"),
        // config.toml.
        case("config.toml missing")
            .remove(CONFIG)
            .about(CONFIG, "no config.toml"),
        case("config.toml with invalid TOML")
            .write(CONFIG, config("latest = = 3\n"))
            .at(CONFIG, 4, "extra `=`"),
        case("config.toml with an unknown key")
            .write(CONFIG, config("colour = \"blue\"\n"))
            .at(CONFIG, 4, "unknown field `colour`"),
        case("config.toml without a title")
            .write(CONFIG, "description = \"No title\"\n")
            .about(CONFIG, "missing field `title`"),
        case("base_url without a scheme")
            .write(
                CONFIG,
                "title = \"Minimal archive\"\nbase_url = \"example.org\"\n",
            )
            .at(CONFIG, 2, "base_url 'example.org' is not a URL"),
        case("base_url with an ftp scheme")
            .write(CONFIG, "title = \"Minimal archive\"\nbase_url = \"ftp://x\"\n")
            .at(CONFIG, 2, "must be an http or https address"),
        case("output_dir is the archive")
            .write(CONFIG, config("output_dir = \".\"\n"))
            .at(CONFIG, 4, "is the archive folder"),
        case("output_dir is content")
            .write(CONFIG, config("output_dir = \"content\"\n"))
            .at(CONFIG, 4, "is the archive's content/ folder"),
        case("output_dir is the parent of the archive")
            .write(CONFIG, config("output_dir = \"..\"\n"))
            .at(CONFIG, 4, "holds the archive folder, which a build would overwrite"),
        case("--output content on the command line")
            .build_args(&["--output", "content"])
            .about("content", "is the archive's content/ folder")
            .mentions("--output"),
        // Themes.
        case("theme that does not exist")
            .write(CONFIG, config("theme = \"nope\"\n"))
            .at(CONFIG, 4, "theme 'nope' not found"),
        case("theme name with a slash")
            .write("themes/a/b/templates/base.html", "<html></html>\n")
            .write(CONFIG, config("theme = \"a/b\"\n"))
            .at(CONFIG, 4, "'a/b' is not a theme name"),
        case("template with a Tera syntax error")
            .write(
                "themes/broken/templates/briefing.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{% if %}yes{% endif %}\n{% endblock content %}\n",
            )
            .write(CONFIG, config("theme = \"broken\"\n"))
            .at("themes/broken/templates/briefing.html", 3, "template error"),
        case("template using an unknown field")
            .write(
                THEME_BRIEFING,
                "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ briefing.title }}</h1>\n<p>{{ briefing.nonexistent_field }}</p>\n{% endblock content %}\n",
            )
            .write(CONFIG, config("theme = \"x\"\n"))
            .at(THEME_BRIEFING, 4, "nonexistent_field"),
        case("entry template using an unknown field")
            .write(
                "themes/x/templates/entry.html",
                "<li>\n{{ b.title }}\n{{ b.nonexistent_field }}</li>\n",
            )
            .write(CONFIG, config("theme = \"x\"\n"))
            .at("themes/x/templates/entry.html", 3, "nonexistent_field"),
        case("template extending a missing parent")
            .write(
                THEME_BRIEFING,
                "{% extends \"nope.html\" %}\n{% block content %}{{ briefing.title }}{% endblock content %}\n",
            )
            .write(CONFIG, config("theme = \"x\"\n"))
            .at(THEME_BRIEFING, 1, "nope.html"),
        // Encodings and odd files.
        case("invalid UTF-8 byte")
            .write(
                BAD,
                b"+++\ntitle = \"Caf\xE9 talks\"\ndate = 2023-12-01\n+++\nBody.\n".to_vec(),
            )
            .at(BAD, 2, "not valid UTF-8"),
        case("UTF-16 file")
            .write(BAD, utf16)
            .about(BAD, "UTF-16"),
        case("NUL byte")
            .write(BAD, format!("{}More \0 text.\n", briefing("")))
            .at(BAD, 6, "NUL byte"),
        case("empty file").write(BAD, "").about(BAD, "empty"),
        case("file of white space only")
            .write(BAD, " \n\t\n  \n")
            .about(BAD, "empty"),
        case("CRLF line endings keep line numbers")
            .write(
                BAD,
                "+++\r\ntitle = \"Windows\"\r\ndate = 2023-12-01\r\nauthor = \"x\"\r\n+++\r\nBody.\r\n",
            )
            .at(BAD, 4, "unknown field `author`"),
        case("byte order mark keeps line numbers")
            .write(
                BAD,
                format!("\u{feff}{}", briefing("actors = [\"nobody-at-all\"]\n")),
            )
            .at(BAD, 4, "unknown actor 'nobody-at-all'"),
        // Where errors are and how many.
        case("error in a nested subfolder")
            .write(
                "content/briefings/2023/october/bad.md",
                briefing("actors = [\"zhai-jn\"]\n"),
            )
            .at(
                "content/briefings/2023/october/bad.md",
                4,
                "unknown actor 'zhai-jn'",
            ),
        case("errors in a briefing and an actor at once")
            .write(BAD, briefing("tags = [\"!!!\"]\n"))
            .write(NEW_ACTOR, actor("Wang Yi", "kind = \"alien\"\n"))
            .at(BAD, 4, "has no letters or digits")
            .at(NEW_ACTOR, 3, "alien")
            .mentions("2 errors"),
        case("syntax error and unknown actor in two briefings at once")
            .write("content/briefings/a.md", briefing("tags = [\n"))
            .write(
                "content/briefings/b.md",
                briefing("\nactors = [\"nobody-at-all\"]\n"),
            )
            .at("content/briefings/a.md", 4, "invalid briefing front matter")
            .at("content/briefings/b.md", 5, "unknown actor 'nobody-at-all'"),
        // The output folder.
        case("output folder of foreign files")
            .write("site/thesis.tex", "precious")
            .write("site/notes/draft.txt", "also precious")
            .build_args(&["--output", "site"])
            .about("site", "did not write"),
        // Bundles, their files and static/.
        case("image of a bundle that is not there")
            .write(BUNDLE, bundle("", "Intro.\n\n![A map](mapp.svg)\n"))
            .write(BUNDLE_MAP, MAP_SVG)
            .at(BUNDLE, 7, "names no file of the bundle")
            .mentions("did you mean 'map.svg'?"),
        case("link out of a bundle")
            .write(BUNDLE, bundle("", "See [that](../bad/statement.pdf).\n"))
            .at(BUNDLE, 5, "leads out of the folder"),
        case("image beside a briefing that is no bundle")
            .write(BAD, "+++\ntitle = \"Plain\"\ndate = 2023-12-01\n+++\n![A map](map.svg)\n")
            .write("content/briefings/map.svg", MAP_SVG)
            .at(BAD, 5, "only the files of a bundle are published")
            .mentions("content/briefings/bad/index.md"),
        case("archived copy that is not in the bundle")
            .write(
                BUNDLE,
                bundle("[[sources]]\noutlet = \"X\"\narchived = \"statement.pdf\"\n", "Body.\n"),
            )
            .write(BUNDLE_MAP, MAP_SVG)
            .at(BUNDLE, 6, "is not a file of this briefing's bundle"),
        case("archived copy outside the bundle")
            .write(
                BUNDLE,
                bundle("[[sources]]\noutlet = \"X\"\narchived = \"../x.pdf\"\n", "Body.\n"),
            )
            .at(BUNDLE, 6, "not a file inside the briefing's bundle"),
        case("second Markdown file in a bundle")
            .write(BUNDLE, bundle("", "Body.\n"))
            .write("content/briefings/bundle/notes.md", briefing(""))
            .about("content/briefings/bundle/notes.md", "a bundle holds one briefing"),
        case("image that cannot be read")
            .write(BUNDLE, bundle("", "Body.\n"))
            .write("content/briefings/bundle/photo.png", "not an image")
            .about("content/briefings/bundle/photo.png", "cannot read this image"),
        case("static file named like a page")
            .write("static/404.html", "<p>mine</p>")
            .about("static/404.html", "would be the same file of the site")
            .mentions("the file 404.html that the build makes"),
    ]
}

/// The targets of the location lines of `stderr` (` --> content/briefings/bad.md:4:11`).
fn locations(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("--> "))
        .collect()
}

/// Whether a location line names `path` at `line` (not at a longer line number alike).
fn names_line(stderr: &str, path: &str, line: usize) -> bool {
    let wanted = format!("{path}:{line}");
    locations(stderr).iter().any(|target| {
        target.match_indices(&wanted).any(|(i, _)| {
            !target[i + wanted.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
    })
}

/// Whether a location line names `path`, with or without a line.
fn names_path(stderr: &str, path: &str) -> bool {
    locations(stderr).iter().any(|target| target.contains(path))
}

/// What is wrong with one refused run, in words.
fn judge(case: &Case, command: &str, run: &Run) -> Vec<String> {
    let mut problems = Vec::new();
    if run.code != Some(1) {
        problems.push(format!("{command}: exit code {:?}, expected 1", run.code));
    }
    if run.stderr.contains("panicked") {
        problems.push(format!("{command}: panicked"));
    }
    for expect in &case.expect {
        match expect.line {
            Some(line) if !names_line(&run.stderr, expect.path, line) => {
                problems.push(format!("{command}: no `{}:{line}`", expect.path))
            }
            None if !names_path(&run.stderr, expect.path) => {
                problems.push(format!("{command}: no ` --> {}`", expect.path))
            }
            _ => {}
        }
        if !run.stderr.contains(expect.message) {
            problems.push(format!("{command}: no message `{}`", expect.message));
        }
    }
    for text in &case.mentions {
        if !run.stderr.contains(text) {
            problems.push(format!("{command}: does not mention `{text}`"));
        }
    }
    let mut said: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.starts_with("error: "))
        .collect();
    said.sort_unstable();
    if let Some(twice) = said.windows(2).find(|pair| pair[0] == pair[1]) {
        problems.push(format!("{command}: prints `{}` twice", twice[0]));
    }
    for text in &case.never {
        if run.stderr.contains(text) {
            problems.push(format!("{command}: says `{text}`"));
        }
    }
    problems
}

fn changed_files(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<String> {
    let paths: BTreeSet<&PathBuf> = before.keys().chain(after.keys()).collect();
    paths
        .into_iter()
        .filter(|path| before.get(*path) != after.get(*path))
        .map(|path| path.display().to_string())
        .collect()
}

/// Runs one case and returns its failures, each naming the case.
fn run_case(case: &Case) -> Vec<String> {
    let archive = Archive::fixture("minimal");
    let first = archive.run(&["build"]);
    if !first.success {
        return vec![format!(
            "{}: the fixture did not build:\n{}",
            case.name, first.stderr
        )];
    }
    let public = archive.tree("public");

    for op in &case.ops {
        match op {
            Op::Write(path, bytes) => {
                archive.write(path, bytes);
            }
            Op::Remove(path) => {
                archive.remove(path);
            }
        }
    }
    let sources = archive.tree("");

    let mut problems = Vec::new();
    let mut args = vec!["build"];
    args.extend_from_slice(&case.args);
    let build = archive.run(&args);
    problems.extend(judge(case, "build", &build));
    let mut transcript = format!("--- build stderr ---\n{}", build.stderr.trim_end());

    let changed = changed_files(&public, &archive.tree("public"));
    if !changed.is_empty() {
        problems.push(format!("build changed public/: {}", changed.join(", ")));
    }
    let changed = changed_files(&sources, &archive.tree(""));
    if !changed.is_empty() {
        problems.push(format!(
            "build changed files of the archive: {}",
            changed.join(", ")
        ));
    }

    if case.check {
        let check = archive.run(&["check"]);
        problems.extend(judge(case, "check", &check));
        if check.stderr != build.stderr {
            transcript.push_str(&format!(
                "\n--- check stderr ---\n{}",
                check.stderr.trim_end()
            ));
        }
        let changed = changed_files(&sources, &archive.tree(""));
        if !changed.is_empty() {
            problems.push(format!("check changed files: {}", changed.join(", ")));
        }
    }

    if std::env::var_os("DOSSIER_SHOW_STDERR").is_some() {
        eprintln!("[{}]\n{transcript}\n", case.name);
    }
    if problems.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "[{}]\n  {}\n{}",
            case.name,
            problems.join("\n  "),
            transcript
        )]
    }
}

#[test]
fn malformed_archives_are_refused_with_a_located_error() {
    let cases = cases();
    assert!(cases.len() >= 45, "only {} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names must be unique");

    let failures: Vec<String> = cases.iter().flat_map(run_case).collect();
    assert!(
        failures.is_empty(),
        "{} of {} malformed archives were not refused as expected:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
