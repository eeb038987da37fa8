//! Kashida: where a Persian word may be elongated to justify its line, and by how much.
//!
//! Each word gets at most one kashida point, at the join the W3C Arabic & Persian layout
//! requirements (after Microsoft's scheme) rank highest; the elongation is drawn as the
//! font's tatweel stretched to the width needed, and never reaches the extracted text.

use super::shape::ShapedRun;
use crate::bidi_class::is_mark;

/// Joins on both sides (Unicode joining type D).
fn is_dual_joining(c: char) -> bool {
    matches!(c,
        '\u{0620}' | '\u{0626}' | '\u{0628}' | '\u{062A}'..='\u{062E}' | '\u{0633}'..='\u{063F}'
        | '\u{0641}'..='\u{0647}' | '\u{0649}' | '\u{064A}' | '\u{066E}' | '\u{066F}'
        | '\u{0678}'..='\u{0687}' | '\u{069A}'..='\u{06BF}' | '\u{06C1}' | '\u{06C2}'
        | '\u{06CC}' | '\u{06CE}' | '\u{06D0}' | '\u{06D1}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}')
}

/// Joins only to the letter before it (joining type R): alef, dal, reh, waw and kin.
fn is_right_joining(c: char) -> bool {
    matches!(c,
        '\u{0622}'..='\u{0625}' | '\u{0627}' | '\u{0629}' | '\u{062F}'..='\u{0632}' | '\u{0648}'
        | '\u{0671}'..='\u{0673}' | '\u{0675}'..='\u{0677}' | '\u{0688}'..='\u{0699}'
        | '\u{06C0}' | '\u{06C3}'..='\u{06CB}' | '\u{06CD}' | '\u{06CF}' | '\u{06D2}' | '\u{06D3}'
        | '\u{06D5}' | '\u{06EE}' | '\u{06EF}')
}

/// An Arabic-script letter that takes part in joining.
fn is_letter(c: char) -> bool {
    is_dual_joining(c) || is_right_joining(c)
}

/// Whether `a` followed by `b` are joined.
fn joins(a: char, b: char) -> bool {
    is_dual_joining(a) && is_letter(b)
}

/// The rank of the join between `letters[i]` and `letters[i + 1]`: 1 is best.
fn priority(letters: &[char], i: usize) -> u8 {
    let (a, b) = (letters[i], letters[i + 1]);
    let after = letters.get(i + 2).copied();
    // `b` takes its final form: nothing joins after it.
    let b_final = after.is_none_or(|c| !joins(b, c));
    let tooth = |c: char| matches!(c, 'ب' | 'پ' | 'ت' | 'ث' | 'ن' | 'ی' | 'ي' | 'ئ');
    if matches!(a, 'س' | 'ش' | 'ص' | 'ض') {
        1
    } else if b_final && matches!(b, 'ه' | 'ة' | 'د' | 'ذ') {
        2
    } else if (b_final && matches!(b, 'ل' | 'ک' | 'ك' | 'گ' | 'ط' | 'ظ'))
        || (b == 'ل' && matches!(after, Some('ا' | 'آ' | 'أ' | 'إ')))
    {
        3
    } else if (b_final && matches!(b, 'ی' | 'ي' | 'ى' | 'ن') && tooth(a))
        || matches!(b, 'ا' | 'آ' | 'ر' | 'ز' | 'ژ')
    {
        4
    } else if matches!(b, 'ع' | 'غ' | 'ف' | 'ق' | 'و') {
        5
    } else {
        6
    }
}

