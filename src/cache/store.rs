//! The store: what a build made from one briefing and a later build may use again (a body
//! rendered, a briefing's record in the data export), kept under the digest of everything it
//! was made from. Entries go into one pack file, `store/pack`, appended to, each with its
//! checksum; the index, `store/index` (a cache file), says where each lies. An entry that is
//! missing or whose checksum fails is simply made again.
//!
//! Builds into several output folders share the store (a lock keeps their saves apart), so an
//! entry stays while any of them used it in the last [`KEEP_SAVES`] saves; when more than half
//! the pack is entries no one keeps, the pack is written anew with the others.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::file;

/// How many saves an entry no build uses stays in the store.
const KEEP_SAVES: u64 = 8;

/// Where an entry lies in the pack, and when a build last used it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Entry {
    offset: u64,
    len: u32,
    crc: u32,
    /// The save that last used it.
    used: u64,
}

/// The index of the pack.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    /// How many saves there were.
    saves: u64,
    entries: HashMap<u64, Entry>,
    /// The length of the pack that the entries account for.
    length: u64,
}

/// The entries of the store, as a build reads and adds them.
pub(crate) struct Store {
    dir: PathBuf,
    program: String,
    index: Index,
    pack: Option<File>,
    /// Entries made by this build, not yet in the pack.
    made: Mutex<Vec<(u64, Vec<u8>)>>,
    /// The entries this build used.
    used: Mutex<HashSet<u64>>,
}

fn config() -> impl bincode::config::Config {
    bincode::config::standard()
}

impl Store {
    /// Opens the store in `dir` for the program `program`; an unusable one is empty.
    pub(crate) fn open(dir: &Path, program: &str) -> Store {
        // An index that cannot be used leaves the store empty: everything is made again.
        let index = file::read::<Index>(&dir.join("index"), program).unwrap_or_default();
        let pack = File::open(dir.join("pack")).ok();
        Store {
            dir: dir.to_path_buf(),
            program: program.to_string(),
            index,
            pack,
            made: Mutex::default(),
            used: Mutex::default(),
        }
    }

    /// The entry kept under `key`, if there is a whole one.
    pub(crate) fn get<T: DeserializeOwned>(&self, key: u64) -> Option<T> {
        let entry = self.index.entries.get(&key)?;
        let pack = self.pack.as_ref()?;
        let mut bytes = vec![0; entry.len as usize];
        read_at(pack, &mut bytes, entry.offset).ok()?;
        if crc32fast::hash(&bytes) != entry.crc {
            return None;
        }
        let (value, _) = bincode::serde::decode_from_slice(&bytes, config()).ok()?;
        lock(&self.used).insert(key);
        Some(value)
    }

    /// Notes that the entry under `key` is still wanted, though this build did not take it (what
    /// it was made for was kept), so the store keeps it.
    pub(crate) fn touch(&self, key: u64) {
        if self.index.entries.contains_key(&key) {
            lock(&self.used).insert(key);
        }
    }

    /// Keeps `value` under `key`, for later builds.
    pub(crate) fn put<T: Serialize>(&self, key: u64, value: &T) {
        if let Ok(bytes) = bincode::serde::encode_to_vec(value, config()) {
            lock(&self.used).insert(key);
            lock(&self.made).push((key, bytes));
        }
    }

