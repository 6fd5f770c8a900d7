//! Git hooks. (Being written.)

use std::path::{Path, PathBuf};

use crate::error::Error;

/// The hooks dossier can install.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookKind {
    PreCommit,
    PostCommit,
    PreReceive,
    PostReceive,
}

/// What `dossier hook install` is asked to do.
#[derive(Debug, Clone)]
pub struct InstallOptions {
    pub repo: PathBuf,
    pub kind: HookKind,
    pub publish: Option<PathBuf>,
    pub force: bool,
}

pub fn install(_options: &InstallOptions) -> Result<PathBuf, Error> {
    Err(Error::Failed("hooks are not available yet".into()))
}

pub fn run(_kind: HookKind, _publish: Option<&Path>, _args: &[String]) -> Result<(), Error> {
    Err(Error::Failed("hooks are not available yet".into()))
}
