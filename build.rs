//! Deflates the bundled fonts once, when pamphlet is compiled. Every EPUB embeds them, and
//! deflating three megabytes of fonts was most of the time an EPUB took to write; the
//! EPUB writer copies these ready-made zip entries raw instead (`epub::container`).

use std::io::{Cursor, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

fn main() {
    println!("cargo::rerun-if-changed=fonts");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let families = std::fs::read_dir("fonts").expect("fonts/ is part of the source");
    for family in families {
        let family = family.expect("read fonts/").path();
        if !family.is_dir() {
            continue;
        }
        for font in std::fs::read_dir(&family).expect("read a font folder") {
            let font = font.expect("read a font folder").path();
            if font.extension().and_then(|e| e.to_str()) != Some("ttf") {
                continue;
            }
            let name = font
                .file_name()
                .and_then(|n| n.to_str())
                .expect("a file name");
            let archive = one_entry_archive(name, &std::fs::read(&font).expect("read a font"));
            std::fs::write(Path::new(&out).join(format!("{name}.zip")), archive)
                .expect("write into OUT_DIR");
        }
    }
}

/// `bytes` as the one deflated entry of a zip, with the EPUB's fixed time and permissions
/// (the writer renames the entry when it copies it).
fn one_entry_archive(name: &str, bytes: &[u8]) -> Vec<u8> {
    let options = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .compression_method(CompressionMethod::Deflated);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(name, options).expect("zip in memory");
    zip.write_all(bytes).expect("zip in memory");
    zip.finish().expect("zip in memory").into_inner()
}
