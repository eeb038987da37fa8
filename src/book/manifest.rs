//! `book.toml`: the manifest, read with serde and checked field by field.

use super::diagnostic::{Diagnostic, LineIndex};
use super::model::{Contributor, Cover, FarsiFace, FontChoice, Lang, PrintMarks, Role};
use super::toml_date;
use super::Paper;
use crate::source_file::{kind_of, read_regular, ReadError, MAX_COVER_BYTES, MAX_TEXT_BYTES};
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// `book.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    // The required keys are options here so that every missing one is reported at once
    // (see `REQUIRED_KEYS`), not one per run as serde would.
    title: Option<Spanned<String>>,
    subtitle: Option<String>,
    language: Option<Spanned<String>>,
    identifier: Option<Spanned<String>>,
    /// A string or a TOML date (`date = 2026-12-04`), see `toml_date`.
    date: Option<Spanned<toml::Value>>,
    publisher: Option<String>,
    description: Option<String>,
    rights: Option<String>,
    cover: Option<Spanned<String>>,
    pieces: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    contributors: Vec<ContributorEntry>,
    #[serde(default)]
    fonts: FontsEntry,
    paper: Option<Spanned<String>>,
    print: Option<Spanned<PrintEntry>>,
}

/// `[print]`: asks for the print edition and sets its marks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PrintEntry {
    /// Bleed in millimetres.
    bleed: Option<f32>,
    crop_marks: Option<bool>,
    slug: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContributorEntry {
    name: String,
    role: Role,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FontsEntry {
    #[serde(default)]
    farsi: FarsiFace,
}

/// The keys every manifest must have: each with an example line and what it means, for the
/// diagnostic that reports it missing (README.md, “book.toml”, lists them all).
const REQUIRED_KEYS: [(&str, &str, &str); 5] = [
    (
        "title",
        "title = \"Organising among workers\"",
        "the book's title",
    ),
    (
        "language",
        "language = \"en\"",
        "the book's main language, a BCP 47 tag such as `en` or `fa`",
    ),
    (
        "identifier",
        "identifier = \"urn:uuid:6b1c2a52-0d3e-4c55-9a2f-1f0e6c1b2d3e\"",
        "the book's stable identifier, `urn:uuid:` and a UUID made once (`uuidgen`) or `isbn:` and an ISBN-13",
    ),
    (
        "date",
        "date = 2026-12-04",
        "the publication date, YYYY-MM-DD",
    ),
    (
        "pieces",
        "pieces = [\"01-first.md\", \"02-second.md\"]",
        "the Markdown files of the book, in reading order",
    ),
];

/// The manifest, checked: metadata plus the pieces' paths (relative to the book folder) and
/// the line each was listed on.
#[derive(Debug)]
pub struct Manifest {
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Main language.
    pub language: Lang,
    /// Identifier.
    pub identifier: String,
    /// Date, `YYYY-MM-DD`.
    pub date: String,
    /// Publisher.
    pub publisher: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Rights.
    pub rights: Option<String>,
    /// Cover image, read.
    pub cover: Option<Cover>,
    /// Contributors.
    pub contributors: Vec<Contributor>,
    /// Fonts.
    pub fonts: FontChoice,
    /// Piece paths with the manifest line naming each.
    pub pieces: Vec<(PathBuf, usize)>,
    /// Trim size.
    pub paper: Paper,
    /// The print edition's marks, if `[print]` asks for one.
    pub print: Option<PrintMarks>,
}

/// Reads and checks `book.toml` in `root`; every problem found goes to `diagnostics`.
/// Returns `None` when the manifest cannot be used at all.
pub fn read(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Manifest> {
    let file = root.join("book.toml");
    // Like every source, the manifest is read only from inside the book folder.
    if file.symlink_metadata().is_ok() {
        if let Err((message, hint)) = safe_relative_path(root, "book.toml") {
            diagnostics.push(Diagnostic::error(&file, message).with_hint(hint));
            return None;
        }
    }
    let text = match read_regular(&file, MAX_TEXT_BYTES) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let index = LineIndex::new(&String::from_utf8_lossy(
                    e.as_bytes()[..e.utf8_error().valid_up_to()].as_ref(),
                ));
                let line = index.line(e.utf8_error().valid_up_to());
                diagnostics.push(
                    Diagnostic::error(&file, "book.toml is not valid UTF-8")
                        .at_line(line)
                        .with_hint("save the file as UTF-8"),
                );
                return None;
            }
        },
        Err(e) => {
            let hint = match e {
                ReadError::TooLarge { .. } => {
                    "a manifest is a few lines of metadata and the list of pieces; keep texts in the pieces"
                }
                _ => "a book folder needs a book.toml, a text file; see README.md, “Writing a book”",
            };
            diagnostics.push(
                Diagnostic::error(&file, format!("cannot read the manifest: {e}")).with_hint(hint),
            );
            return None;
        }
    };
    parse(&text, root, &file, diagnostics)
}

