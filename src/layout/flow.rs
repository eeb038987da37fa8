//! The flow: the book as a column of lines, spaces and page breaks, before it is cut into
//! pages; notes wait beside it, to be set at the foot of the page that refers to them.

use super::Origin;
use crate::text::line::Line;

/// One line in the column.
#[derive(Debug, Clone)]
pub struct FlowLine {
    /// The line.
    pub line: Line,
    /// Offset of the line box from the text block's left edge.
    pub x: f32,
    /// Distance from the previous baseline (the leading).
    pub leading: f32,
    /// Must stay on the same page as the line after it (headings, and the lines that would
    /// otherwise leave a widow or an orphan).
    pub keep_with_next: bool,
    /// Footnotes the line refers to (indices into the note table).
    pub notes: Vec<usize>,
    /// What the line starts, for the outline.
    pub mark: Option<Mark>,
    /// Where its text comes from.
    pub origin: Option<Origin>,
}

impl FlowLine {
    /// A line with nothing attached.
    pub fn new(line: Line, x: f32, leading: f32, keep_with_next: bool) -> FlowLine {
        FlowLine {
            line,
            x,
            leading,
            keep_with_next,
            notes: Vec::new(),
            mark: None,
            origin: None,
        }
    }
}

/// Something the outline points at.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// The title of a piece.
    Piece(usize),
    /// A heading inside a piece.
    Heading {
        /// Outline level (2 for `##`).
        level: u8,
        /// Its text.
        title: String,
        /// Its id in its piece, where links to it lead.
        id: String,
    },
    /// The contents entry of a piece, and how far its text reaches down from the top of
    /// its first line's box: from its first line's capitals to its last line's descenders
    /// (a long title takes two lines).
    Contents {
        /// The piece.
        piece: usize,
        /// Top and bottom of the entry's text, from the top of its first line box.
        extent: (f32, f32),
    },
}

/// How a new page is begun.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageBreak {
    /// Begin on a right-hand (odd) page, leaving a blank page if need be.
    pub recto: bool,
    /// The piece that opens here: no running head on this page.
    pub opening: Option<usize>,
}

/// What the column holds.
#[derive(Debug, Clone)]
pub enum Flow {
    /// A line.
    Line(FlowLine),
    /// Vertical space; dropped at the top of a page.
    Space(f32),
    /// Start a new page (unless the current one is still empty).
    NewPage(PageBreak),
}

/// A footnote, set and waiting for its page.
#[derive(Debug, Clone)]
pub struct Footnote {
    /// Its lines.
    pub lines: Vec<FlowLine>,
}
