//! A cover image decoded whole before it goes into the book: a file with a JPEG or PNG
//! signature and a damaged body passes a signature check but not EPUBCheck (PKG-021), and
//! reading systems show it as a broken image.

/// The longest side, in pixels, a cover may have. A cover is shown on a screen and printed
/// at most at A4 (about 3,500 pixels at 300 dpi); the limit bounds what decoding one takes
/// (a JPEG is decoded whole: 8,192² pixels in three channels are 200 MB).
pub const MAX_COVER_SIDE: u32 = 8_192;

/// Decodes `bytes` as the image `media_type` says (`image/png` or `image/jpeg`); on failure
/// says why, in words for the editor.
pub fn validate(bytes: &[u8], media_type: &str) -> Result<(), String> {
    let (width, height) = match media_type {
        "image/png" => decode_png(bytes)?,
        _ => decode_jpeg(bytes)?,
    };
    if width == 0 || height == 0 {
        return Err("the image has no pixels".into());
    }
    Ok(())
}

/// Decodes every row (one at a time: memory stays one row's worth), checking each chunk's CRC.
fn decode_png(bytes: &[u8]) -> Result<(u32, u32), String> {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (width, height) = (reader.info().width, reader.info().height);
    too_large(width, height)?;
    while reader.next_row().map_err(|e| e.to_string())?.is_some() {}
    reader.finish().map_err(|e| e.to_string())?;
    Ok((width, height))
}

/// Decodes the whole image in strict mode, where a damaged scan is an error rather than
/// grey blocks.
fn decode_jpeg(bytes: &[u8]) -> Result<(u32, u32), String> {
    let side = MAX_COVER_SIDE as usize;
    let options = zune_jpeg::zune_core::options::DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(side)
        .set_max_height(side);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(
        zune_jpeg::zune_core::bytestream::ZCursor::new(bytes),
        options,
    );
    decoder.decode_headers().map_err(jpeg_error)?;
    let (width, height) = decoder
        .dimensions()
        .map(|(w, h)| (w as u32, h as u32))
        .ok_or("the image has no size")?;
    too_large(width, height)?;
    decoder.decode().map_err(jpeg_error)?;
    Ok((width, height))
}

/// The decoder's words, without the quotes and escaped line end some of its messages carry
/// (they are printed with `Debug`).
fn jpeg_error(e: zune_jpeg::errors::DecodeErrors) -> String {
    let text = e.to_string();
    let text = text.trim().trim_matches('"').trim_end_matches("\\n");
    text.trim().to_string()
}

fn too_large(width: u32, height: u32) -> Result<(), String> {
    if width > MAX_COVER_SIDE || height > MAX_COVER_SIDE {
        return Err(format!(
            "the image is {width}×{height} pixels, more than {MAX_COVER_SIDE} on a side"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2×1 grey PNG, written by the png crate's encoder.
    fn png_bytes() -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, 2, 1);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().expect("header");
        writer.write_image_data(&[0, 255]).expect("data");
        writer.finish().expect("finish");
        out
    }

    #[test]
    fn a_whole_png_passes_and_a_damaged_one_does_not() {
        let good = png_bytes();
        assert_eq!(validate(&good, "image/png"), Ok(()));
        let mut damaged = good.clone();
        let at = damaged.len() - 20;
        damaged[at] ^= 0xFF;
        assert!(validate(&damaged, "image/png").is_err());
        assert!(validate(&good[..good.len() - 16], "image/png").is_err());
    }

    #[test]
    fn a_jpeg_signature_before_garbage_is_not_a_jpeg() {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
        bytes.extend(std::iter::repeat_n(0x5A, 4_000));
        assert!(validate(&bytes, "image/jpeg").is_err());
    }
}