/// Checks the text of a manifest: `root` is the book folder its paths are resolved in,
/// `file` the name diagnostics give it. Every problem found goes to `diagnostics`; returns
/// `None` (with at least one error among them) when the manifest cannot be used at all.
pub fn parse(
    text: &str,
    root: &Path,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Manifest> {
    let index = LineIndex::new(text);
    let raw: ManifestFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let mut d = Diagnostic::error(file, e.message().to_string());
            if let Some(span) = e.span() {
                let (line, column) = index.line_column(text, span.start);
                d = d.at(line, column);
            }
            let hint = if e.message().contains("unknown field") {
                "the manifest's keys are title, subtitle, language, identifier, date, publisher, description, rights, cover, paper, pieces, [[contributors]], [fonts], [print] (bleed, crop_marks, slug)"
            } else if e.message().contains("missing field") {
                "add the missing key; see README.md, “Writing a book”"
            } else {
                "see README.md, “Writing a book”, for the manifest's form"
            };
            diagnostics.push(d.with_hint(hint));
            return None;
        }
    };
    let at = |span: std::ops::Range<usize>| index.line_column(text, span.start);
    let mut ok = true;
    // In the order of `REQUIRED_KEYS`.
    let present = [
        raw.title.is_some(),
        raw.language.is_some(),
        raw.identifier.is_some(),
        raw.date.is_some(),
        raw.pieces.is_some(),
    ];
    for ((key, example, meaning), present) in REQUIRED_KEYS.into_iter().zip(present) {
        if !present {
            diagnostics.push(
                Diagnostic::error(file, format!("book.toml has no `{key}`: {meaning}"))
                    .with_hint(format!("add a line such as `{example}`")),
            );
            ok = false;
        }
    }
    let mut fail = |diagnostics: &mut Vec<Diagnostic>,
                    span: std::ops::Range<usize>,
                    message: String,
                    hint: &str| {
        let (line, column) = at(span);
        diagnostics.push(
            Diagnostic::error(file, message)
                .at(line, column)
                .with_hint(hint),
        );
        ok = false;
    };

    if let Some(title) = &raw.title {
        if let Some((message, hint)) = super::lengths::Display::BookTitle.too_long(title.get_ref())
        {
            fail(diagnostics, title.span(), message, hint);
        }
        if title.get_ref().trim().is_empty() {
            fail(
                diagnostics,
                title.span(),
                "the title is empty".into(),
                "give the book a title",
            );
        }
    }
    let language = match raw
        .language
        .as_ref()
        .map(|l| (Lang::parse(l.get_ref()), l.span()))
    {
        Some((Ok(lang), _)) => lang,
        Some((Err(e), span)) => {
            fail(
                diagnostics,
                span,
                e,
                "use a BCP 47 tag such as `en` or `fa`",
            );
            Lang::english()
        }
        None => Lang::english(),
    };
    if let Some(identifier) = &raw.identifier {
        if let Err(e) = check_identifier(identifier.get_ref()) {
            fail(
                diagnostics,
                identifier.span(),
                e,
                "use `urn:uuid:` and a UUID (generate one once and keep it), or `isbn:` and a valid ISBN-13",
            );
        }
    }
    let date = match &raw.date {
        None => String::new(),
        Some(date) => match toml_date::date_text(date.get_ref()) {
            Ok(text) if is_full_date(&text) => text,
            Ok(text) => {
                fail(
                    diagnostics,
                    date.span(),
                    format!("date `{text}` is not a date of the form YYYY-MM-DD"),
                    "write the publication date as e.g. date = 2026-11-22",
                );
                text
            }
            Err(problem) => {
                fail(
                    diagnostics,
                    date.span(),
                    problem,
                    "write the publication date as e.g. date = 2026-11-22",
                );
                String::new()
            }
        },
    };
    let cover = match &raw.cover {
        None => None,
        Some(cover) => match read_cover(root, cover.get_ref()) {
            Ok(c) => Some(c),
            Err((message, hint)) => {
                fail(diagnostics, cover.span(), message, hint);
                None
            }
        },
    };
    let paper = match &raw.paper {
        None => Paper::default(),
        Some(paper) => match paper.get_ref().parse::<Paper>() {
            Ok(p) => p,
            Err(e) => {
                fail(
                    diagnostics,
                    paper.span(),
                    e.to_string(),
                    "write e.g. paper = \"a5\", \"half-letter\" or \"140x216mm\"",
                );
                Paper::default()
            }
        },
    };
    let print = match &raw.print {
        None => None,
        Some(entry) => {
            let defaults = PrintMarks::default();
            let bleed = entry.get_ref().bleed;
            if bleed.is_some_and(|b| !(0.0..=10.0).contains(&b)) {
                fail(
                    diagnostics,
                    entry.span(),
                    format!(
                        "a bleed of {} mm is out of range",
                        bleed.unwrap_or_default()
                    ),
                    "print shops ask for 3 mm; write a bleed between 0 and 10 (millimetres)",
                );
            }
            Some(PrintMarks {
                bleed: bleed.map_or(defaults.bleed, super::mm),
                crop_marks: entry.get_ref().crop_marks.unwrap_or(defaults.crop_marks),
                slug: entry.get_ref().slug.unwrap_or(defaults.slug),
            })
        }
    };
    let no_pieces = Vec::new();
    let listed_pieces = raw.pieces.as_ref().map_or(&no_pieces, |p| p.get_ref());
    if let Some(pieces) = raw.pieces.as_ref().filter(|p| p.get_ref().is_empty()) {
        fail(
            diagnostics,
            pieces.span(),
            "the book lists no pieces".into(),
            "list the pieces' Markdown files in `pieces = [...]`",
        );
    }
    let mut pieces = Vec::new();
    // A set, not a search of the list so far: a manifest may list thousands of pieces.
    let mut listed = std::collections::HashSet::new();
    for piece in listed_pieces {
        match safe_relative_path(root, piece.get_ref()) {
            Ok(path) => {
                let line = at(piece.span()).0;
                if !listed.insert(path.clone()) {
                    fail(
                        diagnostics,
                        piece.span(),
                        format!("piece `{}` is listed twice", piece.get_ref()),
                        "list each piece once",
                    );
                } else {
                    pieces.push((path, line));
                }
            }
            Err((message, hint)) => {
                // Reported, but the other pieces are still read so that `check` shows all.
                let (line, column) = at(piece.span());
                diagnostics.push(
                    Diagnostic::error(file, message)
                        .at(line, column)
                        .with_hint(hint),
                );
            }
        }
    }
    let (Some(title), Some(identifier), true) = (raw.title, raw.identifier, ok) else {
        return None;
    };
    Some(Manifest {
        title: title.into_inner(),
        subtitle: raw.subtitle,
        language,
        identifier: identifier.into_inner(),
        date,
        publisher: raw.publisher,
        description: raw.description,
        rights: raw.rights,
        cover,
        contributors: raw
            .contributors
            .into_iter()
            .map(|c| Contributor {
                name: c.name,
                role: c.role,
            })
            .collect(),
        fonts: FontChoice {
            farsi: raw.fonts.farsi,
        },
        pieces,
        paper,
        print,
    })
}

