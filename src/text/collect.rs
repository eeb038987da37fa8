//! Collect: a paragraph's inline tree flattened into one string with style ranges — the
//! form bidi, itemization and shaping work on.

use crate::book::{Direction, Inline, Lang, LinkTarget};
use crate::locale;
use std::ops::Range;

/// How a stretch of text is set.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// Bold face.
    pub bold: bool,
    /// Italic face (Latin only; Arabic script is never slanted).
    pub italic: bool,
    /// Size relative to the paragraph's (superscript markers are smaller).
    pub scale: f32,
    /// Baseline shift in ems of the paragraph size (superscripts rise).
    pub rise: f32,
    /// The language of the text, for shaping.
    pub lang: Lang,
    /// Code: set in the monospace face, never hyphenated.
    pub mono: bool,
    /// Struck through (`~~text~~`).
    pub struck: bool,
}

impl Style {
    /// Upright, regular, full size, on the baseline.
    pub fn plain(lang: Lang) -> Style {
        Style {
            bold: false,
            italic: false,
            scale: 1.0,
            rise: 0.0,
            lang,
            mono: false,
            struck: false,
        }
    }
}

/// A paragraph ready for the text engine.
#[derive(Debug, Clone)]
pub struct Collected {
    /// The text, with bidi isolates around explicit spans and U+2028 for hard breaks.
    pub text: String,
    /// Style of each byte range, covering the text in order.
    pub styles: Vec<(Range<usize>, Style)>,
    /// Link targets over byte ranges, in text order (links do not nest).
    pub links: Vec<(Range<usize>, LinkTarget)>,
    /// Note markers: the byte range of each and its note's number.
    pub notes: Vec<(Range<usize>, usize)>,
}

impl Collected {
    /// The style at byte `at`. The ranges are in text order, so it is found by bisection:
    /// asked for every character, a search from the start was quadratic.
    pub fn style_at(&self, at: usize) -> &Style {
        let i = self.styles.partition_point(|(r, _)| r.end <= at);
        self.styles
            .get(i)
            .filter(|(r, _)| r.contains(&at))
            .or(self.styles.last())
            .map(|(_, s)| s)
            .expect("a collected paragraph has at least one style")
    }
}

/// The size of a code span relative to its text: the monospace face's letters are larger
/// on the same body than the text faces', and would stand out.
pub const INLINE_CODE_SCALE: f32 = 0.9;

/// Line separator: a forced line break inside a paragraph (UAX #14 class BK).
pub const LINE_BREAK: char = '\u{2028}';

/// Flattens `inlines` set in `base` style. Spans are wrapped in bidi isolates (LRI/RLI … PDI)
/// so that a Latin phrase in Farsi keeps its neighbours' punctuation outside.
pub fn collect(inlines: &[Inline], base: &Style) -> Collected {
    let mut c = Collected {
        text: String::new(),
        styles: Vec::new(),
        links: Vec::new(),
        notes: Vec::new(),
    };
    walk(inlines, base, &mut c);
    if c.styles.is_empty() {
        c.styles.push((0..0, base.clone()));
    }
    c
}

fn push(c: &mut Collected, text: &str, style: &Style) {
    if text.is_empty() {
        return;
    }
    let start = c.text.len();
    c.text.push_str(text);
    let end = c.text.len();
    match c.styles.last_mut() {
        Some((range, last)) if last == style && range.end == start => range.end = end,
        _ => c.styles.push((start..end, style.clone())),
    }
}

fn walk(inlines: &[Inline], style: &Style, c: &mut Collected) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => push(c, t, style),
            Inline::Code(t) => {
                let code = Style {
                    mono: true,
                    scale: style.scale * INLINE_CODE_SCALE,
                    ..style.clone()
                };
                // Code reads left to right: in right-to-left text it is isolated, or its
                // neutral characters (`;`, `=`, brackets) would take the paragraph's direction
                // and move to its other end.
                if style.lang.direction() == Direction::Rtl {
                    push(c, "\u{2066}", style);
                    push(c, t, &code);
                    push(c, "\u{2069}", style);
                } else {
                    push(c, t, &code);
                }
            }
            Inline::Emphasis(children) => {
                // Persian emphasis is bold, never slanted.
                let s = if style.lang.is_persian() {
                    Style {
                        bold: true,
                        ..style.clone()
                    }
                } else {
                    Style {
                        italic: !style.italic,
                        ..style.clone()
                    }
                };
                walk(children, &s, c);
            }
            Inline::Strike(children) => walk(
                children,
                &Style {
                    struck: true,
                    ..style.clone()
                },
                c,
            ),
            Inline::Strong(children) => walk(
                children,
                &Style {
                    bold: true,
                    ..style.clone()
                },
                c,
            ),
            Inline::Link { target, content } => {
                let start = c.text.len();
                walk(content, style, c);
                c.links.push((start..c.text.len(), target.clone()));
            }
            Inline::NoteRef(n) => {
                let marker = locale::number(*n as u64, &style.lang);
                let start = c.text.len();
                c.notes.push((start..start + marker.len(), *n));
                push(
                    c,
                    &marker,
                    &Style {
                        scale: 0.62,
                        rise: 0.38,
                        ..style.clone()
                    },
                );
            }
            Inline::LineBreak => push(c, &LINE_BREAK.to_string(), style),
            // Set as its list item's marker, not in the text.
            Inline::TaskBox(_) => {}
            Inline::Span { lang, dir, content } => {
                let isolate = match dir {
                    Direction::Ltr => '\u{2066}',
                    Direction::Rtl => '\u{2067}',
                };
                let inner = Style {
                    lang: lang.clone(),
                    ..style.clone()
                };
                push(c, &isolate.to_string(), style);
                walk(content, &inner, c);
                push(c, "\u{2069}", style);
            }
        }
    }
}

/// Characters that take no space and draw nothing: their glyphs are left out of the output.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2066}'..='\u{2069}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{FEFF}' | LINE_BREAK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Style {
        Style {
            bold: false,
            italic: false,
            scale: 1.0,
            rise: 0.0,
            lang: Lang::persian(),
            mono: false,
            struck: false,
        }
    }

    #[test]
    fn spans_are_isolated_and_emphasis_in_farsi_is_bold() {
        let inlines = vec![
            Inline::Text("الف ".into()),
            Inline::Span {
                lang: Lang::english(),
                dir: Direction::Ltr,
                content: vec![Inline::Text("Bretton".into())],
            },
            Inline::Emphasis(vec![Inline::Text(" ب".into())]),
            Inline::NoteRef(3),
        ];
        let c = collect(&inlines, &base());
        assert_eq!(c.text, "الف \u{2066}Bretton\u{2069} ب۳");
        let latin = c.text.find('B').expect("B");
        assert_eq!(c.style_at(latin).lang, Lang::english());
        let be = c.text.rfind('ب').expect("ب");
        assert!(c.style_at(be).bold && !c.style_at(be).italic);
        let three = c.text.find('۳').expect("marker");
        assert!(c.style_at(three).rise > 0.0);
    }
}
