//! Page content streams: the layout's lines written as positioned glyph strings.

use super::fonts::EmbeddedFace;
use crate::layout::{Item, Page};
use crate::text::fonts::Face;
use crate::text::line::PlacedGlyph;
use pdf_writer::{Content, Name, Str};
use std::collections::BTreeMap;

/// The resource name of each face on the page.
pub fn font_name(index: usize) -> String {
    format!("F{}", index + 1)
}

/// Writes a page's items. `faces` gives each face's embedding and its resource index.
pub fn page_content(page: &Page, faces: &BTreeMap<Face, (usize, EmbeddedFace)>) -> Vec<u8> {
    let mut content = Content::new();
    content.set_fill_gray(0.0);
    for item in &page.items {
        match item {
            Item::Line {
                x,
                baseline,
                glyphs,
            } => {
                for segment in segments(glyphs) {
                    write_segment(&mut content, page.height, *x, *baseline, segment, faces);
                }
            }
            Item::Rule { from, to, width } => {
                content.set_stroke_gray(0.0);
                content.set_line_width(*width);
                content.move_to(from.0, page.height - from.1);
                content.line_to(to.0, page.height - to.1);
                content.stroke();
            }
        }
    }
    content.finish().into_vec()
}

/// Consecutive glyphs sharing face, size and baseline shift.
fn segments(glyphs: &[PlacedGlyph]) -> Vec<&[PlacedGlyph]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=glyphs.len() {
        let split = i == glyphs.len() || {
            let (a, b) = (&glyphs[i - 1], &glyphs[i]);
            a.face != b.face || a.size != b.size || a.y != b.y
        };
        if split {
            if start < i {
                out.push(&glyphs[start..i]);
            }
            start = i;
        }
    }
    out
}

fn write_segment(
    content: &mut Content,
    height: f32,
    x: f32,
    baseline: f32,
    glyphs: &[PlacedGlyph],
    faces: &BTreeMap<Face, (usize, EmbeddedFace)>,
) {
    let Some(first) = glyphs.first() else { return };
    let Some((index, embedded)) = faces.get(&first.face) else {
        return;
    };
    let name = font_name(*index);
    let size = first.size;
    content.begin_text();
    content.set_font(Name(name.as_bytes()), size);
    content.set_text_matrix([1.0, 0.0, 0.0, 1.0, x + first.x, height - baseline + first.y]);
    {
        let mut shown = content.show_positioned();
        let mut items = shown.items();
        for (i, g) in glyphs.iter().enumerate() {
            let cid = embedded.remapper.get(g.id).unwrap_or(0);
            items.show(Str(&cid.to_be_bytes()));
            if let Some(next) = glyphs.get(i + 1) {
                // Where the PDF pen is after this glyph, against where the next one belongs.
                let pen = g.x + embedded.widths.get(&g.id).copied().unwrap_or(0.0) * size / 1000.0;
                let gap = next.x - pen;
                if gap.abs() > 0.001 {
                    items.adjust(-gap * 1000.0 / size);
                }
            }
        }
    }
    content.end_text();
}
