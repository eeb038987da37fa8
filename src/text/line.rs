//! Line: one broken line put in visual order (UAX #9 rule L2, after breaking) and its glyphs
//! positioned, with the justification stretch given to its spaces.

use super::fonts::{Face, FontSet};
use super::linebreak::{LineSpan, Spacing};
use super::shape::ShapedRun;
use crate::book::LinkTarget;
use ecow::EcoString;
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
    /// cluster, and for a kashida). Kept inline (a glyph stands for a few bytes): a long
    /// book has millions of glyphs, and a heap string each was half the memory of a build.
    pub text: EcoString,
    /// Set right to left (its text must be stored reversed for extractors).
    pub rtl: bool,
    /// Struck through: the PDF draws a rule through it and its struck neighbours.
    pub struck: bool,
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
    /// Stretched beyond the comfortable limit: no good break was found.
    pub loose: bool,
    /// Ends with a hyphen inside a word.
    pub hyphenated: bool,
    /// The note markers on the line, where they are drawn.
    pub notes: Vec<NoteMark>,
    /// The links on the line, where their text is drawn.
    pub links: Vec<LinkMark>,
    /// Words of the paragraph that start before this line (a hyphenated word counts where
    /// it starts).
    pub words_before: usize,
    /// The bytes of the paragraph's collected text the line shows, in logical order: what a
    /// warning about the line quotes (its glyphs are in visual order). `u32` keeps a line
    /// small; a paragraph is far shorter than 4 GB.
    pub text: std::ops::Range<u32>,
}

/// A note marker placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteMark {
    /// The note's number in its piece.
    pub number: usize,
    /// Left and right edge of the marker, from the line's left edge as glyph x are.
    pub x: (f32, f32),
}

/// A link's text placed on a line: the stretch from its first glyph's left edge to its last
/// glyph's right edge (text in the other direction inside it included).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkMark {
    /// Where the link leads.
    pub target: LinkTarget,
    /// Left and right edge, from the line's left edge as glyph x are.
    pub x: (f32, f32),
}

/// The stretch ratio beyond which a line is reported as loose: English spaces at twice
/// their width, an em apart.
pub const LOOSE_RATIO: f32 = 3.0;

/// The most a kashida is elongated, in ems of its text: longer ones read as a flourish.
pub const KASHIDA_MAX_EM: f32 = 0.5;

/// The least a kashida is elongated, in ems: a shorter one cannot be seen, so a line whose
/// share would be smaller elongates fewer of its joins, each visibly.
pub const KASHIDA_MIN_EM: f32 = 0.1;

/// The space stretch ratio beyond which a line in a left-to-right paragraph also opens its
/// letters a little, as a typesetter's letter-spacing justification does: a loose line's
/// colour stays even instead of the space going all to its word gaps.
pub const TRACKING_FROM_RATIO: f32 = 1.0;

/// The most a letter is spaced out, in ems: 3 % of the size, below what the eye reads as
/// spaced-out type (and far below the gap extractors take for a word break).
pub const TRACKING_MAX_EM: f32 = 0.03;

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
    /// The paragraph's kashida points (byte offsets, sorted).
    pub kashidas: &'a [usize],
    /// How lines stretch.
    pub spacing: Spacing,
    /// The fonts (for tatweel and hyphen glyphs).
    pub fonts: &'a FontSet,
    /// Note markers: byte range and number, in text order.
    pub notes: &'a [(std::ops::Range<usize>, usize)],
    /// The struck-through byte ranges, in text order.
    pub struck: &'a [std::ops::Range<usize>],
    /// Links: byte range and target, in text order.
    pub links: &'a [(std::ops::Range<usize>, LinkTarget)],
}

/// What a line has to stretch with, besides its kashidas and letters.
struct Stretchable {
    /// Number of spaces.
    spaces: usize,
    /// Their natural width together.
    space_width: f32,
    /// The line's largest type size, the em kashidas and letter spacing are measured in.
    size: f32,
}

