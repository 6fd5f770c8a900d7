//! Writes a synthetic briefing archive of any size for the benchmark (`benches/run.sh`), and with
//! `--hugo` the same corpus as a Hugo site, so that both generators are measured on the same work.
//!
//! The corpus is deterministic: the same `--briefings` and `--seed` give a byte-identical archive.
//! A plan (dates, titles, actors, tags) is drawn first from one generator; each briefing's body
//! then comes from its own ChaCha stream, so the bodies can be written in parallel.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --briefings 1000 --out /tmp/corpus [--seed 7] [--hugo]
//! ```

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Datelike, Days, NaiveDate};
use clap::Parser;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use words::*;

/// Writes a deterministic synthetic briefing archive (and optionally the same corpus as a Hugo site).
#[derive(Parser)]
struct Args {
    /// How many briefings to write.
    #[arg(long)]
    briefings: usize,
    /// The archive folder to create (it must not exist or be empty).
    #[arg(long)]
    out: PathBuf,
    /// The random seed; the same seed gives a byte-identical corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write the corpus as a Hugo site.
    #[arg(long)]
    hugo: bool,
    /// Where the Hugo site goes (default: OUT-hugo).
    #[arg(long)]
    hugo_out: Option<PathBuf>,
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let actors = actor_registry(&mut rng, (args.briefings / 20).max(50));
    let tags = tag_names();
    let plan = plan_briefings(&mut rng, args.briefings, &actors, &tags);
    let corpus = Corpus {
        actors,
        tags,
        plan,
        seed: args.seed,
    };
    let mut bytes = write_archive(&args.out, &corpus)?;
    let hugo = args.hugo.then(|| {
        args.hugo_out.clone().unwrap_or_else(|| {
            let mut name = args.out.as_os_str().to_owned();
            name.push("-hugo");
            PathBuf::from(name)
        })
    });
    if let Some(dir) = &hugo {
        bytes += write_hugo(dir, &corpus)?;
    }
    bytes += write_briefings(&corpus, &args.out, hugo.as_deref())?;
    println!(
        "gen_corpus: {} briefings, {} actors, {} tags, {} bytes in {:.2} s",
        corpus.plan.len(),
        corpus.actors.len(),
        corpus.tags.len(),
        bytes,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Everything that is written, in both formats.
struct Corpus {
    actors: Vec<Actor>,
    tags: Vec<String>,
    plan: Vec<Planned>,
    seed: u64,
}

struct Actor {
    id: String,
    name: String,
    surname: String,
    aliases: Vec<String>,
    kind: &'static str,
    country: &'static str,
    role: String,
    envoy: bool,
}

/// A briefing's front matter, drawn before any body.
struct Planned {
    date: NaiveDate,
    slug: String,
    title: String,
    summary: String,
    actors: Vec<usize>,
    tags: Vec<usize>,
    places: Vec<&'static str>,
    sources: Vec<Source>,
}

struct Source {
    outlet: &'static str,
    title: String,
    url: String,
    date: NaiveDate,
}

/// `max(50, N/20)` actors: some organizations, about 10% envoys, unique names, ids and aliases.
fn actor_registry(rng: &mut ChaCha8Rng, count: usize) -> Vec<Actor> {
    let mut taken = BTreeSet::new();
    let mut actors = Vec::with_capacity(count);
    while actors.len() < count {
        let i = actors.len();
        let country = *COUNTRIES.choose(rng).unwrap();
        if i % 12 == 5 {
            let name = format!("{} Council on {}", country, TOPICS.choose(rng).unwrap());
            if let Some(a) = new_actor(&mut taken, &name, "", "organization", country, rng) {
                actors.push(a);
            }
            continue;
        }
        let first = *FIRST.choose(rng).unwrap();
        let surname = if rng.random_bool(0.4) {
            format!(
                "{}-{}",
                LAST.choose(rng).unwrap(),
                LAST.choose(rng).unwrap()
            )
        } else {
            LAST.choose(rng).unwrap().to_string()
        };
        let name = format!("{first} {surname}");
        if let Some(a) = new_actor(&mut taken, &name, &surname, "person", country, rng) {
            actors.push(a);
        }
    }
    actors
}

/// An actor whose name and id no other actor has yet, or `None`. Persons may get aliases.
fn new_actor(
    taken: &mut BTreeSet<String>,
    name: &str,
    surname: &str,
    kind: &'static str,
    country: &'static str,
    rng: &mut ChaCha8Rng,
) -> Option<Actor> {
    let id = slugify(name);
    let claimed = taken.contains(&surname.to_lowercase());
    if claimed || taken.contains(&name.to_lowercase()) || taken.contains(&id) {
        return None;
    }
    let envoy = kind == "person" && rng.random_bool(0.11);
    let role = if envoy {
        format!("Special Envoy on {}", TOPICS.choose(rng).unwrap())
    } else {
        ROLES.choose(rng).unwrap().to_string()
    };
    let mut aliases = Vec::new();
    if kind == "person" && rng.random_bool(0.4) {
        aliases.push(format!("{} {surname}", title_of(&role)));
        // A surname alone is an alias only for the first actor to bear it.
        if surname.contains('-') && !taken.contains(&format!("surname:{surname}")) {
            aliases.push(surname.to_string());
        }
        aliases.retain(|alias| !taken.contains(&alias.to_lowercase()));
    }
    for key in aliases.iter().chain([&name.to_string(), &id]) {
        taken.insert(key.to_lowercase());
    }
    taken.insert(format!("surname:{surname}"));
    Some(Actor {
        id,
        name: name.to_string(),
        surname: surname.to_string(),
        aliases,
        kind,
        country,
        role,
        envoy,
    })
}

/// How an actor is addressed: "Minister", "Ambassador", "Envoy" and so on.
fn title_of(role: &str) -> &'static str {
    match role {
        r if r.starts_with("Special Envoy") => "Envoy",
        r if r.contains("Minister") => "Minister",
        "Ambassador" | "Permanent Representative to the United Nations" => "Ambassador",
        "President" => "President",
        "Ministry Spokesperson" => "Spokesperson",
        _ => "Adviser",
    }
}

/// 120 tags with distinct slugs: each topic with four facets.
fn tag_names() -> Vec<String> {
    TOPICS
        .iter()
        .flat_map(|t| FACETS.iter().map(move |f| format!("{t}{f}")))
        .collect()
}

/// Lowercase ASCII letters, digits and single hyphens.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let ascii = match c {
            'á' | 'à' | 'â' | 'ä' | 'å' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ę' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ı' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'ø' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' | 'č' | 'ć' => 'c',
            'ñ' => 'n',
            'ł' => 'l',
            'ş' | 'š' => 's',
            'ğ' => 'g',
            'ž' => 'z',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if ascii != '-' || !(slug.is_empty() || slug.ends_with('-')) {
            slug.push(ascii);
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// A skewed pick: low indexes are drawn far more often, as in a real archive.
fn skewed(rng: &mut ChaCha8Rng, len: usize) -> usize {
    let u: f64 = rng.random();
    ((u * u * len as f64) as usize).min(len - 1)
}

/// `count` distinct skewed picks.
fn distinct(rng: &mut ChaCha8Rng, len: usize, count: usize) -> Vec<usize> {
    let mut picked = Vec::with_capacity(count);
    while picked.len() < count.min(len) {
        let i = skewed(rng, len);
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked
}

/// The front matter of every briefing, ordered by date, with unique slugs.
fn plan_briefings(
    rng: &mut ChaCha8Rng,
    n: usize,
    actors: &[Actor],
    tags: &[String],
) -> Vec<Planned> {
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    let span = NaiveDate::from_ymd_opt(2026, 12, 31)
        .unwrap()
        .signed_duration_since(start)
        .num_days() as u64;
    let mut days: Vec<u64> = (0..n).map(|_| rng.random_range(0..=span)).collect();
    days.sort_unstable();
    let width = n.to_string().len();
    days.into_iter()
        .enumerate()
        .map(|(i, day)| {
            let date = start + Days::new(day);
            let (n_actors, n_tags) = (rng.random_range(1..=4), rng.random_range(1..=5));
            let who = distinct(rng, actors.len(), n_actors);
            let what = distinct(rng, tags.len(), n_tags);
            let lead = &actors[who[0]];
            let topic = &tags[what[0]];
            let place = *PLACES.choose(rng).unwrap();
            let verb = ["discusses", "raises", "reviews", "presses on", "weighs"]
                .choose(rng)
                .unwrap();
            let title = format!("{} {} {} in {}", lead.name, verb, topic, place);
            let title_slug = slugify(&title);
            let words: Vec<&str> = title_slug.split('-').take(6).collect();
            let slug = format!("{date}-{i:0width$}-{}", words.join("-"));
            let summary = format!(
                "{} and {} counterparts took up {} in {}; the sides agreed to keep in contact.",
                lead.name,
                actors[*who.last().unwrap()].country,
                topic,
                place
            );
            let places = if rng.random_bool(0.3) {
                vec![place, *PLACES.choose(rng).unwrap()]
            } else {
                vec![place]
            };
            let places = places
                .into_iter()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let sources = (0..rng.random_range(1..=2))
                .map(|k| Source {
                    outlet: OUTLETS.choose(rng).unwrap(),
                    title: format!("Report on {topic} ({place})"),
                    url: format!("https://news.example.org/{}/{}-{k}", date.year(), slug),
                    date: date + Days::new(k),
                })
                .collect();
            Planned {
                date,
                slug,
                title,
                summary,
                actors: who,
                tags: what,
                places,
                sources,
            }
        })
        .collect()
}

/// 300–900 words of Markdown: paragraphs, headings, lists, emphasis, links, block quotes,
/// mentions of the briefing's actors, and now and then a link to an earlier briefing.
fn body(rng: &mut ChaCha8Rng, plan: &[Planned], i: usize, actors: &[Actor]) -> String {
    let me = &plan[i];
    let target = rng.random_range(300..=900);
    let mut out = String::with_capacity(target * 8);
    let mut words = 0;
    let mut block = 0;
    let mut prose = false;
    while words < target {
        // Every other block at most is something other than a paragraph.
        let kind = if prose { rng.random_range(0..10) } else { 0 };
        prose = kind <= 5;
        let start = out.len();
        match kind {
            0..=5 => {
                let sentences = rng.random_range(3..=6);
                for s in 0..sentences {
                    if s > 0 {
                        out.push(' ');
                    }
                    sentence(rng, me, actors, &mut out);
                }
                if block > 0 && i > 0 && rng.random_bool(0.08) {
                    let earlier = &plan[rng.random_range(0..i)];
                    let _ = write!(
                        out,
                        " This follows [the briefing of {}](@briefing/{}).",
                        earlier.date, earlier.slug
                    );
                }
            }
            6 => {
                let _ = write!(out, "## {}", capitalized(&phrase(rng, 3, 6)));
            }
            7 => {
                let numbered = rng.random_bool(0.3);
                for k in 1..=rng.random_range(3..=5) {
                    let bullet = if numbered {
                        format!("{k}. ")
                    } else {
                        "- ".to_string()
                    };
                    out.push_str(&bullet);
                    out.push_str(&capitalized(&phrase(rng, 4, 10)));
                    out.push('\n');
                }
                out.pop();
            }
            8 => {
                out.push_str("> ");
                sentence(rng, me, actors, &mut out);
                out.push(' ');
                sentence(rng, me, actors, &mut out);
            }
            _ => {
                let tag = &TOPICS[rng.random_range(0..TOPICS.len())];
                let _ = write!(
                    out,
                    "Background on {} is kept by the [research service](https://research.example.org/{}), \
                     and **{}** remains on the agenda.",
                    tag,
                    slugify(tag),
                    tag
                );
            }
        }
        words += out[start..].split_ascii_whitespace().count();
        out.push_str("\n\n");
        block += 1;
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// One sentence, sometimes naming one of the briefing's actors, with emphasis or a link.
fn sentence(rng: &mut ChaCha8Rng, me: &Planned, actors: &[Actor], out: &mut String) {
    let actor = &actors[*me.actors.choose(rng).unwrap()];
    let subject = match rng.random_range(0..6) {
        0 => actor.name.clone(),
        1 if !actor.aliases.is_empty() => actor.aliases.choose(rng).unwrap().clone(),
        2 if !actor.surname.is_empty() => format!("{} of {}", actor.role, actor.country),
        _ => SUBJECTS.choose(rng).unwrap().to_string(),
    };
    let object = *OBJECTS.choose(rng).unwrap();
    out.push_str(&subject);
    out.push(' ');
    out.push_str(VERBS.choose(rng).unwrap());
    out.push(' ');
    match rng.random_range(0..12) {
        0 => {
            let _ = write!(out, "*{object}*");
        }
        1 => {
            let _ = write!(out, "**{object}**");
        }
        2 => {
            let _ = write!(
                out,
                "[{object}](https://www.example.com/{}/{})",
                me.date.year(),
                slugify(object)
            );
        }
        _ => out.push_str(object),
    }
    let tail = *TAILS.choose(rng).unwrap();
    if !tail.is_empty() {
        out.push(' ');
        out.push_str(tail);
    }
    if rng.random_bool(0.5) {
        out.push_str(", and ");
        out.push_str(&phrase(rng, 5, 12));
    }
    out.push('.');
}

/// Between `min` and `max` filler words.
fn phrase(rng: &mut ChaCha8Rng, min: usize, max: usize) -> String {
    let n = rng.random_range(min..=max);
    let words: Vec<&str> = (0..n).map(|_| *FILLER.choose(rng).unwrap()).collect();
    words.join(" ")
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A TOML basic string.
fn q(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn q_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(q).collect();
    format!("[{}]", items.join(", "))
}

/// The front matter, the same in both formats.
fn front_matter(p: &Planned, corpus: &Corpus) -> String {
    let mut fm = String::with_capacity(1024);
    let _ = writeln!(
        fm,
        "+++\ntitle = {}\ndate = {}\nsummary = {}",
        q(&p.title),
        p.date,
        q(&p.summary)
    );
    let _ = writeln!(
        fm,
        "actors = {}",
        q_list(p.actors.iter().map(|&a| corpus.actors[a].id.as_str()))
    );
    let _ = writeln!(
        fm,
        "tags = {}",
        q_list(p.tags.iter().map(|&t| corpus.tags[t].as_str()))
    );
    let _ = writeln!(fm, "places = {}", q_list(p.places.iter().copied()));
    for s in &p.sources {
        let _ = write!(
            fm,
            "\n[[sources]]\noutlet = {}\ntitle = {}\nurl = {}\ndate = {}\n",
            q(s.outlet),
            q(&s.title),
            q(&s.url),
            s.date
        );
    }
    fm.push_str("+++\n");
    fm
}

fn actor_file(a: &Actor, hugo: bool) -> String {
    let mut text = String::from("+++\n");
    let _ = writeln!(
        text,
        "{} = {}",
        if hugo { "title" } else { "name" },
        q(&a.name)
    );
    if !a.aliases.is_empty() {
        let _ = writeln!(
            text,
            "aliases = {}",
            q_list(a.aliases.iter().map(String::as_str))
        );
    }
    let _ = writeln!(
        text,
        "kind = {}\ncountry = {}\nrole = {}",
        q(a.kind),
        q(a.country),
        q(&a.role)
    );
    if a.envoy {
        text.push_str("envoy = true\n");
    }
    let _ = write!(
        text,
        "+++\n{} serves as {} for {}. This entry was generated for the benchmark.\n",
        a.name, a.role, a.country
    );
    if hugo {
        // In Hugo `aliases` means redirects; keep the names as a plain parameter instead.
        text = text.replacen("aliases = ", "names = ", 1);
    }
    text
}

/// Creates the folder, refusing one that already holds files.
fn fresh_dir(dir: &Path) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::other(format!(
            "{} exists and is not empty",
            dir.display()
        )));
    }
    fs::create_dir_all(dir)
}

fn write_archive(root: &Path, corpus: &Corpus) -> io::Result<u64> {
    fresh_dir(root)?;
    let config = format!(
        "title = \"Synthetic archive of {} briefings\"\ndescription = \"Generated by gen_corpus for the benchmark.\"\nbase_url = \"https://example.org/archive/\"\n",
        corpus.plan.len()
    );
    fs::write(root.join("config.toml"), &config)?;
    let actors_dir = root.join("content/actors");
    fs::create_dir_all(&actors_dir)?;
    let mut bytes = config.len() as u64;
    for a in &corpus.actors {
        let text = actor_file(a, false);
        fs::write(actors_dir.join(format!("{}.md", a.id)), &text)?;
        bytes += text.len() as u64;
    }
    let months: BTreeSet<(i32, u32)> = corpus
        .plan
        .iter()
        .map(|p| (p.date.year(), p.date.month()))
        .collect();
    let briefings = root.join("content/briefings");
    for (y, m) in months {
        fs::create_dir_all(briefings.join(format!("{y}/{m:02}")))?;
    }
    Ok(bytes)
}

/// Writes every briefing (and its Hugo twin), drawing each body from its own ChaCha stream so
/// that the output does not depend on which thread writes which file.
fn write_briefings(corpus: &Corpus, root: &Path, hugo: Option<&Path>) -> io::Result<u64> {
    let briefings = root.join("content/briefings");
    let hugo_briefings = hugo.map(|h| h.join("content/briefings"));
    (0..corpus.plan.len())
        .into_par_iter()
        .map(|i| {
            let mut rng = ChaCha8Rng::seed_from_u64(corpus.seed);
            rng.set_stream(i as u64 + 1);
            let body = body(&mut rng, &corpus.plan, i, &corpus.actors);
            let p = &corpus.plan[i];
            let front = front_matter(p, corpus);
            let (y, m) = (p.date.year(), p.date.month());
            let path = briefings.join(format!("{y}/{m:02}/{}.md", p.slug));
            fs::write(path, [front.as_str(), body.as_str()].concat())?;
            let mut bytes = (front.len() + body.len()) as u64;
            if let Some(dir) = &hugo_briefings {
                let body = hugo_body(&body);
                let path = dir.join(format!("{}.md", p.slug));
                fs::write(path, [front.as_str(), body.as_str()].concat())?;
                bytes += (front.len() + body.len()) as u64;
            }
            Ok(bytes)
        })
        .sum()
}

/// Hugo's links: `@briefing/<slug>` becomes the page's path in the Hugo site.
fn hugo_body(body: &str) -> String {
    body.replace("](@briefing/", "](/briefings/")
        .split("(/briefings/")
        .enumerate()
        .map(|(k, part)| {
            if k == 0 {
                part.to_string()
            } else {
                part.replacen(')', "/)", 1)
            }
        })
        .collect::<Vec<_>>()
        .join("(/briefings/")
}

fn write_hugo(root: &Path, corpus: &Corpus) -> io::Result<u64> {
    fresh_dir(root)?;
    let mut bytes = 0;
    let config = HUGO_CONFIG.replace("{N}", &corpus.plan.len().to_string());
    for (path, text) in [
        ("config.toml", config.as_str()),
        (
            "content/briefings/_index.md",
            "+++\ntitle = \"Chronology\"\n+++\n",
        ),
        ("layouts/_default/baseof.html", HUGO_BASEOF),
        ("layouts/_default/single.html", HUGO_SINGLE),
        ("layouts/_default/list.html", HUGO_LIST),
        ("layouts/_default/term.html", HUGO_TERM),
        ("layouts/_default/terms.html", HUGO_TERMS),
        ("layouts/index.html", HUGO_INDEX),
        (
            "static/style.css",
            "body{font-family:sans-serif;max-width:40rem;margin:auto}\n",
        ),
    ] {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap())?;
        fs::write(path, text)?;
        bytes += text.len() as u64;
    }
    for a in &corpus.actors {
        let dir = root.join("content/actors").join(&a.id);
        fs::create_dir_all(&dir)?;
        let text = actor_file(a, true);
        fs::write(dir.join("_index.md"), &text)?;
        bytes += text.len() as u64;
    }
    Ok(bytes)
}

const HUGO_CONFIG: &str = r#"baseURL = "https://example.org/"
title = "Synthetic archive of {N} briefings"
languageCode = "en"
buildFuture = true

[taxonomies]
  actor = "actors"
  tag = "tags"

[related]
  includeNewer = true
  threshold = 1
  toLower = false
  [[related.indices]]
    name = "actors"
    weight = 2
  [[related.indices]]
    name = "tags"
    weight = 1
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "briefings/" | relURL }}">Chronology</a> <a href="{{ "tags/" | relURL }}">Tags</a> <a href="{{ "actors/" | relURL }}">Actors</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<h2>Actors</h2><ul>{{ range .GetTerms "actors" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ .Params.role }}</li>{{ end }}</ul>
<h2>Tags</h2><ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .Params.places }}<p>Places: {{ delimit . ", " }}</p>{{ end }}
{{ .Content }}
<h2 id="sources">Sources</h2><ul>{{ range .Params.sources }}<li>{{ .outlet }}: <a href="{{ .url }}">{{ .title }}</a></li>{{ end }}</ul>
<nav>{{ with .NextInSection }}<a href="{{ .RelPermalink }}">← {{ .Title }}</a>{{ end }} {{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }} →</a>{{ end }}</nav>
{{ with first 5 (site.RegularPages.Related .) }}<h2>Related</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Pages.GroupByDate "2006-01" "asc" }}<h2 id="{{ .Key }}">{{ .Key }}</h2><ul>{{ range .Pages.ByDate }}<li><time>{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ end }}
"#;

