//! Shared helpers of the integration tests: copy a fixture archive into a temporary folder,
//! run the real `dossier` binary on it, and read what it wrote.

/// Fails, showing the whole text, unless `$haystack` contains `$needle`.
macro_rules! assert_contains {
    ($haystack:expr, $needle:expr $(,)?) => {{
        let haystack: &str = &$haystack;
        let needle = $needle;
        assert!(
            haystack.contains(needle),
            "{needle:?} is not in:\n{haystack}"
        );
    }};
}

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture archive copied into a temporary folder, so a test may change it freely.
pub struct Archive {
    pub dir: tempfile::TempDir,
}

impl Archive {
    /// Copies `tests/fixtures/<name>` into a new temporary folder.
    pub fn fixture(name: &str) -> Archive {
        let dir = tempfile::tempdir().expect("temporary folder");
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_tree(&source, dir.path());
        Archive { dir }
    }

    /// An empty temporary folder.
    pub fn empty() -> Archive {
        Archive {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or replaces) a file of the archive, creating folders as needed.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Archive {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
        self
    }

    /// Adds lines to the archive's config.toml.
    pub fn configure(&self, lines: &str) -> &Archive {
        let path = self.root().join("config.toml");
        let config = fs::read_to_string(&path).unwrap_or_default();
        fs::write(path, format!("{config}{lines}")).unwrap();
        self
    }

    pub fn remove(&self, relative: &str) -> &Archive {
        let path = self.root().join(relative);
        if path.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
        self
    }

    /// Runs `dossier <args>` in the archive folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = dossier(self.root())
            .args(args)
            .output()
            .expect("run dossier");
        Run::from(output)
    }

    /// Builds into public/ and insists that it worked.
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert!(run.success, "build failed:\n{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        run
    }

    /// The text of a file under public/.
    pub fn page(&self, relative: &str) -> String {
        let path = self.root().join("public").join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Every file under `dir` (relative to the archive), with its bytes.
    pub fn tree(&self, dir: &str) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        collect(&self.root().join(dir), Path::new(""), &mut files);
        files
    }
}

/// What a run of the binary printed and how it ended.
pub struct Run {
    pub success: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            success: output.status.success(),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// The `dossier` binary under test, to run in `dir`, printing without colour. Every test
/// starts the binary through this.
pub fn dossier(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command.current_dir(dir).env("NO_COLOR", "1");
    command
}

/// Copies the folder `from`, with everything in it, to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn collect(dir: &Path, relative: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let entry = entry.unwrap();
        let child = relative.join(entry.file_name());
        let file_type = entry.file_type().unwrap();
        if file_type.is_symlink() {
            // A link is recorded by where it leads, never followed.
            let target = fs::read_link(entry.path()).unwrap();
            files.insert(child, target.into_os_string().into_encoded_bytes());
        } else if file_type.is_dir() {
            collect(&entry.path(), &child, files);
        } else {
            files.insert(child, fs::read(entry.path()).unwrap());
        }
    }
}

/// A PNG image of `width` × `height` pixels, a gradient that differs with `seed`.
pub fn png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x % 251) as u8 ^ seed,
            (y % 241) as u8,
            ((x + y) % 239) as u8,
        ])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// The width and height of the image in `bytes`.
pub fn image_size(bytes: &[u8]) -> (u32, u32) {
    let image = image::load_from_memory(bytes).unwrap();
    (image.width(), image.height())
}

/// The `href` values of a page, in order.
pub fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}
