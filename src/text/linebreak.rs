//! Break: UAX #14 opportunities over the shaped paragraph, chosen by total fit (Knuth and
//! Plass): the set of breaks whose lines, stretched or shrunk at their spaces, add up to the
//! least demerits. Widths come from the shaped glyphs; a line is never re-shaped (breaks fall
//! at spaces and after hyphens, where shaping does not reach across).

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

/// Advance widths summed up to every byte of the text, so any stretch can be measured; the
/// same for the spaces alone, which is what justification stretches and shrinks.
pub struct Widths {
    prefix: Vec<f32>,
    spaces: Vec<f32>,
}

impl Widths {
    /// Sums the advances of all glyphs at their clusters.
    pub fn new(text: &str, runs: &[ShapedRun]) -> Widths {
        let mut at = vec![0.0f32; text.len() + 1];
        let mut space_at = vec![0.0f32; text.len() + 1];
        for run in runs {
            for g in &run.glyphs {
                at[g.cluster] += g.advance;
                if text[g.cluster..].starts_with(' ') {
                    space_at[g.cluster] += g.advance;
                }
            }
        }
        Widths {
            prefix: prefix_sums(&at),
            spaces: prefix_sums(&space_at),
        }
    }

    /// Width of the text in `range`.
    pub fn of(&self, range: Range<usize>) -> f32 {
        self.prefix[range.end] - self.prefix[range.start]
    }

    /// Width of the spaces in `range`.
    pub fn spaces(&self, range: Range<usize>) -> f32 {
        self.spaces[range.end] - self.spaces[range.start]
    }
}

fn prefix_sums(values: &[f32]) -> Vec<f32> {
    let mut prefix = Vec::with_capacity(values.len() + 1);
    let mut sum = 0.0;
    prefix.push(0.0);
    for w in values {
        sum += w;
        prefix.push(sum);
    }
    prefix
}

/// `range` without trailing spaces and line separators.
pub fn visible(text: &str, range: Range<usize>) -> Range<usize> {
    let trimmed = text[range.clone()].trim_end_matches([' ', LINE_BREAK, '\u{2069}']);
    range.start..range.start + trimmed.len()
}

/// How far spaces may stretch and shrink, as fractions of their natural width.
#[derive(Debug, Clone, Copy)]
pub struct Spacing {
    /// Stretch per unit of space.
    pub stretch: f32,
    /// Shrink per unit of space.
    pub shrink: f32,
}

/// Demerits added to every line, so that fewer lines are preferred (TeX's \linepenalty).
const LINE_PENALTY: f64 = 10.0;
/// Demerits for two adjacent lines whose tightness differs by more than one class.
const FITNESS_JUMP: f64 = 3000.0;

/// A break chosen as the end of some feasible line, with the best way to reach it.
#[derive(Debug, Clone, Copy)]
struct Node {
    at: usize,
    demerits: f64,
    previous: usize,
    fitness: u8,
    overfull: bool,
}

