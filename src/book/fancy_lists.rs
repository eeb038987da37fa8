//! Lettered and roman-numbered lists, which CommonMark lacks.
//!
//! Before parsing, the markers of such lists (`a.`, `B)`, `iv.`) and of Persian-digit lists
//! (`۱.`) are rewritten as decimal markers CommonMark understands, keeping every line where it
//! was so that diagnostics still point at the editor's lines. The parser's list events are then
//! matched back to the recorded styles by the byte offset of their first item.

use super::model::ListStyle;
use std::collections::HashMap;

/// The rewritten text and the style of each non-decimal list, keyed by the byte offset (in the
/// rewritten text) of the line holding its first item.
pub struct Rewritten {
    /// Markdown with decimal markers only.
    pub text: String,
    /// List styles by the offset of the first item's line.
    pub styles: HashMap<usize, ListStyle>,
}

/// One list being followed through the text.
struct OpenList {
    indent: usize,
    delimiter: char,
    style: ListStyle,
    /// Number of the last item seen (1-based).
    count: u64,
}

/// Rewrites lettered, roman and Persian-digit list markers as decimal ones.
pub fn rewrite(text: &str) -> Rewritten {
    let mut out = String::with_capacity(text.len());
    let mut styles = HashMap::new();
    let mut open: Option<OpenList> = None;
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let line_start = out.len();
        if in_fence {
            out.push_str(line);
            continue;
        }
        match parse_marker(line) {
            Some(marker) => {
                let continues = open.as_ref().is_some_and(|list| {
                    list.indent == marker.indent
                        && list.delimiter == marker.delimiter
                        && marker.value_in(list.style) == Some(list.count + 1)
                });
                if continues {
                    if let Some(list) = open.as_mut() {
                        list.count += 1;
                    }
                    out.push_str(&marker.as_decimal(line));
                } else if let Some(style) = marker.starting_style() {
                    if style != ListStyle::Decimal {
                        styles.insert(line_start, style);
                    }
                    open = Some(OpenList {
                        indent: marker.indent,
                        delimiter: marker.delimiter,
                        style,
                        count: 1,
                    });
                    out.push_str(&marker.as_decimal(line));
                } else {
                    out.push_str(line);
                }
            }
            None => {
                // A line at or left of the list's indent that is not an item ends the list,
                // unless it is blank or a lazy continuation of the item's paragraph.
                if let Some(list) = &open {
                    let indent = line.len() - trimmed.len();
                    if !trimmed.trim().is_empty() && indent <= list.indent && starts_block(trimmed)
                    {
                        open = None;
                    }
                }
                out.push_str(line);
            }
        }
    }
    Rewritten { text: out, styles }
}

/// Whether a line begins a new block that would end a list at its indent.
fn starts_block(trimmed: &str) -> bool {
    trimmed.starts_with('#')
        || trimmed.starts_with('>')
        || trimmed.starts_with(":::")
        || trimmed.starts_with("* * *")
        || trimmed.starts_with("---")
}

/// A list marker at the start of a line.
struct Marker<'a> {
    indent: usize,
    /// The marker's text without its delimiter: `a`, `iv`, `۱۲`.
    body: &'a str,
    delimiter: char,
    /// Byte range of `body` in the line.
    start: usize,
}

fn parse_marker(line: &str) -> Option<Marker<'_>> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    if indent > 3 && indent % 4 != 0 {
        return None;
    }
    let body_len: usize = trimmed
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_alphabetic() || ('۰'..='۹').contains(c))
        .map(|(_, c)| c.len_utf8())
        .sum();
    if body_len == 0 {
        return None;
    }
    let body = &trimmed[..body_len];
    let rest = &trimmed[body_len..];
    let delimiter = rest.chars().next()?;
    if delimiter != '.' && delimiter != ')' {
        return None;
    }
    let after = &rest[1..];
    if !(after.starts_with(' ') || after.starts_with('\t')) {
        return None;
    }
    Some(Marker {
        indent,
        body,
        delimiter,
        start: indent,
    })
}

