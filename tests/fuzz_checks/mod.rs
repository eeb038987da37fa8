//! What each fuzz target checks, shared by the targets in `fuzz/` (which include this file
//! with `#[path]`) and by `tests/fuzz_cases.rs`, which runs the inputs that once failed.
//! Each check panics, saying what is wrong, when an invariant does not hold.

#![allow(dead_code)]

pub mod xml;

use pamphlet::book::diagnostic::normalize_source;
use pamphlet::book::manifest;
use pamphlet::book::{Diagnostic, Direction, FarsiFace, Inline, Lang, Severity};
use pamphlet::text::collect::{collect, is_invisible, Collected, Style};
use pamphlet::text::fonts::{Face, Family, FontSet};
use pamphlet::text::itemize::itemize;
use pamphlet::text::line::Align;
use pamphlet::text::paragraph::{typeset, ParagraphStyle};
use pamphlet::text::script::Script;
use pamphlet::text::shape::{shape, shape_whole};
use std::path::Path;
use std::sync::OnceLock;
use unicode_bidi::Level;

/// The fonts, loaded once per process.
pub fn fonts(face: FarsiFace) -> &'static FontSet {
    static VAZIRMATN: OnceLock<FontSet> = OnceLock::new();
    static NASKH: OnceLock<FontSet> = OnceLock::new();
    let cell = match face {
        FarsiFace::Vazirmatn => &VAZIRMATN,
        FarsiFace::NotoNaskhArabic => &NASKH,
    };
    cell.get_or_init(|| FontSet::load(face).expect("the bundled fonts load"))
}

fn errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

/// Every diagnostic points inside the text it is about (lines and columns 1-based).
fn diagnostics_point_inside(diagnostics: &[Diagnostic], text: &str, input: &dyn std::fmt::Debug) {
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        if let Some(line) = d.line {
            assert!(
                (1..=lines.len()).contains(&line),
                "diagnostic {:?} on line {line} of a text of {} lines; input {input:?}",
                d.message,
                lines.len()
            );
            if let Some(column) = d.column {
                let width = lines[line - 1].chars().count();
                assert!(
                    (1..=width + 1).contains(&column),
                    "diagnostic {:?} at {line}:{column}, the line has {width} characters; input {input:?}",
                    d.message
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// markdown_xhtml

/// A piece's bytes through the loader's steps (UTF-8, normalization, control characters,
/// front matter, language, Markdown) into the model, then to XHTML. A piece the loader would
/// accept, with every character in the fonts, must render as a well-formed XHTML document.
/// Bytes without front matter are tried as a body under a fixed front matter too.
/// Besides this module's own strict checks, an XML parser (roxmltree) must read it.
pub fn markdown_xhtml(data: &[u8]) {
    markdown_xhtml_judged(data, &|doc| {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        roxmltree::Document::parse_with_options(doc, options)
            .map(drop)
            .map_err(|e| format!("roxmltree: {e}"))
    });
}

/// [`markdown_xhtml`] with `judge` as the XML parser's part.
fn markdown_xhtml_judged(data: &[u8], judge: &dyn Fn(&str) -> Result<(), String>) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    piece_to_xhtml(text, judge);
    if !text.starts_with("+++") {
        for lang in ["en", "fa"] {
            piece_to_xhtml(
                &format!("+++\ntitle = \"T\"\nsource = \"s.txt\"\nlang = \"{lang}\"\n+++\n{text}"),
                judge,
            );
        }
    }
}

fn piece_to_xhtml(text: &str, judge: &dyn Fn(&str) -> Result<(), String>) {
    let file = Path::new("piece.md");
    let mut diagnostics = Vec::new();
    let piece = pamphlet::book::piece_from_bytes(
        text.as_bytes(),
        file,
        file,
        &Lang::english(),
        &mut diagnostics,
    );
    diagnostics_point_inside(
        &diagnostics,
        &normalize_source(text),
        &normalize_source(text),
    );
    let Some(piece) = piece else {
        assert!(errors(&diagnostics) > 0, "piece refused without an error");
        return;
    };
    if errors(&diagnostics) > 0 {
        return;
    }
    // What the build refuses before the EPUB is written: characters no font has.
    let fonts = fonts(FarsiFace::Vazirmatn);
    let faces = [Family::Charis, fonts.farsi].map(|family| {
        fonts.get(Face {
            family,
            bold: false,
            italic: false,
        })
    });
    if text
        .chars()
        .any(|c| !c.is_control() && !is_invisible(c) && !faces.iter().any(|f| f.covers(c)))
    {
        return;
    }
    let dir = piece.dir;
    // The piece is the book's only one: its links to itself are written as the book's are.
    let files =
        pamphlet::epub::xhtml::PieceFiles::new(std::slice::from_ref(&piece), ["piece.xhtml"]);
    let html = pamphlet::epub::xhtml::piece_body(&piece, &[], &files);
    let doc = pamphlet::epub::xml::document(&piece.lang, dir, &piece.meta.title, "piece", &html);
    if let Err(e) = xml::check(&doc).and_then(|()| judge(&doc)) {
        panic!("the piece's XHTML is not well-formed: {e}\n--- piece:\n{text}\n--- XHTML:\n{doc}");
    }
}

// ---------------------------------------------------------------------------------------
// paragraph_layout

/// A piece of a paragraph, as the fuzz target generates it and a case file writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Plain text.
    Text(String),
    /// Emphasised text.
    Emphasis(String),
    /// Strong text.
    Strong(String),
    /// Inline code.
    Code(String),
    /// A span in the other language (Farsi in English, English in Farsi).
    Span(String),
    /// A note reference.
    Note(u8),
    /// A hard line break.
    Break,
}

/// A paragraph to set and how.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphCase {
    /// The paragraph.
    pub parts: Vec<Part>,
    /// Right to left.
    pub rtl: bool,
    /// Farsi text (else English).
    pub farsi: bool,
    /// Noto Naskh Arabic (else Vazirmatn).
    pub naskh: bool,
    /// Line width in points.
    pub measure: f32,
    /// First-line indent in points.
    pub indent: f32,
    /// Type size in points.
    pub size: f32,
    /// 0 justify, 1 start, 2 end, 3 centre.
    pub align: u8,
}

fn escape(s: &str) -> String {
    s.escape_default().to_string()
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let hex: String = chars
                    .by_ref()
                    .skip_while(|&c| c == '{')
                    .take_while(|&c| c != '}')
                    .collect();
                let c = u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .expect("a \\u{…} escape of a character");
                out.push(c);
            }
            Some(other) => out.push(other),
            None => panic!("a lone backslash at the end of a line"),
        }
    }
    out
}

