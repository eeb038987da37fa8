//! ASCII digits that stand for Farsi numbers. Farsi is written with Persian digits (۰–۹); a
//! number typed or pasted with ASCII digits inside Farsi text is set as Latin digits in the
//! middle of a Farsi sentence. `pamphlet fix` turns them into Persian digits and
//! `pamphlet check` warns about them; both ask this module which digits those are, so the
//! two never disagree.
//!
//! A number is Farsi when the nearest letters around it (on its line) are Arabic-script ones:
//! Latin letters on either side («Red Flag 1986»), or a Latin word it belongs to («A4»,
//! «COVID-19», «3D», «2nd»), keep it ASCII, and so does a number with no letters around it.
//! Markdown is respected: code, URLs, link targets, attributes, `[…]{lang=…}` spans in another
//! language, footnote labels, list markers and character references are never touched.

use super::normalize::protected_spans;
use super::script::is_arabic_letter;
use crate::book::Lang;
use crate::check::spans_marked;
use crate::locale;
use std::ops::Range;

/// The byte ranges of `line` (one Markdown line, outside fenced code) holding ASCII digits
/// that stand for Farsi numbers, in order. A range is a number: digit runs joined by single
/// separators (`1,000`, `3.5`, `1398/02/11`, `12:30`), which stay as they are.
pub fn farsi_numbers(line: &str) -> Vec<Range<usize>> {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    // Markup, whose letters are not text around a number (flags per byte: a line may hold
    // thousands of spans and numbers).
    let mut neutral = vec![false; line.len()];
    let protected = protected_spans(line).into_iter().map(|(s, e)| s..e);
    for range in protected.chain(footnote_labels(line)) {
        neutral[range].fill(true);
    }
    // And text a number may be read against but is never changed in.
    let mut untouchable = neutral.clone();
    let other_language = spans_marked(line, |tag| {
        !Lang::parse(tag).is_ok_and(|lang| lang.is_persian())
    });
    let markers = list_marker(line)
        .into_iter()
        .chain(character_references(line));
    for range in other_language.into_iter().chain(markers) {
        untouchable[range].fill(true);
    }
    let context = LetterContext::of(line, &neutral);
    numbers(line)
        .into_iter()
        .filter(|number| !untouchable[number.clone()].contains(&true))
        .filter(|number| !in_latin_word(line, number))
        .filter(|number| context.is_farsi(number))
        .collect()
}

/// `line` with the digits of its Farsi numbers made Persian.
pub fn persian_digits(line: &str) -> std::borrow::Cow<'_, str> {
    let numbers = farsi_numbers(line);
    if numbers.is_empty() {
        return line.into();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut at = 0;
    for number in numbers {
        out.push_str(&line[at..number.start]);
        out.push_str(&locale::digits(&line[number.clone()], &Lang::persian()));
        at = number.end;
    }
    out.push_str(&line[at..]);
    out.into()
}

/// The numbers of `line`: runs of ASCII digits, joined by single separators between digits.
fn numbers(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let joined = out.last_mut().filter(|last| {
            last.end + 1 == start && matches!(bytes[last.end], b'.' | b',' | b'/' | b':')
        });
        match joined {
            Some(last) => last.end = i,
            None => out.push(start..i),
        }
    }
    out
}

/// Whether the number is part of a Latin word: a Latin letter (or an ASCII one) right
/// before or after it, or before a hyphen or underscore in front of it («COVID-19»).
fn in_latin_word(line: &str, number: &Range<usize>) -> bool {
    let latin = |c: char| c.is_alphabetic() && !is_arabic_letter(c);
    let mut before = line[..number.start].chars().rev();
    let mut after = line[number.end..].chars();
    match before.next() {
        Some(c) if latin(c) => return true,
        Some('-' | '_') if before.next().is_some_and(latin) => return true,
        _ => {}
    }
    match after.next() {
        Some(c) if latin(c) => true,
        Some('-' | '_') => after.next().is_some_and(latin),
        _ => false,
    }
}

/// For every byte of a line, the nearest letter before and after it outside the neutral
/// spans: found in two passes, so a line of many numbers costs no more than its length.
struct LetterContext {
    /// Per byte: whether the nearest letter before is Arabic-script (None: no letter).
    before: Vec<Option<bool>>,
    /// Per byte: likewise for the nearest letter at or after it.
    after: Vec<Option<bool>>,
}

