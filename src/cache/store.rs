//! The store: what a build made from one briefing and a later build may use again (a body
//! rendered, a briefing's record in the data export), kept under the digest of everything it
//! was made from. An entry that is missing or whose checksum fails is simply made again.
//!
//! A build streams the entries it makes into a segment file of its own, so it never holds them
//! all in memory; when it ends, it adds the segment to the store and writes the index
//! (`store/index`, a cache file) that says where each entry lies. Builds into several output
//! folders share the store, and a lock keeps their saves apart: an entry stays while any build
//! used it in the last [`KEEP_SAVES`] saves. A segment more than half of whose bytes are entries
//! no one keeps is given up, its live entries written into a new segment with those of every
//! other such segment and of the small ones: what a save copies is in proportion to what went
//! out of use, never the whole store.

use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::file;

/// How many saves an entry no build uses stays in the store.
const KEEP_SAVES: u64 = 8;
/// A segment smaller than this share of the store is copied with the segments given up.
const SMALL_SEGMENT: u64 = 16;
/// A segment still being written that is older than this was left by a build that was killed.
const ABANDONED: Duration = Duration::from_secs(24 * 60 * 60);
/// The name of the segments the store keeps starts with this.
const SEGMENT: &str = "segment-";
/// The name of a segment being written starts with this.
const WRITING: &str = ".writing-";

/// Where an entry lies, and when a build last used it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Entry {
    segment: u64,
    offset: u64,
    len: u32,
    crc: u32,
    /// The save that last used it.
    used: u64,
}

/// The index of the store.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    /// How many saves there were; each segment is named by the save that added it.
    saves: u64,
    entries: FxHashMap<u64, Entry>,
    /// The length of each segment.
    segments: HashMap<u64, u64>,
}

/// This build's segment, as it is written.
struct Writing {
    file: BufWriter<tempfile::NamedTempFile>,
    length: u64,
    /// The entries it holds: key, offset, length and checksum.
    entries: Vec<(u64, u64, u32, u32)>,
    /// Where each key's entry is in `entries`.
    places: FxHashMap<u64, usize>,
}

/// The entries of the store, as one build reads and adds them.
pub(crate) struct Store {
    dir: PathBuf,
    program: String,
    index: Index,
    /// Each segment, opened when an entry is first read from it, and its length then.
    readers: Mutex<HashMap<u64, (std::sync::Arc<File>, u64)>>,
    writing: Mutex<Option<Writing>>,
    /// The entries of the index this build used.
    used: Mutex<Vec<u64>>,
    /// Whether a segment could not be started: nothing more is written.
    broken: OnceLock<()>,
}

/// The value an entry's bytes hold, if their checksum is `crc`.
fn checked<T: DeserializeOwned>(bytes: &[u8], crc: u32) -> Option<T> {
    if crc32fast::hash(bytes) != crc {
        return None;
    }
    let (value, _) = bincode::serde::decode_from_slice(bytes, config()).ok()?;
    Some(value)
}

fn config() -> impl bincode::config::Config {
    bincode::config::standard()
}

impl Store {
    /// Opens the store in `dir` for the program `program`; one that cannot be used is empty.
    pub(crate) fn open(dir: &Path, program: &str) -> Store {
        let index = file::read::<Index>(&dir.join("index"), program).unwrap_or_default();
        Store {
            dir: dir.to_path_buf(),
            program: program.to_string(),
            index,
            readers: Mutex::default(),
            writing: Mutex::default(),
            used: Mutex::default(),
            broken: OnceLock::new(),
        }
    }

    /// The entry kept under `key`, if there is a whole one: kept by an earlier build, or put by
    /// this one.
    pub(crate) fn get<T: DeserializeOwned>(&self, key: u64) -> Option<T> {
        let Some(entry) = self.index.entries.get(&key) else {
            return self.get_written(key);
        };
        let reader = self.reader(entry.segment)?;
        let mut bytes = vec![0; entry.len as usize];
        read_at(&reader, &mut bytes, entry.offset).ok()?;
        let value = checked(&bytes, entry.crc)?;
        lock(&self.used).push(key);
        Some(value)
    }

