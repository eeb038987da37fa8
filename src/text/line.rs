//! Line: one broken line put in visual order (UAX #9 rule L2, after breaking) and its glyphs
//! positioned, with the justification stretch given to its spaces.

use super::fonts::Face;
use super::linebreak::LineSpan;
use super::shape::ShapedRun;
use unicode_bidi::{BidiInfo, ParagraphInfo};

/// A glyph placed on a line, x from the line's left edge, y up from the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Face.
    pub face: Face,
    /// Size in points.
    pub size: f32,
    /// Glyph id in the face.
    pub id: u16,
    /// Left edge of the glyph's origin.
    pub x: f32,
    /// Shift above the baseline.
    pub y: f32,
    /// Advance the glyph was given (with justification).
    pub advance: f32,
    /// The characters the glyph stands for, in logical order ("" for the later glyphs of a
    /// cluster).
    pub text: String,
    /// Set right to left (its text must be stored reversed for extractors).
    pub rtl: bool,
}

/// How a line sits in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Justified, last line to the start side.
    Justify,
    /// Flush to the start side.
    Start,
    /// Flush to the end side.
    End,
    /// Centred.
    Center,
}

/// A finished line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Glyphs in visual order.
    pub glyphs: Vec<PlacedGlyph>,
    /// The width the glyphs take.
    pub width: f32,
    /// Wider than its measure.
    pub overfull: bool,
}

/// What `place` needs to know about the paragraph.
pub struct LineContext<'a> {
    /// The paragraph text.
    pub text: &'a str,
    /// Its bidi analysis.
    pub bidi: &'a BidiInfo<'a>,
    /// The bidi paragraph.
    pub para: &'a ParagraphInfo,
    /// Its shaped runs.
    pub runs: &'a [ShapedRun],
    /// Glyph texts per run.
    pub texts: &'a [Vec<&'a str>],
}

/// Places one line: `measure` is the room it has, `offset` where that room starts from the
/// left edge of the text block.
pub fn place(
    ctx: &LineContext<'_>,
    span: &LineSpan,
    measure: f32,
    offset: f32,
    align: Align,
) -> Line {
    let rtl_paragraph = ctx.para.level.is_rtl();
    let mut glyphs: Vec<(PlacedGlyph, bool)> = Vec::new();
    if !span.visible.is_empty() {
        let (levels, visual_runs) = ctx.bidi.visual_runs(ctx.para, span.visible.clone());
        for run in visual_runs {
            let rtl = levels[run.start].is_rtl();
            let mut shaped: Vec<usize> = (0..ctx.runs.len())
                .filter(|&i| ctx.runs[i].range.start < run.end && run.start < ctx.runs[i].range.end)
                .collect();
            if rtl {
                shaped.reverse();
            }
            for i in shaped {
                let r = &ctx.runs[i];
                for (g, text) in r.glyphs.iter().zip(&ctx.texts[i]) {
                    if !g.visible || g.cluster < run.start || g.cluster >= run.end {
                        continue;
                    }
                    let is_space = ctx.text[g.cluster..].starts_with(' ');
                    glyphs.push((
                        PlacedGlyph {
                            face: r.face,
                            size: r.size,
                            id: g.id,
                            x: g.x_offset,
                            y: g.y_offset + r.rise,
                            advance: g.advance,
                            text: (*text).to_string(),
                            rtl: r.rtl,
                        },
                        is_space,
                    ));
                }
            }
        }
    }
    let natural: f32 = glyphs.iter().map(|(g, _)| g.advance).sum();
    let spaces = glyphs.iter().filter(|(_, s)| *s).count();
    // Positive to open the spaces, negative to close them: the breaker chose lines that fit.
    let stretch = if align == Align::Justify && !span.last && spaces > 0 {
        (measure - natural) / spaces as f32
    } else {
        0.0
    };
    let width = natural + stretch * spaces as f32;
    let start_side = |free: f32| if rtl_paragraph { free } else { 0.0 };
    let free = (measure - width).max(0.0);
    let mut x = offset
        + match align {
            Align::Justify | Align::Start => start_side(free),
            Align::End => free - start_side(free),
            Align::Center => free / 2.0,
        };
    let mut placed = Vec::with_capacity(glyphs.len());
    for (mut g, is_space) in glyphs {
        if is_space {
            g.advance += stretch;
        }
        g.x += x;
        x += g.advance;
        placed.push(g);
    }
    Line {
        glyphs: placed,
        width,
        overfull: span.overfull || width > measure + 0.5,
    }
}
