//! Layout: the book's blocks set as lines and stacked into pages. The result is final: every
//! glyph has its place in points, and the PDF writer only writes it down.

mod blocks;
mod flow;
mod pages;
mod style;

pub use pages::layout;
pub use style::PageGeometry;

use crate::text::line::PlacedGlyph;

/// The typeset book.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Pages in reading order.
    pub pages: Vec<Page>,
}

/// One page; coordinates in points from the top-left corner.
#[derive(Debug, Clone)]
pub struct Page {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
    /// What is drawn.
    pub items: Vec<Item>,
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// A line of glyphs with its baseline at `baseline`, glyph x measured from `x`.
    Line {
        /// Left edge of the line box.
        x: f32,
        /// Baseline, from the top of the page.
        baseline: f32,
        /// The glyphs.
        glyphs: Vec<PlacedGlyph>,
    },
}
