//! Hyphenation: where an English word may be broken at a line end, by Knuth–Liang patterns
//! (the `hypher` crate, which embeds TeX's en-US patterns as compact automata: no files to
//! find or load at run time).

use super::shape::ShapedRun;
use ecow::EcoString;
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// Letters kept before a hyphen.
const LEFT_MIN: usize = 2;
/// Letters carried over after it.
const RIGHT_MIN: usize = 3;

/// Byte offsets where a word of `text` may be broken with a hyphen. Only English words in
/// left-to-right runs qualify (`english(at)` says whether the text at a byte is English),
/// and not: capitalised words, words with digits, apostrophes or other marks in them (URLs,
/// numbers, compounds that already carry a hyphen), or the paragraph's last word. A point
/// must fall between two glyphs of one run, never inside a ligature.
///
/// `freedom` lifts some of these rules (see [`Freedom`]).
pub fn points(
    text: &str,
    runs: &[ShapedRun],
    english: &dyn Fn(usize) -> bool,
    freedom: Freedom,
) -> Vec<usize> {
    // By byte offset: whether a glyph of a left-to-right run starts there (a break inside a
    // ligature would split its glyph), and which left-to-right run holds it (a break where
    // runs meet would need shaping across them). Looked up for every syllable.
    let mut starts = vec![false; text.len() + 1];
    let mut ltr_runs = vec![usize::MAX; text.len() + 1];
    for (index, run) in runs.iter().enumerate().rev().filter(|(_, r)| !r.rtl) {
        for g in &run.glyphs {
            if let Some(start) = starts.get_mut(g.cluster) {
                *start = true;
            }
        }
        if let Some(held) = ltr_runs.get_mut(run.range.clone()) {
            held.fill(index);
        }
    }
    let ltr_run = |at: usize| ltr_runs.get(at).copied().filter(|&r| r != usize::MAX);
    let mut tokens: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let breaks = c.is_whitespace() || super::collect::is_invisible(c);
        match (breaks, start) {
            (true, Some(s)) => {
                tokens.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push((s, &text[s..]));
    }
    // The paragraph's last word stays whole.
    let last_word = tokens
        .iter()
        .rposition(|(_, t)| t.chars().any(char::is_alphabetic));
    let mut out = Vec::new();
    for (index, (offset, token)) in tokens.iter().enumerate() {
        if Some(index) == last_word && freedom == Freedom::Normal {
            continue;
        }
        let lead = token.len()
            - token
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let core = token
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim_end_matches(|c: char| !c.is_alphanumeric());
        let at = offset + lead;
        let lower = |c: char| c.is_ascii_lowercase() || is_latin_lower(c);
        let plain = core.chars().all(lower);
        // A capitalised word ("Organisation", not "NATO") is found in the patterns by its
        // lower case (of the same length, so that its offsets hold).
        let capitalised = freedom == Freedom::Capitals && {
            let mut chars = core.chars();
            chars.next().is_some_and(char::is_uppercase) && chars.all(lower)
        };
        if core.chars().count() < LEFT_MIN + RIGHT_MIN || !(plain || capitalised) || !english(at) {
            continue;
        }
        let lowered = core.to_lowercase();
        if lowered.len() != core.len() {
            continue;
        }
        syllable_ends(&lowered, |end| {
            let pos = at + end;
            if starts[pos] && ltr_run(pos).is_some() && ltr_run(pos) == ltr_run(pos - 1) {
                out.push(pos);
            }
        });
    }
    out
}

/// Which of the rules on what [`points`] may hyphenate are lifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freedom {
    /// None: the rules as they are.
    Normal,
    /// The paragraph's last word may be hyphenated too: the emergency pass for a justified
    /// paragraph that otherwise leaves a line with gaps of an em.
    LastWord,
    /// Capitalised words too, and the last word: for a word wider than its line (a narrow
    /// table column), which would otherwise be cut without a hyphen.
    Capitals,
}

thread_local! {
    /// Each word's syllable ends, found once per thread: a book repeats its words.
    static SYLLABLE_ENDS: RefCell<FxHashMap<EcoString, Vec<u8>>> = RefCell::default();
}

/// Calls `each` with the byte offset in `word` after each syllable but the last.
fn syllable_ends(word: &str, mut each: impl FnMut(usize)) {
    SYLLABLE_ENDS.with_borrow_mut(|known| {
        if let Some(ends) = known.get(word) {
            ends.iter().for_each(|&end| each(usize::from(end)));
            return;
        }
        let mut end = 0;
        let mut ends = Vec::new();
        let syllables: Vec<&str> =
            hypher::hyphenate_bounded(word, hypher::Lang::English, LEFT_MIN, RIGHT_MIN).collect();
        for syllable in &syllables[..syllables.len().saturating_sub(1)] {
            end += syllable.len();
            each(end);
            ends.extend(u8::try_from(end));
        }
        // A word too long to count its syllables' ends in bytes is not kept.
        if ends.len() + 1 == syllables.len() {
            known.insert(word.into(), ends);
        }
    });
}

/// A lower-case Latin letter beyond ASCII (é, ß): words with them are still English words
/// to the patterns.
fn is_latin_lower(c: char) -> bool {
    c.is_lowercase() && ('\u{00C0}'..='\u{024F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ltr_run(text: &str) -> Vec<ShapedRun> {
        // One glyph per character, as a font without ligatures would give.
        vec![ShapedRun {
            range: 0..text.len(),
            rtl: false,
            face: crate::text::fonts::Face {
                family: crate::text::fonts::Family::Charis,
                bold: false,
                italic: false,
            },
            size: 10.0,
            rise: 0.0,
            glyphs: text
                .char_indices()
                .map(|(i, _)| crate::text::shape::ShapedGlyph {
                    id: 1,
                    cluster: i,
                    advance: 1.0,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    visible: true,
                })
                .collect(),
        }]
    }

    fn hyphenated(text: &str) -> Vec<String> {
        let runs = ltr_run(text);
        let mut words = Vec::new();
        let mut last = 0;
        for at in points(text, &runs, &|_| true, Freedom::Normal) {
            words.push(text[last..at].to_string());
            last = at;
        }
        words.push(text[last..].to_string());
        words
    }

    #[test]
    fn breaks_words_by_the_patterns_with_two_and_three_letters_kept() {
        assert_eq!(
            hyphenated("organising workers together"),
            vec!["or", "gan", "is", "ing work", "ers together"]
        );
    }

    #[test]
    fn leaves_names_numbers_urls_compounds_and_the_last_word() {
        let text = "Organising 1234567 example.org/organising working-class organising";
        assert_eq!(hyphenated(text), vec![text.to_string()]);
    }
}
