//! The review list: what a person must look at after an import or a fix, each with its line.

use super::lost_la::{Suspect, Verdict};
use std::fmt;

/// Why a line needs a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Concern {
    /// A Farsi line with digits or Latin words, which PDF extractors move around.
    MixedLine,
    /// U+FFFD: a character the extractor could not read.
    Unreadable,
    /// A paragraph that repeats an earlier one (overlapping columns).
    Repeated {
        /// The line of the earlier paragraph.
        first_line: usize,
    },
    /// A word that may have lost its لا, with the possible repairs.
    LostLa {
        /// The word as it stands.
        word: String,
        /// Possible repairs, most likely first.
        repairs: Vec<String>,
    },
    /// A word that was repaired: listed so the repair can be checked.
    Repaired {
        /// The word as it stood.
        word: String,
        /// What it became.
        repair: String,
    },
    /// A debris line that was dropped.
    Dropped,
}

/// One entry of the review list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    /// 1-based line in the file reviewed.
    pub line: usize,
    /// What is wrong.
    pub concern: Concern,
    /// The line's text (shortened), for finding it.
    pub excerpt: String,
}

/// Longest excerpt shown, in characters.
const EXCERPT_CHARS: usize = 70;

impl ReviewItem {
    /// An item for `line`, with an excerpt of `text`.
    pub fn new(line: usize, concern: Concern, text: &str) -> Self {
        let text = text.trim();
        let excerpt = if text.chars().count() > EXCERPT_CHARS {
            let cut: String = text.chars().take(EXCERPT_CHARS).collect();
            format!("{cut}…")
        } else {
            text.to_string()
        };
        ReviewItem {
            line,
            concern,
            excerpt,
        }
    }

    /// The item for a lost-لا suspect at `line`: a repair made, or a word to decide.
    pub fn lost_la(line: usize, suspect: Suspect) -> Self {
        let word = suspect.word;
        let concern = match suspect.verdict {
            Verdict::Repair => Concern::Repaired {
                word: word.clone(),
                repair: suspect.repairs.into_iter().next().unwrap_or_default(),
            },
            Verdict::Review => Concern::LostLa {
                word: word.clone(),
                repairs: suspect.repairs,
            },
        };
        ReviewItem::new(line, concern, &word)
    }

    /// Whether a person must act on it (repairs and dropped lines are for reference).
    pub fn needs_action(&self) -> bool {
        !matches!(self.concern, Concern::Repaired { .. } | Concern::Dropped)
    }
}

impl fmt::Display for ReviewItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line;
        match &self.concern {
            Concern::MixedLine => write!(
                f,
                "line {line}: digits or Latin inside Farsi; the extractor may have moved them: {}",
                self.excerpt
            ),
            Concern::Unreadable => write!(
                f,
                "line {line}: unreadable character \u{FFFD}; restore it from the original: {}",
                self.excerpt
            ),
            Concern::Repeated { first_line } => write!(
                f,
                "line {line}: repeats the paragraph at line {first_line} (overlapping columns?); delete one: {}",
                self.excerpt
            ),
            Concern::LostLa { word, repairs } => write!(
                f,
                "line {line}: «{word}» may have lost its لا: {}",
                repairs
                    .iter()
                    .map(|r| format!("«{r}»"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            Concern::Repaired { word, repair } => {
                write!(f, "line {line}: repaired «{word}» → «{repair}»")
            }
            Concern::Dropped => write!(f, "line {line}: dropped debris: {}", self.excerpt),
        }
    }
}

/// The review list as a text file: what needs action first, then what was done.
pub fn render(source: &str, items: &[ReviewItem]) -> String {
    let mut out = format!("Review list for {source}\n\nTo look at:\n");
    let (act, done): (Vec<_>, Vec<_>) = items.iter().partition(|i| i.needs_action());
    for item in &act {
        out.push_str(&format!("- {item}\n"));
    }
    if act.is_empty() {
        out.push_str("- nothing\n");
    }
    out.push_str("\nDone (check if in doubt):\n");
    for item in &done {
        out.push_str(&format!("- {item}\n"));
    }
    if done.is_empty() {
        out.push_str("- nothing\n");
    }
    out
}
