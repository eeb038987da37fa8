//! The OCF zip container, written byte-for-byte reproducibly: `mimetype` first and stored,
//! every entry stamped with the same fixed time and permissions.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{Cursor, Write};
use std::sync::{Mutex, OnceLock};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// A file inside the container.
pub struct Entry {
    /// Path inside the zip.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
}

const CONTAINER_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"#;

/// Packs the publication's files (paths relative to `EPUB/`) into an EPUB zip.
pub fn pack(entries: &[Entry]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // 1980-01-01: the zip epoch, so no clock reaches the file.
    let fixed = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    zip.start_file(
        "mimetype",
        fixed.compression_method(CompressionMethod::Stored),
    )?;
    zip.write_all(b"application/epub+zip")?;
    let deflated = fixed.compression_method(CompressionMethod::Deflated);
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(CONTAINER_XML.as_bytes())?;
    for entry in entries {
        let name = format!("EPUB/{}", entry.path);
        if entry.path.starts_with("fonts/") {
            let packed = deflated_once(&name, &entry.bytes, deflated)?;
            let mut archive = ZipArchive::new(Cursor::new(packed.as_slice()))?;
            zip.raw_copy_file(archive.by_index_raw(0)?)?;
        } else {
            zip.start_file(name, deflated)?;
            zip.write_all(&entry.bytes)?;
        }
    }
    Ok(zip.finish()?.into_inner())
}

/// Font files, each deflated as the one entry of a small archive, by name and content.
type DeflatedFonts = HashMap<(String, u64), Vec<u8>>;

/// `bytes` deflated under `name` as a one-entry archive, made once per process. Deflating the
/// fonts is most of the time an EPUB takes to write and gives the same bytes every time; a
/// book that is rebuilt while it is edited copies them raw instead.
fn deflated_once(
    name: &str,
    bytes: &[u8],
    options: SimpleFileOptions,
) -> zip::result::ZipResult<Vec<u8>> {
    static DEFLATED: OnceLock<Mutex<DeflatedFonts>> = OnceLock::new();
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    let key = (name.to_string(), hasher.finish());
    let cache = DEFLATED.get_or_init(Mutex::default);
    // A panic elsewhere while the lock was held leaves complete entries only: still usable.
    if let Some(packed) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(packed.clone());
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(name, options)?;
    zip.write_all(bytes)?;
    let packed = zip.finish()?.into_inner();
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, packed.clone());
    Ok(packed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn fonts_copied_raw_read_back_whole_and_builds_repeat_byte_for_byte() {
        let font: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
        let entries = [
            Entry {
                path: "fonts/test-font.ttf".into(),
                bytes: font.clone(),
            },
            Entry {
                path: "text.xhtml".into(),
                bytes: b"<html/>".to_vec(),
            },
        ];
        let first = pack(&entries).expect("pack");
        assert_eq!(first, pack(&entries).expect("pack again"));
        let mut archive = ZipArchive::new(Cursor::new(first)).expect("a zip");
        let names: Vec<&str> = archive.file_names().collect();
        assert_eq!(names.len(), 4);
        let mut entry = archive
            .by_name("EPUB/fonts/test-font.ttf")
            .expect("font entry");
        assert_eq!(entry.compression(), CompressionMethod::Deflated);
        assert!(entry.compressed_size() < font.len() as u64 / 10);
        assert_eq!(entry.last_modified(), Some(DateTime::default()));
        assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(0o644));
        let mut back = Vec::new();
        entry.read_to_end(&mut back).expect("inflate");
        assert_eq!(back, font);
    }
}