    /// The entry this build put under `key`, read back from its segment.
    fn get_written<T: DeserializeOwned>(&self, key: u64) -> Option<T> {
        let mut writing = lock(&self.writing);
        let segment = writing.as_mut()?;
        let &(_, offset, len, crc) = segment.entries.get(*segment.places.get(&key)?)?;
        segment.file.flush().ok()?;
        let mut bytes = vec![0; len as usize];
        read_at(segment.file.get_ref().as_file(), &mut bytes, offset).ok()?;
        drop(writing);
        checked(&bytes, crc)
    }

    /// Notes that the entry under `key` is still wanted, though this build did not take it (what
    /// it was made for was kept), so the store keeps it.
    pub(crate) fn touch(&self, key: u64) {
        if self.index.entries.contains_key(&key) {
            lock(&self.used).push(key);
        }
    }

    /// Notes that each entry under `keys` that the store has is still wanted, as
    /// [`Store::touch`] does one.
    pub(crate) fn touch_all(&self, keys: &[u64]) {
        let kept: Vec<u64> = keys
            .iter()
            .copied()
            .filter(|key| self.index.entries.contains_key(key))
            .collect();
        lock(&self.used).extend(kept);
    }

    /// Whether the store holds the whole of an entry under `key`, which this build can take
    /// later (its segment is open, so no other build's save takes it away); the store keeps it.
    /// Only its checksum is left to fail, when it is taken.
    pub(crate) fn holds(&self, key: u64) -> bool {
        let Some(entry) = self.index.entries.get(&key) else {
            return false;
        };
        let Some((_, length)) = self.segment(entry.segment) else {
            return false;
        };
        let whole = entry.offset + u64::from(entry.len) <= length;
        if whole {
            lock(&self.used).push(key);
        }
        whole
    }

    fn reader(&self, segment: u64) -> Option<std::sync::Arc<File>> {
        self.segment(segment).map(|(file, _)| file)
    }

    /// The segment, opened, and its length when it was opened.
    fn segment(&self, segment: u64) -> Option<(std::sync::Arc<File>, u64)> {
        let mut readers = lock(&self.readers);
        if let Some(reader) = readers.get(&segment) {
            return Some(reader.clone());
        }
        let file = File::open(self.segment_path(segment)).ok()?;
        let length = file.metadata().ok()?.len();
        let opened = (std::sync::Arc::new(file), length);
        readers.insert(segment, opened.clone());
        Some(opened)
    }

    fn segment_path(&self, segment: u64) -> PathBuf {
        self.dir.join(format!("{SEGMENT}{segment}"))
    }

    /// Keeps `value` under `key`, for later builds and for this one; whether it could. A store
    /// that cannot be written only costs later builds their shortcut, so failures are let go.
    pub(crate) fn put<T: Serialize>(&self, key: u64, value: &T) -> bool {
        if self.broken.get().is_some() {
            return false;
        }
        let Ok(bytes) = bincode::serde::encode_to_vec(value, config()) else {
            return false;
        };
        let mut writing = lock(&self.writing);
        if writing.is_none() {
            match self.start_segment() {
                Ok(segment) => *writing = Some(segment),
                Err(_) => {
                    let _ = self.broken.set(());
                    return false;
                }
            }
        }
        let Some(segment) = writing.as_mut() else {
            return false;
        };
        let Ok(len) = u32::try_from(bytes.len()) else {
            return false;
        };
        if segment.file.write_all(&bytes).is_err() {
            let _ = self.broken.set(());
            *writing = None;
            return false;
        }
        segment.places.insert(key, segment.entries.len());
        segment
            .entries
            .push((key, segment.length, len, crc32fast::hash(&bytes)));
        segment.length += u64::from(len);
        true
    }

    fn start_segment(&self) -> std::io::Result<Writing> {
        fs::create_dir_all(&self.dir)?;
        let file = tempfile::Builder::new()
            .prefix(WRITING)
            .tempfile_in(&self.dir)?;
        Ok(Writing {
            file: BufWriter::new(file),
            length: 0,
            entries: Vec::new(),
            places: FxHashMap::default(),
        })
    }

