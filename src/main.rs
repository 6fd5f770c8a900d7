//! The `dossier` command: parses the arguments, runs the library, prints what it found the way
//! a compiler does and maps the outcome to an exit code: 0 done, 1 errors, 2 a usage error.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, HookCommand, HookKind, KindArg, NewCommand};
use dossier::error::{Diagnostic, Error};
use dossier::report::Report;
use dossier::Shown;

/// mimalloc gives memory freed by one stage back to the next, where the system allocator's
/// per-thread arenas keep it apart: the peak memory of a 100,000-briefing build falls by a
/// quarter. It is built without transparent huge pages (`no_thp`): with them, every first touch
/// of its memory zeroed 2 MB, which took up to a third of a build's time in the kernel.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Output::new(cli.quiet, cli.verbose);
    let result = match cli.command {
        Command::Build(args) => build(&args, &out),
        Command::Check(args) => check(&args, &out),
        Command::Init(args) => dossier::commands::new::init(&args.dir).map(|files| {
            out.say(&format!(
                "Created an archive in {}: {}",
                args.dir.display(),
                list(&files)
            ));
            out.say("Build it with: dossier build");
            ExitCode::SUCCESS
        }),
        Command::New(NewCommand::Briefing(args)) => {
            let request = dossier::commands::new::BriefingRequest {
                root: args.root,
                title: args.title,
                date: args.date,
                actors: args.actors,
                tags: args.tags,
                places: args.places,
                bundle: args.bundle,
            };
            dossier::commands::new::new_briefing(&request).map(|path| {
                out.say(&format!("Wrote {}", path.display()));
                ExitCode::SUCCESS
            })
        }
        Command::New(NewCommand::Actor(args)) => {
            let request = dossier::commands::new::ActorRequest {
                root: args.root,
                name: args.name,
                envoy: args.envoy,
                country: args.country,
                role: args.role,
                kind: match args.kind {
                    KindArg::Person => dossier::ActorKind::Person,
                    KindArg::Organization => dossier::ActorKind::Organization,
                    KindArg::State => dossier::ActorKind::State,
                },
                aliases: args.aliases,
            };
            dossier::commands::new::new_actor(&request).map(|path| {
                out.say(&format!("Wrote {}", path.display()));
                ExitCode::SUCCESS
            })
        }
        Command::Import(args) => {
            let options = dossier::commands::import::ImportOptions {
                root: args.root,
                paths: args.paths,
                dry_run: args.dry_run,
                date: args.date,
            };
            dossier::commands::import::import(&options).map(|report| {
                out.warn_all(&report.diagnostics);
                out.say(&report.to_string());
                exit_for(&report.diagnostics, false)
            })
        }
        Command::Serve(args) => {
            let options = dossier::commands::serve::ServeOptions {
                site: args.site.options(None),
                port: args.port,
                bind: args.bind,
                allow_hosts: args.allow_hosts,
                open: args.open,
                quiet: out.quiet,
                verbose: out.verbose,
            };
            dossier::commands::serve::serve(&options).map(|()| ExitCode::SUCCESS)
        }
        Command::Hook(HookCommand::Install(args)) => {
            let options = dossier::commands::hooks::InstallOptions {
                repo: args.repo,
                kind: hook_kind(args.kind),
                publish: args.publish,
                branch: args.branch,
                force: args.force,
            };
            dossier::commands::hooks::install(&options).map(|installed| {
                for warning in &installed.warnings {
                    eprintln!("warning: {warning}");
                }
                out.say(&format!("Installed {}", installed.path.display()));
                ExitCode::SUCCESS
            })
        }
        Command::Hook(HookCommand::Run(args)) => {
            let options = dossier::commands::hooks::RunOptions {
                kind: hook_kind(args.kind),
                publish: args.publish,
                branch: args.branch,
            };
            dossier::commands::hooks::run(&options).map(|()| ExitCode::SUCCESS)
        }
    };
    result.unwrap_or_else(|error| {
        eprintln!("{}", out.report.error(&error));
        ExitCode::FAILURE
    })
}

fn build(args: &cli::BuildArgs, out: &Output) -> Result<ExitCode, Error> {
    let output = args
        .output
        .as_deref()
        .map(std::path::absolute)
        .transpose()
        .map_err(|e| Error::Failed(format!("cannot use the output folder: {e}")))?;
    let progress = out.spinner();
    let result = dossier::build_observed(&args.site.options(output), &|stage| {
        progress.set_message(stage)
    });
    progress.finish_and_clear();
    let report = result?;
    if let Some(note) = &report.note {
        out.say(note);
    }
    out.warn_all(&report.warnings);
    out.say(&report.to_string());
    if out.verbose {
        out.say(&report.timings());
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: &cli::CheckArgs, out: &Output) -> Result<ExitCode, Error> {
    let report = dossier::check(&args.site.options(None))?;
    let diagnostics: Vec<Diagnostic> = report.diagnostics().cloned().collect();
    if args.format == cli::CheckFormat::Json {
        println!("{}", report.to_json());
        return Ok(exit_for(&diagnostics, args.strict));
    }
    let shown = if args.all {
        Shown::All
    } else {
        Shown::First(FIRST_OF_EACH_KIND)
    };
    out.say(&report.summary(shown, args.strict));
    let shown: Vec<Diagnostic> = report.shown(shown).into_iter().cloned().collect();
    out.warn_all(&shown);
    if out.verbose {
        out.say(&report.timings());
    }
    Ok(exit_for(&diagnostics, args.strict))
}

/// How many findings of each kind `check` shows in full without `--all`.
const FIRST_OF_EACH_KIND: usize = 3;

fn exit_for(diagnostics: &[Diagnostic], strict: bool) -> ExitCode {
    if diagnostics.iter().any(|d| d.is_error() || strict) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn hook_kind(kind: HookKind) -> dossier::commands::hooks::HookKind {
    match kind {
        HookKind::PreCommit => dossier::commands::hooks::HookKind::PreCommit,
        HookKind::PostCommit => dossier::commands::hooks::HookKind::PostCommit,
        HookKind::PreReceive => dossier::commands::hooks::HookKind::PreReceive,
        HookKind::PostReceive => dossier::commands::hooks::HookKind::PostReceive,
    }
}

fn list(paths: &[std::path::PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where messages go: summaries to standard output unless --quiet, diagnostics to standard
/// error, in colour only on a terminal without NO_COLOR.
struct Output {
    quiet: bool,
    verbose: bool,
    report: Report,
}

impl Output {
    fn new(quiet: bool, verbose: bool) -> Output {
        let colour = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Output {
            quiet,
            verbose,
            report: Report::new(colour),
        }
    }

    /// A spinner naming the running stage, shown only on a terminal and without --quiet.
    fn spinner(&self) -> indicatif::ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return indicatif::ProgressBar::hidden();
        }
        let spinner = indicatif::ProgressBar::new_spinner();
        spinner.enable_steady_tick(std::time::Duration::from_millis(120));
        spinner
    }

    fn say(&self, text: &str) {
        if !self.quiet {
            println!("{text}");
        }
    }

    fn warn_all(&self, diagnostics: &[Diagnostic]) {
        for diagnostic in diagnostics {
            eprintln!("{}\n", self.report.diagnostic(diagnostic));
        }
    }
}
