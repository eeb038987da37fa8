//! A piece's source text as the checks read it: the file's text, where its body starts, its
//! paragraphs and words, each with the byte range it came from, so that every diagnostic can
//! point at a span.

use crate::book::diagnostic::{normalize_source, LineIndex};
use crate::book::{Diagnostic, Piece};
use crate::source_file::{read_regular, MAX_TEXT_BYTES};
use std::ops::Range;
use std::path::PathBuf;

/// A loaded piece with the text of its file.
pub struct PieceSource<'a> {
    /// The file, as diagnostics name it (book folder + relative path).
    pub file: PathBuf,
    /// The piece as loaded.
    pub piece: &'a Piece,
    /// The file's text, normalised as the loader reads it.
    pub text: String,
    /// Byte offset where the body begins, after the front matter.
    pub body_start: usize,
    index: LineIndex,
}

/// A paragraph of the body: lines up to a blank line, outside code blocks and fence lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Its bytes in the file's text.
    pub range: Range<usize>,
}

impl<'a> PieceSource<'a> {
    /// Reads the piece's file again (the model keeps no source text).
    pub fn read(file: PathBuf, piece: &'a Piece) -> Result<PieceSource<'a>, Diagnostic> {
        let bytes = read_regular(&file, MAX_TEXT_BYTES).map_err(|e| {
            Diagnostic::error(&file, format!("cannot read the piece: {e}"))
                .with_hint("check that the file is still there and readable")
        })?;
        let text = normalize_source(&String::from_utf8_lossy(&bytes));
        Ok(PieceSource::new(file, piece, text))
    }

    /// A piece whose text is already in hand.
    pub fn new(file: PathBuf, piece: &'a Piece, text: String) -> PieceSource<'a> {
        let body_start = body_start(&text);
        let index = LineIndex::new(&text);
        PieceSource {
            file,
            piece,
            text,
            body_start,
            index,
        }
    }

    /// A diagnostic pointing at bytes `range` of the text.
    pub fn at(&self, problem: Diagnostic, range: Range<usize>) -> Diagnostic {
        problem.at_bytes(&self.text, &self.index, range)
    }

    /// The 1-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.index.line(offset)
    }

    /// The body's paragraphs, in order. Fenced code is not text to check, and `:::` fence
    /// lines only frame paragraphs.
    pub fn paragraphs(&self) -> Vec<Paragraph> {
        let mut out = Vec::new();
        let mut open: Option<Range<usize>> = None;
        let mut in_code = false;
        let mut offset = self.body_start;
        for line in self.text[self.body_start..].split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let trimmed = line.trim();
            let code_fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
            if code_fence {
                in_code = !in_code;
            }
            if trimmed.is_empty() || in_code || code_fence || trimmed.starts_with(":::") {
                out.extend(open.take().map(|range| Paragraph { range }));
                continue;
            }
            let end = start + line.trim_end().len();
            open = Some(open.map_or(start..end, |r| r.start..end));
        }
        out.extend(open.map(|range| Paragraph { range }));
        out
    }
}

/// Where the body begins: after the closing `+++` of the front matter, or 0 without one.
fn body_start(text: &str) -> usize {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return 0;
    };
    let mut offset = 4;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "+++" {
            return offset;
        }
    }
    0
}

/// The words of `text` in bytes `range` (runs of letters, digits and joiners), with their
/// byte ranges in `text`.
pub fn words(text: &str, range: Range<usize>) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    let part = &text[range.clone()];
    for (i, c) in part.char_indices() {
        let in_word =
            c.is_alphanumeric() || matches!(c, '\u{200c}' | '\u{200d}' | '\'' | '’') || is_mark(c);
        match (in_word, word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(s)) => {
                out.push((range.start + s..range.start + i, &part[s..i]));
                word_start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = word_start {
        out.push((range.start + s..range.end, &part[s..]));
    }
    out
}

/// Arabic combining marks, which belong to the word they sit on.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Byte ranges of the `[…]{lang=TAG}` spans in `text` whose tag `marked` accepts: text an
/// editor has marked as a language of its own.
pub fn spans_marked(text: &str, mut marked: impl FnMut(&str) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (close, _) in text.match_indices("]{lang=") {
        let tag_start = close + "]{lang=".len();
        let Some(tag_len) = text[tag_start..].find('}') else {
            continue;
        };
        let tag = text[tag_start..tag_start + tag_len].trim_matches('"');
        let Some(open) = text[..close].rfind('[') else {
            continue;
        };
        if marked(tag) {
            out.push(open..tag_start + tag_len + 1);
        }
    }
    out
}

/// An empty piece in `lang`, for the checks' tests: they read the text, not the model.
#[cfg(test)]
pub fn test_piece(lang: crate::book::Lang) -> Piece {
    Piece {
        meta: Default::default(),
        dir: lang.direction(),
        lang,
        path: "a.md".into(),
        blocks: Vec::new(),
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece() -> Piece {
        test_piece(crate::book::Lang::english())
    }

    #[test]
    fn paragraphs_skip_front_matter_code_and_fences() {
        let p = piece();
        let text =
            "+++\ntitle = \"T\"\n+++\n\nOne\ntwo\n\n```\ncode\n```\n::: epigraph\nThree\n:::\n";
        let s = PieceSource::new("a.md".into(), &p, text.into());
        let found: Vec<&str> = s
            .paragraphs()
            .iter()
            .map(|p| &s.text[p.range.clone()])
            .collect();
        assert_eq!(found, ["One\ntwo", "Three"]);
        assert_eq!(s.line_of(s.paragraphs()[1].range.start), 12);
    }

    #[test]
    fn words_keep_zwnj_and_marks() {
        let text = "Say «می‌روم», then stop.";
        let found: Vec<&str> = words(text, 0..text.len())
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(found, ["Say", "می‌روم", "then", "stop"]);
    }

    #[test]
    fn marked_spans_are_found() {
        let text = "a [قال]{lang=ar} b [x]{lang=fa}";
        let spans = spans_marked(text, |tag| tag != "fa");
        assert_eq!(spans.len(), 1);
        assert_eq!(&text[spans[0].clone()], "[قال]{lang=ar}");
    }
}
