//! The command line: clap's definitions, turned into the library's options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A static site generator for briefing archives: every briefing cross-linked by actor, tag and date.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors and warnings.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more about what is done: files written, time per stage.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Validate the archive and the links of the rendered pages, writing nothing.
    ///
    /// Also warns where a briefing's text names a registered actor its front matter does not
    /// list, and where an actor has no briefing. Exit codes: 0 clean, 1 errors (or warnings
    /// with --strict), 2 usage.
    Check(CheckArgs),
    /// Create a new archive that builds at once.
    Init(InitArgs),
    /// Write a new briefing or actor file with complete front matter.
    #[command(subcommand)]
    New(NewCommand),
    /// Turn raw text articles (.txt or .md files, or folders of them) into briefings.
    Import(ImportArgs),
    /// Build, serve the site on 127.0.0.1, and rebuild and reload open pages on every change.
    Serve(ServeArgs),
    /// Install or run the git hooks that check, build and publish the archive.
    #[command(subcommand)]
    Hook(HookCommand),
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The archive folder (holding config.toml and content/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Include briefings marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Make internal links end in index.html, so the site opens from disk (file://).
    #[arg(long)]
    pub offline: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The output folder, instead of config.toml's output_dir (relative to the current folder).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Show every finding in full, not only the first of each kind.
    #[arg(long)]
    pub all: bool,
    /// How to write the report: a summary and the first findings of each kind, or every
    /// finding as JSON on standard output (for tools).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// The formats of `check`'s report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new archive (created if needed; must be empty).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write content/briefings/<date>-<slug>.md.
    Briefing(NewBriefingArgs),
    /// Write content/actors/<id>.md.
    Actor(NewActorArgs),
}

#[derive(Debug, Args)]
pub struct NewBriefingArgs {
    /// The briefing's title.
    pub title: String,
    /// The date, as YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<String>,
    /// An actor the briefing names: id, name or alias (repeatable).
    #[arg(long = "actor", value_name = "ACTOR")]
    pub actors: Vec<String>,
    /// A tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// A place (repeatable).
    #[arg(long = "place", value_name = "PLACE")]
    pub places: Vec<String>,
    /// The archive folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct NewActorArgs {
    /// The actor's name.
    pub name: String,
    /// Mark the actor as an envoy, with a dossier page.
    #[arg(long)]
    pub envoy: bool,
    /// The actor's country.
    #[arg(long)]
    pub country: Option<String>,
    /// The actor's role or title.
    #[arg(long)]
    pub role: Option<String>,
    /// What the actor is.
    #[arg(long, value_enum, default_value = "person")]
    pub kind: KindArg,
    /// Another name the actor is known by (repeatable).
    #[arg(long = "alias", value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// The archive folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Person,
    Organization,
    State,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Articles to import: text (.txt), Markdown (.md), saved web pages (.html, .htm) and JSON
    /// documents (.json), or folders of them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Show what would be written and why (the evidence for each date), and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The date of the files that state none; a date the text or page states always wins.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<chrono::NaiveDate>,
    /// The archive folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on; if it is taken, the next free one is used and said.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Also answer requests for this host name (repeatable). Without it only localhost, the
    /// loopback addresses and the --bind address are answered (and, when bound beyond loopback,
    /// any IP address and this machine's name).
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Write a git hook into the current repository.
    Install(HookInstallArgs),
    /// What an installed hook runs (called by the hook scripts themselves).
    #[command(hide = true)]
    Run(HookRunArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum HookKind {
    /// Check the staged archive and block a commit that has errors.
    PreCommit,
    /// Rebuild the output folder after each commit.
    PostCommit,
    /// On a server: build the pushed revision of the published branch and reject the push if it fails.
    PreReceive,
    /// On a server: build the published branch and publish it to --publish DIR atomically.
    PostReceive,
}

#[derive(Debug, Args)]
pub struct HookInstallArgs {
    /// Which hook.
    #[arg(value_enum)]
    pub kind: HookKind,
    /// The folder the post-receive hook publishes the site to.
    #[arg(long, value_name = "DIR")]
    pub publish: Option<PathBuf>,
    /// The branch the receive hooks check and publish (default: the one HEAD names).
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,
    /// Replace a hook that dossier did not write.
    #[arg(long)]
    pub force: bool,
    /// The git repository (default: the current folder).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub repo: PathBuf,
}

#[derive(Debug, Args)]
pub struct HookRunArgs {
    #[arg(value_enum)]
    pub kind: HookKind,
    /// The folder to publish to (post-receive).
    #[arg(long, value_name = "DIR")]
    pub publish: Option<PathBuf>,
    /// The branch to check and publish (the receive hooks).
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,
    /// The arguments git gave the hook (none of the four takes any).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
}

impl SiteArgs {
    pub fn options(&self, output: Option<PathBuf>) -> dossier::Options {
        dossier::Options {
            root: self.root.clone(),
            output,
            offline: self.offline,
            drafts: self.drafts,
            base_url: None,
        }
    }
}
