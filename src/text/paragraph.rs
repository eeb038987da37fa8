//! A paragraph through the whole engine: collect → bidi → itemize → shape → break → lines.

use super::collect::{collect, Style};
use super::fonts::FontSet;
use super::itemize::itemize;
use super::line::{place, Align, Line, LineContext};
use super::linebreak::{total_fit, Spacing, Widths};
use super::script::Script;
use super::shape::shape;
use crate::book::{Direction, Inline};
use unicode_bidi::{BidiInfo, Level};

/// How to set a paragraph.
#[derive(Debug, Clone)]
pub struct ParagraphStyle {
    /// Base style of its text.
    pub text: Style,
    /// Font size in points.
    pub size: f32,
    /// Base direction.
    pub dir: Direction,
    /// Line width.
    pub measure: f32,
    /// Indent of the first line on the start side.
    pub first_indent: f32,
    /// Alignment.
    pub align: Align,
}

/// Sets `inlines` as lines, each positioned within the measure.
pub fn typeset(inlines: &[Inline], style: &ParagraphStyle, fonts: &FontSet) -> Vec<Line> {
    let collected = collect(inlines, &style.text);
    let text = collected.text.as_str();
    if text.trim().is_empty() {
        return Vec::new();
    }
    let base = match style.dir {
        Direction::Ltr => Level::ltr(),
        Direction::Rtl => Level::rtl(),
    };
    let bidi = BidiInfo::new(text, Some(base));
    let default_script = if style.text.lang.is_persian() {
        Script::Arabic
    } else {
        Script::Latin
    };
    let items = itemize(&collected, &bidi.levels, fonts, style.size, default_script);
    let runs = shape(text, &items, fonts);
    let texts: Vec<Vec<&str>> = runs.iter().map(|r| r.glyph_texts(text)).collect();
    let widths = Widths::new(text, &runs);
    let measure_of = |i: usize| {
        if i == 0 {
            style.measure - style.first_indent
        } else {
            style.measure
        }
    };
    // Only justified lines stretch and shrink; without kashida (yet), Persian lines can only
    // open their spaces, so they may open further.
    let spacing = match (style.align, style.dir) {
        (Align::Justify, Direction::Rtl) => Spacing {
            stretch: 1.0,
            shrink: 0.25,
        },
        (Align::Justify, Direction::Ltr) => Spacing {
            stretch: 0.5,
            shrink: 0.33,
        },
        _ => Spacing {
            stretch: 1.0,
            shrink: 0.0,
        },
    };
    let spans = total_fit(text, &widths, spacing, &measure_of);
    let Some(para) = bidi.paragraphs.first() else {
        return Vec::new();
    };
    let ctx = LineContext {
        text,
        bidi: &bidi,
        para,
        runs: &runs,
        texts: &texts,
    };
    spans
        .iter()
        .enumerate()
        .map(|(i, span)| {
            let indent = if i == 0 { style.first_indent } else { 0.0 };
            let offset = if style.dir == Direction::Rtl {
                0.0
            } else {
                indent
            };
            place(&ctx, span, style.measure - indent, offset, style.align)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{FarsiFace, Lang};

    fn style(lang: Lang, dir: Direction, measure: f32) -> ParagraphStyle {
        ParagraphStyle {
            text: Style {
                bold: false,
                italic: false,
                scale: 1.0,
                rise: 0.0,
                lang,
            },
            size: 10.0,
            dir,
            measure,
            first_indent: 0.0,
            align: Align::Justify,
        }
    }

    fn line_text(line: &Line) -> String {
        line.glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    #[test]
    fn english_fills_and_justifies() {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        let text = "The working class is not a shapeless mass consisting of the sum of individual elements.";
        let lines = typeset(
            &[Inline::Text(text.into())],
            &style(Lang::english(), Direction::Ltr, 150.0),
            &fonts,
        );
        assert!(lines.len() >= 3);
        for line in &lines[..lines.len() - 1] {
            assert!(
                (line.width - 150.0).abs() < 0.05,
                "justified line is {}",
                line.width
            );
        }
        let joined: Vec<String> = lines.iter().map(line_text).collect();
        assert_eq!(
            joined
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            text
        );
    }

    #[test]
    fn farsi_is_right_aligned_with_latin_in_logical_order() {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        let inlines = vec![
            Inline::Text("پایان سیستم برتون وودز (".into()),
            Inline::Span {
                lang: Lang::english(),
                dir: Direction::Ltr,
                content: vec![Inline::Text("Bretton Woods".into())],
            },
            Inline::Text(") در سال ۱۹۷۱".into()),
        ];
        let lines = typeset(
            &inlines,
            &style(Lang::persian(), Direction::Rtl, 400.0),
            &fonts,
        );
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        // A last line in RTL is set flush right.
        let right = line.glyphs.last().map(|g| g.x + g.advance).expect("glyphs");
        assert!((right - 400.0).abs() < 0.05, "right edge at {right}");
        // Visually, left to right: the number first, then the Latin words in their own order,
        // then the Farsi, which starts at the right.
        let visual: String = line.glyphs.iter().map(|g| g.text.as_str()).collect();
        let b = visual.find("Bretton").expect("Bretton");
        let w = visual.find("Woods").expect("Woods");
        assert!(b < w, "Latin words reversed: {visual}");
        assert!(visual.find("۱۹۷۱").expect("digits") < b, "{visual}");
        assert!(
            visual.ends_with('پ'),
            "first Farsi letter should be rightmost: {visual}"
        );
    }

    #[test]
    fn lam_alef_is_one_glyph_for_two_characters() {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        let lines = typeset(
            &[Inline::Text("انقلاب".into())],
            &style(Lang::persian(), Direction::Rtl, 400.0),
            &fonts,
        );
        let texts: Vec<&str> = lines[0].glyphs.iter().map(|g| g.text.as_str()).collect();
        assert!(texts.contains(&"لا"), "{texts:?}");
        assert!(lines[0].glyphs.iter().all(|g| g.rtl));
    }

    #[test]
    fn zwnj_draws_nothing_and_breaks_nothing() {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        let lines = typeset(
            &[Inline::Text("می‌کند".into())],
            &style(Lang::persian(), Direction::Rtl, 400.0),
            &fonts,
        );
        assert_eq!(lines.len(), 1);
        assert!(lines[0].glyphs.iter().all(|g| !g.text.contains('\u{200C}')));
    }
}
