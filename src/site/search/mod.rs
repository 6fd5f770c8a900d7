//! Full-text search without a server: the search index, built from the model at build time
//! and cut into small scripts that the search page loads as a query needs them, with
//! `<script>` elements, because pages opened from `file://` cannot fetch. The client that reads
//! them is the theme's `search.js`.
//!
//! The parts, in the order a build uses them:
//! - `text`: how text is folded and cut into words, the same way as the client does;
//! - `piece`: what one briefing gives the index (its words, its record, its actors and tags),
//!   computed from that briefing alone;
//! - `entities`: the actors, envoys and tags that search finds as pages;
//! - `index`: the pieces and entities assembled into one inverted index;
//! - `state`: the index before its entities, kept for the next build to bring up to date;
//! - `layout`: the index cut into shards, and the manifest listing them;
//! - `records`: the shards a page of results reads once it knows its briefings;
//! - `encode`: the compact numbers and the scripts the shards are written as.
//!
//! The manifest is `search/index.js`, which sets `window.DOSSIER_SEARCH`; every shard is a
//! script `search/<kind>/<n>.js` that sets `window.DOSSIER_SEARCH_SHARDS["<kind>/<n>"]`.

mod encode;
mod entities;
mod index;
mod layout;
mod piece;
mod records;
mod state;
mod text;

use std::convert::Infallible;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use text::{fold, index_tokens};

use super::{hand_on, Generator, Outcome, Sink, SiteContext};
use crate::error::{Diagnostic, Error};
use crate::routes::{search_shard, SEARCH_INDEX};
use index::{Builder, Index};
use piece::Piece;
use state::State;

/// The global variable the manifest defines.
const GLOBAL: &str = "DOSSIER_SEARCH";
/// The global object the shards are put in, by kind and number ("t/3").
const SHARDS: &str = "DOSSIER_SEARCH_SHARDS";
/// How many briefings are read for the index at a time.
const READ_CHUNK: usize = 1024;
/// How many files are handed on together.
const FILES_PER_BATCH: usize = 1024;

/// The search index of the archive, as scripts.
pub(crate) struct Search;

impl Generator for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    /// Every file is made in memory; one whose JSON has the digest of the file the last build
    /// left is kept as it stands, so an edit rewrites only the shards it changed.
    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
        let index = build_index(site).map_err(Error::invalid)?;
        let (manifest, shards) = layout::shards(&index, search_shard("{kind}", "{n}"))
            .map_err(|e| Error::output("encode", Path::new(SEARCH_INDEX), io::Error::other(e)))?;
        drop(index);
        let mut files = vec![script_file(
            site,
            SEARCH_INDEX,
            &format!("window.{GLOBAL}"),
            &manifest,
        )];
        for shard in shards {
            let number = shard.number.to_string();
            files.push(script_file(
                site,
                search_shard(shard.kind, &number),
                &format!("window.{SHARDS}[\"{}/{number}\"]", shard.kind),
                &shard.json,
            ));
            if files.len() == FILES_PER_BATCH {
                hand_on(std::mem::take(&mut files), sink)?;
            }
        }
        hand_on(files, sink)
    }
}

/// The script at `path` that assigns `json` to `target`, kept where the last build wrote the
/// same. The path names the target, so the JSON alone tells the file.
fn script_file(
    site: &SiteContext<'_>,
    path: impl Into<PathBuf>,
    target: &str,
    json: &str,
) -> Outcome {
    let digest = crate::site::digest(&json);
    let Ok(outcome) = Outcome::of(site, path, digest, || {
        Ok::<_, Infallible>(encode::script(target, json).into_bytes())
    });
    outcome
}

/// The index of the whole archive: the last build's brought up to date where the store has it,
/// else assembled from every briefing's piece. Briefings are read in parallel a chunk at a time:
/// the pieces of every briefing at once would take many times the size of the index.
fn build_index(site: &SiteContext<'_>) -> Result<Index, Diagnostic> {
    let count = site.archive.briefings.len();
    let keys: Vec<u64> = (0..count)
        .into_par_iter()
        .map(|ix| piece::key(site.archive, site.texts, site.routes, site.speech, ix))
        .collect();
    let piece_of = |ix: usize| match site.store.get::<Piece>(keys[ix]) {
        Some(piece) => Ok(piece),
        None => {
            let body = site.body_html(ix)?;
            let piece = piece::piece(site.archive, site.routes, site.speech, ix, &body.text);
            site.store.put(keys[ix], &piece);
            Ok(piece)
        }
    };
    // One state per output of the archive (the address and language of its pages), replaced
    // by each build.
    let state_key = crate::site::digest(&(
        "search state",
        state::FORMAT,
        site.routes.offline,
        &site.config.language,
        site.config.base_url.as_ref().map(url::Url::as_str),
    ));
    let updated = match State::kept(site.store, state_key) {
        Some(state) => state.update(&keys, &piece_of, &|key| site.store.get::<Piece>(key))?,
        None => None,
    };
    let (postings, docs) = match updated {
        Some(updated) => {
            // The pieces it did not read again are still wanted.
            for &key in &keys {
                site.store.touch(key);
            }
            updated
        }
        None => {
            let mut builder = Builder::default();
            for start in (0..count).step_by(READ_CHUNK) {
                let pieces: Vec<Piece> = (start..count.min(start + READ_CHUNK))
                    .into_par_iter()
                    .map(piece_of)
                    .collect::<Result<_, _>>()?;
                for piece in pieces {
                    builder.add(piece);
                }
            }
            builder.finish()
        }
    };
    State::keep(site.store, state_key, &keys, &docs, &postings);
    Ok(Index::assemble(
        postings,
        docs,
        entities::entities(site.archive, site.routes),
    ))
}