/// Chooses the breaks of a paragraph by total fit. `measure(i)` is the room of line `i`
/// (0 for the first, 1 for any other). A word wider than the measure gets a line of its own,
/// marked overfull; the rest is still set as well as it can be.
pub fn total_fit(
    text: &str,
    widths: &Widths,
    spacing: Spacing,
    measure: &dyn Fn(usize) -> f32,
) -> Vec<LineSpan> {
    let opportunities: Vec<(usize, BreakOpportunity)> = linebreaks(text).collect();
    // nodes[0] is the paragraph start; nodes[k + 1] the best line ending at opportunity k.
    let mut nodes: Vec<Option<Node>> = vec![None; opportunities.len() + 1];
    nodes[0] = Some(Node {
        at: 0,
        demerits: 0.0,
        previous: 0,
        fitness: 1,
        overfull: false,
    });
    // Lines may start only after the last forced break before them.
    let mut first_active = 0;
    for (k, &(end, kind)) in opportunities.iter().enumerate() {
        let last_line = kind == BreakOpportunity::Mandatory;
        let mut best: Option<Node> = None;
        // Walk back over possible starts; stop once lines are too full to shrink into place.
        for start_index in (first_active..=k).rev() {
            let Some(start) = nodes[start_index] else {
                continue;
            };
            let room = measure(if start.at == 0 { 0 } else { 1 });
            let visible = visible(text, start.at..end);
            let natural = widths.of(visible.clone());
            let spaces = widths.spaces(visible.clone());
            let (ratio, fits) = if natural > room {
                // A paragraph's last line is set at its natural width: it cannot shrink.
                let shrink = if last_line {
                    0.0
                } else {
                    spaces * spacing.shrink
                };
                let ratio = if shrink > 0.0 {
                    (room - natural) / shrink
                } else {
                    f32::NEG_INFINITY
                };
                (ratio, ratio >= -1.0)
            } else if last_line {
                (0.0, true)
            } else {
                let stretch = spaces * spacing.stretch;
                (
                    if stretch > 0.0 {
                        (room - natural) / stretch
                    } else {
                        f32::INFINITY
                    },
                    true,
                )
            };
            let overfull = !fits;
            // A line that cannot even hold its first word is still allowed, alone.
            if overfull && start_index < k {
                break;
            }
            let badness = if overfull {
                1.0e4
            } else {
                (100.0 * f64::from(ratio.abs()).powi(3)).min(1.0e4)
            };
            let fitness: u8 = if ratio < -0.5 {
                0
            } else if ratio <= 0.5 {
                1
            } else if ratio <= 1.0 {
                2
            } else {
                3
            };
            let mut demerits = (LINE_PENALTY + badness).powi(2);
            if start.at > 0 && fitness.abs_diff(start.fitness) > 1 {
                demerits += FITNESS_JUMP;
            }
            let total = start.demerits + demerits + if overfull { 1.0e8 } else { 0.0 };
            if best.is_none_or(|b| total < b.demerits) {
                best = Some(Node {
                    at: end,
                    demerits: total,
                    previous: start_index,
                    fitness,
                    overfull,
                });
            }
        }
        nodes[k + 1] = best;
        if last_line {
            // Nothing may span a forced break: lines after it start here.
            first_active = k + 1;
        }
    }
    // Follow the best path back from the paragraph's end.
    let mut breaks = Vec::new();
    let mut index = opportunities.len();
    while index > 0 {
        let Some(node) = nodes[index] else { break };
        breaks.push((node.at, node.overfull, index));
        index = node.previous;
    }
    breaks.reverse();
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for (end, overfull, index) in breaks {
        let last = opportunities[index - 1].1 == BreakOpportunity::Mandatory;
        if end > start {
            lines.push(LineSpan {
                range: start..end,
                visible: visible(text, start..end),
                last,
                overfull,
            });
        }
        start = end;
    }
    if let Some(last) = lines.last_mut() {
        last.last = true;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One unit of width per byte, spaces included.
    fn unit_widths(text: &str) -> Widths {
        let at: Vec<f32> = (0..=text.len())
            .map(|i| if i < text.len() { 1.0 } else { 0.0 })
            .collect();
        let spaces: Vec<f32> = (0..=text.len())
            .map(|i| {
                if text.as_bytes().get(i) == Some(&b' ') {
                    1.0
                } else {
                    0.0
                }
            })
            .collect();
        Widths {
            prefix: prefix_sums(&at),
            spaces: prefix_sums(&spaces),
        }
    }

    #[test]
    fn total_fit_evens_out_lines_first_fit_would_leave_ragged() {
        // First fit would take "aaa bb" (6) then "c dddd" … total fit balances the spaces.
        let text = "aaa bb c dddd eeeee ff";
        let spacing = Spacing {
            stretch: 1.0,
            shrink: 0.34,
        };
        let lines = total_fit(text, &unit_widths(text), spacing, &|_| 8.0);
        let texts: Vec<&str> = lines.iter().map(|l| &text[l.visible.clone()]).collect();
        assert_eq!(texts.concat().replace(' ', ""), text.replace(' ', ""));
        for l in &lines {
            assert!(!l.overfull);
            assert!(text[l.visible.clone()].len() <= 8 + 1, "{texts:?}");
        }
        assert!(lines.last().is_some_and(|l| l.last));
    }

    #[test]
    fn forced_breaks_end_lines_and_long_words_stand_alone() {
        let text = "a b\u{2028}cccccccccccc d";
        let lines = total_fit(
            text,
            &unit_widths(text),
            Spacing {
                stretch: 1.0,
                shrink: 0.3,
            },
            &|_| 5.0,
        );
        let texts: Vec<&str> = lines.iter().map(|l| &text[l.visible.clone()]).collect();
        assert_eq!(texts, vec!["a b", "cccccccccccc", "d"]);
        assert!(lines[0].last && lines[1].overfull);
    }
}
