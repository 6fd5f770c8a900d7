//! `dossier check`: the build's own stages, run into memory instead of the output folder, with
//! the checks a build makes before it puts files in place, then two passes over what they
//! made: `audit` warns where a briefing's text names an actor its front matter does not list
//! and where no briefing names an actor; `links` checks every internal link and anchor of the
//! rendered pages.

mod audit;
mod links;

use crate::build::{make_site, read_inputs, Options, Stages};
use crate::cache;
use crate::error::{Diagnostic, Error};
use crate::site::{OutputFile, Previous};
use crate::write::{check_place, Claims, Ownership};

/// What `check` found in an archive that builds.
#[derive(Debug)]
pub struct CheckReport {
    pub briefings: usize,
    pub pages: usize,
    /// Warnings of the build and problems of the rendered links.
    pub diagnostics: Vec<Diagnostic>,
}

/// Validates the archive and the links of the rendered pages, writing nothing.
pub fn check(options: &Options) -> Result<CheckReport, Error> {
    let mut stages = Stages::new(&|_| {});
    let inputs = read_inputs(options, &mut stages)?;
    let store = cache::store(&inputs.root());
    let made = make_site(
        inputs,
        options,
        &mut stages,
        true,
        &Previous::default(),
        &store,
        &mut |_| Ok(Vec::<OutputFile>::new()),
    )?;
    cache::save_known(&made.config.root, &made.known);
    let _ = store.save();
    // The files must be able to take their places, in the output folder as it stands, as
    // a build would insist.
    let mut claims = Claims::default();
    claims.claim_all(&made.sink).map_err(Error::invalid)?;
    let ownership = Ownership::read(&made.config.output_dir)?;
    for file in &made.sink {
        check_place(
            &made.config.output_dir,
            &ownership,
            &file.path,
            file.origin.as_deref(),
        )
        .map_err(Error::invalid)?;
    }
    let mut diagnostics = made.warnings;
    diagnostics.extend(audit::unlisted_mentions(&made.archive, &made.texts));
    diagnostics.extend(audit::actors_without_briefings(&made.archive));
    diagnostics.extend(links::check_links(&made.sink));
    Ok(CheckReport {
        briefings: made.archive.briefings.len(),
        pages: made.sink.len(),
        diagnostics,
    })
}
