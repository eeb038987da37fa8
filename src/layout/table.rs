//! Table columns: how wide each is and how large its type, from what the cells hold. As a
//! typesetter would: columns as wide as their longest lines where the measure allows, else
//! at least as wide as their longest words, with the rest shared by how much more each
//! would take; where even the words do not fit, the table's type is set smaller, down to
//! [`MIN_TABLE_SCALE`] of the body's; only past that are the longest words broken
//! (hyphenated where English allows, else cut), and the build says so.

use crate::text::line::PlacedGlyph;

/// The smallest a table's type is set, as a share of the body size (7 pt beside 10 pt):
/// smaller type is hard to read in print.
pub const MIN_TABLE_SCALE: f32 = 0.7;

/// The space between columns, in points (after each column's text, on its end side).
pub const CELL_GAP: f32 = 6.0;

/// How a cell's text measures at the body size: its widest word and its longest line.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CellWidths {
    /// The widest run of glyphs without a space: no narrower column holds it whole.
    pub word: f32,
    /// Its widest line set without breaks (only hard breaks end a line).
    pub line: f32,
}

impl CellWidths {
    /// The widths of a cell set as `lines` with no measure to break them.
    pub fn of(lines: &[Vec<PlacedGlyph>]) -> CellWidths {
        let mut out = CellWidths::default();
        for glyphs in lines {
            let left = glyphs.iter().map(|g| g.x).fold(f32::MAX, f32::min);
            let right = glyphs
                .iter()
                .map(|g| g.x + g.advance)
                .fold(f32::MIN, f32::max);
            if right > left {
                out.line = out.line.max(right - left);
            }
            let mut word = 0.0;
            for g in glyphs {
                if g.text.chars().all(char::is_whitespace) && !g.text.is_empty() {
                    word = 0.0;
                } else {
                    word += g.advance;
                    out.word = out.word.max(word);
                }
            }
        }
        out
    }

    /// The widest of two cells.
    pub fn max(self, other: CellWidths) -> CellWidths {
        CellWidths {
            word: self.word.max(other.word),
            line: self.line.max(other.line),
        }
    }
}

/// The columns of a table and the size of its type.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Each column's width, its gap included, in reading order.
    pub widths: Vec<f32>,
    /// The table's type as a share of the body size (1, or down to [`MIN_TABLE_SCALE`]).
    pub scale: f32,
    /// Every word fits its column whole: false when even the smallest type could not make
    /// room, and words are cut.
    pub words_fit: bool,
}

/// Plans the columns of a table whose columns measure `columns` (at the body size) on a
/// measure of `available` points.
pub fn plan(columns: &[CellWidths], available: f32) -> Plan {
    let n = columns.len().max(1) as f32;
    let room = (available - CELL_GAP * n).max(0.0);
    // A word measured at one size is set at another: a little room against rounding.
    const PAD: f32 = 0.05;
    let words: f32 = columns.iter().map(|c| c.word).sum();
    let scale = if words + PAD * n <= room || words <= 0.0 {
        1.0
    } else {
        ((room - PAD * n) / words).max(MIN_TABLE_SCALE)
    };
    let word = |c: &CellWidths| c.word * scale + PAD;
    let line = |c: &CellWidths| c.line.max(c.word) * scale + PAD;
    let (words, lines) = (
        columns.iter().map(word).sum::<f32>(),
        columns.iter().map(line).sum::<f32>(),
    );
    let text: Vec<f32> = if lines <= room {
        // Every cell on one line: the rest of the measure goes by their lengths.
        let share = |c: &CellWidths| {
            if lines > 0.0 {
                line(c) / lines
            } else {
                1.0 / n
            }
        };
        columns
            .iter()
            .map(|c| line(c) + (room - lines) * share(c))
            .collect()
    } else if words <= room {
        // Every word whole: the rest goes to the columns that would take more.
        let wanting = lines - words;
        columns
            .iter()
            .map(|c| word(c) + (room - words) * (line(c) - word(c)) / wanting)
            .collect()
    } else {
        // Some words must be broken: only the longest, each column as wide as its words up
        // to one width shared by those that cannot have theirs.
        let mut by_width: Vec<f32> = columns.iter().map(word).collect();
        by_width.sort_by(f32::total_cmp);
        let mut cap = room / n;
        let mut left = room;
        for (k, w) in by_width.iter().enumerate() {
            let rest = (by_width.len() - k) as f32;
            if *w * rest > left {
                cap = left / rest;
                break;
            }
            left -= w;
        }
        columns.iter().map(|c| word(c).min(cap)).collect()
    };
    Plan {
        widths: text.into_iter().map(|w| w + CELL_GAP).collect(),
        scale,
        words_fit: words <= room + 0.01,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(word: f32, line: f32) -> CellWidths {
        CellWidths { word, line }
    }

    #[test]
    fn short_cells_share_the_measure_by_their_length() {
        let p = plan(&[cell(10.0, 20.0), cell(10.0, 60.0)], 200.0);
        assert_eq!(p.scale, 1.0);
        assert!(p.words_fit);
        assert!((p.widths.iter().sum::<f32>() - 200.0).abs() < 0.01);
        assert!(p.widths[1] > p.widths[0] * 2.0, "{:?}", p.widths);
    }

    #[test]
    fn long_cells_keep_their_words_whole_and_wrap() {
        let p = plan(&[cell(50.0, 300.0), cell(30.0, 40.0)], 200.0);
        assert_eq!(p.scale, 1.0);
        assert!(p.words_fit);
        assert!(p.widths[0] - CELL_GAP >= 50.0 && p.widths[1] - CELL_GAP >= 30.0);
        assert!((p.widths.iter().sum::<f32>() - 200.0).abs() < 0.01);
    }

    #[test]
    fn words_too_wide_shrink_the_type_down_to_the_limit_then_are_reported() {
        // 200 pt of words in 176 pt (188 less two gaps): the type is set smaller.
        let p = plan(&[cell(100.0, 100.0), cell(100.0, 100.0)], 188.0);
        assert!(p.scale < 1.0 && p.scale >= MIN_TABLE_SCALE, "{}", p.scale);
        assert!(p.words_fit);
        let p = plan(&[cell(200.0, 200.0), cell(200.0, 200.0)], 112.0);
        assert_eq!(p.scale, MIN_TABLE_SCALE);
        assert!(!p.words_fit);
        assert!((p.widths.iter().sum::<f32>() - 112.0).abs() < 0.01);
        // Only the column whose word cannot fit is narrower than its word.
        let p = plan(&[cell(20.0, 20.0), cell(400.0, 400.0)], 112.0);
        assert!(!p.words_fit);
        assert!(
            p.widths[0] - CELL_GAP >= 20.0 * MIN_TABLE_SCALE,
            "{:?}",
            p.widths
        );
        assert!((p.widths.iter().sum::<f32>() - 112.0).abs() < 0.01);
    }
}
