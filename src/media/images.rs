//! Raster images, with the `image` crate (PNG, JPEG, WebP and GIF decoders; PNG and JPEG
//! encoders): an image's size as it is shown (its EXIF orientation applied), and its smaller
//! web sizes. Resizing is deterministic: the same image at the same width gives the same bytes.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use crate::model::{Picture, Raster};

/// The quality of the JPEG web sizes (of 100): no visible loss on photographs and maps.
const JPEG_QUALITY: u8 = 82;

/// The size of the image in `bytes` as browsers show it, and how its web sizes are encoded:
/// as PNG for PNG, as JPEG for JPEG, for WebP as PNG if it has transparency and JPEG if not
/// (the `image` crate writes WebP only losslessly, too large for photographs); GIF, which may
/// be animated, is only ever kept as it is.
pub(super) fn measure(bytes: &[u8]) -> Result<Picture, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader
        .format()
        .ok_or("it is not a PNG, JPEG, WebP or GIF image")?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (width, height) = decoder.dimensions();
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let alpha = decoder.color_type().has_alpha();
    let resized_as = match format {
        ImageFormat::Png => Some(Raster::Png),
        ImageFormat::Jpeg => Some(Raster::Jpeg),
        ImageFormat::WebP if alpha => Some(Raster::Png),
        ImageFormat::WebP => Some(Raster::Jpeg),
        _ => None,
    };
    if width == 0 || height == 0 {
        return Err("it has no pixels".into());
    }
    let turned = matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Picture {
        width,
        height,
        resized_as,
    })
}

/// The image in `bytes` (whose size is `picture`) decoded once, for its web sizes.
pub(super) struct Original {
    image: DynamicImage,
    picture: Picture,
}

impl Original {
    pub(super) fn decode(bytes: &[u8], picture: Picture) -> Result<Original, String> {
        let reader = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| e.to_string())?;
        let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
        let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
        let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
        image.apply_orientation(orientation);
        Ok(Original { image, picture })
    }

    /// The image `width` pixels wide (never wider than it is), in its web encoding.
    pub(super) fn resized(&self, width: u32) -> Result<Vec<u8>, String> {
        let Picture {
            width: full,
            height,
            resized_as,
        } = self.picture;
        let width = width.min(full);
        let height = ((u64::from(height) * u64::from(width) + u64::from(full) / 2)
            / u64::from(full))
        .max(1) as u32;
        let small = self.image.resize_exact(width, height, FilterType::Lanczos3);
        let mut out = Vec::new();
        match resized_as {
            Some(Raster::Png) => small.write_with_encoder(PngEncoder::new_with_quality(
                &mut out,
                CompressionType::Best,
                PngFilter::Adaptive,
            )),
            Some(Raster::Jpeg) => DynamicImage::ImageRgb8(small.to_rgb8())
                .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)),
            None => return Err("this image is only ever kept as it is".into()),
        }
        .map_err(|e| e.to_string())?;
        Ok(out)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A PNG of `width` × `height` pixels with a gradient, as a test image.
    pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(image)
            .write_with_encoder(PngEncoder::new(&mut out))
            .unwrap();
        out
    }

    #[test]
    fn images_are_measured_and_resized_the_same_every_time() {
        let bytes = png(1000, 500);
        let picture = measure(&bytes).unwrap();
        assert_eq!(
            picture,
            Picture {
                width: 1000,
                height: 500,
                resized_as: Some(Raster::Png)
            }
        );
        let original = Original::decode(&bytes, picture).unwrap();
        let small = original.resized(800).unwrap();
        assert_eq!(
            small,
            Original::decode(&bytes, picture)
                .unwrap()
                .resized(800)
                .unwrap()
        );
        let back = measure(&small).unwrap();
        assert_eq!((back.width, back.height), (800, 400));
        // Never wider than the original.
        let same = measure(&original.resized(1600).unwrap()).unwrap();
        assert_eq!(same.width, 1000);
    }

    /// A gradient of `width` × `height` pixels in `format`, with an alpha channel if `alpha`.
    fn encoded(width: u32, height: u32, format: ImageFormat, alpha: bool) -> Vec<u8> {
        let image = image::RgbaImage::from_fn(width, height, |x, y| {
            image::Rgba([
                (x % 256) as u8,
                (y % 256) as u8,
                90,
                if alpha { 128 } else { 255 },
            ])
        });
        let image = if alpha {
            DynamicImage::ImageRgba8(image)
        } else {
            DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(image).to_rgb8())
        };
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn every_format_is_measured_and_gif_is_only_kept() {
        for (format, alpha, resized_as) in [
            (ImageFormat::Png, true, Some(Raster::Png)),
            (ImageFormat::Jpeg, false, Some(Raster::Jpeg)),
            (ImageFormat::WebP, true, Some(Raster::Png)),
            (ImageFormat::WebP, false, Some(Raster::Jpeg)),
            (ImageFormat::Gif, false, None),
        ] {
            let bytes = encoded(900, 300, format, alpha);
            let picture = measure(&bytes).unwrap();
            assert_eq!(
                picture,
                Picture {
                    width: 900,
                    height: 300,
                    resized_as
                },
                "{format:?}"
            );
            if resized_as.is_some() {
                let small = Original::decode(&bytes, picture)
                    .unwrap()
                    .resized(800)
                    .unwrap();
                let back = measure(&small).unwrap();
                assert_eq!((back.width, back.height), (800, 267), "{format:?}");
                assert_eq!(back.resized_as, resized_as, "{format:?}");
            }
        }
    }

    #[test]
    fn what_is_no_image_says_so() {
        assert!(measure(b"%PDF-1.4").is_err());
        assert!(measure(&png(10, 10)[..30]).is_err());
    }
}