impl Marker<'_> {
    /// The style a list starting with this marker has, if it can start one.
    fn starting_style(&self) -> Option<ListStyle> {
        match self.body {
            "a" => Some(ListStyle::LowerAlpha),
            "A" => Some(ListStyle::UpperAlpha),
            "i" => Some(ListStyle::LowerRoman),
            "I" => Some(ListStyle::UpperRoman),
            "۱" => Some(ListStyle::Decimal),
            _ => None,
        }
    }

    /// The item number this marker stands for in a list of `style`.
    fn value_in(&self, style: ListStyle) -> Option<u64> {
        match style {
            ListStyle::LowerAlpha | ListStyle::UpperAlpha => {
                let mut chars = self.body.chars();
                let c = chars.next()?;
                let base = if style == ListStyle::LowerAlpha {
                    'a'
                } else {
                    'A'
                };
                (chars.next().is_none() && c >= base && (c as u32) < base as u32 + 26)
                    .then(|| u64::from(c as u32 - base as u32) + 1)
            }
            ListStyle::LowerRoman | ListStyle::UpperRoman => {
                let value = roman_value(self.body)?;
                let upper = style == ListStyle::UpperRoman;
                let canonical = to_roman(value);
                let canonical = if upper {
                    canonical.to_ascii_uppercase()
                } else {
                    canonical
                };
                (canonical == self.body).then_some(value)
            }
            ListStyle::Decimal => {
                let mut value = 0u64;
                for c in self.body.chars() {
                    let digit = ('۰'..='۹').contains(&c).then(|| c as u64 - '۰' as u64)?;
                    value = value.checked_mul(10)?.checked_add(digit)?;
                }
                Some(value)
            }
        }
    }

    /// The line with this marker replaced by a decimal one of the same width in characters.
    /// Only the first item's number matters to CommonMark, so every marker becomes ones.
    fn as_decimal(&self, line: &str) -> String {
        let width = self.body.chars().count();
        let mut out = String::with_capacity(line.len());
        out.push_str(&line[..self.start]);
        out.push_str(&"1".repeat(width));
        out.push_str(&line[self.start + self.body.len()..]);
        out
    }
}

fn roman_value(s: &str) -> Option<u64> {
    let mut total = 0u64;
    let mut prev = 0u64;
    for c in s.chars().rev() {
        let v = match c.to_ascii_lowercase() {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            'l' => 50,
            'c' => 100,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    Some(total)
}

/// Lower-case roman numeral of `n` (1 to 399).
pub fn to_roman(mut n: u64) -> String {
    const TABLE: [(u64, &str); 9] = [
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lettered_list_becomes_decimal_with_style() {
        let r = rewrite("Intro\n\na. one\nb. two\n\nc. three\n");
        assert_eq!(r.text, "Intro\n\n1. one\n1. two\n\n1. three\n");
        assert_eq!(r.styles.get(&7), Some(&ListStyle::LowerAlpha));
        assert_eq!(r.styles.len(), 1);
    }

    #[test]
    fn roman_list_keeps_width() {
        let r = rewrite("i. one\nii. two\niii. three\niv. four\n");
        assert_eq!(r.text, "1. one\n11. two\n111. three\n11. four\n");
        assert_eq!(r.styles.get(&0), Some(&ListStyle::LowerRoman));
    }

    #[test]
    fn sentence_starting_with_a_letter_is_left_alone() {
        let r = rewrite("b. this is not a list\n\nI. M. Pei was an architect\n");
        assert_eq!(
            r.text,
            "b. this is not a list\n\n1. M. Pei was an architect\n"
        );
        // A lone "I." starts a roman list only as CommonMark would read "1." — an editor's
        // sentence "I. M. Pei" is rare enough, and `check` shows the list in context.
    }

    #[test]
    fn persian_digits_become_ascii() {
        let r = rewrite("۱. یک\n۲. دو\n");
        assert_eq!(r.text, "1. یک\n1. دو\n");
        assert!(r.styles.is_empty());
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(to_roman(14), "xiv");
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("abc"), None);
    }
}
