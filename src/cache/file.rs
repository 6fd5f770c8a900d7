//! One cache file: a header that names the format and the program that wrote it, the value
//! (bincode), and a checksum over all of it. A file that is missing, cut short, damaged, of
//! another format or of another build of the program is told apart from a good one, and says
//! why in one line; it is written to a temporary file renamed over the old one, so a build
//! killed while writing it leaves the old file or the new, never half of one.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The first bytes of every cache file.
const MAGIC: &[u8; 8] = b"dossier\x01";
/// The layout of cache files; a file of another layout is not read.
pub(crate) const FORMAT: u32 = 1;

/// Why a cache file cannot be used.
#[derive(Debug)]
pub(crate) enum Unusable {
    Missing,
    Unreadable(std::io::Error),
    /// Not a cache file of dossier's.
    Foreign,
    /// Written in another layout.
    OtherFormat(u32),
    /// Written by another build of dossier.
    OtherProgram,
    /// Cut short or damaged.
    Damaged,
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unusable::Missing => write!(f, "there is none yet"),
            Unusable::Unreadable(e) => write!(f, "it cannot be read ({e})"),
            Unusable::Foreign => write!(f, "it is not a cache file of dossier's"),
            Unusable::OtherFormat(n) => write!(f, "it is of another format ({n}, not {FORMAT})"),
            Unusable::OtherProgram => write!(f, "another build of dossier wrote it"),
            Unusable::Damaged => write!(f, "it is damaged or cut short"),
        }
    }
}

fn bincode_config() -> impl bincode::config::Config {
    bincode::config::standard()
}

/// Reads the value of the cache file at `path`, written by the program `program`.
pub(crate) fn read<T: DeserializeOwned>(path: &Path, program: &str) -> Result<T, Unusable> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Unusable::Missing),
        Err(e) => return Err(Unusable::Unreadable(e)),
    };
    decode(&bytes, program)
}

fn decode<T: DeserializeOwned>(bytes: &[u8], program: &str) -> Result<T, Unusable> {
    let body = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or(Unusable::Foreign)?;
    if body.len() < 8 {
        return Err(Unusable::Damaged);
    }
    let format = u32::from_le_bytes(body[..4].try_into().map_err(|_| Unusable::Damaged)?);
    if format != FORMAT {
        return Err(Unusable::OtherFormat(format));
    }
    let (content, sum) = bytes.split_at(bytes.len() - 4);
    let sum = u32::from_le_bytes(sum.try_into().map_err(|_| Unusable::Damaged)?);
    if crc32fast::hash(content) != sum {
        return Err(Unusable::Damaged);
    }
    let content = &content[MAGIC.len() + 4..];
    let (written_by, rest): (String, usize) =
        bincode::serde::decode_from_slice(content, bincode_config())
            .map_err(|_| Unusable::Damaged)?;
    if written_by != program {
        return Err(Unusable::OtherProgram);
    }
    let (value, used): (T, usize) =
        bincode::serde::decode_from_slice(&content[rest..], bincode_config())
            .map_err(|_| Unusable::Damaged)?;
    if rest + used != content.len() {
        return Err(Unusable::Damaged);
    }
    Ok(value)
}

/// Writes `value` to the cache file at `path`, for the program `program`.
pub(crate) fn write<T: Serialize>(path: &Path, program: &str, value: &T) -> std::io::Result<()> {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bincode::serde::encode_into_std_write(program, &mut bytes, bincode_config())
        .map_err(std::io::Error::other)?;
    bincode::serde::encode_into_std_write(value, &mut bytes, bincode_config())
        .map_err(std::io::Error::other)?;
    let sum = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(&bytes)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reads_back_and_every_fault_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.bin");
        assert!(matches!(read::<u64>(&path, "p"), Err(Unusable::Missing)));
        write(&path, "p", &vec![1u64, 2, 3]).unwrap();
        assert_eq!(read::<Vec<u64>>(&path, "p").unwrap(), [1, 2, 3]);
        assert!(matches!(
            read::<Vec<u64>>(&path, "q"),
            Err(Unusable::OtherProgram)
        ));
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert!(matches!(
            read::<Vec<u64>>(&path, "p"),
            Err(Unusable::Damaged)
        ));
        let mut flipped = bytes.clone();
        flipped[20] ^= 1;
        fs::write(&path, &flipped).unwrap();
        assert!(matches!(
            read::<Vec<u64>>(&path, "p"),
            Err(Unusable::Damaged)
        ));
        let mut other = bytes.clone();
        other[8] = 9;
        fs::write(&path, &other).unwrap();
        assert!(matches!(
            read::<Vec<u64>>(&path, "p"),
            Err(Unusable::OtherFormat(_))
        ));
        fs::write(&path, b"{\"json\": true}").unwrap();
        assert!(matches!(
            read::<Vec<u64>>(&path, "p"),
            Err(Unusable::Foreign)
        ));
    }
}
