//! Each briefing's entry in a list, rendered once: the theme's `entry.html` renders a
//! briefing's entry for each way back to the site root (`root`) some page that lists it has,
//! and every list of every page at that depth (chronology, years, months, tags, places,
//! actors, envoys, encounters, related briefings) takes the same HTML as `b.entry`. In the
//! benchmark archive of 10,000 briefings, lists show each briefing 16 times on average, and a
//! cold build renders its entry 3 times (once per depth of page that shows it).
//!
//! A page's view is turned into template values by [`prepare`], which says at which root the
//! page is; a [`BriefingLink`](super::links::BriefingLink) serialized there asks
//! [`Entries::at`] for its entry. Nothing is rendered for a theme whose templates never read
//! `.entry`, and an entry is rendered only when a page showing it is, so a one-edit build
//! renders the entries of the pages it renders again and no others.
//!
//! Each entry rendered is kept in the store under the digest of what it is made from (the
//! briefing's fields as lists show them, the root, the templates and the interface's words),
//! so that a later build takes it from there. A build that renders many list pages again (a
//! briefing added or deleted, which moves every page of the chronology by one) renders only
//! the entries that changed.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use super::{with_words, Words};
use crate::cache::Store;
use crate::error::Diagnostic;
use crate::model::BriefingIx;
use crate::routes::{Page, Routes};
use crate::site::Theme;

/// The template of one briefing's entry in a list.
pub(crate) const ENTRY_TEMPLATE: &str = "entry.html";

/// What a template reads to take a briefing's rendered entry, as `b.entry`.
pub(crate) const ENTRY_FIELD: &str = "entry";

/// Says what an entry kept in the store is; raised whenever what makes one changes.
const FORMAT: u32 = 1;

thread_local! {
    /// The root of the page whose view this thread is turning into values, while it does.
    static ROOT: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Why the last entry could not be rendered, for [`prepare`] to report.
    static FAILED: RefCell<Option<Diagnostic>> = const { RefCell::new(None) };
}

/// Every briefing's entry, rendered where a page asks for it, once for each root.
pub(crate) struct Entries<'a> {
    theme: &'a Theme,
    words: &'a Words<'a>,
    /// The language of the pages and its direction, as every template gets them.
    lang: &'a str,
    dir: &'static str,
    /// Whether any template reads `.entry`; where none does, nothing is rendered.
    used: bool,
    /// Where entries are kept from one build to the next, and the digest of what every entry
    /// is made from beside its briefing and root.
    store: &'a Store,
    made_with: u64,
    /// For each briefing, each root its entry was rendered at and what came out.
    made: Vec<Mutex<Vec<Rendered>>>,
}

/// A root and a briefing's entry rendered at it.
type Rendered = (Box<str>, Box<str>);

impl std::fmt::Debug for Entries<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Entries")
    }
}

/// What `entry.html` gets: the briefing as lists show it (without its `entry`), the page's
/// root, language and direction, and the words of the interface as `t`.
#[derive(Serialize)]
struct EntryContext<'c, B: Serialize> {
    b: &'c B,
    root: &'c str,
    lang: &'c str,
    dir: &'static str,
}