impl ParagraphCase {
    /// The case written as text: a settings line, then one part per line (`kind|text`,
    /// the text escaped as Rust escapes it).
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "dir={} lang={} face={} measure={} indent={} size={} align={}\n",
            if self.rtl { "rtl" } else { "ltr" },
            if self.farsi { "fa" } else { "en" },
            if self.naskh { "naskh" } else { "vazirmatn" },
            self.measure,
            self.indent,
            self.size,
            ["justify", "start", "end", "center"][usize::from(self.align % 4)]
        );
        for part in &self.parts {
            let line = match part {
                Part::Text(t) => format!("text|{}", escape(t)),
                Part::Emphasis(t) => format!("em|{}", escape(t)),
                Part::Strong(t) => format!("strong|{}", escape(t)),
                Part::Code(t) => format!("code|{}", escape(t)),
                Part::Span(t) => format!("span|{}", escape(t)),
                Part::Note(n) => format!("note|{n}"),
                Part::Break => "break|".to_string(),
            };
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// Reads a case written by [`ParagraphCase::to_text`].
    pub fn from_text(text: &str) -> ParagraphCase {
        let mut lines = text.lines();
        let settings = lines.next().expect("a settings line");
        let mut case = ParagraphCase {
            parts: Vec::new(),
            rtl: false,
            farsi: false,
            naskh: false,
            measure: 0.0,
            indent: 0.0,
            size: 10.0,
            align: 0,
        };
        for setting in settings.split_whitespace() {
            let (key, value) = setting.split_once('=').expect("key=value");
            let number = || value.parse::<f32>().expect("a number");
            match key {
                "dir" => case.rtl = value == "rtl",
                "lang" => case.farsi = value == "fa",
                "face" => case.naskh = value == "naskh",
                "measure" => case.measure = number(),
                "indent" => case.indent = number(),
                "size" => case.size = number(),
                "align" => {
                    case.align = match value {
                        "justify" => 0,
                        "start" => 1,
                        "end" => 2,
                        "center" => 3,
                        _ => panic!("align {value}?"),
                    }
                }
                _ => panic!("setting {key}?"),
            }
        }
        for line in lines.filter(|l| !l.is_empty()) {
            let (kind, text) = line.split_once('|').expect("kind|text");
            let text = unescape(text);
            case.parts.push(match kind {
                "text" => Part::Text(text),
                "em" => Part::Emphasis(text),
                "strong" => Part::Strong(text),
                "code" => Part::Code(text),
                "span" => Part::Span(text),
                "note" => Part::Note(text.parse().expect("a note number")),
                "break" => Part::Break,
                _ => panic!("part {kind}?"),
            });
        }
        case
    }

    fn inlines(&self) -> Vec<Inline> {
        let other = if self.farsi {
            (Lang::english(), Direction::Ltr)
        } else {
            (Lang::persian(), Direction::Rtl)
        };
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(t) => Inline::Text(t.clone()),
                Part::Emphasis(t) => Inline::Emphasis(vec![Inline::Text(t.clone())]),
                Part::Strong(t) => Inline::Strong(vec![Inline::Text(t.clone())]),
                Part::Code(t) => Inline::Code(t.clone()),
                Part::Span(t) => Inline::Span {
                    lang: other.0.clone(),
                    dir: other.1,
                    content: vec![Inline::Text(t.clone())],
                },
                Part::Note(n) => Inline::NoteRef(usize::from(*n).max(1)),
                Part::Break => Inline::LineBreak,
            })
            .collect()
    }
}