impl LetterContext {
    fn of(line: &str, neutral: &[bool]) -> LetterContext {
        let mut class: Vec<Option<bool>> = vec![None; line.len() + 1];
        for (i, c) in line.char_indices() {
            if c.is_alphabetic() && !neutral[i] {
                class[i] = Some(is_arabic_letter(c));
            }
        }
        let mut before = vec![None; line.len() + 1];
        for i in 1..=line.len() {
            before[i] = class[i - 1].or(before[i - 1]);
        }
        let mut after = vec![None; line.len() + 1];
        for i in (0..line.len()).rev() {
            after[i] = class[i].or(after[i + 1]);
        }
        LetterContext { before, after }
    }

    /// Farsi around: an Arabic-script letter on one side at least, and no other letter on
    /// either.
    fn is_farsi(&self, number: &Range<usize>) -> bool {
        let (before, after) = (self.before[number.start], self.after[number.end]);
        before != Some(false)
            && after != Some(false)
            && (before == Some(true) || after == Some(true))
    }
}

/// The `[^label]` footnote references and definitions of a line.
fn footnote_labels(line: &str) -> Vec<Range<usize>> {
    delimited(line, "[^", ']')
}

/// The spans of `line` from each `open` to the next `close` after it, in one pass.
fn delimited(line: &str, open: &str, close: char) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = line[at..].find(open).map(|i| at + i) {
        // No `close` after this opening: none after any later one either.
        let Some(len) = line[start + open.len()..].find(close) else {
            break;
        };
        let end = start + open.len() + len + close.len_utf8();
        out.push(start..end);
        at = end;
    }
    out
}

/// An ordered list's marker at the start of the line (after indentation and `>`): `12.` or
/// `12)` followed by a space or the line's end.
fn list_marker(line: &str) -> Option<Range<usize>> {
    let start = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
    let digits = line[start..].bytes().take_while(u8::is_ascii_digit).count();
    let marker_end = start + digits;
    let closes = matches!(line.as_bytes().get(marker_end), Some(b'.' | b')'));
    let then_space = line[marker_end + usize::from(closes)..]
        .chars()
        .next()
        .is_none_or(char::is_whitespace);
    (digits > 0 && closes && then_space).then_some(start..marker_end + 1)
}

/// `&#1234;` and `&#x1F600;` character references: their digits are code, not numbers.
fn character_references(line: &str) -> Vec<Range<usize>> {
    delimited(line, "&#", ';')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(line: &str) -> String {
        persian_digits(line).into_owned()
    }

    #[test]
    fn a_number_in_farsi_text_gets_persian_digits() {
        assert_eq!(fixed("در سال 1986 میلادی"), "در سال ۱۹۸۶ میلادی");
        assert_eq!(fixed("تاریخ 1391/02/11 بود"), "تاریخ ۱۳۹۱/۰۲/۱۱ بود");
        assert_eq!(fixed("بیش از 1,000 نفر (50%)"), "بیش از ۱,۰۰۰ نفر (۵۰%)");
        assert_eq!(fixed("اول ماه مه 2012"), "اول ماه مه ۲۰۱۲");
    }

    #[test]
    fn latin_numbers_and_words_keep_their_digits() {
        for line in [
            "کاغذ A4 و ویروس COVID-19 و چاپ 3D",
            "the 2nd of May",
            "نشریه Red Flag 1986 را",
            "1986",
            "[آمار 2012]{lang=en} و",
            "کد `x = 12` در متن",
            "پیوند [این](https://example.org/2012/05) و <https://x.org/12>",
            "پانویس[^12] و",
            "[^3]: یادداشت",
            "1. کارگران",
            "> 2) کارگران",
            "نویسه &#1234; و",
            "عنوان {#part-2} و",
        ] {
            assert_eq!(fixed(line), line);
        }
    }

    #[test]
    fn a_list_item_keeps_its_marker_but_not_its_numbers() {
        assert_eq!(fixed("1. در سال 1986"), "1. در سال ۱۹۸۶");
    }

    #[test]
    fn a_number_after_a_latin_span_stays_latin() {
        assert_eq!(
            fixed("[Red Flag]{lang=en} 1986 را"),
            "[Red Flag]{lang=en} 1986 را"
        );
        assert_eq!(
            fixed("ص 12 از [مقاله]{lang=fa}"),
            "ص ۱۲ از [مقاله]{lang=fa}"
        );
    }

    #[test]
    fn fixing_twice_changes_nothing() {
        let once = fixed("در سال 1986 و 2012 میلادی");
        assert_eq!(fixed(&once), once);
        assert!(farsi_numbers(&once).is_empty());
    }
}
