//! The preview server. (Being written.)

use crate::error::Error;
use crate::Options;

/// What `dossier serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site: Options,
    pub port: u16,
    pub bind: String,
    pub open: bool,
    pub quiet: bool,
}

pub fn serve(_options: &ServeOptions) -> Result<(), Error> {
    Err(Error::Failed("serve is not available yet".into()))
}