/// The kashida points of a paragraph, as the byte offsets of the letters to be pushed away
/// from the letter before them (one per word at most), in text order.
///
/// A point needs a join between two letters of separate glyphs in a right-to-left run (no
/// point inside the ligature لا or any other), words of three letters or more, and never
/// the word الله.
pub fn points(text: &str, runs: &[ShapedRun]) -> Vec<usize> {
    // Which bytes start a glyph's cluster in a right-to-left run.
    let mut starts = vec![false; text.len() + 1];
    for run in runs.iter().filter(|r| r.rtl) {
        for g in &run.glyphs {
            starts[g.cluster] = true;
        }
    }
    // The runs are in text order: bisection, not a search of every run for every letter.
    let run_of = |at: usize| {
        let i = runs.partition_point(|r| r.range.end <= at);
        runs.get(i)
            .filter(|r| r.rtl && r.range.contains(&at))
            .map(|_| i)
    };
    let mut out = Vec::new();
    let mut word: Vec<(usize, char)> = Vec::new();
    let mut letters: Vec<char> = Vec::new();
    let mut flush = |word: &mut Vec<(usize, char)>| {
        letters.clear();
        letters.extend(word.iter().map(|&(_, c)| c));
        let count = letters.iter().filter(|c| is_letter(**c)).count();
        if count >= 3 && !letters.windows(3).any(|w| w == ['ل', 'ل', 'ه']) {
            let best = (0..letters.len() - 1)
                .filter(|&i| joins(letters[i], letters[i + 1]))
                .filter(|&i| {
                    !(letters[i] == 'ل' && matches!(letters[i + 1], 'ا' | 'آ' | 'أ' | 'إ'))
                })
                .filter(|&i| starts[word[i + 1].0])
                .filter(|&i| {
                    run_of(word[i].0).is_some() && run_of(word[i].0) == run_of(word[i + 1].0)
                })
                // The best rank; among equals the last, nearest the word's end.
                .min_by_key(|&i| (priority(&letters, i), usize::MAX - i));
            if let Some(i) = best {
                out.push(word[i + 1].0);
            }
        }
        word.clear();
    };
    for (at, c) in text.char_indices() {
        if is_letter(c) {
            word.push((at, c));
        } else if is_mark(c) && !word.is_empty() {
            // Marks sit on their letter and do not break the word.
        } else if c == '\u{200C}' && !word.is_empty() {
            // ZWNJ ends the joining, not the word: letters after it may still carry the
            // word's one point, but no join spans it.
            word.push((at, c));
        } else {
            flush(&mut word);
        }
    }
    flush(&mut word);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{FarsiFace, Lang};
    use crate::text::collect::{collect, Style};
    use crate::text::fonts::FontSet;
    use crate::text::itemize::itemize;
    use crate::text::script::Script;
    use crate::text::shape::shape;
    use unicode_bidi::Level;

    fn points_of(text: &str) -> Vec<String> {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        let style = Style::plain(Lang::persian());
        let collected = collect(&[crate::book::Inline::Text(text.into())], &style);
        let bidi = crate::bidi_class::resolve(&collected.text, Some(Level::rtl()));
        let items = itemize(&collected, &bidi.levels, &fonts, 10.0, Script::Arabic);
        let runs = shape(&collected.text, &items, &fonts);
        points(&collected.text, &runs)
            .into_iter()
            .map(|at| {
                let before = &collected.text[..at];
                let word_start = before.rfind(' ').map_or(0, |i| i + 1);
                let word_end = collected.text[at..]
                    .find(' ')
                    .map_or(collected.text.len(), |i| at + i);
                format!(
                    "{}|{}",
                    &collected.text[word_start..at],
                    &collected.text[at..word_end]
                )
            })
            .collect()
    }

    #[test]
    fn one_point_per_word_at_the_best_join() {
        // After seen; before reh or alef, the last of equals; before final noon after a tooth.
        assert_eq!(
            points_of("دست کارگر مبارزه بزرگترین"),
            vec!["دس|ت", "کارگ|ر", "مب|ارزه", "بزرگتری|ن"]
        );
    }

    #[test]
    fn never_inside_lam_alef_nor_in_allah_nor_short_words() {
        let found = points_of("الله لا از انقلاب");
        assert_eq!(found, vec!["انق|لاب"], "{found:?}");
    }

    #[test]
    fn no_join_no_point() {
        // Every letter of «دارو» stands apart; ZWNJ stops the join in «می‌رود».
        assert_eq!(points_of("دارو"), Vec::<String>::new());
        assert_eq!(points_of("می‌رود"), vec!["م|ی‌رود"]);
    }
}
