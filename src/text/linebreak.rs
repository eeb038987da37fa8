//! Break: UAX #14 opportunities over the shaped paragraph, filled first-fit to the measure.
//! Widths come from the shaped glyphs; a line is never re-shaped (breaks fall at spaces and
//! after hyphens, where shaping does not reach across).

use super::collect::LINE_BREAK;
use super::shape::ShapedRun;
use std::ops::Range;
use unicode_linebreak::{linebreaks, BreakOpportunity};

/// A line's stretch of the paragraph text.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSpan {
    /// Byte range, trailing spaces included.
    pub range: Range<usize>,
    /// The visible part: trailing spaces and line separators left out.
    pub visible: Range<usize>,
    /// Ends at a forced break or the paragraph's end (not justified).
    pub last: bool,
    /// Wider than the measure (a word longer than the line).
    pub overfull: bool,
}

/// Advance widths summed up to every byte of the text, so any stretch can be measured.
pub struct Widths {
    prefix: Vec<f32>,
}

impl Widths {
    /// Sums the advances of all glyphs at their clusters.
    pub fn new(text: &str, runs: &[ShapedRun]) -> Widths {
        let mut at = vec![0.0f32; text.len() + 1];
        for run in runs {
            for g in &run.glyphs {
                at[g.cluster] += g.advance;
            }
        }
        let mut prefix = Vec::with_capacity(at.len() + 1);
        let mut sum = 0.0;
        prefix.push(0.0);
        for w in at {
            sum += w;
            prefix.push(sum);
        }
        Widths { prefix }
    }

    /// Width of the text in `range`.
    pub fn of(&self, range: Range<usize>) -> f32 {
        self.prefix[range.end] - self.prefix[range.start]
    }
}

/// `range` without trailing spaces and line separators.
pub fn visible(text: &str, range: Range<usize>) -> Range<usize> {
    let trimmed = text[range.clone()].trim_end_matches([' ', LINE_BREAK, '\u{2069}']);
    range.start..range.start + trimmed.len()
}

/// Fills lines first-fit: each line takes as many words as fit in `measure(line_index)`.
pub fn first_fit(text: &str, widths: &Widths, measure: &dyn Fn(usize) -> f32) -> Vec<LineSpan> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut fitting: Option<usize> = None;
    let opportunities: Vec<(usize, BreakOpportunity)> = linebreaks(text).collect();
    let mut i = 0;
    while i < opportunities.len() {
        let (at, kind) = opportunities[i];
        let width = widths.of(visible(text, start..at));
        if width <= measure(lines.len()) + 0.01 {
            if kind == BreakOpportunity::Mandatory {
                let last = true;
                lines.push(LineSpan {
                    range: start..at,
                    visible: visible(text, start..at),
                    last,
                    overfull: false,
                });
                start = at;
                fitting = None;
            } else {
                fitting = Some(at);
            }
            i += 1;
        } else if let Some(end) = fitting.take() {
            lines.push(LineSpan {
                range: start..end,
                visible: visible(text, start..end),
                last: false,
                overfull: false,
            });
            start = end;
            // Measure this opportunity again from the new line start.
        } else {
            // Nothing fits: one word wider than the measure.
            let last = kind == BreakOpportunity::Mandatory;
            lines.push(LineSpan {
                range: start..at,
                visible: visible(text, start..at),
                last,
                overfull: true,
            });
            start = at;
            i += 1;
        }
    }
    // A paragraph ending in a forced break leaves an empty stretch: nothing to set.
    lines.retain(|l| !l.range.is_empty());
    if let Some(last) = lines.last_mut() {
        last.last = true;
    }
    lines
}
