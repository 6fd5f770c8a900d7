//! Digests: the one hash every digest of a build is made with (of a text, a page's view, the
//! archive's structure). It is xxh3, which takes the many small pieces a view is hashed in at
//! the cost of a copy each, where SipHash, the standard library's, mixes each one. A digest
//! only has to be the same within one binary: a build by any other throws the cache away.

use std::hash::{Hash, Hasher};

/// A hasher for digests, to feed piece by piece.
pub(crate) fn hasher() -> impl Hasher {
    xxhash_rust::xxh3::Xxh3Default::new()
}

/// The digest of `value`: equal digests, equal values.
pub(crate) fn of(value: &(impl Hash + ?Sized)) -> u64 {
    let mut hasher = hasher();
    value.hash(&mut hasher);
    hasher.finish()
}
