//! Shape: each item through HarfBuzz with its direction, script and language, keeping the
//! map from every glyph back to the characters it draws.

use super::collect::is_invisible;
use super::fonts::{Face, FontSet};
use super::itemize::Item;
use harfbuzz_rs::{ClusterLevel, Direction as HbDirection, Language, Tag, UnicodeBuffer};
use std::cell::Cell;
use std::ops::Range;

/// One glyph of a shaped run, positions in points.
#[derive(Debug, Clone)]
pub struct ShapedGlyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Byte offset of the first character of its cluster in the paragraph text.
    pub cluster: usize,
    /// Advance.
    pub advance: f32,
    /// Horizontal offset from the pen position.
    pub x_offset: f32,
    /// Vertical offset (marks).
    pub y_offset: f32,
    /// Draws something: false for invisible characters (ZWNJ, bidi isolates), whose glyphs
    /// are kept only so that every cluster keeps its own characters.
    pub visible: bool,
}

/// A shaped item: glyphs in visual order (left to right), as HarfBuzz returns them.
#[derive(Debug, Clone)]
pub struct ShapedRun {
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
    /// Right to left.
    pub rtl: bool,
    /// Face.
    pub face: Face,
    /// Size in points.
    pub size: f32,
    /// Baseline shift in points.
    pub rise: f32,
    /// Glyphs, left to right.
    pub glyphs: Vec<ShapedGlyph>,
}

thread_local! {
    /// The buffer the last item on this thread was shaped in, emptied.
    static SPARE_BUFFER: Cell<Option<UnicodeBuffer>> = const { Cell::new(None) };
}

/// Shapes every item of a paragraph. Invisible characters (ZWNJ, bidi isolates, line
/// separators) shape as zero-width glyphs that share the space's id; they are marked so that
/// they are never drawn and never give the space glyph their text.
pub fn shape(text: &str, items: &[Item], fonts: &FontSet) -> Vec<ShapedRun> {
    items
        .iter()
        .map(|item| {
            let loaded = fonts.get(item.face);
            let rtl = item.level.is_rtl();
            let lang: Language = item.lang.primary().parse().unwrap_or_default();
            // HarfBuzz grows a buffer as text is added; one buffer per thread, cleared after
            // each item, keeps its allocation across items and paragraphs.
            let buffer = SPARE_BUFFER
                .take()
                .unwrap_or_default()
                .add_str_item(text, &text[item.range.clone()])
                .set_direction(if rtl {
                    HbDirection::Rtl
                } else {
                    HbDirection::Ltr
                })
                .set_script(Tag::from(&item.script.tag()))
                .set_language(lang)
                .set_cluster_level(ClusterLevel::MonotoneCharacters);
            let output = harfbuzz_rs::shape(&loaded.shaper, buffer, &[]);
            let scale = loaded.scale(item.size);
            let glyphs = output
                .get_glyph_infos()
                .iter()
                .zip(output.get_glyph_positions())
                .map(|(info, pos)| ShapedGlyph {
                    id: u16::try_from(info.codepoint).unwrap_or(0),
                    cluster: info.cluster as usize,
                    advance: pos.x_advance as f32 * scale,
                    x_offset: pos.x_offset as f32 * scale,
                    y_offset: pos.y_offset as f32 * scale,
                    visible: !text[info.cluster as usize..]
                        .chars()
                        .next()
                        .is_some_and(is_invisible),
                })
                .collect();
            SPARE_BUFFER.set(Some(output.clear()));
            ShapedRun {
                range: item.range.clone(),
                rtl,
                face: item.face,
                size: item.size,
                rise: item.rise,
                glyphs,
            }
        })
        .collect()
}

impl ShapedRun {
    /// The text each glyph stands for: a cluster's characters go to its first glyph in
    /// logical order; the cluster's other glyphs stand for nothing.
    pub fn glyph_texts<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let mut starts: Vec<usize> = self.glyphs.iter().map(|g| g.cluster).collect();
        starts.sort_unstable();
        starts.dedup();
        let end_of = |cluster: usize| {
            let i = starts.partition_point(|&s| s <= cluster);
            starts.get(i).copied().unwrap_or(self.range.end)
        };
        // Whether each cluster (by its offset into the run) has had its first glyph.
        let mut seen = vec![false; self.range.len() + 1];
        // In RTL runs the glyphs come right to left of the text; the first glyph of a
        // cluster in logical order is the last one drawn.
        let order: Vec<usize> = if self.rtl {
            (0..self.glyphs.len()).rev().collect()
        } else {
            (0..self.glyphs.len()).collect()
        };
        let mut texts = vec![""; self.glyphs.len()];
        for i in order {
            let cluster = self.glyphs[i].cluster;
            let Some(first) = cluster
                .checked_sub(self.range.start)
                .and_then(|at| seen.get_mut(at))
            else {
                continue;
            };
            if !*first {
                *first = true;
                texts[i] = &text[cluster..end_of(cluster)];
            }
        }
        texts
    }
}
