//! Persian normalization: Persian letters and digits, ZWNJ where a space or nothing stands
//! for it, and the spacing of Persian punctuation and « ».
//!
//! Every rule looks at Arabic-script text only, so Latin text is never touched; code spans,
//! fenced code, URLs, link targets, attributes and a piece's front matter are skipped. The
//! result is a fixed point: normalizing it again changes nothing.

use super::digits;
use super::lexicon::{lexicon, Lexicon};
use super::script::{arabic_words, is_arabic_letter, is_arabic_mark, joins_forward, ZWNJ};

/// Normalizes a whole piece file: the front matter stays as it is, the Markdown body is
/// normalized outside code and URLs.
pub fn normalize_piece(file: &str) -> String {
    let (front, body) = split_front_matter(file);
    let mut out = String::with_capacity(file.len());
    out.push_str(front);
    out.push_str(&normalize_markdown(body));
    out
}

/// Normalizes Markdown: prose lines are normalized, fenced code is left alone.
pub fn normalize_markdown(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<&str> = None;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                out.push_str(line);
            }
            (Some(open), Some(m)) if open == m => {
                fence = None;
                out.push_str(line);
            }
            (Some(_), _) => out.push_str(line),
            (None, None) => out.push_str(&normalize_line(line)),
        }
    }
    out
}

/// Normalizes plain prose (no Markdown syntax to protect).
pub fn normalize_text(text: &str) -> String {
    let lex = lexicon();
    join_with_zwnj(lex, &spacing(&letters(text)))
}

/// The front matter (with its fences) and the rest; all body when there is none.
pub(crate) fn split_front_matter(file: &str) -> (&str, &str) {
    let Some(rest) = file.strip_prefix("+++\n") else {
        return ("", file);
    };
    let mut offset = 4;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "+++" {
            return file.split_at(offset);
        }
    }
    ("", file)
}

/// Normalizes one Markdown line, leaving its protected spans as they are. Its Farsi numbers
/// get Persian digits first, which the spacing rules then see as Farsi.
fn normalize_line(line: &str) -> String {
    let line = &*digits::persian_digits(line);
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for (start, end) in protected_spans(line) {
        out.push_str(&normalize_text(&line[at..start]));
        out.push_str(&line[start..end]);
        at = end;
    }
    out.push_str(&normalize_text(&line[at..]));
    out
}