/// What a glyph is to justification.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Letter,
    Space,
    /// A kashida, to be given its width.
    Kashida,
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
    let justify = align == Align::Justify && !span.last;
    let kashidas: &[usize] = if justify {
        let from = ctx.kashidas.partition_point(|&k| k < span.visible.start);
        let to = ctx.kashidas.partition_point(|&k| k < span.visible.end);
        &ctx.kashidas[from..to]
    } else {
        &[]
    };
    let pieces = line_pieces(ctx, span);
    let most = pieces.iter().map(|p| p.glyphs.len()).sum::<usize>() + kashidas.len() + 1;
    // The glyphs in visual order, and beside each what it is to justification and the byte
    // its cluster starts at.
    let mut glyphs: Vec<PlacedGlyph> = Vec::with_capacity(most);
    let mut roles: Vec<(Role, usize)> = Vec::with_capacity(most);
    for piece in pieces {
        let r = &ctx.runs[piece.run];
        let mut previous_cluster = None;
        for (g, text) in r.glyphs[piece.glyphs.clone()]
            .iter()
            .zip(&ctx.texts[piece.run][piece.glyphs.clone()])
        {
            if !g.visible {
                continue;
            }
            // A kashida goes where the clusters of a right-to-left run step below a point:
            // between the letter pushed away (left) and the one before it.
            if let Some(before) = previous_cluster {
                let here = kashidas.iter().any(|&k| g.cluster < k && k <= before);
                if here {
                    if let Some(tatweel) = ctx.fonts.get(r.face).glyph_id('\u{640}') {
                        glyphs.push(PlacedGlyph {
                            face: r.face,
                            size: r.size,
                            id: tatweel,
                            x: 0.0,
                            y: r.rise,
                            advance: 0.0,
                            text: EcoString::new(),
                            rtl: true,
                            struck: is_struck(ctx, g.cluster),
                        });
                        roles.push((Role::Kashida, g.cluster));
                    }
                }
            }
            if r.rtl {
                previous_cluster = Some(g.cluster);
            }
            // Code keeps its spaces as they are, like its letters.
            let role = if ctx.text[g.cluster..].starts_with(' ') && !r.face.family.is_monospace() {
                Role::Space
            } else {
                Role::Letter
            };
            glyphs.push(PlacedGlyph {
                face: r.face,
                size: r.size,
                id: g.id,
                x: g.x_offset,
                y: g.y_offset + r.rise,
                advance: g.advance,
                text: EcoString::from(*text),
                rtl: r.rtl,
                struck: is_struck(ctx, g.cluster),
            });
            roles.push((role, g.cluster));
        }
    }
    if span.hyphenated {
        if let Some(hyphen) = hyphen_after(ctx, glyphs.last()) {
            glyphs.push(hyphen);
            roles.push((Role::Letter, span.visible.end));
        }
    }
    let natural: f32 = glyphs.iter().map(|g| g.advance).sum();
    let (spaces, space_width) = glyphs
        .iter()
        .zip(&roles)
        .filter(|(_, (r, _))| *r == Role::Space)
        .fold((0, 0.0), |(n, w), (g, _)| (n + 1, w + g.advance));
    let stretchable = Stretchable {
        spaces,
        space_width,
        size: glyphs.iter().map(|g| g.size).fold(0.0, f32::max),
    };
    let points = roles.iter().filter(|(r, _)| *r == Role::Kashida).count();
    // Positive to open the line, negative to close it: the breaker chose lines that fit.
    let extra = if justify { measure - natural } else { 0.0 };
    let tracked = if rtl_paragraph || points > 0 {
        vec![false; glyphs.len()]
    } else {
        trackable(&glyphs, &roles)
    };
    let tracked_count = tracked.iter().filter(|&&t| t).count();
    let track_each = tracking(ctx, &stretchable, extra, tracked_count);
    let extra_left = extra - track_each * tracked_count as f32;
    let (mut kashida_each, mut space_each) = share(ctx, &stretchable, extra_left, points);
    let least = KASHIDA_MIN_EM * stretchable.size;
    let mut points_used = points;
    while kashida_each > 0.0 && kashida_each < least && points_used > 0 {
        // Each kashida dropped leaves more to the others (and a little to the spaces).
        points_used -= 1;
        (kashida_each, space_each) = share(ctx, &stretchable, extra_left, points_used);
    }
    // The kashidas kept, spread evenly along the line.
    let kept = |k: usize| (k + 1) * points_used / points.max(1) > k * points_used / points.max(1);
    let points = points_used;
    let width = natural
        + space_each * spaces as f32
        + kashida_each * points as f32
        + track_each * tracked_count as f32;
    let start_side = |free: f32| if rtl_paragraph { free } else { 0.0 };
    let free = (measure - width).max(0.0);
    let mut x = offset
        + match align {
            Align::Justify | Align::Start => start_side(free),
            Align::End => free - start_side(free),
            Align::Center => free / 2.0,
        };
    // What the spaces still stretch once the letters took their part.
    let ratio_left = if extra > 0.0 {
        span.ratio * extra_left / extra
    } else {
        span.ratio
    };
    let mut notes: Vec<NoteMark> = Vec::new();
    // Each link on the line, by its index in the paragraph's links.
    let mut links: Vec<(usize, (f32, f32))> = Vec::new();
    let mut kashida_index = 0;
    let mut index = 0;
    // Each glyph given its place and share of the stretch; kashidas left out are dropped.
    glyphs.retain_mut(|g| {
        let ((role, cluster), tracked) = (roles[index], tracked[index]);
        index += 1;
        if tracked {
            g.advance += track_each;
        }
        match role {
            Role::Space => g.advance += space_each,
            Role::Kashida => {
                kashida_index += 1;
                if kashida_each <= 0.0 || !kept(kashida_index - 1) {
                    return false;
                }
                // Drawn as the tatweel stretched to this advance.
                g.advance = kashida_each;
            }
            Role::Letter => {}
        }
        g.x += x;
        if let Some(number) = note_at(ctx.notes, cluster) {
            match notes.iter_mut().find(|n| n.number == number) {
                Some(n) => n.x = (n.x.0.min(x), n.x.1.max(x + g.advance)),
                None => notes.push(NoteMark {
                    number,
                    x: (x, x + g.advance),
                }),
            }
        }
        // The links are in text order and do not overlap: the one holding the cluster, if
        // any, is found by bisection.
        let at = ctx.links.partition_point(|(r, _)| r.end <= cluster);
        if ctx.links.get(at).is_some_and(|(r, _)| r.contains(&cluster)) {
            match links.iter_mut().find(|(i, _)| *i == at) {
                Some((_, span)) => *span = (span.0.min(x), span.1.max(x + g.advance)),
                None => links.push((at, (x, x + g.advance))),
            }
        }
        x += g.advance;
        true
    });
    let links = links
        .into_iter()
        .map(|(i, x)| LinkMark {
            target: ctx.links[i].1.clone(),
            x,
        })
        .collect();
    Line {
        glyphs,
        width,
        overfull: span.overfull || width > measure + 0.5,
        loose: justify && ratio_left > LOOSE_RATIO,
        hyphenated: span.hyphenated,
        notes,
        links,
        words_before: 0,
        text: byte_u32(span.visible.start)..byte_u32(span.visible.end),
    }
}

