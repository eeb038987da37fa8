//! The flow: a piece as a column of lines and spaces, before it is cut into pages.

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
    /// Must stay on the same page as the line after it (headings).
    pub keep_with_next: bool,
}

/// What the column holds.
#[derive(Debug, Clone)]
pub enum Flow {
    /// A line.
    Line(FlowLine),
    /// Vertical space; dropped at the top of a page.
    Space(f32),
    /// Start a new page (unless the current one is still empty).
    NewPage,
}
