//! What `dossier check` says, readable at any size: a summary first (the counts of each kind,
//! the actors most often named but not listed, the files with the most warnings), then the
//! first findings of each kind in full, and how to see the rest; or every finding as JSON for
//! tools.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::{CheckReport, Finding, Kind};
use crate::error::Diagnostic;

/// Which findings are shown in full in the text format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The first findings of each kind.
    First(usize),
    All,
}

/// How many entries each summary list has.
const TOP: usize = 5;

impl CheckReport {
    /// The summary that leads the text report: counts, the actors most often named but not
    /// listed, the files with the most warnings, and which findings follow.
    pub fn summary(&self, shown: Shown, strict: bool) -> String {
        let errors = self.errors();
        let warnings = self.findings.len() - errors;
        let mut text = format!(
            "Checked {} briefings and {} pages ({} read again): {} {}, {} {}{}",
            grouped(self.briefings),
            grouped(self.pages),
            grouped(self.rendered),
            grouped(errors),
            plural(errors, "error", "errors"),
            grouped(warnings),
            plural(warnings, "warning", "warnings"),
            if strict && warnings > 0 {
                " (warnings count as errors with --strict)"
            } else {
                ""
            }
        );
        if self.findings.is_empty() {
            return text;
        }
        let counts = self.counts();
        let width = counts
            .values()
            .map(|n| grouped(*n).len())
            .max()
            .unwrap_or(1);
        for (kind, n) in &counts {
            text.push_str(&format!("\n  {:>width$}  {}", grouped(*n), kind.describe()));
        }
        let actors = top(self
            .findings
            .iter()
            .filter_map(|f| f.actor.as_ref())
            .map(|a| format!("{} ({})", a.name, a.id)));
        if actors.len() > 1 || actors.first().is_some_and(|(_, n)| *n > 1) {
            text.push_str("\nActors most often named in a text but not listed:");
            push_top(&mut text, &actors, "briefings", "briefing");
        }
        let files = top(self
            .findings
            .iter()
            .filter(|f| !f.diagnostic.is_error())
            .map(|f| f.diagnostic.path.display().to_string()));
        if files.len() > 1 || files.first().is_some_and(|(_, n)| *n > 1) {
            text.push_str("\nFiles with the most warnings:");
            push_top(&mut text, &files, "warnings", "warning");
        }
        let hidden = self.findings.len() - self.shown(shown).len();
        match shown {
            Shown::First(n) if hidden > 0 => text.push_str(&format!(
                "\nThe first {n} of each kind follow ({} not shown): `dossier check --all` shows \
                 every one, `dossier check --format json` gives them all to tools.",
                grouped(hidden)
            )),
            _ => {}
        }
        text
    }

    /// The findings shown in full: the first of each kind, or all.
    pub fn shown(&self, shown: Shown) -> Vec<&Diagnostic> {
        let limit = match shown {
            Shown::First(n) => n,
            Shown::All => usize::MAX,
        };
        let mut seen: HashMap<Kind, usize> = HashMap::new();
        self.findings
            .iter()
            .filter(|f| {
                let n = seen.entry(f.kind).or_default();
                *n += 1;
                *n <= limit
            })
            .map(|f| &f.diagnostic)
            .collect()
    }

    /// The number of findings of each kind found.
    fn counts(&self) -> BTreeMap<Kind, usize> {
        let mut counts = BTreeMap::new();
        for finding in &self.findings {
            *counts.entry(finding.kind).or_default() += 1;
        }
        counts
    }

