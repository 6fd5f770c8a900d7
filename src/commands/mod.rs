//! The commands beside `build` and `check`: users of the library, not stages of the build.
//!
//! - `new`: `dossier init` and `dossier new briefing|actor`;
//! - `import`: raw articles made into briefings;
//! - `serve`: the preview server, rebuilding on every change;
//! - `hooks`: the git hooks that check, build and publish an archive.
//!
//! `authoring` holds what the commands that write sources share. To add a command: a module
//! here, its arguments in `src/cli.rs`, and a line in `src/main.rs`.

mod authoring;
pub mod hooks;
pub mod import;
pub mod new;
pub mod serve;
