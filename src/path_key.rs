//! Paths as the keys of the maps a build fills by the thousand (every file of the output, every
//! folder it needs): hashed and compared as their bytes. `Path`'s own hash and equality walk the
//! path a component at a time, to hold `a//b` and `a/./b` equal to `a/b`; every path put in
//! these maps is made by dossier in one form (from the routes, from a walk, from a record of
//! either), so its bytes alone tell it.

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A path as a key. It is written and read as the path it holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct PathKey(PathBuf);

/// The bytes a path is known by in a map of [`PathKey`]s: what `get` and `contains_key` take.
pub(crate) fn bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

impl PathKey {
    pub(crate) fn as_path(&self) -> &Path {
        &self.0
    }

    pub(crate) fn into_path_buf(self) -> PathBuf {
        self.0
    }
}

impl From<PathBuf> for PathKey {
    fn from(path: PathBuf) -> PathKey {
        PathKey(path)
    }
}

impl From<&Path> for PathKey {
    fn from(path: &Path) -> PathKey {
        PathKey(path.to_path_buf())
    }
}

impl PartialEq for PathKey {
    fn eq(&self, other: &PathKey) -> bool {
        bytes(&self.0) == bytes(&other.0)
    }
}

impl Eq for PathKey {}

/// As the bytes hash, so that a map of keys can be asked with [`bytes`].
impl Hash for PathKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        bytes(&self.0).hash(state);
    }
}

impl Borrow<[u8]> for PathKey {
    fn borrow(&self) -> &[u8] {
        bytes(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    #[test]
    fn a_key_is_found_by_the_bytes_of_its_path() {
        let mut map: FxHashMap<PathKey, u32> = FxHashMap::default();
        map.insert(PathKey::from(Path::new("briefings/doha/index.html")), 1);
        map.insert(PathKey::from(PathBuf::from("briefings/doha")), 2);
        assert_eq!(
            map.get(bytes(Path::new("briefings/doha/index.html"))),
            Some(&1)
        );
        assert_eq!(map.get(bytes(Path::new("briefings/doha"))), Some(&2));
        assert_eq!(map.get(bytes(Path::new("briefings"))), None);
        // The one form dossier makes is the one found.
        assert_eq!(map.get(bytes(Path::new("briefings//doha"))), None);
    }

    #[test]
    fn a_key_reads_and_writes_as_its_path() {
        let key = PathKey::from(Path::new("tags/ceasefire/index.html"));
        let json = serde_json::to_string(&key).unwrap();
        assert_eq!(json, "\"tags/ceasefire/index.html\"");
        let back: PathKey = serde_json::from_str(&json).unwrap();
        assert_eq!(back, key);
        assert_eq!(back.as_path(), Path::new("tags/ceasefire/index.html"));
    }
}
