//! Text read from TOML (the manifest, a piece's front matter) may hold only characters an
//! EPUB may: a TOML escape writes a control character (`\u0007`, `\b`, `\f`) that the raw
//! file could not hold, and XML refuses it (EPUBCheck RSC-016: the package cannot be parsed).
//! Noncharacters such as U+FFFF are refused for the same reason.

use super::diagnostic::{Diagnostic, LineIndex};
use std::path::Path;

/// Whether `c` is a control character other than tab and line feed (which are white space):
/// not text, in a source as in an output, nor printable raw on a terminal.
pub fn is_stray_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

/// Whether `c` may not stand in the outputs' text: a stray control character, or a Unicode
/// noncharacter.
pub fn is_forbidden(c: char) -> bool {
    let noncharacter = matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32 & 0xFFFE) == 0xFFFE;
    is_stray_control(c) || noncharacter
}

/// An error for each of `values` (strings read from `toml`, whose first line is line
/// `first_line` of `file`) that holds a forbidden character, placed at the escape that wrote
/// it where the TOML text shows one.
pub fn check<'a>(
    toml: &str,
    first_line: usize,
    file: &Path,
    values: impl IntoIterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    let index = LineIndex::new(toml);
    let mut out = Vec::new();
    for value in values {
        let Some(c) = value.chars().find(|c| is_forbidden(*c)) else {
            continue;
        };
        let written = spellings(c)
            .into_iter()
            .filter_map(|s| toml.find(&s).map(|at| (at, s)))
            .min();
        let mut d = Diagnostic::error(
            file,
            format!(
                "the text `{}` holds the character U+{:04X}, which an e-book may not",
                value.escape_debug(),
                c as u32
            ),
        );
        let hint = match &written {
            Some((at, spelt)) => {
                let (line, column) = index.line_column(toml, *at);
                d = d.spanning(
                    line + first_line - 1,
                    column,
                    column + spelt.chars().count(),
                );
                format!("delete `{spelt}`: the character is invisible and not allowed in XML")
            }
            None => "delete the character: it is invisible and not allowed in XML".to_string(),
        };
        out.push(d.with_hint(hint));
    }
    out
}

/// How `c` can be written in a TOML string: its escapes, or itself.
fn spellings(c: char) -> Vec<String> {
    let code = c as u32;
    let mut out = vec![
        format!("\\u{code:04X}"),
        format!("\\u{code:04x}"),
        format!("\\U{code:08X}"),
        format!("\\U{code:08x}"),
        format!("\\x{code:02X}"),
        format!("\\x{code:02x}"),
        c.to_string(),
    ];
    out.extend(
        match c {
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '\u{1b}' => Some("\\e"),
            '\r' => Some("\\r"),
            _ => None,
        }
        .map(str::to_string),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_control_character_is_placed_at_its_escape() {
        let toml = "title = \"ok\"\nnote = \"a\\u0007b\"\n";
        let d = check(toml, 2, Path::new("p.md"), ["ok", "a\u{7}b"]);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (Some(3), Some(10)));
        assert!(d[0].message.contains("U+0007"), "{}", d[0].message);
        assert!(check(toml, 1, Path::new("p.md"), ["tab\tand\nline"]).is_empty());
        assert!(is_forbidden('\u{FFFF}') && is_forbidden('\u{FDD0}') && is_forbidden('\u{8}'));
        assert!(!is_forbidden('\u{200C}') && !is_forbidden('ی'));
    }
}
