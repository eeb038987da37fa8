//! Words that lost the «ا» of their لا: PDF extractors often drop the second letter of the
//! lam-alef ligature glyph, leaving «انقلب» for «انقلاب».
//!
//! A word not in the word list that becomes a listed word when «ا» is put back after one of
//! its «ل» is a suspect. A text that has lost its لا (a long Farsi text without a single لا)
//! gets its suspects repaired when the repair is unambiguous and common; everything else goes
//! to a person. A text that has its لا is never changed: its suspects are only reported.

use super::lexicon::{lexicon, Lexicon};
use super::script::{arabic_words, is_arabic_letter};

/// What to do with a suspect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// One common repair: applied by [`repair`].
    Repair,
    /// Several repairs, a rare one, or a damaged form that is itself a word: a person decides.
    Review,
}

/// A word that looks as if it lost an «ا» after a «ل».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspect {
    /// Byte offset of the damaged text in the text searched.
    pub offset: usize,
    /// The damaged text as it stands (two words when the repair joins them).
    pub word: String,
    /// The proposed repairs, most likely first.
    pub repairs: Vec<String>,
    /// Repair or leave for review.
    pub verdict: Verdict,
}

/// Fewer Farsi words with «ل» than this and a text without لا is not evidence of loss.
const LOSS_EVIDENCE_WORDS: usize = 40;
/// How many times more common a repair must be than a damaged form that is itself a word.
const CLEARLY_MORE_COMMON: u64 = 10;

/// Whether `text` has lost its لا: many Farsi words with «ل» and not one لا.
pub fn lost_all_la(text: &str) -> bool {
    !text.contains("لا")
        && arabic_words(text)
            .filter(|(_, w)| w.contains('ل'))
            .nth(LOSS_EVIDENCE_WORDS - 1)
            .is_some()
}

/// Every suspect in `text`, with the byte offset of its word; for `pamphlet check`.
pub fn suspects(text: &str) -> Vec<Suspect> {
    suspects_in(text, lost_all_la(text))
}

/// Every suspect in `text`, a part of a larger text that has (`lost`) or has not lost its لا.
pub fn suspects_in(text: &str, lost: bool) -> Vec<Suspect> {
    let lex = lexicon();
    let words: Vec<(usize, &str)> = arabic_words(text).collect();
    let mut found = Vec::new();
    for (i, &(offset, word)) in words.iter().enumerate() {
        if !word.contains('ل') {
            continue;
        }
        // «بین المل» was «بین‌الملل»: a compound the extractor split as well as damaged.
        if lost && i > 0 {
            let (prev_offset, prev) = words[i - 1];
            let between = &text[prev_offset + prev.len()..offset];
            if between == " " {
                let joined: Vec<String> = candidates(word, lost)
                    .into_iter()
                    .map(|(c, _)| format!("{prev}\u{200C}{c}"))
                    .filter(|c| lex.is_word(c))
                    .collect();
                if !joined.is_empty() && !lex.is_word(word) {
                    found.push(Suspect {
                        offset: prev_offset,
                        word: text[prev_offset..offset + word.len()].to_string(),
                        verdict: if joined.len() == 1 {
                            Verdict::Repair
                        } else {
                            Verdict::Review
                        },
                        repairs: joined,
                    });
                    continue;
                }
            }
        }
        if let Some(suspect) = judge(lex, word, lost) {
            found.push(Suspect { offset, ..suspect });
        }
    }
    found
}

/// `text` with every [`Verdict::Repair`] suspect repaired, and all the suspects.
pub fn repair(text: &str) -> (String, Vec<Suspect>) {
    repair_in(text, lost_all_la(text))
}

/// [`repair`] for a part of a larger text that has (`lost`) or has not lost its لا.
pub fn repair_in(text: &str, lost: bool) -> (String, Vec<Suspect>) {
    let found = suspects_in(text, lost);
    let mut out = String::with_capacity(text.len() + found.len() * 2);
    let mut at = 0;
    for s in found.iter().filter(|s| s.verdict == Verdict::Repair) {
        out.push_str(&text[at..s.offset]);
        out.push_str(&s.repairs[0]);
        at = s.offset + s.word.len();
    }
    out.push_str(&text[at..]);
    (out, found)
}

