//! Characters written as HTML entities (`&#x1F600;`, `&hearts;`): Markdown decodes them into
//! the text, so a check that reads a piece's source must also look at what they stand for.

use super::front_matter;
use super::markdown::OPTIONS;
use pulldown_cmark::{Event, Parser};
use std::ops::Range;
use std::path::Path;

/// An entity in a piece's file and the text it decodes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Its bytes in the file's text (`&#x1F600;`).
    pub range: Range<usize>,
    /// What the text gets in its place.
    pub decoded: String,
}

/// The entities that the body of the piece file `text` (as [`super::diagnostic::normalize_source`]
/// leaves it) decodes into its text. Entities in code, link targets and the front matter
/// stay as written, so they are not listed.
pub fn decoded_in_piece(text: &str) -> Vec<Entity> {
    // Most pieces have no `&` at all: nothing to parse.
    if !text.contains('&') {
        return Vec::new();
    }
    let Ok(split) = front_matter::split(text, Path::new("")) else {
        return Vec::new();
    };
    let body_start = text.len() - split.body.len();
    let body = split.body;
    Parser::new_ext(body, OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| {
            let Event::Text(decoded) = event else {
                return None;
            };
            // pulldown-cmark gives each entity a text event of its own, spanning it.
            let written = body.get(range.clone())?;
            let entity = written.starts_with('&') && written.ends_with(';') && written.len() > 2;
            (entity && *decoded != *written).then(|| Entity {
                range: body_start + range.start..body_start + range.end,
                decoded: decoded.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_in_text_are_found_and_those_in_code_or_urls_are_not() {
        let text = "+++\ntitle = \"&#x1F600;\"\n+++\n\nAn &#x1F600; and &hearts; `&#x1F600;` [a](http://x?&amp;) &nosuch;\n";
        let found = decoded_in_piece(text);
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|e| (&text[e.range.clone()], e.decoded.as_str()))
            .collect();
        assert_eq!(shown, [("&#x1F600;", "😀"), ("&hearts;", "♥")]);
    }
}
