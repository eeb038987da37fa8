//! PDF/X-4 for the print edition: the output intent with its embedded CMYK profile, and the
//! XMP metadata stream naming the conformance, the document's identity and its trapping.
//! (The file's version header, the info dictionary's `/Trapped` and `/GTS_PDFXVersion`, and
//! the boxes on every page are written by the caller.)

use crate::book::BookMeta;
use pdf_writer::types::OutputIntentSubtype;
use pdf_writer::writers::Catalog;
use pdf_writer::{Finish, Pdf, Ref, TextStr};
use xmp_writer::{DateTime, RenditionClass, Timezone, XmpWriter};

/// The conformance level written in the info dictionary and the XMP metadata.
pub const VERSION: &str = "PDF/X-4";

/// The output-device profile: FOGRA39 (offset, coated paper), made for this project from
/// FOGRA's zlib-licensed characterization data; see `icc/README.md`.
const PROFILE: &[u8] = include_bytes!("icc/FOGRA39L-coated.icc");

/// The characterized printing condition of the profile, as registered at color.org.
const CONDITION_IDENTIFIER: &str = "FOGRA39";
const CONDITION: &str = "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)";
const REGISTRY: &str = "http://www.color.org";

/// The objects PDF/X adds to a document.
pub struct Refs {
    profile: Ref,
    metadata: Ref,
}

impl Refs {
    /// Allocates the profile and metadata objects.
    pub fn allocate(next: &mut impl FnMut() -> Ref) -> Refs {
        Refs {
            profile: next(),
            metadata: next(),
        }
    }

    /// The catalog's part: the metadata stream and the output intent.
    pub fn catalog(&self, catalog: &mut Catalog<'_>) {
        catalog.metadata(self.metadata);
        let mut intents = catalog.output_intents();
        let mut intent = intents.push();
        intent
            .subtype(OutputIntentSubtype::PDFX)
            .output_condition_identifier(TextStr(CONDITION_IDENTIFIER))
            .output_condition(TextStr(CONDITION))
            .registry_name(TextStr(REGISTRY))
            .info(TextStr("FOGRA39L coated, ICC v2 output profile"))
            .dest_output_profile(self.profile);
        intent.finish();
        intents.finish();
    }

    /// Writes the profile and the XMP metadata; `id` is the file's document id.
    pub fn write(&self, pdf: &mut Pdf, meta: &BookMeta, authors: &[String], id: &[u8]) {
        let compressed = super::deflate(PROFILE);
        pdf.icc_profile(self.profile, &compressed)
            .n(4)
            .filter(pdf_writer::Filter::FlateDecode);
        let xmp = xmp(meta, authors, id);
        // Metadata stays uncompressed, so that tools that do not parse PDF can find it.
        pdf.metadata(self.metadata, xmp.as_bytes());
    }
}

/// The XMP packet: title, authors, dates (the book's, never the clock), tool, trapping,
/// conformance and the document's identity.
fn xmp(meta: &BookMeta, authors: &[String], id: &[u8]) -> String {
    let mut xmp = XmpWriter::new();
    xmp.title([(None, meta.title.as_str())]);
    if !authors.is_empty() {
        xmp.creator(authors.iter().map(String::as_str));
    }
    xmp.language([xmp_writer::LangId(meta.language.as_str())]);
    xmp.format("application/pdf");
    if let Some(date) = xmp_date(&meta.date) {
        xmp.create_date(date);
        xmp.modify_date(date);
        xmp.metadata_date(date);
    }
    xmp.creator_tool("pamphlet");
    xmp.producer(concat!("pamphlet ", env!("CARGO_PKG_VERSION")));
    xmp.trapped(false);
    xmp.pdfx_version(VERSION);
    let uuid = uuid_of(id);
    xmp.document_id(&uuid);
    xmp.instance_id(&uuid);
    xmp.version_id("1");
    xmp.rendition_class(RenditionClass::Default);
    xmp.finish(None)
}

/// The book's `YYYY-MM-DD` date at midnight UTC.
fn xmp_date(iso: &str) -> Option<DateTime> {
    let year: u16 = iso.get(..4)?.parse().ok()?;
    let month: u8 = iso.get(5..7)?.parse().ok()?;
    let day: u8 = iso.get(8..10)?.parse().ok()?;
    Some(DateTime {
        year,
        month: Some(month),
        day: Some(day),
        hour: Some(0),
        minute: Some(0),
        second: Some(0),
        timezone: Some(Timezone::Utc),
    })
}

/// A `uuid:` URI from the 16-byte document id.
fn uuid_of(id: &[u8]) -> String {
    let hex: String = id.iter().take(16).map(|b| format!("{b:02x}")).collect();
    if hex.len() < 32 {
        return format!("uuid:{hex}");
    }
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_is_a_cmyk_output_profile() {
        // ICC header: device class at 12, colour space at 16.
        assert_eq!(&PROFILE[12..16], b"prtr");
        assert_eq!(&PROFILE[16..20], b"CMYK");
        assert_eq!(&PROFILE[36..40], b"acsp");
    }

    #[test]
    fn document_ids_become_uuids() {
        let id: Vec<u8> = (0..16).collect();
        assert_eq!(uuid_of(&id), "uuid:00010203-0405-0607-0809-0a0b0c0d0e0f");
        assert!(xmp_date("2012-05-01").is_some());
        assert!(xmp_date("2012").is_none());
    }
}