    /// Appends what this build made to the pack and writes the index, merged with what other
    /// builds saved meanwhile. A store that cannot be saved only costs the next build its
    /// shortcut, so the caller may ignore the error.
    pub(crate) fn save(self) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let lock_file = File::create(self.dir.join("lock"))?;
        lock_file.lock()?;
        let index_path = self.dir.join("index");
        let pack_path = self.dir.join("pack");
        // What is on disk now: this build's opening index, or a newer one.
        let mut index = file::read::<Index>(&index_path, &self.program).unwrap_or_default();
        let mut pack = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&pack_path)?;
        let length = pack.metadata()?.len();
        if length != index.length {
            // Entries past what the index knows are a save cut short: they are left unread.
            index.length = length;
        }
        index.saves += 1;
        let save = index.saves;
        let made = std::mem::take(&mut *lock(&self.made));
        let mut buffer = Vec::new();
        for (key, bytes) in made {
            if index.entries.contains_key(&key) {
                continue;
            }
            let entry = Entry {
                offset: index.length + buffer.len() as u64,
                len: bytes.len() as u32,
                crc: crc32fast::hash(&bytes),
                used: save,
            };
            buffer.extend_from_slice(&bytes);
            index.entries.insert(key, entry);
        }
        pack.write_all(&buffer)?;
        pack.flush()?;
        index.length += buffer.len() as u64;
        for key in lock(&self.used).iter() {
            if let Some(entry) = index.entries.get_mut(key) {
                entry.used = save;
            }
        }
        index
            .entries
            .retain(|_, entry| entry.used + KEEP_SAVES > save);
        let live: u64 = index.entries.values().map(|e| u64::from(e.len)).sum();
        if live * 2 < index.length {
            compact(&mut index, &pack_path, &self.dir)?;
        }
        file::write(&index_path, &self.program, &index)
    }
}

/// Writes the pack anew with only the entries of `index`, and points them at their new places.
fn compact(index: &mut Index, pack_path: &Path, dir: &Path) -> std::io::Result<()> {
    let old = File::open(pack_path)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    let mut offset = 0u64;
    let mut keys: Vec<u64> = index.entries.keys().copied().collect();
    keys.sort_by_key(|k| index.entries[k].offset);
    for key in keys {
        let entry = index.entries.get_mut(&key).expect("a key of the index");
        let mut bytes = vec![0; entry.len as usize];
        read_at(&old, &mut bytes, entry.offset)?;
        temp.write_all(&bytes)?;
        entry.offset = offset;
        offset += u64::from(entry.len);
    }
    temp.flush()?;
    temp.persist(pack_path).map_err(|e| e.error)?;
    index.length = offset;
    Ok(())
}

#[cfg(unix)]
fn read_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(not(unix))]
fn read_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::windows::fs::FileExt::seek_read(file, buffer, offset).map(|_| ())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_and_a_damaged_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "p");
        store.put(1, &"one".to_string());
        store.put(2, &vec![2u32; 100]);
        store.save().unwrap();
        let store = Store::open(dir.path(), "p");
        assert_eq!(store.get::<String>(1).as_deref(), Some("one"));
        assert_eq!(store.get::<Vec<u32>>(2).unwrap().len(), 100);
        assert_eq!(store.get::<String>(3), None);
        // Another build of the program starts afresh.
        assert!(Store::open(dir.path(), "q").get::<String>(1).is_none());
        // A damaged entry is not used.
        let pack = dir.path().join("pack");
        let mut bytes = fs::read(&pack).unwrap();
        bytes[1] ^= 0xff;
        fs::write(&pack, bytes).unwrap();
        assert_eq!(Store::open(dir.path(), "p").get::<String>(1), None);
    }

    #[test]
    fn unused_entries_go_and_the_pack_is_written_anew() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "p");
        for key in 0..100u64 {
            store.put(key, &vec![key; 50]);
        }
        store.save().unwrap();
        let full = fs::metadata(dir.path().join("pack")).unwrap().len();
        for _ in 0..KEEP_SAVES {
            let store = Store::open(dir.path(), "p");
            assert!(store.get::<Vec<u64>>(7).is_some());
            store.save().unwrap();
        }
        let store = Store::open(dir.path(), "p");
        assert_eq!(store.get::<Vec<u64>>(7).unwrap(), vec![7; 50]);
        assert_eq!(store.get::<Vec<u64>>(8), None);
        assert!(fs::metadata(dir.path().join("pack")).unwrap().len() < full / 10);
    }
}
