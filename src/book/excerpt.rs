//! The part of a long source line a rendered diagnostic shows. A diagnostic shows its source
//! line; a line of a whole pasted book (a piece without line breaks, a megabyte title) would
//! be printed whole for each diagnostic on it, so a line longer than
//! [`MAX_SHOWN_LINE_CHARS`] is shown as an excerpt around the span, cut with «…», still
//! numbered with the file's line and columns.

use std::ops::Range;

/// The longest source line a diagnostic shows whole.
pub const MAX_SHOWN_LINE_CHARS: usize = 200;

/// Characters shown before the span in an excerpt.
const BEFORE_SPAN_CHARS: usize = 40;

/// What is cut from either side of an excerpt.
const CUT: &str = "…";

/// An excerpt of a source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The excerpt, with «…» where the line goes on.
    pub text: String,
    /// The span in the excerpt's bytes.
    pub span: Range<usize>,
    /// What to add to a column counted in the excerpt to make it the line's (negative when
    /// a «…» stands in front of it).
    pub column_shift: isize,
}

/// The excerpt of `line` (one line of a file, its line end included or not) to show bytes
/// `span` of it in; None when the line is short enough to be shown whole.
pub fn cut(line: &str, span: Range<usize>) -> Option<Excerpt> {
    let text = line.trim_end_matches('\n');
    text.chars().nth(MAX_SHOWN_LINE_CHARS)?;
    // The span in the line's bytes, then the excerpt's characters around its start.
    let from = span.start.min(text.len());
    let to = span.end.clamp(from, text.len());
    let chars_before = text[..from].chars().count();
    let skip = chars_before.saturating_sub(BEFORE_SPAN_CHARS);
    let start = text.char_indices().nth(skip).map_or(text.len(), |(i, _)| i);
    let end = text[start..]
        .char_indices()
        .nth(MAX_SHOWN_LINE_CHARS)
        .map_or(text.len(), |(i, _)| start + i);
    let prefix = if start > 0 { CUT } else { "" };
    let suffix = if end < text.len() { CUT } else { "" };
    let shift = prefix.len() as isize - start as isize;
    let in_excerpt = |byte: usize| (byte.clamp(start, end) as isize + shift) as usize;
    Some(Excerpt {
        text: format!("{prefix}{}{suffix}", &text[start..end]),
        span: in_excerpt(from)..in_excerpt(to),
        column_shift: skip as isize - prefix.chars().count() as isize,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_is_shown_whole() {
        assert_eq!(cut("two three\n", 4..9), None);
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let line = format!("{}ديگر{}\n", "ب".repeat(500), "x".repeat(500));
        let at = line.find("ديگر").expect("word");
        let excerpt = cut(&line, at..at + "ديگر".len()).expect("an excerpt");
        assert!(
            excerpt.text.starts_with('…') && excerpt.text.ends_with('…'),
            "{}",
            excerpt.text
        );
        assert_eq!(excerpt.text.chars().count(), MAX_SHOWN_LINE_CHARS + 2);
        assert_eq!(&excerpt.text[excerpt.span.clone()], "ديگر");
        // Column 501 of the line is the excerpt's column 42 (the «…» and 40 before it).
        assert_eq!(excerpt.column_shift, 500 - 40 - 1);
    }
}