    /// Adds this build's segment to the store and writes the index, merged with what other
    /// builds saved meanwhile. A store that cannot be saved only costs the next build its
    /// shortcut, so the caller may let the error go.
    pub(crate) fn save(self) -> std::io::Result<()> {
        let writing = lock(&self.writing).take();
        let used = std::mem::take(&mut *lock(&self.used));
        if writing.is_none() && used.is_empty() {
            return Ok(());
        }
        fs::create_dir_all(&self.dir)?;
        let lock_file = File::create(self.dir.join("lock"))?;
        lock_file.lock()?;
        let index_path = self.dir.join("index");
        // What is on disk now: this build's opening index, or a newer one.
        let mut index = file::read::<Index>(&index_path, &self.program).unwrap_or_default();
        index.saves += 1;
        let save = index.saves;
        if let Some(writing) = writing.filter(|w| !w.entries.is_empty()) {
            let file = writing.file.into_inner().map_err(|e| e.into_error())?;
            file.as_file().sync_data()?;
            file.persist(self.segment_path(save)).map_err(|e| e.error)?;
            index.segments.insert(save, writing.length);
            // What this build made replaces what the index had (which it could not use).
            for (key, offset, len, crc) in writing.entries {
                index.entries.insert(
                    key,
                    Entry {
                        segment: save,
                        offset,
                        len,
                        crc,
                        used: save,
                    },
                );
            }
        }
        for key in used {
            if let Some(entry) = index.entries.get_mut(&key) {
                entry.used = save;
            }
        }
        index
            .entries
            .retain(|_, entry| entry.used + KEEP_SAVES > save);
        self.compact(&mut index, save)?;
        file::write(&index_path, &self.program, &index)?;
        self.remove_leftovers(&index);
        Ok(())
    }

    /// Gives up the segments more than half of whose bytes no entry uses, writing their live
    /// entries into one new segment.
    fn compact(&self, index: &mut Index, save: u64) -> std::io::Result<()> {
        let mut live: HashMap<u64, u64> = HashMap::new();
        for entry in index.entries.values() {
            *live.entry(entry.segment).or_default() += u64::from(entry.len);
        }
        let sparse: Vec<u64> = index
            .segments
            .iter()
            .filter(|&(number, &length)| {
                let live = live.get(number).copied().unwrap_or(0);
                live == 0 || live * 2 < length
            })
            .map(|(&number, _)| number)
            .collect();
        if sparse.is_empty() {
            return Ok(());
        }
        // Small segments go with them, so the segments that compactions write do not pile up;
        // not the one this save just added, all of which is in use.
        let total: u64 = index.segments.values().sum();
        let small = index
            .segments
            .iter()
            .filter(|&(&number, &length)| {
                length * SMALL_SEGMENT < total && number != save && !sparse.contains(&number)
            })
            .map(|(&number, _)| number)
            .collect::<Vec<_>>();
        let sparse: Vec<u64> = sparse.into_iter().chain(small).collect();
        let mut keys: Vec<u64> = index
            .entries
            .iter()
            .filter(|(_, entry)| sparse.contains(&entry.segment))
            .map(|(&key, _)| key)
            .collect();
        for number in &sparse {
            index.segments.remove(number);
        }
        if keys.is_empty() {
            return Ok(());
        }
        let target = self.dir.join(format!("{WRITING}compact-{save}"));
        let mut out = BufWriter::new(File::create(&target)?);
        let mut offset = 0u64;
        keys.sort_by_key(|k| (index.entries[k].segment, index.entries[k].offset));
        let mut readers: HashMap<u64, File> = HashMap::new();
        for key in keys {
            let entry = index.entries[&key];
            let reader = match readers.entry(entry.segment) {
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(File::open(self.segment_path(entry.segment))?)
                }
            };
            let mut bytes = vec![0; entry.len as usize];
            read_at(reader, &mut bytes, entry.offset)?;
            out.write_all(&bytes)?;
            index.entries.insert(
                key,
                Entry {
                    segment: save + 1,
                    offset,
                    ..entry
                },
            );
            offset += u64::from(entry.len);
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_data()?;
        // The compacted segment takes the next number, which no save has used yet.
        index.saves = save + 1;
        fs::rename(&target, self.segment_path(save + 1))?;
        index.segments.insert(save + 1, offset);
        Ok(())
    }

