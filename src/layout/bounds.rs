//! Where text lies on its page, and the check that all of it lies inside the trim: whatever
//! the layout gets wrong, a build never hands over a PDF with text cut off at the page's edge.

use super::{Item, Layout};
use crate::text::fonts::FontSet;
use crate::text::line::PlacedGlyph;

/// How far (in points) a glyph's box may reach past the trim before it counts as outside:
/// rounding, not text.
const SLACK: f32 = 0.5;

/// The box the glyphs of a line take, from its origin and baseline: left, top, right,
/// bottom (top negative: above the baseline). Each glyph's box is its advance across and
/// its face's ascender and descender down, as PDF readers draw a selection. `None` for a
/// line without glyphs.
pub(super) fn line_box(glyphs: &[PlacedGlyph], fonts: &FontSet) -> Option<[f32; 4]> {
    glyphs.iter().fold(None, |acc, g| {
        let metrics = fonts.get(g.face).metrics;
        let scale = g.size / f32::from(metrics.units_per_em);
        let top = -g.y - f32::from(metrics.ascender) * scale;
        let bottom = -g.y - f32::from(metrics.descender) * scale;
        let b = [g.x, top, g.x + g.advance.max(0.0), bottom];
        Some(match acc {
            None => b,
            Some(a) => [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ],
        })
    })
}

/// A line of text that reaches outside its page.
#[derive(Debug, Clone, PartialEq)]
pub struct Outside {
    /// The page's index in the layout.
    pub page: usize,
    /// The piece whose text is on the page (`None` in the front matter).
    pub piece: Option<usize>,
    /// The line's text.
    pub text: String,
}

/// Every line of `layout` whose glyphs reach outside its page: a fault of the layout, which
/// a build refuses rather than hand over text cut off at the page's edge.
pub fn outside_trim(layout: &Layout, fonts: &FontSet) -> Vec<Outside> {
    let mut out = Vec::new();
    // The piece of each body page: the one its text starts in, else the one before it.
    let mut piece = None;
    for (index, page) in layout.pages.iter().enumerate() {
        if index >= layout.front_matter {
            if let Some(Some(start)) = layout.page_starts.get(index) {
                piece = Some(start.piece);
            }
        }
        for item in &page.items {
            let Item::Line {
                x,
                baseline,
                glyphs,
            } = item
            else {
                continue;
            };
            let Some([left, top, right, bottom]) = line_box(glyphs, fonts) else {
                continue;
            };
            let inside = x + left >= -SLACK
                && baseline + top >= -SLACK
                && x + right <= page.width + SLACK
                && baseline + bottom <= page.height + SLACK;
            if !inside {
                // Glyphs are in visual order: a right-to-left line reads back from its end.
                let text = if glyphs.iter().any(|g| g.rtl) {
                    glyphs.iter().rev().map(|g| g.text.as_str()).collect()
                } else {
                    glyphs.iter().map(|g| g.text.as_str()).collect()
                };
                out.push(Outside {
                    page: index,
                    piece,
                    text,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::FarsiFace;
    use crate::text::fonts::{Face, Family};

    fn glyph(x: f32) -> PlacedGlyph {
        PlacedGlyph {
            face: Face {
                family: Family::Charis,
                bold: false,
                italic: false,
            },
            size: 10.0,
            id: 1,
            x,
            y: 0.0,
            advance: 5.0,
            text: "a".into(),
            rtl: false,
            struck: false,
        }
    }

    fn one_page(x: f32, baseline: f32) -> Layout {
        Layout::one_line(x, baseline, vec![glyph(0.0), glyph(5.0)])
    }

    #[test]
    fn a_line_past_any_edge_of_its_page_is_found_and_one_inside_is_not() {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        assert_eq!(outside_trim(&one_page(10.0, 50.0), &fonts), []);
        for (x, baseline) in [(95.0, 50.0), (-3.0, 50.0), (10.0, 2.0), (10.0, 99.0)] {
            let found = outside_trim(&one_page(x, baseline), &fonts);
            assert_eq!(found.len(), 1, "at {x}, {baseline}");
            assert_eq!(found[0].text, "aa");
        }
    }
}