/// A byte offset as a line keeps it.
fn byte_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// The number of the note whose marker holds byte `cluster`, if any. The markers are in
/// text order, so the one to look at is found by bisection: a scan for every glyph made a
/// paragraph of many notes quadratic.
fn note_at(notes: &[(std::ops::Range<usize>, usize)], cluster: usize) -> Option<usize> {
    let i = notes.partition_point(|(r, _)| r.end <= cluster);
    notes
        .get(i)
        .filter(|(r, _)| r.contains(&cluster))
        .map(|&(_, number)| number)
}

/// How a justified line's extra width is shared: each kashida takes its part of the
/// stretch, up to its cap, and the spaces take the rest (or all of a shrink).
fn share(ctx: &LineContext<'_>, line: &Stretchable, extra: f32, points: usize) -> (f32, f32) {
    if extra <= 0.0 || points == 0 {
        return (
            0.0,
            if line.spaces > 0 {
                extra / line.spaces as f32
            } else {
                0.0
            },
        );
    }
    let stretch = line.space_width * ctx.spacing.stretch + points as f32 * ctx.spacing.kashida;
    let ratio = extra / stretch;
    let kashida = (ratio * ctx.spacing.kashida).min(KASHIDA_MAX_EM * line.size);
    let rest = extra - kashida * points as f32;
    if line.spaces > 0 {
        (kashida, rest / line.spaces as f32)
    } else {
        // Nothing else can take it: the kashidas go past their cap.
        (extra / points as f32, 0.0)
    }
}

/// A stretch of one shaped run's glyphs on a line.
struct LinePiece {
    /// Index of the shaped run.
    run: usize,
    /// Its glyphs on the line.
    glyphs: std::ops::Range<usize>,
}

/// The shaped glyphs a line shows, as stretches of runs in visual order (left to right).
fn line_pieces(ctx: &LineContext<'_>, span: &LineSpan) -> Vec<LinePiece> {
    let mut pieces = Vec::new();
    if span.visible.is_empty() {
        return pieces;
    }
    for (run, rtl) in line_visual_runs(ctx, span.visible.clone()) {
        // The shaped runs are in logical order, one after another: those the visual run
        // overlaps are found by bisection (a scan of all of them for every visual run was
        // quadratic in a paragraph of many short runs, such as digits in Farsi).
        let first = ctx.runs.partition_point(|r| r.range.end <= run.start);
        let last = ctx.runs.partition_point(|r| r.range.start < run.end);
        let overlapping = (first..last.max(first))
            .filter(|&i| ctx.runs[i].range.start < run.end && run.start < ctx.runs[i].range.end);
        let at = pieces.len();
        for i in overlapping {
            let r = &ctx.runs[i];
            // HarfBuzz keeps clusters monotonic (rising, or falling in a right-to-left run),
            // so the line's glyphs are found by bisection, not by walking the whole run: a
            // long paragraph would make that quadratic.
            let glyphs = if r.rtl {
                r.glyphs.partition_point(|g| g.cluster >= run.end)
                    ..r.glyphs.partition_point(|g| g.cluster >= run.start)
            } else {
                r.glyphs.partition_point(|g| g.cluster < run.start)
                    ..r.glyphs.partition_point(|g| g.cluster < run.end)
            };
            pieces.push(LinePiece { run: i, glyphs });
        }
        if rtl {
            pieces[at..].reverse();
        }
    }
    pieces
}