/// Characters a line must show: not spaces, not the invisible ones.
fn shown(c: char) -> bool {
    !c.is_whitespace() && !is_invisible(c)
}

/// Sets the paragraph; checks that every position is finite, that no line is wider than
/// its measure unless it holds a single cluster wider than it, and that the lines show the
/// paragraph's characters, each once, line after line in order.
pub fn paragraph_layout(case: &ParagraphCase) {
    let lang = if case.farsi {
        Lang::persian()
    } else {
        Lang::english()
    };
    let style = ParagraphStyle {
        text: Style::plain(lang),
        size: case.size,
        dir: if case.rtl {
            Direction::Rtl
        } else {
            Direction::Ltr
        },
        measure: case.measure,
        first_indent: case.indent,
        align: [Align::Justify, Align::Start, Align::End, Align::Center]
            [usize::from(case.align % 4)],
    };
    let fonts = fonts(if case.naskh {
        FarsiFace::NotoNaskhArabic
    } else {
        FarsiFace::Vazirmatn
    });
    let inlines = case.inlines();
    let collected = collect(&inlines, &style.text);
    words_shape_as_whole_items(&collected, case, fonts);
    let lines = typeset(&inlines, &style, fonts);
    let text = collected.text;
    let mut expected: Vec<char> = text.chars().filter(|&c| shown(c)).collect();
    let mut at = 0;
    for (i, line) in lines.iter().enumerate() {
        let measure = if i == 0 {
            case.measure - case.indent
        } else {
            case.measure
        };
        let finite = line.width.is_finite()
            && line
                .glyphs
                .iter()
                .all(|g| g.x.is_finite() && g.y.is_finite() && g.advance.is_finite())
            && line
                .notes
                .iter()
                .all(|n| n.x.0.is_finite() && n.x.1.is_finite());
        assert!(
            finite,
            "line {i} has a position that is not finite: {line:?}\n{case:?}"
        );
        let mut glyphs = &line.glyphs[..];
        if line.hyphenated {
            if let Some((last, rest)) = glyphs.split_last() {
                if last.text == "-" {
                    glyphs = rest;
                }
            }
        }
        let clusters = glyphs.iter().filter(|g| g.text.chars().any(shown)).count();
        if line.width > measure + 0.5 {
            assert!(
                clusters <= 1,
                "line {i} is {} pt wide on a measure of {measure} pt with {clusters} clusters: {:?}\n{}",
                line.width,
                glyphs.iter().map(|g| g.text.as_str()).collect::<String>(),
                case.to_text()
            );
        }
        let mut shows: Vec<char> = glyphs
            .iter()
            .flat_map(|g| g.text.chars())
            .filter(|&c| shown(c))
            .collect();
        let end = (at + shows.len()).min(expected.len());
        let mut wanted = expected[at..end].to_vec();
        shows.sort_unstable();
        wanted.sort_unstable();
        assert!(
            shows == wanted,
            "line {i} shows {:?}, the text has {:?} there\n{}",
            shows.iter().collect::<String>(),
            wanted.iter().collect::<String>(),
            case.to_text()
        );
        at = end;
    }
    expected.drain(..at);
    assert!(
        expected.is_empty(),
        "the lines leave out {:?}\n{}",
        expected.iter().collect::<String>(),
        case.to_text()
    );
}