    /// Removes the segments the index no longer names, and segments a killed build left.
    fn remove_leftovers(&self, index: &Index) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = if let Some(number) = name.strip_prefix(SEGMENT) {
                number
                    .parse::<u64>()
                    .is_ok_and(|n| !index.segments.contains_key(&n))
            } else {
                name.starts_with(WRITING)
                    && entry
                        .metadata()
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age > ABANDONED)
            };
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
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
        let segment = dir.path().join("segment-1");
        let mut bytes = fs::read(&segment).unwrap();
        bytes[1] ^= 0xff;
        fs::write(&segment, bytes).unwrap();
        assert_eq!(Store::open(dir.path(), "p").get::<String>(1), None);
    }

    #[test]
    fn two_builds_save_into_one_store() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (Store::open(dir.path(), "p"), Store::open(dir.path(), "p"));
        a.put(1, &"a".to_string());
        b.put(2, &"b".to_string());
        a.save().unwrap();
        b.save().unwrap();
        let store = Store::open(dir.path(), "p");
        assert_eq!(store.get::<String>(1).as_deref(), Some("a"));
        assert_eq!(store.get::<String>(2).as_deref(), Some("b"));
    }

    /// Saves a store of 100 entries of 50 numbers each in `dir`.
    fn fill(dir: &Path) {
        let store = Store::open(dir, "p");
        for key in 0..100u64 {
            store.put(key, &vec![key; 50]);
        }
        store.save().unwrap();
    }

    #[test]
    fn unused_entries_go_and_the_segments_are_written_anew() {
        let dir = tempfile::tempdir().unwrap();
        fill(dir.path());
        for _ in 0..KEEP_SAVES {
            let store = Store::open(dir.path(), "p");
            assert!(store.get::<Vec<u64>>(7).is_some());
            store.save().unwrap();
        }
        let store = Store::open(dir.path(), "p");
        assert_eq!(store.get::<Vec<u64>>(7).unwrap(), vec![7; 50]);
        assert_eq!(store.get::<Vec<u64>>(8), None);
        let segments = segments(dir.path());
        assert_eq!(segments.len(), 1, "{segments:?}");
        let size = fs::metadata(dir.path().join(&segments[0])).unwrap().len();
        assert!(size < 1000, "{size}");
    }

    /// The names of the store's segments, sorted.
    fn segments(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(SEGMENT))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_segment_a_save_adds_is_never_copied_by_that_save() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "p");
        store.put(1, &vec![1u64; 20_000]);
        store.put(2, &vec![2u64; 50]);
        store.save().unwrap();
        // The large entry is replaced by a small one: the first segment is mostly out of use
        // and goes, while the second, small as it is, stays where this save wrote it.
        let store = Store::open(dir.path(), "p");
        store.put(1, &vec![3u64; 10]);
        store.touch(2);
        store.save().unwrap();
        assert_eq!(segments(dir.path()), ["segment-2", "segment-3"]);
        let store = Store::open(dir.path(), "p");
        assert_eq!(store.get::<Vec<u64>>(1).unwrap(), vec![3; 10]);
        assert_eq!(store.get::<Vec<u64>>(2).unwrap(), vec![2; 50]);
    }

    #[test]
    fn a_segment_still_mostly_used_stays_as_it_is_while_others_are_given_up() {
        let dir = tempfile::tempdir().unwrap();
        fill(dir.path());
        let first = segments(dir.path());
        // Each later save adds a large entry that the next one replaces, and one small entry
        // that stays in use, as a build after an edit does.
        for save in 1..=3 * KEEP_SAVES {
            let store = Store::open(dir.path(), "p");
            for key in 0..100u64 {
                store.touch(key);
            }
            for small in 1000..1000 + save {
                store.touch(small);
            }
            store.put(1000 + save, &vec![save; 10]);
            store.put(5000 + save, &vec![save; 5000]);
            store.save().unwrap();
        }
        let now = segments(dir.path());
        assert!(now.contains(&first[0]), "{first:?} {now:?}");
        assert!(now.len() <= KEEP_SAVES as usize + 2, "{now:?}");
        let store = Store::open(dir.path(), "p");
        for key in 0..100u64 {
            assert_eq!(store.get::<Vec<u64>>(key).unwrap(), vec![key; 50]);
        }
        for save in 1..=3 * KEEP_SAVES {
            assert_eq!(store.get::<Vec<u64>>(1000 + save).unwrap(), vec![save; 10]);
        }
        assert_eq!(store.get::<Vec<u64>>(5001), None);
        let total: u64 = now
            .iter()
            .map(|n| fs::metadata(dir.path().join(n)).unwrap().len())
            .sum();
        assert!(total < 20 * 5000 * 8, "{total}");
    }
}
