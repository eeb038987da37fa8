//! The Persian word list: Hazm's words with their corpus frequencies and its verb stems
//! (MIT, `data/hazm/`), compiled into the binary so that import and fix work anywhere.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const WORDS: &str = include_str!("../../data/hazm/words.dat");
const VERBS: &str = include_str!("../../data/hazm/verbs.dat");

/// What the list says about one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// How often the word occurs in Hazm's corpus.
    pub count: u64,
    /// Whether Hazm tagged it with a part of speech; untagged entries include run-together
    /// forms such as «میکند», so they are not proof of a word.
    pub tagged: bool,
}

/// Persian words and verb stems.
pub struct Lexicon {
    words: HashMap<&'static str, Entry>,
    present_stems: HashSet<&'static str>,
    past_stems: HashSet<&'static str>,
}

/// Endings a noun or adjective takes, longest first, for recognising inflected forms.
const NOMINAL_SUFFIXES: &[&str] = &[
    "\u{200C}هایی",
    "\u{200C}های",
    "\u{200C}ها",
    "هایی",
    "های",
    "ها",
    "\u{200C}ای",
    "\u{200C}ی",
    "یی",
    "ای",
    "ان",
    "ات",
    "ی",
    "ش",
];

/// How many times rarer an inflected form is taken to be than its base.
const INFLECTED_SHARE: u64 = 10;

/// Personal endings of a present-stem verb form (empty for the imperative stem).
const PRESENT_ENDINGS: &[&str] = &["م", "ی", "د", "یم", "ید", "ند", "ید"];
/// Personal endings of a past-stem verb form.
const PAST_ENDINGS: &[&str] = &["", "م", "ی", "یم", "ید", "ند", "ه"];

impl Lexicon {
    fn parse() -> Self {
        let mut words = HashMap::with_capacity(200_000);
        for line in WORDS.lines() {
            let mut fields = line.split('\t');
            let (Some(word), Some(count), Some(tags)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            words.insert(
                word,
                Entry {
                    count: count.parse().unwrap_or(0),
                    tagged: tags != "0",
                },
            );
        }
        let mut present_stems = HashSet::new();
        let mut past_stems = HashSet::new();
        for line in VERBS.lines() {
            let Some((past, present)) = line.split_once('#') else {
                continue;
            };
            if !past.is_empty() {
                past_stems.insert(past);
            }
            if !present.is_empty() {
                present_stems.insert(present);
            }
        }
        Lexicon {
            words,
            present_stems,
            past_stems,
        }
    }

    /// The list's entry for `word` exactly as written.
    pub fn entry(&self, word: &str) -> Option<Entry> {
        self.words.get(word).copied()
    }

    /// Whether `word` is in the list at all, tagged or not.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// Whether `word` is a tagged word of the list.
    pub fn is_word(&self, word: &str) -> bool {
        self.entry(word).is_some_and(|e| e.tagged)
    }

    /// How common `word` is: its own count, or for an inflected form a tenth of its base's
    /// (a suffixed form is much rarer than the bare word); `None` when the list does not
    /// know it at all.
    pub fn frequency(&self, word: &str) -> Option<u64> {
        self.frequency_with_base(word, 2)
    }

    /// [`Lexicon::frequency`], taking inflected forms only from a base of at least
    /// `min_base` characters (so that a letter put back stays inside the base).
    pub fn frequency_with_base(&self, word: &str, min_base: usize) -> Option<u64> {
        let own = self.entry(word).filter(|e| e.tagged).map(|e| e.count);
        let inflected = NOMINAL_SUFFIXES
            .iter()
            .filter_map(|suffix| word.strip_suffix(suffix))
            .filter(|base| base.chars().count() >= min_base.max(2))
            .filter_map(|base| self.entry(base).filter(|e| e.tagged))
            .map(|e| e.count / INFLECTED_SHARE)
            .max();
        let verb = self.is_verb_form(word).then_some(1);
        [own, inflected, verb].into_iter().flatten().max()
    }

    /// Whether `form` is a verb form built on a known stem: stem plus a personal ending,
    /// after an optional «ب», «ن», «می», «نمی» (with or without ZWNJ).
    pub fn is_verb_form(&self, form: &str) -> bool {
        let bare = ["نمی\u{200C}", "می\u{200C}", "نمی", "می", "ن", "ب"]
            .iter()
            .find_map(|p| form.strip_prefix(p))
            .unwrap_or(form);
        self.is_conjugated_stem(bare)
    }

    /// Whether `form` is a stem with a personal ending, without prefixes.
    pub fn is_conjugated_stem(&self, form: &str) -> bool {
        let with = |stems: &HashSet<&str>, endings: &[&str]| {
            endings.iter().any(|ending| {
                form.strip_suffix(ending)
                    .is_some_and(|stem| stem.chars().count() >= 2 && stems.contains(stem))
            })
        };
        with(&self.present_stems, PRESENT_ENDINGS) || with(&self.past_stems, PAST_ENDINGS)
    }
}

/// The word list, read once.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_words_frequencies_and_verbs() {
        let lex = lexicon();
        assert!(lex.is_word("انقلاب"));
        assert!(!lex.is_word("انقلب"));
        assert!(lex.frequency("تلاش") > lex.frequency("تلش"));
        assert!(lex.frequency("کالاها").is_some(), "a plural by its base");
        assert!(lex.is_verb_form("میکند"));
        assert!(lex.is_verb_form("نمی\u{200C}توانند"));
        assert!(!lex.is_verb_form("میز"));
    }
}