/// The visual runs of the line `line` of the paragraph (UAX #9 rules L1 and L2), as byte
/// ranges of the paragraph's text in visual order, each with whether it runs right to left.
/// unicode-bidi's `visual_runs` copies the whole paragraph's levels for each line, which
/// makes a long paragraph quadratic; a line's reordering needs only its own bytes, so it is
/// asked of the line alone.
fn line_visual_runs(
    ctx: &LineContext<'_>,
    line: std::ops::Range<usize>,
) -> Vec<(std::ops::Range<usize>, bool)> {
    let levels = &ctx.bidi.levels[line.clone()];
    if levels.iter().all(|&l| l == ctx.para.level) {
        // All at the paragraph's level (most lines of a book): rule L1 only ever lowers
        // characters to that level, so the line is one run.
        return vec![(line, ctx.para.level.is_rtl())];
    }
    let alone = BidiInfo {
        text: &ctx.text[line.clone()],
        original_classes: ctx.bidi.original_classes[line.clone()].to_vec(),
        levels: levels.to_vec(),
        paragraphs: vec![ParagraphInfo {
            range: 0..line.len(),
            level: ctx.para.level,
        }],
    };
    let (levels, runs) = alone.visual_runs(&alone.paragraphs[0], 0..line.len());
    runs.into_iter()
        .map(|r| {
            let rtl = levels[r.start].is_rtl();
            (r.start + line.start..r.end + line.start, rtl)
        })
        .collect()
}

/// Which glyphs take letter spacing after them: left-to-right letters followed by another
/// letter of the same word that starts a new cluster (never inside a ligature or before a
/// mark, never next to a space).
fn trackable(glyphs: &[PlacedGlyph], roles: &[(Role, usize)]) -> Vec<bool> {
    let mut tracked = vec![false; glyphs.len()];
    for (i, (pair, pair_roles)) in glyphs.windows(2).zip(roles.windows(2)).enumerate() {
        let (g, next) = (&pair[0], &pair[1]);
        tracked[i] = pair_roles[0].0 == Role::Letter
            && pair_roles[1].0 == Role::Letter
            && !g.rtl
            && !next.rtl
            && !next.text.is_empty()
            && !g.text.is_empty()
            && !g.face.family.is_monospace();
    }
    tracked
}

/// The letter spacing a loose line takes: the part of its extra width that would stretch
/// its spaces past [`TRACKING_FROM_RATIO`], shared by its letters up to [`TRACKING_MAX_EM`].
fn tracking(ctx: &LineContext<'_>, line: &Stretchable, extra: f32, letters: usize) -> f32 {
    if extra <= 0.0 || letters == 0 {
        return 0.0;
    }
    let beyond = extra - line.space_width * ctx.spacing.stretch * TRACKING_FROM_RATIO;
    if beyond <= 0.0 {
        return 0.0;
    }
    (beyond / letters as f32).min(TRACKING_MAX_EM * line.size)
}

/// The hyphen that closes a line broken inside a word, in the face of the glyph before it.
fn hyphen_after(ctx: &LineContext<'_>, last: Option<&PlacedGlyph>) -> Option<PlacedGlyph> {
    let last = last?;
    let loaded = ctx.fonts.get(last.face);
    let id = loaded.glyph_id('-')?;
    Some(PlacedGlyph {
        face: last.face,
        size: last.size,
        id,
        x: 0.0,
        y: last.y,
        advance: f32::from(loaded.advance(id)) * loaded.scale(last.size),
        text: "-".into(),
        rtl: false,
        struck: last.struck,
    })
}

/// Whether the byte `cluster` is in struck-through text.
fn is_struck(ctx: &LineContext<'_>, cluster: usize) -> bool {
    let i = ctx.struck.partition_point(|r| r.end <= cluster);
    ctx.struck.get(i).is_some_and(|r| r.contains(&cluster))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A long book holds millions of placed glyphs at once: their size is most of a build's
    /// memory (40 bytes: 1.7 million glyphs of a 1,000-page book in 68 MB).
    #[test]
    fn a_placed_glyph_takes_at_most_40_bytes() {
        assert!(std::mem::size_of::<PlacedGlyph>() <= 40);
    }
}
