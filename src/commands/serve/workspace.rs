//! The private folder a server builds into: a new temporary folder for each run, holding the id
//! of the process that owns it. Ctrl+C ends a server before it can remove its folder, so each
//! run first removes the folders of servers that are gone (where that can be told: Linux).

use std::fs;
use std::path::Path;

use tempfile::TempDir;

use crate::error::Error;

const PREFIX: &str = "dossier-serve-";
const OWNER: &str = "server.pid";

/// Creates this server's folder, after removing those of servers that are gone.
pub(super) fn create() -> Result<TempDir, Error> {
    let temp = std::env::temp_dir();
    remove_abandoned(&temp);
    let dir = tempfile::Builder::new()
        .prefix(PREFIX)
        .tempdir_in(&temp)
        .map_err(|e| Error::output("create a folder in", &temp, e))?;
    let owner = dir.path().join(OWNER);
    fs::write(&owner, std::process::id().to_string())
        .map_err(|e| Error::output("write", &owner, e))?;
    Ok(dir)
}

/// Removes the folders in `temp` whose owner process no longer runs. Folders without a
/// readable owner file (being created, or another user's) are left alone.
fn remove_abandoned(temp: &Path) {
    let Ok(entries) = fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let owner = fs::read_to_string(entry.path().join(OWNER));
        let Some(pid) = owner.ok().and_then(|text| text.trim().parse::<u32>().ok()) else {
            continue;
        };
        if !running(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn running(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn running(_pid: u32) -> bool {
    true
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn removes_only_the_folders_of_servers_that_are_gone() {
        let temp = tempfile::tempdir().unwrap();
        let gone = temp.path().join("dossier-serve-gone");
        let alive = temp.path().join("dossier-serve-alive");
        let unknown = temp.path().join("dossier-serve-unknown");
        for dir in [&gone, &alive, &unknown] {
            fs::create_dir(dir).unwrap();
        }
        // Pids are below 2^22 on Linux, so this one runs nowhere.
        fs::write(gone.join(OWNER), "4294967295").unwrap();
        fs::write(alive.join(OWNER), std::process::id().to_string()).unwrap();
        remove_abandoned(temp.path());
        assert!(!gone.exists());
        assert!(alive.exists());
        assert!(unknown.exists());
    }
}
