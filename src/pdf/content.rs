//! Page content streams: each layout line written as one text object, glyph by glyph, with
//! the pen moved by TJ adjustments and raised glyphs set with the text rise — never a new
//! text matrix inside a line, so that extractors keep a line's glyphs together. Glyphs that
//! stand for no text (a mark drawn apart from its letter) are drawn as outlines, not text:
//! extractors would put them on the wrong side of their letter. Text objects are written by
//! [`super::text_object`] (binary strings); rules and outlines by pdf-writer.

use super::fonts::{advance_units, EmbeddedFace};
use super::text_object::TextObject;
use crate::layout::{Item, Page};
use crate::text::fonts::{Face, FontSet};
use crate::text::line::PlacedGlyph;
use pdf_writer::Content;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The resource name of each face on the page.
pub fn font_name(index: usize) -> String {
    format!("F{}", index + 1)
}

/// Writes a page's items. `cids` gives the CID of every glyph of the page's lines in order
/// (`None` for a glyph drawn as an outline); `faces` each face's embedding and resource
/// index.
pub fn page_content(
    page: &Page,
    mut cids: impl Iterator<Item = Option<u16>>,
    faces: &BTreeMap<Face, (usize, EmbeddedFace)>,
    fonts: &FontSet,
) -> Vec<u8> {
    // About three bytes a glyph (its CID and a share of the adjustments) and sixty a line:
    // a page of text is allocated once instead of growing as it is written (glyphs drawn
    // as outlines, Persian marks and kashidas, take more, and their pages grow).
    let (lines, glyphs) = page.items.iter().fold((0, 0), |(l, g), item| match item {
        Item::Line { glyphs, .. } => (l + 1, g + glyphs.len()),
        _ => (l, g),
    });
    let mut out = Vec::with_capacity(3 * glyphs + 60 * lines + 64);
    out.extend_from_slice(b"0 g\n");
    // Kept from line to line, so that each line's glyphs are split into those shown with a
    // font and those drawn as outlines without allocating.
    let mut text: Vec<(&PlacedGlyph, u16)> = Vec::new();
    let mut drawn: Vec<&PlacedGlyph> = Vec::new();
    for item in &page.items {
        match item {
            Item::Line {
                x,
                baseline,
                glyphs,
            } => {
                text.clear();
                drawn.clear();
                for g in glyphs {
                    match cids.next().flatten() {
                        Some(cid) => text.push((g, cid)),
                        None => drawn.push(g),
                    }
                }
                write_line(&mut out, page.height - baseline, *x, &text, faces);
                if !drawn.is_empty() {
                    let mut content = Content::new();
                    for g in &drawn {
                        draw_outline(&mut content, page.height - baseline, *x, g, fonts);
                    }
                    append(&mut out, content);
                }
                if glyphs.iter().any(|g| g.struck) {
                    let mut content = Content::new();
                    draw_strikes(&mut content, page.height - baseline, *x, glyphs, fonts);
                    append(&mut out, content);
                }
            }
            Item::Rule {
                x,
                y,
                width,
                thickness,
            } => {
                let mut content = Content::new();
                content.rect(*x, page.height - y - thickness / 2.0, *width, *thickness);
                content.fill_nonzero();
                append(&mut out, content);
            }
            Item::Stroke { from, to, width } => {
                let mut content = Content::new();
                content.set_stroke_gray(0.0);
                content.set_line_width(*width);
                content.move_to(from.0, page.height - from.1);
                content.line_to(to.0, page.height - to.1);
                content.stroke();
                append(&mut out, content);
            }
        }
    }
    out
}

/// Appends operators written by pdf-writer, which ends its content without the last
/// operator's line end, so that the next operator stays apart.
fn append(out: &mut Vec<u8>, content: Content) {
    out.extend_from_slice(&content.finish());
    out.push(b'\n');
}

/// The glyphs in the order they are written. Right-to-left runs come from HarfBuzz in visual
/// order, where a mark stands before (left of) its base; extractors attach a mark to the
/// character written before it, so each base is written first and its marks after it.
fn stream_order<'a, 'g>(glyphs: &'a [(&'g PlacedGlyph, u16)]) -> Cow<'a, [(&'g PlacedGlyph, u16)]> {
    let is_mark = |g: &PlacedGlyph| g.rtl && g.advance == 0.0;
    if !glyphs.iter().any(|(g, _)| is_mark(g)) {
        // Most lines have no mark drawn as a glyph of its own: nothing moves.
        return Cow::Borrowed(glyphs);
    }
    let mut out = Vec::with_capacity(glyphs.len());
    let mut i = 0;
    while i < glyphs.len() {
        let marks_end = (i..glyphs.len())
            .find(|&j| !is_mark(glyphs[j].0))
            .unwrap_or(glyphs.len());
        if marks_end > i && marks_end < glyphs.len() && glyphs[marks_end].0.rtl {
            out.push(glyphs[marks_end]);
            out.extend(&glyphs[i..marks_end]);
            i = marks_end + 1;
        } else {
            out.push(glyphs[i]);
            i += 1;
        }
    }
    Cow::Owned(out)
}