/// Resolves a manifest path inside the book folder, refusing anything that leaves it
/// (absolute paths, `..`, symbolic links pointing out) and anything but a regular file (a
/// folder, a named pipe or a device would hang or flood whatever reads it).
pub fn safe_relative_path(root: &Path, written: &str) -> Result<PathBuf, (String, &'static str)> {
    const HINT: &str = "keep every source inside the book folder and name it relative to book.toml";
    let path = Path::new(written);
    if written.trim().is_empty() {
        return Err(("an empty path".into(), HINT));
    }
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err((format!("`{written}` leaves the book folder"), HINT));
    }
    let full = root.join(path);
    let canonical_root = root
        .canonicalize()
        .map_err(|e| (format!("cannot resolve the book folder: {e}"), HINT))?;
    match full.canonicalize() {
        Ok(canonical) if !canonical.starts_with(&canonical_root) => Err((
            format!("`{written}` is a link that leads out of the book folder"),
            HINT,
        )),
        Ok(canonical) if !canonical.is_file() => {
            let kind = std::fs::metadata(&canonical).map_or("not a file", |m| kind_of(&m));
            Err((
                format!("`{written}` is {kind}, not a regular file"),
                "name a file: pamphlet reads only regular files inside the book folder",
            ))
        }
        Ok(_) => Ok(path
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .collect()),
        Err(_) => Err((
            format!("`{written}` does not exist"),
            "check the file name, or create the piece",
        )),
    }
}