/// The word cache gives the glyphs HarfBuzz gives each item shaped whole.
fn words_shape_as_whole_items(collected: &Collected, case: &ParagraphCase, fonts: &FontSet) {
    let text = collected.text.as_str();
    let base = if case.rtl { Level::rtl() } else { Level::ltr() };
    let bidi = pamphlet::bidi_class::resolve(text, Some(base));
    let script = if case.farsi {
        Script::Arabic
    } else {
        Script::Latin
    };
    let items = itemize(collected, &bidi.levels, fonts, case.size, script);
    assert!(
        shape(text, &items, fonts) == shape_whole(text, &items, fonts),
        "the word cache shapes {text:?} unlike HarfBuzz shaping its items whole\n{}",
        case.to_text()
    );
}

// ---------------------------------------------------------------------------------------
// manifest

/// The book folder manifests are read against: the pieces the books list, covers, a link
/// out of the folder. Made once per process.
pub fn manifest_root() -> &'static Path {
    static ROOT: OnceLock<tempfile::TempDir> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        for name in [
            "a.md",
            "b.md",
            "notes.txt",
            "01-organisational-policy.md",
            "02-building-relationships.md",
            "03-red-flag-networks.md",
            "04-criteria-for-debate.md",
            "05-may-day-statement.md",
            "01-may-day-statement.md",
            "02-preface.md",
            "03-join-us.md",
            "01-criteria-for-debate.md",
            "02-letter-from-the-philippines.md",
            "03-interview-with-an-anarchist.md",
        ] {
            std::fs::write(
                root.join(name),
                "+++\ntitle = \"T\"\nsource = \"s\"\n+++\nText.\n",
            )
            .expect("write a piece");
        }
        std::fs::create_dir(root.join("sub")).expect("a sub-folder");
        std::fs::write(root.join("sub/c.md"), "x").expect("write");
        std::fs::write(root.join("cover.jpg"), [0xFF, 0xD8, 0xFF, 0xE0]).expect("write");
        std::fs::write(root.join("cover.png"), b"\x89PNG\r\n\x1a\n").expect("write");
        std::fs::write(root.join("bad.png"), b"not a png").expect("write");
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/hostname", root.join("out.md")).expect("symlink");
        dir
    })
    .path()
}

/// A manifest's text through `manifest::parse`: no panic, a refusal always explained by an
/// error, every diagnostic pointing inside the text.
pub fn manifest(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let root = manifest_root();
    let file = root.join("book.toml");
    let mut diagnostics = Vec::new();
    let manifest = manifest::parse(text, root, &file, &mut diagnostics);
    if manifest.is_none() {
        assert!(
            errors(&diagnostics) > 0,
            "the manifest is refused without an error: {diagnostics:?}\n{text}"
        );
    }
    diagnostics_point_inside(&diagnostics, text, &text);
    if let Some(m) = manifest {
        for (path, line) in &m.pieces {
            assert!(
                root.join(path).starts_with(root),
                "{path:?} leaves the folder"
            );
            assert!(
                *line >= 1 && *line <= text.split('\n').count(),
                "piece listed on line {line}"
            );
        }
    }
}