fn write_line(
    out: &mut Vec<u8>,
    baseline: f32,
    x: f32,
    glyphs: &[(&PlacedGlyph, u16)],
    faces: &BTreeMap<Face, (usize, EmbeddedFace)>,
) {
    let Some((first, _)) = glyphs.first() else {
        return;
    };
    let ordered = stream_order(glyphs);
    // Each run of glyphs of one face, size and rise is shown with one TJ.
    let groups =
        ordered.chunk_by(|(a, _), (b, _)| a.face == b.face && a.size == b.size && a.y == b.y);
    let mut text = TextObject::begin(out, x + first.x, baseline);
    // Where the PDF's pen stands, in points from the line's left edge.
    let mut pen = first.x;
    let mut font: Option<(Face, f32)> = None;
    let mut rise = 0.0;
    // Glyphs that follow each other without an adjustment share one string.
    let mut run: Vec<u8> = Vec::with_capacity(2 * ordered.len());
    for group in groups {
        let (lead, _) = group[0];
        let Some((index, _)) = faces.get(&lead.face) else {
            continue;
        };
        let size = lead.size;
        if font != Some((lead.face, size)) {
            text.font(&font_name(*index), size);
            font = Some((lead.face, size));
        }
        if lead.y != rise {
            text.rise(lead.y);
            rise = lead.y;
        }
        let mut shown = text.show();
        run.clear();
        for &(g, cid) in group {
            let gap = g.x - pen;
            if gap.abs() > 0.01 {
                if !run.is_empty() {
                    shown.string(&run);
                    run.clear();
                }
                shown.adjust(-gap * 1000.0 / size);
            }
            run.extend(cid.to_be_bytes());
            pen = g.x + advance_units(g) as f32 * size / 1000.0;
        }
        if !run.is_empty() {
            shown.string(&run);
        }
        shown.end();
    }
    // The rise is text state, which outlives the text object: a line ending in a note
    // marker would raise the next line drawn.
    if rise != 0.0 {
        text.rise(0.0);
    }
    text.end();
}

/// Draws the rules through the struck glyphs of a line: one across each run of struck
/// glyphs that stand side by side in one face and size — the glyphs are in visual order,
/// so a right-to-left run is struck as it stands on the page — at the face's strikeout
/// height and thickness.
fn draw_strikes(
    content: &mut Content,
    baseline: f32,
    x: f32,
    glyphs: &[PlacedGlyph],
    fonts: &FontSet,
) {
    let runs = glyphs.chunk_by(|a, b| {
        a.struck == b.struck && a.face == b.face && a.size == b.size && a.y == b.y
    });
    for run in runs.filter(|run| run[0].struck) {
        let lead = &run[0];
        let loaded = fonts.get(lead.face);
        let scale = loaded.scale(lead.size);
        let (middle, thickness) = loaded.metrics.strikeout;
        let left = run.iter().map(|g| g.x).fold(f32::INFINITY, f32::min);
        let right = run
            .iter()
            .map(|g| g.x + g.advance)
            .fold(f32::NEG_INFINITY, f32::max);
        let thickness = f32::from(thickness) * scale;
        let middle = baseline + lead.y + f32::from(middle) * scale;
        content.rect(x + left, middle - thickness / 2.0, right - left, thickness);
        content.fill_nonzero();
    }
}

/// Draws a glyph as a filled path; a kashida (the tatweel, standing for no text) stretched
/// to its advance.
fn draw_outline(content: &mut Content, baseline: f32, x: f32, g: &PlacedGlyph, fonts: &FontSet) {
    let loaded = fonts.get(g.face);
    let scale = loaded.scale(g.size);
    let x_scale = if g.text.is_empty() && loaded.glyph_id('\u{640}') == Some(g.id) {
        let natural = f32::from(loaded.advance(g.id)) * scale;
        if natural > 0.0 {
            g.advance / natural
        } else {
            0.0
        }
    } else {
        1.0
    };
    content.save_state();
    content.transform([scale * x_scale, 0.0, 0.0, scale, x + g.x, baseline + g.y]);
    let mut path = PathWriter {
        content,
        last: (0.0, 0.0),
    };
    if loaded.outline(g.id, &mut path) {
        path.content.fill_nonzero();
    } else {
        path.content.end_path();
    }
    content.restore_state();
}

/// Glyph outlines (quadratic or cubic) as PDF path operators.
struct PathWriter<'c> {
    content: &'c mut Content,
    last: (f32, f32),
}

impl ttf_parser::OutlineBuilder for PathWriter<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.content.move_to(x, y);
        self.last = (x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.content.line_to(x, y);
        self.last = (x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // The cubic that traces the same quadratic curve.
        let (x0, y0) = self.last;
        let c1 = (x0 + 2.0 / 3.0 * (x1 - x0), y0 + 2.0 / 3.0 * (y1 - y0));
        let c2 = (x + 2.0 / 3.0 * (x1 - x), y + 2.0 / 3.0 * (y1 - y));
        self.content.cubic_to(c1.0, c1.1, c2.0, c2.1, x, y);
        self.last = (x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.content.cubic_to(x1, y1, x2, y2, x, y);
        self.last = (x, y);
    }

    fn close(&mut self) {
        self.content.close_path();
    }
}