/// Byte ranges of a line that no rule may touch: code spans, autolinks, URLs, link targets
/// and attribute blocks.
pub(crate) fn protected_spans(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &line[i..];
        let closing = |open: &str, close: char| {
            rest.strip_prefix(open)
                .and_then(|r| r.find(close))
                .map(|n| i + open.len() + n + close.len_utf8())
        };
        let end = if rest.starts_with('`') {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            rest[ticks..]
                .find(fence)
                .map(|n| i + ticks + n + ticks)
                .or(Some(i + ticks))
        } else if rest.starts_with("](") {
            closing("](", ')')
        } else if rest.starts_with('<') {
            closing("<", '>')
        } else if rest.starts_with('{') {
            closing("{", '}')
        } else if rest.starts_with("http://")
            || rest.starts_with("https://")
            || rest.starts_with("www.")
        {
            Some(i + rest.find(char::is_whitespace).unwrap_or(rest.len()))
        } else {
            None
        };
        match end {
            Some(end) if end > i => {
                spans.push((i, end));
                i = end;
            }
            _ => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    spans
}

/// Persian yeh and keheh for the Arabic letters, Persian digits for Arabic-Indic ones.
fn letters(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ي' => 'ی',
            'ك' => 'ک',
            '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + 0x06F0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Persian marks that take no space before them and one after.
fn is_persian_mark(c: char) -> bool {
    matches!(c, '،' | '؛' | '؟')
}

/// Whether `c` is Farsi text: a letter, a mark or a Persian digit.
fn is_farsi(c: char) -> bool {
    is_arabic_letter(c) || is_arabic_mark(c) || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

/// Spaces around Persian punctuation and « », stray spaces after a letter's mark, runs of
/// spaces inside Farsi.
fn spacing(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(c.len() + 8);
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == ' ' {
            let run_end = (i..c.len()).find(|&j| c[j] != ' ').unwrap_or(c.len());
            let prev = out.last().copied();
            let next = c.get(run_end).copied();
            let (Some(p), Some(n)) = (prev, next) else {
                // Indentation and trailing spaces are Markdown's business.
                out.extend(&c[i..run_end]);
                i = run_end;
                continue;
            };
            let drop = is_persian_mark(n)
                || (matches!(n, '.' | '!' | ':') && (is_farsi(p) || p == '»'))
                || n == '»'
                || p == '«'
                || (is_arabic_mark(p) && is_farsi(n) && lone_letter_before(&out));
            if !drop {
                let farsi_around =
                    is_farsi(p) || is_farsi(n) || "«»،؛؟".contains(p) || "«»".contains(n);
                if farsi_around {
                    out.push(' ');
                } else {
                    out.extend(&c[i..run_end]);
                }
            }
            i = run_end;
            continue;
        }
        let prev = out.last().copied();
        let next = c.get(i + 1).copied();
        if ch == '«' && prev.is_some_and(is_farsi) {
            out.push(' ');
        }
        out.push(ch);
        let needs_space_after = match ch {
            '،' | '؛' | '؟' => next.is_some_and(|n| is_arabic_letter(n) || n == '«'),
            '.' | '!' | ':' => {
                prev.is_some_and(is_arabic_letter)
                    && next.is_some_and(|n| is_arabic_letter(n) || n == '«')
            }
            '»' => next.is_some_and(is_arabic_letter),
            _ => false,
        };
        if needs_space_after {
            out.push(' ');
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// Whether `out` ends with a word of one letter and its marks («اِ» of «اِ عمال»).
fn lone_letter_before(out: &[char]) -> bool {
    let marks = out.iter().rev().take_while(|&&c| is_arabic_mark(c)).count();
    let letters = out[..out.len() - marks]
        .iter()
        .rev()
        .take_while(|&&c| is_arabic_letter(c) || is_arabic_mark(c))
        .count();
    letters == 1
}

/// Verbal prefixes written apart from or run into their verb.
const PREFIXES: &[&str] = &["نمی", "می"];
/// Plural and comparative suffixes that may stand after a space.
const SPACED_SUFFIXES: &[&str] = &[
    "ها",
    "های",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هایمان",
    "هایتان",
    "هایشان",
    "ترین",
    "تر",
];
/// Personal suffixes that take a ZWNJ after a final «ه».
const AFTER_HEH: &[&str] = &["ام", "ات", "اش"];
/// Plural suffixes that may have been run into their noun.
const RUN_IN_SUFFIXES: &[&str] = &["هایی", "های", "ها"];

/// ZWNJ for «می», «نمی» and the suffixes where a space or nothing stands for it.
fn join_with_zwnj(lex: &Lexicon, text: &str) -> String {
    let words: Vec<(usize, &str)> = arabic_words(text).collect();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut skip_next = false;
    for (i, &(offset, word)) in words.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let next = words
            .get(i + 1)
            .filter(|&&(next_offset, _)| &text[offset + word.len()..next_offset] == " ");
        if let Some(&(next_offset, next_word)) = next {
            let end = next_offset + next_word.len();
            // «می کند» → «می‌کند»
            if PREFIXES.contains(&word) && lex.is_conjugated_stem(next_word) {
                edits.push((offset, end, format!("{word}{ZWNJ}{next_word}")));
                skip_next = true;
                continue;
            }
            // «سازمان ها» → «سازمان‌ها», «کالا ها» → «کالاها», «خسته ام» → «خسته‌ام»
            let suffix = SPACED_SUFFIXES.contains(&next_word)
                || (AFTER_HEH.contains(&next_word)
                    && word.ends_with('ه')
                    && word.chars().count() > 1);
            if suffix && !lex.is_word(&format!("{word} {next_word}")) {
                let joiner = if word.chars().last().is_some_and(joins_forward) {
                    ZWNJ.to_string()
                } else {
                    String::new()
                };
                edits.push((offset, end, format!("{word}{joiner}{next_word}")));
                skip_next = true;
                continue;
            }
        }
        if let Some(fixed) = run_in(lex, word) {
            edits.push((offset, offset + word.len(), fixed));
        }
    }
    let mut out = String::with_capacity(text.len() + edits.len() * 3);
    let mut at = 0;
    for (start, end, replacement) in edits {
        out.push_str(&text[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// A prefix or suffix run into its word with nothing between («میکند», «سازمانها»), split
/// by a ZWNJ; `None` when the word is fine or listed as it stands.
fn run_in(lex: &Lexicon, word: &str) -> Option<String> {
    if lex.contains(word) && lex.is_word(word) {
        return None;
    }
    for prefix in PREFIXES {
        if let Some(rest) = word.strip_prefix(prefix) {
            if lex.is_conjugated_stem(rest) {
                return Some(format!("{prefix}{ZWNJ}{rest}"));
            }
        }
    }
    if lex.contains(word) {
        return None;
    }
    RUN_IN_SUFFIXES.iter().find_map(|suffix| {
        let base = word.strip_suffix(suffix)?;
        let joins = base.chars().last().is_some_and(joins_forward);
        (joins && base.chars().count() >= 2 && lex.is_word(base))
            .then(|| format!("{base}{ZWNJ}{suffix}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_digits_and_zwnj() {
        assert_eq!(normalize_text("كتاب يك"), "کتاب یک");
        assert_eq!(normalize_text("سال ١٣٩١"), "سال ۱۳۹۱");
        assert_eq!(
            normalize_text("او میکند و نمی توانند"),
            "او می‌کند و نمی‌توانند"
        );
        assert_eq!(
            normalize_text("سازمان ها و سازمانهای کالا ها"),
            "سازمان‌ها و سازمان‌های کالاها"
        );
        assert_eq!(normalize_text("بزرگ ترین خانه ام"), "بزرگ‌ترین خانه‌ام");
    }

    #[test]
    fn words_that_only_look_suffixed_stay() {
        for word in ["تری", "میز", "میدان", "تنها", "میلیون", "آنها"] {
            assert_eq!(normalize_text(word), word);
        }
    }

    #[test]
    fn punctuation_spacing() {
        assert_eq!(normalize_text("گفت ، رفت"), "گفت، رفت");
        assert_eq!(normalize_text("گفت،رفت ؟"), "گفت، رفت؟");
        assert_eq!(normalize_text("در « رکود » بود"), "در «رکود» بود");
        assert_eq!(normalize_text("در«رکود»بود"), "در «رکود» بود");
        assert_eq!(normalize_text("بود.سپس  آمد ."), "بود. سپس آمد.");
        assert_eq!(normalize_text("اِ عمال"), "اِعمال");
        assert_eq!(normalize_text("بحرانِ بدهی"), "بحرانِ بدهی");
    }

    #[test]
    fn latin_code_urls_and_front_matter_stay() {
        let piece = "+++\ntitle = \"كتاب ها\"\n+++\n\nSee `كتاب ها` at https://x.org/كتاب_ها and  two  spaces .\n\n```\nكتاب ها\n```\nكتاب ها\n";
        let fixed = normalize_piece(piece);
        assert_eq!(
            fixed,
            "+++\ntitle = \"كتاب ها\"\n+++\n\nSee `كتاب ها` at https://x.org/كتاب_ها and  two  spaces .\n\n```\nكتاب ها\n```\nکتاب‌ها\n"
        );
        assert_eq!(normalize_piece(&fixed), fixed);
    }
}
