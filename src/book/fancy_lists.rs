//! Lettered and roman-numbered lists, which CommonMark lacks.
//!
//! Before parsing, the markers of such lists (`a.`, `B)`, `iv.`) and of Persian-digit lists
//! (`۱.`) are rewritten as decimal markers CommonMark understands, keeping every line where it
//! was so that diagnostics still point at the editor's lines. The parser's list events are then
//! matched back to the recorded styles by the byte offset of their first item.
//!
//! CommonMark continues a list across items of one delimiter, whatever their numbers, so a
//! lettered list right after a numbered one (`1.` `2.` then `a.`) would become its items 3
//! and 4. A change of style starts a new list: its markers are written with the other
//! delimiter (`.` ↔ `)`), which CommonMark takes for a new list and the outputs never show.

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
    /// The delimiter its markers are rewritten with.
    written: char,
    style: ListStyle,
    /// Number of the last item seen (1-based).
    count: u64,
}

/// Rewrites lettered, roman and Persian-digit list markers as decimal ones, and gives a list
/// whose style differs from the one just before it the other delimiter.
pub fn rewrite(text: &str) -> Rewritten {
    let mut out = String::with_capacity(text.len());
    let mut styles = HashMap::new();
    // The lists open at each indent, the innermost last.
    let mut open: Vec<OpenList> = Vec::new();
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
        let Some(marker) = parse_marker(line) else {
            // A line at or left of a list's indent that is not an item ends the list,
            // unless it is blank or a lazy continuation of the item's paragraph.
            let indent = line.len() - trimmed.len();
            if !trimmed.trim().is_empty() && starts_block(trimmed) {
                open.retain(|list| list.indent < indent);
            }
            out.push_str(line);
            continue;
        };
        // An item closes the lists nested deeper than it.
        open.retain(|list| list.indent <= marker.indent);
        let same_indent = open.last_mut().filter(|list| list.indent == marker.indent);
        match same_indent {
            Some(list)
                if list.delimiter == marker.delimiter
                    && marker.value_in(list.style) == Some(list.count + 1) =>
            {
                list.count += 1;
                out.push_str(&marker.rewritten(line, list.written));
            }
            previous => match marker.starting_style() {
                Some(style) => {
                    if style != ListStyle::Decimal {
                        styles.insert(line_start, style);
                    }
                    // CommonMark would run this list into the one before at its indent when
                    // both are written with one delimiter: another style gets the other.
                    let runs_on = previous.as_ref().is_some_and(|list| {
                        list.written == marker.delimiter && list.style != style
                    });
                    let written = if runs_on {
                        other_delimiter(marker.delimiter)
                    } else {
                        marker.delimiter
                    };
                    out.push_str(&marker.rewritten(line, written));
                    open.retain(|list| list.indent < marker.indent);
                    open.push(OpenList {
                        indent: marker.indent,
                        delimiter: marker.delimiter,
                        written,
                        style,
                        count: marker.value_in(style).unwrap_or(1),
                    });
                }
                None => out.push_str(line),
            },
        }
    }
    Rewritten { text: out, styles }
}

/// The delimiter CommonMark does not run into a list of `delimiter`.
fn other_delimiter(delimiter: char) -> char {
    if delimiter == '.' {
        ')'
    } else {
        '.'
    }
}

/// Whether a line begins a new block that would end a list at its indent.
fn starts_block(trimmed: &str) -> bool {
    trimmed.starts_with('#')
        || trimmed.starts_with('>')
        || trimmed.starts_with(":::")
        || trimmed.starts_with("* * *")
        || trimmed.starts_with("---")
}

/// The most digits a list item's number has in CommonMark; a longer number is text.
const MAX_NUMBER_DIGITS: usize = 9;

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
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let body_len: usize = if digits > 0 {
        if digits > MAX_NUMBER_DIGITS {
            return None;
        }
        digits
    } else {
        trimmed
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_alphabetic() || ('۰'..='۹').contains(c))
            .map(|(_, c)| c.len_utf8())
            .sum()
    };
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
            // A list in ASCII digits may start at any number, as in CommonMark.
            body if body.bytes().all(|b| b.is_ascii_digit()) => Some(ListStyle::Decimal),
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
            ListStyle::Decimal if self.is_ascii_number() => self.body.parse().ok(),
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

    /// Whether the marker is a number in ASCII digits, which CommonMark reads as it is.
    fn is_ascii_number(&self) -> bool {
        self.body.bytes().all(|b| b.is_ascii_digit())
    }

    /// The line with this marker written as a decimal one of the same width in characters,
    /// with `delimiter`. Only the first item's number matters to CommonMark, so every other
    /// marker becomes ones; a number in ASCII digits is kept.
    fn rewritten(&self, line: &str, delimiter: char) -> String {
        let mut out = String::with_capacity(line.len());
        out.push_str(&line[..self.start]);
        if self.is_ascii_number() {
            out.push_str(self.body);
        } else {
            out.push_str(&"1".repeat(self.body.chars().count()));
        }
        out.push(delimiter);
        // The delimiter is one byte, `.` or `)`.
        out.push_str(&line[self.start + self.body.len() + 1..]);
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
    fn a_change_of_style_starts_a_new_list_with_the_other_delimiter() {
        let r = rewrite("1. one\n2. two\na. three\nb. four\n\n1. again\n");
        assert_eq!(r.text, "1. one\n2. two\n1) three\n1) four\n\n1. again\n");
        assert_eq!(r.styles.get(&14), Some(&ListStyle::LowerAlpha));
        assert_eq!(r.styles.len(), 1);
    }

    #[test]
    fn numbered_lists_keep_their_numbers() {
        let r = rewrite("3. three\n4. four\n");
        assert_eq!(r.text, "3. three\n4. four\n");
        assert!(r.styles.is_empty());
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(to_roman(14), "xiv");
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("abc"), None);
    }
}
