//! ASCII digits in Farsi text: a Farsi number typed or pasted with ASCII digits is set as
//! Latin digits inside a Farsi sentence. The numbers are the ones `pamphlet fix` converts
//! ([`crate::edit::digits`]), so the warning's hint is exactly what the fix does.

use super::source::PieceSource;
use crate::book::{Diagnostic, Lang};
use crate::edit::digits::farsi_numbers;
use crate::locale;

/// A warning for each Farsi number written in ASCII digits in the piece's body (outside
/// fenced code), pointing at the number.
pub fn check(source: &PieceSource) -> Vec<Diagnostic> {
    let text = &source.text;
    let mut out = Vec::new();
    for paragraph in source.paragraphs() {
        let mut line_start = paragraph.range.start;
        for line in text[paragraph.range.clone()].split('\n') {
            for number in farsi_numbers(line) {
                let written = &line[number.clone()];
                let persian = locale::digits(written, &Lang::persian());
                let at = line_start + number.start..line_start + number.end;
                out.push(
                    source.at(
                        Diagnostic::warning(
                            &source.file,
                            format!(
                                "the number `{written}` in Farsi text is written in ASCII digits"
                            ),
                        )
                        .with_hint(format!(
                        "write it in Persian digits, `{persian}` (`pamphlet fix --write` does it)"
                    )),
                        at,
                    ),
                );
            }
            line_start += line.len() + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Lang;
    use crate::check::source::test_piece;

    #[test]
    fn a_farsi_number_is_found_at_its_line_and_column_a_latin_one_is_not() {
        let piece = test_piece(Lang::persian());
        let text = "+++\ntitle = \"x 12\"\n+++\n\nدر سال 1986\nو COVID-19 و\n\n```\nکد 12\n```\n";
        let source = PieceSource::new("a.md".into(), &piece, text.into());
        let found = check(&source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].line, found[0].column), (Some(5), Some(8)));
        assert_eq!(found[0].end_column, Some(12));
        assert!(found[0].hint.as_deref().is_some_and(|h| h.contains("۱۹۸۶")));
    }
}
