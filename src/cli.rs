//! The command line: clap's definitions, turned into the library's options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A static site generator for briefing archives: every briefing cross-linked by actor, tag and date.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Validate the archive and the links of the rendered pages, writing nothing.
    Check(CommonArgs),
}

#[derive(Debug, Args)]
pub struct CommonArgs {
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
    pub common: CommonArgs,
    /// The output folder, instead of config.toml's output_dir (relative to the current folder).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

impl CommonArgs {
    pub fn options(&self, output: Option<PathBuf>) -> dossier::Options {
        dossier::Options {
            root: self.root.clone(),
            output,
            offline: self.offline,
            drafts: self.drafts,
        }
    }
}