impl<'a> Entries<'a> {
    pub(crate) fn new(
        theme: &'a Theme,
        words: &'a Words<'a>,
        speech: &'a crate::site::speech::Speech,
        store: &'a Store,
        briefings: usize,
    ) -> Entries<'a> {
        let (lang, dir) = (speech.tag.as_str(), speech.dir());
        Entries {
            theme,
            words,
            lang,
            dir,
            used: theme.reads_entries,
            store,
            made_with: crate::site::digest(&(
                "a briefing's entry",
                FORMAT,
                theme.templates_digest,
                words.digest,
                lang,
                dir,
            )),
            made: (0..briefings).map(|_| Mutex::new(Vec::new())).collect(),
        }
    }

    /// The entry of briefing `ix` (whose list view is `link`, with the digest `shown`) for
    /// the page being prepared on this thread; none where no page is being prepared (the
    /// entry's own context), or where no template reads it.
    pub(crate) fn at<B: Serialize>(
        &self,
        ix: BriefingIx,
        link: &B,
        shown: u64,
    ) -> Option<Result<String, Diagnostic>> {
        if !self.used {
            return None;
        }
        // Taken for the time of the rendering: `link` serialized for the entry's own
        // context then has no entry, so an entry never asks for itself.
        let root = ROOT.with_borrow_mut(Option::take)?;
        let entry = self.rendered(ix, &root, link, shown);
        ROOT.set(Some(root));
        Some(entry)
    }

    /// Keeps in the store, for later builds, every entry an earlier build rendered and this one
    /// did not need: of each briefing whose list view has the digest in `shown` (in the
    /// archive's order), at the root of each of `pages`. Nothing, where no template reads
    /// entries.
    pub(crate) fn keep_unused(&self, shown: &[u64], pages: &[Page<'_>], routes: &Routes) {
        if !self.used {
            return;
        }
        let roots: BTreeSet<String> = pages.iter().map(|page| routes.root(page)).collect();
        let keys: Vec<u64> = shown
            .par_iter()
            .flat_map_iter(|&shown| roots.iter().map(move |root| self.key(root, shown)))
            .collect();
        self.store.touch_all(&keys);
    }

    /// The key in the store of the entry, at `root`, of a briefing whose list view has the
    /// digest `shown`.
    fn key(&self, root: &str, shown: u64) -> u64 {
        crate::site::digest(&(self.made_with, root, shown))
    }

    fn rendered<B: Serialize>(
        &self,
        ix: BriefingIx,
        root: &str,
        link: &B,
        shown: u64,
    ) -> Result<String, Diagnostic> {
        let mut made = self.made[ix]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, entry)) = made.iter().find(|(at, _)| &**at == root) {
            return Ok(entry.to_string());
        }
        let key = self.key(root, shown);
        if let Some(entry) = self.store.get::<String>(key) {
            made.push((root.into(), entry.as_str().into()));
            return Ok(entry);
        }
        let context = EntryContext {
            b: link,
            root,
            lang: self.lang,
            dir: self.dir,
        };
        let values = values(&context, ENTRY_TEMPLATE, "a briefing's entry")?;
        let rendered = with_words(self.words, values, |context| {
            self.theme.render(ENTRY_TEMPLATE, context)
        })?;
        // The list puts each entry on a line of its own: the file's last line break is not
        // the entry's.
        let entry = rendered.trim_end_matches(['\n', '\r']);
        self.store.put(key, &entry);
        made.push((root.into(), entry.into()));
        Ok(entry.to_string())
    }
}

/// Serializes a link's entry as a field of `map`, where one is to be rendered; a failure is
/// kept for [`prepare`] and fails the serialization.
pub(crate) fn serialize_entry<M: serde::ser::SerializeStruct, B: Serialize>(
    map: &mut M,
    entries: &Entries<'_>,
    ix: BriefingIx,
    link: &B,
    shown: u64,
) -> Result<(), M::Error> {
    match entries.at(ix, link, shown) {
        None => map.skip_field(ENTRY_FIELD),
        Some(Ok(entry)) => map.serialize_field(ENTRY_FIELD, &entry),
        Some(Err(diagnostic)) => {
            let message = diagnostic.message.clone();
            FAILED.set(Some(diagnostic));
            Err(serde::ser::Error::custom(message))
        }
    }
}

/// The template values of a page's `context`, for a page whose way back to the site root is
/// `root`: every briefing entry in it rendered at that root. A failure names `template`, or
/// the entry's template where that is what failed.
pub(crate) fn prepare<T: Serialize>(
    root: &str,
    template: &str,
    context: &T,
) -> Result<serde_json::Map<String, serde_json::Value>, Diagnostic> {
    ROOT.set(Some(root.to_string()));
    FAILED.set(None);
    let prepared = values(context, template, "the page");
    ROOT.set(None);
    prepared.map_err(|problem| FAILED.take().unwrap_or(problem))
}

/// The template values of `context` (a struct, so an object), or what kept `what`, for
/// `template`, from being prepared.
fn values<T: Serialize>(
    context: &T,
    template: &str,
    what: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, Diagnostic> {
    match serde_json::to_value(context) {
        Ok(serde_json::Value::Object(values)) => Ok(values),
        Ok(_) => unreachable!("a template's context is a struct, so an object"),
        Err(e) => Err(Diagnostic::error(
            template,
            format!("cannot prepare {what}: {e}"),
        )),
    }
}
