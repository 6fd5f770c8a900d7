//! The files the archive publishes as they are: the attachments of bundles and the files of
//! static/. This stage, between the model and the Markdown, learns what each is (a digest of
//! its bytes, and the size of an image), and later makes the smaller web sizes of large images.
//!
//! Reading files costs, so what it learns of a file is kept in the store under the file's
//! path, size and modification time: a later build reads an unchanged file not even once
//! (unless its copy must be written again). Web sizes are kept in the store under the digest
//! of the image, their width and the encoder's settings, so a rebuild never resizes an image
//! twice.
//!
//! - `types`: media types and labels, from names;
//! - `images`: raster images (the `image` crate): their size, and resizing;
//! - `svg`: the size of SVG images.

mod images;
mod svg;
mod types;

use std::hash::Hash;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub(crate) use types::{file_counts, kind, size_label};

use crate::cache::Store;
use crate::error::Diagnostic;
use crate::load::{self, Asset};
use crate::model::{Archive, Attachment, Picture};

/// The width of the pages' text column, in CSS pixels: the default theme's `--measure`, 44rem
/// of 16 pixels. Images wider than this get web sizes.
pub(crate) const COLUMN: u32 = 704;
/// The widths of an image's web sizes, in pixels: a little over the column on ordinary screens
/// and on screens of twice the density. An image gets each one it is wider than.
pub(crate) const WEB_WIDTHS: [u32; 2] = [800, 1600];
/// The `sizes` attribute of an image with web sizes: the whole window up to the column's
/// width, the column's width above it.
pub(crate) const SIZES: &str = "(max-width: 44rem) 100vw, 44rem";

/// The layout of what the store keeps, and the settings of the resizing and encoders: a change
/// to either makes every entry new.
const FORMAT: u32 = 1;

/// The widths of the web sizes of an image: none for an image no wider than the column or one
/// kept only as it is (GIF, SVG), and never one as wide as the image or wider.
pub(crate) fn web_widths(picture: &Picture) -> Vec<u32> {
    if picture.resized_as.is_none() || picture.width <= COLUMN {
        return Vec::new();
    }
    WEB_WIDTHS
        .into_iter()
        .filter(|&w| w < picture.width)
        .collect()
}

/// The digest of the web size `width` pixels wide of an image whose bytes have `digest`: what
/// it is made from, and the key it is kept under in the store.
pub(crate) fn web_size_digest(attachment: &Attachment, width: u32) -> u64 {
    hash(&(
        "web size",
        FORMAT,
        attachment.digest,
        width,
        attachment.image,
    ))
}

fn hash(value: &impl Hash) -> u64 {
    crate::digest::of(value)
}

/// What a build learned of a file, kept for the next.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Probe {
    digest: u64,
    image: Option<Picture>,
}

/// The published files of a build, measured, and the way to their web sizes.
pub(crate) struct Media<'a> {
    root: PathBuf,
    store: &'a Store,
    /// The files of static/, each with the digest of its bytes.
    pub statics: Vec<(Asset, u64)>,
}

impl<'a> Media<'a> {
    /// The same, without the files of static/: for the pages of a language other than the
    /// default, which publish them only once, at the site root.
    pub(crate) fn without_statics(&self) -> Media<'a> {
        Media {
            root: self.root.clone(),
            store: self.store,
            statics: Vec::new(),
        }
    }
}