    /// Every finding, for tools.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            briefings: usize,
            pages: usize,
            errors: usize,
            warnings: usize,
            counts: BTreeMap<&'static str, usize>,
            findings: Vec<Item<'a>>,
        }
        #[derive(Serialize)]
        struct Item<'a> {
            kind: &'static str,
            severity: &'static str,
            path: &'a Path,
            line: Option<usize>,
            column: Option<usize>,
            message: &'a str,
            hint: Option<&'a str>,
            actor: Option<&'a str>,
        }
        fn item(f: &Finding) -> Item<'_> {
            Item {
                kind: f.kind.name(),
                severity: if f.diagnostic.is_error() {
                    "error"
                } else {
                    "warning"
                },
                path: &f.diagnostic.path,
                line: f.diagnostic.line(),
                column: f.diagnostic.location.as_ref().map(|l| {
                    l.source_line[..l.columns.start.min(l.source_line.len())]
                        .chars()
                        .count()
                        + 1
                }),
                message: &f.diagnostic.message,
                hint: f.diagnostic.hint.as_deref(),
                actor: f.actor.as_ref().map(|a| a.id.as_str()),
            }
        }
        let errors = self.errors();
        let out = Out {
            briefings: self.briefings,
            pages: self.pages,
            errors,
            warnings: self.findings.len() - errors,
            counts: self
                .counts()
                .into_iter()
                .map(|(kind, n)| (kind.name(), n))
                .collect(),
            findings: self.findings.iter().map(item).collect(),
        };
        serde_json::to_string_pretty(&out).unwrap_or_default()
    }
}

/// The most frequent of `names`, most frequent first (ties by name), at most [`TOP`].
fn top(names: impl Iterator<Item = String>) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for name in names {
        *counts.entry(name).or_default() += 1;
    }
    let mut sorted: Vec<(String, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted.truncate(TOP);
    sorted
}

fn push_top(text: &mut String, entries: &[(String, usize)], many: &str, one: &str) {
    let width = entries
        .iter()
        .map(|(_, n)| grouped(*n).len())
        .max()
        .unwrap_or(1);
    for (name, n) in entries {
        text.push_str(&format!(
            "\n  {:>width$} {:<width2$}  {name}",
            grouped(*n),
            plural(*n, one, many),
            width2 = many.len().max(one.len())
        ));
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// A count with its thousands grouped: 148,314.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Named;

    fn finding(kind: Kind, path: &str, actor: Option<&str>) -> Finding {
        Finding {
            kind,
            actor: actor.map(|a| Named {
                id: a.to_lowercase(),
                name: a.into(),
            }),
            diagnostic: Diagnostic::warning(path, "a warning"),
        }
    }

    fn report() -> CheckReport {
        let mut findings = Vec::new();
        for i in 0..1200 {
            let actor = if i % 3 == 0 { "UNRWA" } else { "Qatar" };
            findings.push(finding(
                Kind::UnlistedActor,
                &format!("content/briefings/b{}.md", i % 400),
                Some(actor),
            ));
        }
        findings.push(finding(Kind::UnnamedActor, "content/actors/x.md", None));
        CheckReport {
            briefings: 10_000,
            pages: 31_000,
            rendered: 3,
            findings,
            timings: Vec::new(),
        }
    }

    #[test]
    fn the_summary_leads_and_fits_a_screen() {
        let report = report();
        let summary = report.summary(Shown::First(3), false);
        assert!(
            summary.starts_with(
                "Checked 10,000 briefings and 31,000 pages (3 read again): 0 errors, 1,201 warnings"
            ),
            "{summary}"
        );
        assert!(
            summary.contains("1,200  actors named in a text but not listed"),
            "{summary}"
        );
        assert!(
            summary.contains("    1  actors no briefing names"),
            "{summary}"
        );
        let qatar = summary.find("Qatar (qatar)").unwrap();
        let unrwa = summary.find("UNRWA (unrwa)").unwrap();
        assert!(qatar < unrwa, "the most named first: {summary}");
        assert!(summary.contains("(1,197 not shown)"), "{summary}");
        assert!(summary.contains("--all"), "{summary}");
        assert!(summary.lines().count() <= 24, "{summary}");
        assert_eq!(report.shown(Shown::First(3)).len(), 4);
        assert_eq!(report.shown(Shown::All).len(), 1201);
    }

    #[test]
    fn json_lists_every_finding_with_its_kind() {
        let json: serde_json::Value = serde_json::from_str(&report().to_json()).unwrap();
        assert_eq!(json["warnings"], 1201);
        assert_eq!(json["counts"]["unlisted-actor"], 1200);
        assert_eq!(json["findings"].as_array().unwrap().len(), 1201);
        assert_eq!(json["findings"][0]["actor"], "unrwa");
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(148_314), "148,314");
        assert_eq!(grouped(1_186_513), "1,186,513");
    }
}