fn read_cover(root: &Path, written: &str) -> Result<Cover, (String, &'static str)> {
    let path = safe_relative_path(root, written)?;
    let media_type = match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        _ => {
            return Err((
                format!("cover `{written}` is not a JPEG or PNG file"),
                "use a .jpg or .png image",
            ))
        }
    };
    let bytes = read_regular(&root.join(&path), MAX_COVER_BYTES).map_err(|e| {
        (
            format!("cannot read cover `{written}`: {e}"),
            "check the file",
        )
    })?;
    let signature_ok = match media_type {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        _ => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
    };
    if !signature_ok {
        return Err((
            format!("cover `{written}` is not a valid {media_type} image"),
            "export the cover again as JPEG or PNG",
        ));
    }
    if let Err(why) = super::cover_image::validate(&bytes, media_type) {
        return Err((
            format!(
                "cover `{written}` is a damaged {} image: {why}",
                if media_type == "image/png" {
                    "PNG"
                } else {
                    "JPEG"
                }
            ),
            "export the cover again as JPEG or PNG",
        ));
    }
    Ok(Cover {
        path,
        media_type,
        bytes,
    })
}

/// Checks a `urn:uuid:` or ISBN-13 identifier.
pub fn check_identifier(id: &str) -> Result<(), String> {
    if let Some(uuid) = id.strip_prefix("urn:uuid:") {
        let groups: Vec<&str> = uuid.split('-').collect();
        let lengths = [8, 4, 4, 4, 12];
        let ok = groups.len() == 5
            && groups
                .iter()
                .zip(lengths)
                .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()));
        return if ok {
            Ok(())
        } else {
            Err(format!("`{id}` is not a valid urn:uuid identifier"))
        };
    }
    if let Some(isbn) = id
        .strip_prefix("urn:isbn:")
        .or_else(|| id.strip_prefix("isbn:"))
    {
        let digits: Vec<u32> = isbn
            .chars()
            .filter(|c| *c != '-')
            .map(|c| c.to_digit(10).unwrap_or(99))
            .collect();
        let ok = digits.len() == 13
            && digits.iter().all(|d| *d < 10)
            && digits
                .iter()
                .enumerate()
                .map(|(i, d)| if i % 2 == 0 { *d } else { 3 * d })
                .sum::<u32>()
                % 10
                == 0;
        return if ok {
            Ok(())
        } else {
            Err(format!("`{id}` is not a valid ISBN-13"))
        };
    }
    Err(format!(
        "identifier `{id}` is neither `urn:uuid:…` nor `isbn:…`"
    ))
}

/// `YYYY-MM-DD` naming a day of the calendar (no 2026-02-30).
pub fn is_full_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return false;
    }
    if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    matches!(nums.as_deref(), Some([y, m, d]) if (1..=12).contains(m) && (1..=days_in_month(*y, *m)).contains(d))
}

/// The days of month `month` (1–12) of `year` in the Gregorian calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn is_partial_date(s: &str) -> bool {
    match s.len() {
        4 => s.chars().all(|c| c.is_ascii_digit()),
        7 => is_full_date(&format!("{s}-01")),
        _ => is_full_date(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(check_identifier("urn:uuid:6b1c2a52-0d3e-4c55-9a2f-1f0e6c1b2d3e").is_ok());
        assert!(check_identifier("urn:uuid:nope").is_err());
        assert!(check_identifier("isbn:978-3-16-148410-0").is_ok());
        assert!(check_identifier("isbn:978-3-16-148410-1").is_err());
        assert!(check_identifier("doi:10.1/x").is_err());
    }

    #[test]
    fn dates() {
        assert!(is_full_date("2026-11-22"));
        assert!(!is_full_date("2026-13-01"));
        assert!(!is_full_date("2026-02-29"));
        assert!(is_full_date("2024-02-29"));
        assert!(!is_full_date("2026-+1-01"));
        assert!(is_partial_date("1986"));
        assert!(is_partial_date("2012-05"));
        assert!(!is_partial_date("May 2012"));
    }

    #[test]
    fn paths_must_stay_inside() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.md"), "x").expect("write");
        assert!(safe_relative_path(dir.path(), "a.md").is_ok());
        assert!(safe_relative_path(dir.path(), "../a.md").is_err());
        assert!(safe_relative_path(dir.path(), "/etc/passwd").is_err());
        assert!(safe_relative_path(dir.path(), "missing.md").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", dir.path().join("out.md"))
                .expect("symlink");
            assert!(safe_relative_path(dir.path(), "out.md")
                .unwrap_err()
                .0
                .contains("link"));
        }
    }
}