/// Measures every attachment of the archive (setting its digest and image size) and every file
/// of static/. An image that cannot be read is an error naming it; an SVG whose size cannot be
/// read is shown without one, with a warning.
pub(crate) fn measure<'a>(
    archive: &mut Archive,
    statics: Vec<Asset>,
    root: &Path,
    store: &'a Store,
) -> (Media<'a>, Vec<Diagnostic>) {
    let media = Media {
        root: root.to_path_buf(),
        store,
        statics: Vec::new(),
    };
    let mut attachments: Vec<&mut Attachment> = archive
        .briefings
        .iter_mut()
        .flat_map(|b| b.attachments.iter_mut())
        .chain(
            archive
                .registry
                .actors
                .iter_mut()
                .flat_map(|a| a.attachments.iter_mut()),
        )
        .collect();
    let mut diagnostics: Vec<Diagnostic> = attachments
        .par_iter_mut()
        .flat_map_iter(|attachment| match media.probe(&attachment.file, true) {
            Ok((probe, warning)) => {
                attachment.digest = probe.digest;
                attachment.image = probe.image;
                warning
            }
            Err(d) => Some(d),
        })
        .collect();
    let probed: Vec<Result<(Asset, u64), Diagnostic>> = statics
        .into_par_iter()
        .map(|asset| {
            let (probe, _) = media.probe(&asset, false)?;
            Ok((asset, probe.digest))
        })
        .collect();
    let mut statics = Vec::with_capacity(probed.len());
    for result in probed {
        match result {
            Ok(file) => statics.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    (Media { statics, ..media }, diagnostics)
}

impl Media<'_> {
    /// What the file `asset` is (measuring images where `images`): from the store where the
    /// file is unchanged since a build learned it, else from its bytes. A problem that leaves
    /// the file usable comes back as a warning beside it.
    fn probe(
        &self,
        asset: &Asset,
        images: bool,
    ) -> Result<(Probe, Option<Diagnostic>), Diagnostic> {
        let key = hash(&("probe", FORMAT, images, &asset.path, asset.stamp));
        // A file changed within the clock's tick may change again with the same stamp.
        if !asset.settled {
            return self.measure(asset, images);
        }
        if let Some(probe) = self.store.get::<Probe>(key) {
            return Ok((probe, None));
        }
        let (probe, warning) = self.measure(asset, images)?;
        // A file whose problem is only warned about is measured again next time, to warn again.
        if warning.is_none() {
            self.store.put(key, &probe);
        }
        Ok((probe, warning))
    }

    /// What the file `asset` is, from its bytes.
    fn measure(
        &self,
        asset: &Asset,
        images: bool,
    ) -> Result<(Probe, Option<Diagnostic>), Diagnostic> {
        let bytes = self.read(&asset.path)?;
        let mut probe = Probe {
            digest: hash(&bytes),
            image: None,
        };
        let mut warning = None;
        let kind = kind(&asset.name);
        let raster = matches!(
            kind.media_type,
            "image/png" | "image/jpeg" | "image/webp" | "image/gif"
        );
        if images && kind.media_type == "image/svg+xml" {
            match svg::measure(&bytes) {
                Ok(picture) => probe.image = picture,
                Err(why) => {
                    warning = Some(
                        Diagnostic::warning(
                            &asset.path,
                            format!("cannot read the size of this SVG image: {why}"),
                        )
                        .with_hint("it is shown without a width and height; check that it opens in a browser"),
                    );
                }
            }
        } else if images && raster {
            probe.image = Some(images::measure(&bytes).map_err(|why| {
                Diagnostic::error(&asset.path, format!("cannot read this image: {why}")).with_hint(
                    format!(
                        "save it again as a {}, or give it the extension of what it is",
                        kind.label
                    ),
                )
            })?);
        }
        Ok((probe, warning))
    }

    /// The bytes of the published file at `path` (relative to the archive), inside the
    /// archive's trust boundary.
    pub(crate) fn read(&self, path: &Path) -> Result<Vec<u8>, Diagnostic> {
        load::read_inside(&self.root, path)
    }

    /// The web sizes of `attachment` at `widths`, in order: from the store, or made from the
    /// image (read and decoded once for all of them) and kept there.
    pub(crate) fn web_sizes(
        &self,
        attachment: &Attachment,
        widths: &[u32],
    ) -> Result<Vec<Vec<u8>>, Diagnostic> {
        let keys: Vec<u64> = widths
            .iter()
            .map(|&w| web_size_digest(attachment, w))
            .collect();
        let mut found: Vec<Option<Vec<u8>>> = keys.iter().map(|&k| self.store.get(k)).collect();
        if found.iter().any(Option::is_none) {
            let failed = |why: String| {
                Diagnostic::error(
                    &attachment.file.path,
                    format!("cannot make the web sizes of this image: {why}"),
                )
            };
            let picture = attachment
                .image
                .ok_or_else(|| failed("it is not an image".into()))?;
            let bytes = self.read(&attachment.file.path)?;
            let original = images::Original::decode(&bytes, picture).map_err(failed)?;
            for ((slot, &width), &key) in found.iter_mut().zip(widths).zip(&keys) {
                if slot.is_none() {
                    let made = original.resized(width).map_err(failed)?;
                    self.store.put(key, &made);
                    *slot = Some(made);
                }
            }
        }
        Ok(found.into_iter().flatten().collect())
    }

    /// Notes that the web size of `attachment` at `width` is still used, though not taken
    /// (its file was kept), so the store keeps it.
    pub(crate) fn still_used(&self, attachment: &Attachment, width: u32) {
        self.store.touch(web_size_digest(attachment, width));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(width: u32, resized_as: Option<crate::model::Raster>) -> Picture {
        Picture {
            width,
            height: 100,
            resized_as,
        }
    }

    #[test]
    fn only_images_wider_than_the_column_get_web_sizes_and_never_larger_ones() {
        use crate::model::Raster::{Jpeg, Png};
        assert!(web_widths(&picture(COLUMN, Some(Png))).is_empty());
        assert!(web_widths(&picture(COLUMN + 50, Some(Png))).is_empty());
        assert_eq!(web_widths(&picture(1200, Some(Jpeg))), vec![800]);
        assert_eq!(web_widths(&picture(1600, Some(Jpeg))), vec![800]);
        assert_eq!(web_widths(&picture(4000, Some(Png))), vec![800, 1600]);
        assert!(web_widths(&picture(4000, None)).is_empty());
    }

    #[test]
    fn files_are_measured_once_and_web_sizes_made_once() {
        let root = tempfile::tempdir().unwrap();
        let bytes = images::tests::png(1000, 500);
        std::fs::write(root.path().join("map.png"), &bytes).unwrap();
        let mut asset = load::stamp(root.path(), Path::new("map.png"), Path::new("")).unwrap();
        assert!(!asset.settled, "a file written just now");
        // As a later build sees it.
        asset.settled = true;
        let store_dir = root.path().join("store");
        let store = Store::open(&store_dir, "p");
        let media = Media {
            root: root.path().to_path_buf(),
            store: &store,
            statics: Vec::new(),
        };
        let (probe, _) = media.probe(&asset, true).unwrap();
        let mut attachment = Attachment::new(asset.clone());
        attachment.digest = probe.digest;
        attachment.image = probe.image;
        let made = media.web_sizes(&attachment, &[800]).unwrap();
        drop(media);
        store.save().unwrap();
        // The next build finds both in the store, without the file.
        std::fs::remove_file(root.path().join("map.png")).unwrap();
        let store = Store::open(&store_dir, "p");
        let media = Media {
            root: root.path().to_path_buf(),
            store: &store,
            statics: Vec::new(),
        };
        assert_eq!(media.probe(&asset, true).unwrap().0.digest, probe.digest);
        assert_eq!(media.web_sizes(&attachment, &[800]).unwrap(), made);
    }
}