const HUGO_TERM: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ with .Params.role }}<p>{{ . }}, {{ $.Params.country }}</p>{{ end }}
{{ .Content }}
<ul>{{ range .Pages.ByDate }}<li><time>{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"#;

const HUGO_TERMS: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"#;

const HUGO_INDEX: &str = r#"{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ $briefings := where site.RegularPages "Section" "briefings" }}
<p>{{ len $briefings }} briefings, {{ len site.Taxonomies.actors }} actors, {{ len site.Taxonomies.tags }} tags.</p>
<h2>Latest</h2><ul>{{ range first 10 $briefings.ByDate.Reverse }}<li><time>{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<h2>Tags</h2><ul>{{ range first 20 site.Taxonomies.tags.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
<h2>Actors</h2><ul>{{ range site.Taxonomies.actors.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a></li>{{ end }}</ul>
{{ end }}
"#;

/// The vocabulary the corpus is drawn from.
#[rustfmt::skip]
mod words {
    pub const FIRST: &[&str] = &[
        "José", "Zoë", "Amélie", "Søren", "Łukasz", "Ana", "Björn", "Çağla", "Dmitri", "Élodie",
        "Fátima", "Gonçalo", "Hélène", "Iñaki", "Jürgen", "Kenji", "Leïla", "Miloš", "Nuño", "Oğuz",
        "Pál", "Renée", "Sébastien", "Tomás", "Ulrike", "Valérie", "Wei", "Xóchitl", "Yusuf",
        "Zsófia", "Amara", "Bruno", "Chiara", "Davide", "Eun-ji", "Farid", "Greta", "Hamid",
        "Ingrid", "Jean-Luc", "Karim", "Lucía", "Mehmet", "Noémie", "Olumide", "Priya", "Rania",
        "Samir", "Thandiwe", "Vikram",
    ];
    pub const LAST: &[&str] = &[
        "Álvarez", "Haddad", "Nour", "Müller", "Søndergaard", "Nowak", "Ruiz", "Öztürk", "Petrović",
        "Lefèvre", "Castaño", "Kováč", "Brontë", "Mäkinen", "Ibáñez", "Dubois", "Rahmani", "Okafor",
        "Tanaka", "Kim", "Mensah", "Sato", "Costa", "Ferreira", "Łęcki", "Novák", "Popescu",
        "Ortega", "Chen", "Gómez", "Benítez", "Ndiaye", "Khalil", "Yılmaz", "Jansen", "Rossi",
        "Ångström", "Duarte", "Barzani", "Lindqvist", "Achebe", "Moreau", "Salgado", "Wójcik",
        "Said", "Kaplan", "Nakamura", "Eriksen", "Fontaine", "Guerrero",
    ];
    pub const COUNTRIES: &[&str] = &[
        "China", "Egypt", "France", "Germany", "Brazil", "India", "Japan", "Kenya", "Mexico",
        "Norway", "Qatar", "Spain", "Turkey", "Jordan", "Nigeria", "Chile", "Poland", "Sweden",
        "Indonesia", "South Africa", "Saudi Arabia", "Iran", "Italy", "Canada", "Argentina",
        "Vietnam", "Ethiopia", "Morocco", "Kazakhstan", "Pakistan",
    ];
    pub const PLACES: &[&str] = &[
        "Beijing", "Cairo", "Paris", "Berlin", "Brasília", "New Delhi", "Tokyo", "Nairobi",
        "Mexico City", "Oslo", "Doha", "Madrid", "Ankara", "Amman", "Abuja", "Santiago", "Warsaw",
        "Stockholm", "Jakarta", "Pretoria", "Riyadh", "Tehran", "Rome", "Ottawa", "Buenos Aires",
        "Hanoi", "Addis Ababa", "Rabat", "Astana", "Islamabad", "Geneva", "New York", "Vienna",
        "Brussels", "São Paulo", "Zürich",
    ];
    pub const ROLES: &[&str] = &[
        "Foreign Minister", "Deputy Foreign Minister", "Ambassador", "Ministry Spokesperson",
        "National Security Adviser", "Prime Minister", "President", "Trade Minister",
        "Defence Minister", "Permanent Representative to the United Nations",
    ];
    pub const OUTLETS: &[&str] = &[
        "Xinhua", "Reuters", "Al-Ahram", "Le Monde", "The Hindu", "Kyodo", "Daily Nation",
        "El País", "Anadolu", "The Jordan Times", "Ministry of Foreign Affairs",
        "Agence France-Presse",
    ];
    pub const TOPICS: &[&str] = &[
        "ceasefire", "trade", "energy", "water", "refugees", "sanctions", "maritime security",
        "climate", "debt relief", "elections", "humanitarian aid", "nuclear programme",
        "arms control", "border disputes", "investment", "food security", "public health",
        "counter-terrorism", "mediation", "reconstruction", "hostages", "shipping lanes",
        "cyber security", "grain exports", "two-state solution", "peacekeeping", "infrastructure",
        "fisheries", "migration", "prisoner exchange",
    ];
    pub const FACETS: &[&str] = &[
        "", " talks", " policy", " cooperation",
    ];
    pub const SUBJECTS: &[&str] = &[
        "The delegation", "Officials", "The ministry", "Both sides", "The envoy", "Negotiators",
        "The spokesperson", "Senior diplomats", "The two governments", "Observers", "The statement",
        "Regional partners", "The visiting minister", "Aides",
    ];
    pub const VERBS: &[&str] = &[
        "called for", "welcomed", "rejected", "discussed", "stressed", "reaffirmed", "questioned",
        "proposed", "urged progress on", "raised concerns about", "pledged support for", "reviewed",
        "set out a position on", "played down", "returned to",
    ];
    pub const OBJECTS: &[&str] = &[
        "a lasting settlement", "new trade arrangements", "the humanitarian corridor",
        "a joint working group", "the timetable for further talks", "the draft resolution",
        "civilian protection", "a monitoring mechanism", "the release of detainees",
        "a credit line", "the summit communiqué", "confidence-building measures",
        "a regional conference", "the export quotas", "the reconstruction fund",
    ];
    pub const TAILS: &[&str] = &[
        "on Tuesday", "after two days of talks", "according to a readout", "in a telephone call",
        "despite earlier objections", "as the talks resumed", "at a press conference",
        "in a joint statement", "behind closed doors", "for the first time in months", "",
        "without giving details", "at the end of the visit",
    ];
    pub const FILLER: &[&str] = &[
        "the", "talks", "were", "described", "as", "frank", "and", "constructive", "while",
        "several", "questions", "remained", "open", "about", "funding", "guarantees", "and", "the",
        "pace", "of", "implementation", "analysts", "noted", "that", "earlier", "rounds", "had",
        "stalled", "over", "similar", "issues", "a", "further", "meeting", "is", "expected", "next",
        "month", "in", "capital", "with", "technical", "teams", "from", "both", "ministries",
        "present", "broader", "agenda", "including", "regional", "stability", "economic", "ties",
        "long-term", "commitments",
    ];
}