/// The verdict on one word, or `None` when it is not a suspect.
fn judge(lex: &Lexicon, word: &str, lost: bool) -> Option<Suspect> {
    let mut repairs: Vec<(String, u64)> = candidates(word, lost)
        .into_iter()
        .filter_map(|(c, restored)| lex.frequency_with_base(&c, restored).map(|f| (c, f)))
        .collect();
    if repairs.is_empty() {
        return None;
    }
    repairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let best = repairs[0].1;
    let verdict = match lex.frequency(word) {
        // A word the list does not know with one known repair.
        None if !lost => Verdict::Review,
        // «الغای» is «الغا» with its ezafe, a word the list has without a tag.
        None if ezafe_of_listed(lex, word) => Verdict::Review,
        None if repairs.len() == 1 => Verdict::Repair,
        None => Verdict::Review,
        // The damaged form is a word too («اعلم», «بال»): only a text that lost its لا makes
        // the repair likely, and only a much more common one is made without asking.
        Some(_) if !lost => return None,
        Some(own) if repairs.len() == 1 && best >= CLEARLY_MORE_COMMON * own.max(1) => {
            Verdict::Repair
        }
        Some(own) if best * CLEARLY_MORE_COMMON >= own => Verdict::Review,
        Some(_) => return None,
    };
    Some(Suspect {
        offset: 0,
        word: word.to_string(),
        repairs: repairs.into_iter().map(|(c, _)| c).collect(),
        verdict,
    })
}

/// Whether `word` is a listed word ending in «ا» followed by the ezafe «ی».
fn ezafe_of_listed(lex: &Lexicon, word: &str) -> bool {
    word.ends_with("ای") && word.strip_suffix('ی').is_some_and(|w| lex.contains(w))
}

/// `word` with «ا» put back after one of its «ل» (or after each of two), and, in a text that
/// lost its لا, with a final «ل» doubled (the extractor dropped the second glyph of «لل»);
/// each with the length in characters up to the letter put back, which must stay in the
/// word's base («شغلی» is not «شغلا» + «ی»).
fn candidates(word: &str, lost: bool) -> Vec<(String, usize)> {
    let chars: Vec<char> = word.chars().collect();
    let lams: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i] == 'ل' && chars.get(i + 1) != Some(&'ا'))
        .collect();
    let insert = |after: &[usize]| -> (String, usize) {
        let mut s = String::with_capacity(word.len() + 2 * after.len());
        for (i, &c) in chars.iter().enumerate() {
            s.push(c);
            if after.contains(&i) {
                s.push('ا');
            }
        }
        let last = after.iter().max().copied().unwrap_or(0);
        (s, last + after.len() + 1)
    };
    let mut out: Vec<(String, usize)> = lams.iter().map(|&i| insert(&[i])).collect();
    for (n, &a) in lams.iter().enumerate() {
        for &b in &lams[n + 1..] {
            out.push(insert(&[a, b]));
        }
    }
    if lost && chars.last() == Some(&'ل') && chars.len() >= 3 {
        out.push((format!("{word}ل"), chars.len() + 1));
    }
    out.retain(|(c, _)| c.chars().all(|ch| is_arabic_letter(ch) || ch == '\u{200C}'));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lost_text(extra: &str) -> String {
        // Enough words with «ل» and no لا to count as a text that lost them.
        format!("{} {extra}", "علم کل مثل حال ".repeat(12))
    }

    #[test]
    fn repairs_unknown_words_in_a_text_that_lost_its_la() {
        let (fixed, found) = repair(&lost_text("انقلب و اطلعات"));
        assert!(fixed.ends_with("انقلاب و اطلاعات"), "{fixed}");
        assert_eq!(
            found
                .iter()
                .filter(|s| s.verdict == Verdict::Repair)
                .count(),
            2
        );
    }

    #[test]
    fn repairs_a_word_whose_damaged_form_is_a_rare_word() {
        let (fixed, _) = repair(&lost_text("تلش کردند"));
        assert!(fixed.ends_with("تلاش کردند"), "{fixed}");
    }

    #[test]
    fn never_changes_a_text_that_has_its_la() {
        let text = format!("{} لا انقلب", lost_text(""));
        let (fixed, found) = repair(&text);
        assert_eq!(fixed, text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].verdict, Verdict::Review);
        assert_eq!(found[0].repairs, vec!["انقلاب".to_string()]);
        assert_eq!(
            &text[found[0].offset..found[0].offset + found[0].word.len()],
            "انقلب"
        );
    }

    #[test]
    fn joins_a_split_compound() {
        let (fixed, _) = repair(&lost_text("بین المل،"));
        assert!(fixed.ends_with("بین\u{200C}الملل،"), "{fixed}");
    }
}
