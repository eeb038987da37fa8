//! The print edition's marks: crop marks at the trim's corners, outside the bleed, and a slug
//! line under each page naming the book, its date and the page — all drawn beyond the trim,
//! where the print shop cuts them away.

use super::pages::style_in;
use super::{Item, Layout};
use crate::book::{language_spans, mm, to_mm, BookMeta, Direction, Inline, Lang, PrintMarks};
use crate::text::fonts::FontSet;
use crate::text::line::Align;
use crate::text::paragraph::typeset;

/// What surrounds each trimmed page of the print edition, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintFrame {
    /// Bleed beyond the trim on every side.
    pub bleed: f32,
    /// Room beyond the trim on every side for the bleed and the marks: the page's media
    /// is the trim grown by this much.
    pub room: f32,
}

/// Length of a crop mark.
const CROP_LENGTH: f32 = mm(6.0);
/// Line width of a crop mark: a hairline.
const CROP_WIDTH: f32 = 0.25;
/// Size of the slug line's type.
const SLUG_SIZE: f32 = 6.0;

impl PrintFrame {
    /// The frame for `marks`: crop marks start where the bleed ends (at least 3 mm out),
    /// and the room holds them and the slug line.
    pub fn for_marks(marks: &PrintMarks) -> PrintFrame {
        PrintFrame {
            bleed: marks.bleed,
            room: crop_offset(marks) + CROP_LENGTH + mm(2.0),
        }
    }
}

/// Where crop marks start, from the trim.
fn crop_offset(marks: &PrintMarks) -> f32 {
    marks.bleed.max(mm(3.0))
}

/// The print edition of `layout`: the same pages with crop marks and a slug line added
/// outside the trim, and the frame the PDF writer sets its boxes from.
pub fn with_print_marks(
    layout: &Layout,
    meta: &BookMeta,
    fonts: &FontSet,
    marks: &PrintMarks,
) -> Layout {
    let mut print = layout.clone();
    let frame = PrintFrame::for_marks(marks);
    let offset = crop_offset(marks);
    let total = print.pages.len();
    for (i, page) in print.pages.iter_mut().enumerate() {
        let (w, h) = (page.width, page.height);
        if marks.crop_marks {
            for (x, y, out_x, out_y) in [
                (0.0, 0.0, -1.0, -1.0),
                (w, 0.0, 1.0, -1.0),
                (0.0, h, -1.0, 1.0),
                (w, h, 1.0, 1.0),
            ] {
                // One horizontal and one vertical stroke per corner, in line with the trim
                // edges and pointing away from the page.
                page.items.push(Item::Stroke {
                    from: (x + out_x * offset, y),
                    to: (x + out_x * (offset + CROP_LENGTH), y),
                    width: CROP_WIDTH,
                });
                page.items.push(Item::Stroke {
                    from: (x, y + out_y * offset),
                    to: (x, y + out_y * (offset + CROP_LENGTH)),
                    width: CROP_WIDTH,
                });
            }
        }
        if marks.slug {
            // Between the bottom crop marks, below the bleed.
            let inset = mm(5.0);
            let text = format!(
                "{} · {} · page {} of {} · trim {:.0} × {:.0} mm, bleed {:.1} mm",
                meta.title,
                meta.date,
                i + 1,
                total,
                to_mm(w),
                to_mm(h),
                to_mm(marks.bleed),
            );
            let inlines = language_spans(vec![Inline::Text(text)], Direction::Ltr);
            let style = style_in(
                &Lang::english(),
                SLUG_SIZE,
                (w - 2.0 * inset).max(mm(20.0)),
                Align::Start,
                false,
            );
            if let Some(line) = typeset(&inlines, &style, fonts).into_iter().next() {
                page.items.push(Item::Line {
                    x: inset,
                    baseline: h + offset + SLUG_SIZE,
                    glyphs: line.glyphs,
                });
            }
        }
    }
    print.print = Some(frame);
    print
}
