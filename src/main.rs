//! The `dossier` command: parses the arguments, runs the library, prints what it found the way
//! a compiler does (file:line, the source line, a caret, a hint) and maps the outcome to an
//! exit code: 0 done, 1 errors, 2 a usage error.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::Parser;

use cli::{Cli, Command};
use dossier::error::{Diagnostic, Error, Severity};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let printer = Printer::for_stderr();
    match cli.command {
        Command::Build(args) => {
            let output = match args.output.as_deref().map(std::path::absolute).transpose() {
                Ok(output) => output,
                Err(e) => {
                    eprintln!("error: cannot use the output folder: {e}");
                    return ExitCode::from(2);
                }
            };
            let started = Instant::now();
            match dossier::build(&args.common.options(output)) {
                Ok(report) => {
                    printer.print_all(&report.warnings);
                    if !args.quiet {
                        println!(
                            "Built {} briefings, {} actors, {} tags → {} pages in {:.2} s ({} files written, {} unchanged, {} removed) into {}",
                            report.briefings,
                            report.actors,
                            report.tags,
                            report.pages,
                            started.elapsed().as_secs_f64(),
                            report.written.written,
                            report.written.unchanged,
                            report.written.removed,
                            report.output.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => printer.fail(&error),
            }
        }
        Command::Check(args) => match dossier::check(&args.options(None)) {
            Ok(report) => {
                printer.print_all(&report.diagnostics);
                let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
                let warnings = report.diagnostics.len() - errors;
                println!(
                    "Checked {} briefings and {} files: {errors} errors, {warnings} warnings",
                    report.briefings, report.pages
                );
                if errors > 0 {
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(error) => printer.fail(&error),
        },
    }
}

/// Prints diagnostics to standard error, in colour only on a terminal without NO_COLOR.
struct Printer {
    renderer: Renderer,
}

impl Printer {
    fn for_stderr() -> Printer {
        let colour = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Printer {
            renderer: if colour {
                Renderer::styled()
            } else {
                Renderer::plain()
            },
        }
    }

    fn fail(&self, error: &Error) -> ExitCode {
        match error {
            Error::Invalid(diagnostics) => {
                self.print_all(diagnostics);
                eprintln!("error: {error}");
            }
            Error::Output {
                action,
                path,
                source,
            } => {
                self.print(&Diagnostic::error(
                    path,
                    format!("cannot {action} the output: {source}"),
                ));
            }
        }
        ExitCode::FAILURE
    }

    fn print_all(&self, diagnostics: &[Diagnostic]) {
        for diagnostic in diagnostics {
            self.print(diagnostic);
        }
    }

    fn print(&self, d: &Diagnostic) {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = d.path.display().to_string();
        let title = level.clone().primary_title(d.message.as_str());
        let mut group = match &d.location {
            Some(location) => title.element(
                Snippet::source(location.source_line.as_str())
                    .line_start(location.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(location.columns.clone())),
            ),
            None => {
                Group::with_title(title).element(annotate_snippets::Origin::path(path.as_str()))
            }
        };
        if let Some(hint) = &d.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        eprintln!("{}\n", self.renderer.render(&[group]));
    }
}
