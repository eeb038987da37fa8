//! Layout: the book's blocks set as lines and stacked into pages. The result is final: every
//! glyph has its place in points, and the PDF writer only writes it down.

mod blocks;
mod bounds;
mod cache;
mod flow;
mod marks;
mod pages;
mod style;
mod table;

pub use bounds::{outside_trim, Outside};
pub use cache::{CacheUse, PieceCache};
pub use marks::{with_print_marks, PrintFrame};
pub use pages::{layout, layout_cached};
pub use style::PageGeometry;
pub use table::{CELL_GAP, MIN_TABLE_SCALE};

use crate::text::line::PlacedGlyph;

/// The typeset book.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Pages in reading order: the front matter, then the body.
    pub pages: Vec<Page>,
    /// How many pages the front matter has (numbered in roman; the body starts at 1).
    pub front_matter: usize,
    /// The book's outline: pieces and their headings, in order.
    pub outline: Vec<OutlineEntry>,
    /// Links between places in the book (contents to pieces, notes to their markers, links
    /// written in the text to pieces and their headings).
    pub links: Vec<Link>,
    /// Links written in the text to web pages and mail addresses.
    pub web_links: Vec<WebLink>,
    /// Where in the text each page starts, for the e-book's page list.
    pub page_starts: Vec<Option<Origin>>,
    /// Lines set worse than they should be (overfull or very loose) and tables too wide for
    /// the page, each with the index of its piece, in the order they were set.
    pub warnings: Vec<(usize, SetProblem)>,
    /// The print edition's frame around each trimmed page (`None` for the reading edition).
    pub print: Option<PrintFrame>,
}

/// Something set worse than it should be, for the build's warnings.
#[derive(Debug, Clone, PartialEq)]
pub enum SetProblem {
    /// A line no break set well.
    Line(LineProblem),
    /// A table too wide for the page even in its smallest type: its longest words are broken
    /// inside.
    WideTable {
        /// The table's line in its piece's file.
        line: usize,
        /// The size its type was set at, in points.
        size: f32,
    },
}

/// A line the typesetter could not set well: no break gave it a good fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// Wider than its measure (a word longer than the line); otherwise too loose.
    pub overfull: bool,
    /// The line's text in logical order (as written, not as drawn), without note markers
    /// or the isolates around language spans.
    pub text: String,
}

/// What the e-book takes from the print edition's layout for its page list: where each page
/// starts in the text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageMap {
    /// How many pages the front matter has (the body's page 1 follows them).
    pub front_matter: usize,
    /// Where in the text each page starts, as `Layout::page_starts`.
    pub starts: Vec<Option<Origin>>,
    /// The page each piece opens on, in the book's order (empty if the outline does not
    /// name every piece).
    pub openings: Vec<usize>,
}

impl Layout {
    /// The page map of this layout, for [`crate::epub::write`]; `pieces` is the book's
    /// number of pieces.
    pub fn page_map(&self, pieces: usize) -> PageMap {
        // The outline's first-level entries are the pieces' titles, in order: the pages they
        // open on.
        let openings: Vec<usize> = self
            .outline
            .iter()
            .filter(|e| e.level == 1)
            .map(|e| e.at.page)
            .collect();
        PageMap {
            front_matter: self.front_matter,
            starts: self.page_starts.clone(),
            openings: if openings.len() == pieces {
                openings
            } else {
                Vec::new()
            },
        }
    }
}

#[cfg(test)]
impl Layout {
    /// A layout of one 100 × 100 pt page holding one line at `x` with its baseline at
    /// `baseline`, for tests of what reads layouts.
    pub(crate) fn one_line(x: f32, baseline: f32, glyphs: Vec<PlacedGlyph>) -> Layout {
        Layout {
            pages: vec![Page {
                width: 100.0,
                height: 100.0,
                items: vec![Item::Line {
                    x,
                    baseline,
                    glyphs,
                }],
            }],
            front_matter: 0,
            outline: Vec::new(),
            links: Vec::new(),
            web_links: Vec::new(),
            page_starts: vec![None],
            warnings: Vec::new(),
            print: None,
        }
    }
}

/// A place on a page: page index (0-based) and distance from the top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// Page index in `Layout::pages`.
    pub page: usize,
    /// From the top of the page, in points.
    pub y: f32,
}

/// An entry of the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// The title shown.
    pub title: String,
    /// 1 for pieces, 2 and deeper for their headings.
    pub level: u8,
    /// Where it points.
    pub at: Position,
}

/// A clickable area and where it leads.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The page the area is on.
    pub page: usize,
    /// The area: left, top, right, bottom, from the page's top-left corner.
    pub rect: [f32; 4],
    /// The destination.
    pub to: Position,
}

/// A clickable area that leads out of the book.
#[derive(Debug, Clone, PartialEq)]
pub struct WebLink {
    /// The page the area is on.
    pub page: usize,
    /// The area: left, top, right, bottom, from the page's top-left corner.
    pub rect: [f32; 4],
    /// The URL: ASCII, as the URL Standard serializes it.
    pub url: String,
}

/// Where a line's text comes from: a block of a piece, and how many of its words come
/// before the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Index of the piece in the book.
    pub piece: usize,
    /// Index of the top-level block in the piece.
    pub block: usize,
    /// Words of the block's text before the line (0 at its start; always 0 for blocks other
    /// than paragraphs).
    pub words: usize,
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
    /// A horizontal rule (above footnotes).
    Rule {
        /// Left end.
        x: f32,
        /// Vertical centre, from the top of the page.
        y: f32,
        /// Length.
        width: f32,
        /// Thickness.
        thickness: f32,
    },
    /// A printer's mark: a hairline from one point to another, which may lie outside the
    /// page (crop marks sit beyond the trim).
    Stroke {
        /// Start, from the page's top-left corner.
        from: (f32, f32),
        /// End.
        to: (f32, f32),
        /// Line width.
        width: f32,
    },
}
