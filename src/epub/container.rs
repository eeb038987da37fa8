//! The OCF zip container, written byte-for-byte reproducibly: `mimetype` first and stored,
//! every entry stamped with the same fixed time and permissions.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

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
        zip.start_file(format!("EPUB/{}", entry.path), deflated)?;
        zip.write_all(&entry.bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
