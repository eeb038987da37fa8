//! Words that lost their لا. PDF extractors drop the second letter of the لا ligature, so a
//! Farsi text pulled out of a PDF reads «انقلب» for «انقلاب» throughout. A piece that has lost
//! every لا (many words with «ل», not one لا) has each such word named, with its repair; a
//! piece that keeps its لا is not second-guessed word by word.

use super::source::PieceSource;
use crate::book::Diagnostic;
use crate::edit::lost_la::{lost_all_la, suspects_in, Verdict};

/// A warning for each word of a Farsi piece that looks like it lost its لا.
pub fn check(source: &PieceSource) -> Vec<Diagnostic> {
    if !source.piece.lang.is_persian() {
        return Vec::new();
    }
    let body = &source.text[source.body_start..];
    if !lost_all_la(body) {
        return Vec::new();
    }
    suspects_in(body, true)
        .into_iter()
        .map(|suspect| {
            let start = source.body_start + suspect.offset;
            let repairs: Vec<String> = suspect.repairs.iter().map(|r| format!("«{r}»")).collect();
            let hint = match suspect.verdict {
                Verdict::Repair => format!(
                    "write {}; `pamphlet fix --write` repairs every such word",
                    repairs.join(" or ")
                ),
                Verdict::Review => format!(
                    "perhaps {} — or the word is right as it stands; read it in context",
                    repairs.join(" or ")
                ),
            };
            source.at(
                Diagnostic::warning(
                    &source.file,
                    format!("«{}» looks like a word that lost its لا", suspect.word),
                )
                .with_hint(hint),
                start..start + suspect.word.len(),
            )
        })
        .collect()
}
