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
    /// Ends inside a word, which a hyphen must close.
    pub hyphenated: bool,
    /// How far its spaces (and kashidas) are stretched: 1.0 is the comfortable limit.
    pub ratio: f32,
}

/// Advance widths summed up to every byte of the text, so any stretch can be measured; the
/// same for the spaces alone, which is what justification stretches and shrinks, and for
/// the kashida points, which stretch Persian lines.
pub struct Widths {
    prefix: Vec<f32>,
    spaces: Vec<f32>,
    kashidas: Vec<f32>,
    /// No glyph has a negative advance, so a stretch of text is never narrower than a part
    /// of it — which lets the breaker skip the starts of lines that are too loose.
    monotone: bool,
    /// Whether a glyph's cluster starts at each byte (and at the end): a line may end only
    /// there, or the glyph of a cluster cut in two (a mark after a space) would be lost.
    cluster_starts: Vec<bool>,
}

impl Widths {
    /// Sums the advances of all glyphs at their clusters; `kashidas` are the byte offsets of
    /// the paragraph's kashida points.
    pub fn new(text: &str, runs: &[ShapedRun], kashidas: &[usize]) -> Widths {
        // Each value is put one past its byte, so that summing in place leaves at `i` the
        // sum of everything before byte `i`.
        let mut prefix = vec![0.0f32; text.len() + 2];
        let mut spaces = vec![0.0f32; text.len() + 2];
        let mut kashida_at = vec![0.0f32; text.len() + 2];
        let mut cluster_starts = vec![false; text.len() + 1];
        cluster_starts[text.len()] = true;
        for run in runs {
            for g in &run.glyphs {
                cluster_starts[g.cluster] = true;
                prefix[g.cluster + 1] += g.advance;
                // Code's spaces are not stretched or shrunk (see `line::place`).
                if text.as_bytes()[g.cluster] == b' ' && !run.face.family.is_monospace() {
                    spaces[g.cluster + 1] += g.advance;
                }
            }
        }
        for &k in kashidas {
            kashida_at[k + 1] += 1.0;
        }
        let monotone = prefix.iter().chain(&spaces).all(|&w| w >= 0.0);
        sum_in_place(&mut prefix);
        sum_in_place(&mut spaces);
        sum_in_place(&mut kashida_at);
        Widths {
            prefix,
            spaces,
            kashidas: kashida_at,
            monotone,
            cluster_starts,
        }
    }

    /// The first offset from `at` on where a glyph's cluster starts (or the text's end).
    fn cluster_start_from(&self, at: usize) -> usize {
        self.cluster_starts
            .get(at..)
            .and_then(|rest| rest.iter().position(|&s| s))
            .map_or(self.cluster_starts.len().saturating_sub(1), |k| at + k)
    }

    /// Width of the text in `range`.
    pub fn of(&self, range: Range<usize>) -> f32 {
        self.prefix[range.end] - self.prefix[range.start]
    }

    /// Width of the spaces in `range`.
    pub fn spaces(&self, range: Range<usize>) -> f32 {
        self.spaces[range.end] - self.spaces[range.start]
    }

    /// Number of kashida points in `range`.
    pub fn kashidas(&self, range: Range<usize>) -> f32 {
        self.kashidas[range.end] - self.kashidas[range.start]
    }
}

/// Turns each value into the sum of it and those before it.
fn sum_in_place(values: &mut [f32]) {
    let mut sum = 0.0;
    for w in values {
        sum += *w;
        *w = sum;
    }
}

#[cfg(test)]
fn prefix_sums(values: &[f32]) -> Vec<f32> {
    let mut prefix = Vec::with_capacity(values.len() + 1);
    prefix.push(0.0);
    prefix.extend_from_slice(values);
    sum_in_place(&mut prefix);
    prefix
}

/// `range` without trailing spaces and line separators.
pub fn visible(text: &str, range: Range<usize>) -> Range<usize> {
    let trimmed = text[range.clone()].trim_end_matches([' ', LINE_BREAK, '\u{2069}']);
    range.start..range.start + trimmed.len()
}

/// How far a line may stretch and shrink.
#[derive(Debug, Clone, Copy)]
pub struct Spacing {
    /// Stretch per unit of space width, at ratio 1.
    pub stretch: f32,
    /// Shrink per unit of space width (the most a space may lose).
    pub shrink: f32,
    /// Stretch of each kashida point at ratio 1, in points (0 without kashida).
    pub kashida: f32,
    /// Stretch of the line's end at ratio 1, in points: the ragged margin of a line that is
    /// not justified (TeX's `\rightskip` plus), so that its lines come out even.
    pub ragged: f32,
}

/// A break inside a word: after a syllable, closed by a hyphen, or (in an emergency, for a
/// word longer than the line) anywhere between two glyphs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordBreak {
    /// Byte offset where the next line starts.
    pub at: usize,
    /// Width of the hyphen that ends the line (0 for an emergency break without one).
    pub hyphen: f32,
    /// Demerits for breaking here, before squaring (TeX's \hyphenpenalty).
    pub penalty: f64,
}

/// Demerits added to every line, so that fewer lines are preferred (TeX's \linepenalty).
const LINE_PENALTY: f64 = 10.0;
/// Demerits for two adjacent lines whose tightness differs by more than one class.
const FITNESS_JUMP: f64 = 3000.0;
/// Demerits for two hyphenated lines in a row (TeX's \doublehyphendemerits).
const DOUBLE_HYPHEN: f64 = 10_000.0;
/// Demerits for hyphenating the second-last line (TeX's \finalhyphendemerits).
const FINAL_HYPHEN: f64 = 5000.0;
/// Most hyphenated lines allowed in a row.
pub const MAX_HYPHEN_RUN: u8 = 2;

/// How the breaker is asked to work.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Lines more (positive) or fewer (negative) than the best setting, if they can be had
    /// (TeX's \looseness): the page builder's lever against widows.
    pub looseness: i32,
}

/// A break chosen as the end of some feasible line, with the best way to reach it.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Where the next line starts.
    at: usize,
    demerits: f64,
    /// Index of the previous node in the node list.
    previous: usize,
    fitness: u8,
    /// Hyphenated lines in a row ending here.
    hyphens: u8,
    lines: u32,
    overfull: bool,
    /// Some line on the way to it ends a longer run of hyphenated lines than allowed: the
    /// only way on when each line can hold no more than one piece of a word.
    strained: bool,
    ratio: f32,
    /// The opportunity it ends at.
    opportunity: usize,
}

/// The kind of a break opportunity.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Between words.
    Allowed,
    /// A forced break or the paragraph's end.
    Mandatory,
    /// Inside a word.
    Word(WordBreak),
}

/// The loosest line the first pass of [`total_fit`] considers (TeX's \tolerance, as a
/// stretch ratio rather than a badness): badness 100 × 2.5³ ≈ 1560.
const TOLERANCE: f32 = 2.5;

/// The loosest line of the second pass: the least ratio whose badness is the most there is
/// (10,000). Any looser line costs as much as the bound, so the pass's result is kept unless
/// the best way needs such a line (one with no stretch, say) or an overfull one.
const SECOND_TOLERANCE: f32 = 4.65;

/// Chooses the breaks of a paragraph by total fit (Knuth and Plass). `measure(i)` is the
/// room of line `i` (0 for the first, 1 for any other). Nodes are kept per fitness class and
/// run of hyphenated lines (and per line count when `looseness` asks for it), so that the
/// rules spanning lines are exact. A word wider than the measure gets a line of its own,
/// marked overfull, unless `word_breaks` offers a way to cut it.
///
/// Like TeX, it first tries with lines no looser than [`TOLERANCE`], which leaves most
/// breaks without a node and is several times faster. That pass's result is kept only when
/// it is provably the one a search of every line would give: when its demerits are below
/// those of a single line looser than the tolerance (every other demerit is positive, so any
/// way through such a line costs more). Otherwise a second pass tries the same with
/// [`SECOND_TOLERANCE`], and only then is every line searched.
pub fn total_fit(
    text: &str,
    widths: &Widths,
    spacing: Spacing,
    measure: &dyn Fn(usize) -> f32,
    word_breaks: &[WordBreak],
    options: Options,
) -> Vec<LineSpan> {
    let opportunities = opportunities(text, widths, word_breaks);
    let search = |tolerance| Search {
        text,
        widths,
        spacing,
        measure,
        opportunities: &opportunities,
        options,
        tolerance,
    };
    if options.looseness == 0 {
        for tolerance in [TOLERANCE, SECOND_TOLERANCE] {
            let bound = (LINE_PENALTY + badness(tolerance)).powi(2);
            if let Some(lines) = search(Some(tolerance)).run(|best| best.demerits < bound) {
                return lines;
            }
        }
    }
    match search(None).run(|_| true) {
        Some(lines) => lines,
        None => {
            // The hyphenation rules left no way through: break without added hyphens —
            // between words, and where a word too long for the line is cut — which always
            // has one (the line from the previous break is always allowed, past the rules if
            // need be).
            let cuts: Vec<WordBreak> = word_breaks
                .iter()
                .filter(|w| w.hyphen <= 0.0)
                .copied()
                .collect();
            total_fit(text, widths, spacing, measure, &cuts, options)
        }
    }
}

/// Badness of a line stretched or shrunk by `ratio` (TeX's 100 × ratio³, at most 10,000).
fn badness(ratio: f32) -> f64 {
    (100.0 * f64::from(ratio.abs()).powi(3)).min(1.0e4)
}

/// Where lines may end: UAX #14's opportunities and the breaks inside words, in text order,
/// one per offset (a forced break first, then one between words, then one inside a word). An
/// opportunity inside a cluster — where HarfBuzz gave a mark after a space to the space's
/// glyph — moves to the cluster's end.
fn opportunities(text: &str, widths: &Widths, word_breaks: &[WordBreak]) -> Vec<(usize, Kind)> {
    let mut opportunities: Vec<(usize, Kind)> = linebreaks(text)
        .map(|(at, kind)| {
            let kind = match kind {
                BreakOpportunity::Mandatory => Kind::Mandatory,
                BreakOpportunity::Allowed => Kind::Allowed,
            };
            (widths.cluster_start_from(at), kind)
        })
        .collect();
    opportunities.extend(word_breaks.iter().map(|w| (w.at, Kind::Word(*w))));
    let rank = |kind: &Kind| match kind {
        Kind::Mandatory => 0,
        Kind::Allowed => 1,
        Kind::Word(_) => 2,
    };
    opportunities.sort_by_key(|(at, kind)| (*at, rank(kind)));
    opportunities.dedup_by_key(|(at, _)| *at);
    opportunities
}

/// One pass of the breaker over a paragraph.
struct Search<'a> {
    text: &'a str,
    widths: &'a Widths,
    spacing: Spacing,
    measure: &'a dyn Fn(usize) -> f32,
    opportunities: &'a [(usize, Kind)],
    options: Options,
    /// Lines looser than this ratio are not considered (`None`: every line is).
    tolerance: Option<f32>,
}

impl Search<'_> {
    /// The stretch ratio of a line from `start` to `visible_end` in `room`, and whether it
    /// fits (can shrink that far). A paragraph's last line is set at its natural width.
    fn fit(
        &self,
        start: usize,
        visible_end: usize,
        hyphen_width: f32,
        room: f32,
        last_line: bool,
    ) -> (f32, bool) {
        let (widths, spacing) = (self.widths, self.spacing);
        let from = start.min(visible_end);
        let natural = widths.of(from..visible_end) + hyphen_width;
        let spaces = widths.spaces(from..visible_end);
        if natural > room {
            // A paragraph's last line cannot shrink.
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
            let kashidas = widths.kashidas(from..visible_end);
            let stretch = spaces * spacing.stretch + kashidas * spacing.kashida + spacing.ragged;
            if stretch > 0.0 {
                ((room - natural) / stretch, true)
            } else {
                (f32::INFINITY, true)
            }
        }
    }

    /// The best breaks, if the best way to the paragraph's end passes `accept`; `None` also
    /// when there is no way through, or only one past the hyphenation rules while a way
    /// without added hyphens could be tried.
    fn run(&self, accept: impl Fn(&Node) -> bool) -> Option<Vec<LineSpan>> {
        let Search {
            text,
            widths,
            measure,
            opportunities,
            options,
            tolerance,
            ..
        } = *self;
        let mut nodes: Vec<Node> = vec![Node {
            at: 0,
            demerits: 0.0,
            previous: 0,
            fitness: 1,
            hyphens: 0,
            lines: 0,
            overfull: false,
            strained: false,
            ratio: 0.0,
            opportunity: usize::MAX,
        }];
        // The nodes ending at each opportunity, as a range of `nodes`; the start is index 0.
        let mut ending: Vec<Range<usize>> = Vec::with_capacity(opportunities.len());
        // Lines may start only after the last forced break before them.
        let mut first_active = 0usize; // node index
        let track_lines = options.looseness != 0;
        // The best new node of each class at an opportunity; kept across opportunities so
        // that it is allocated once.
        let mut best: Vec<Node> = Vec::new();
        for (k, &(end, kind)) in opportunities.iter().enumerate() {
            let last_line = kind == Kind::Mandatory;
            let (hyphen_width, penalty) = match kind {
                Kind::Word(w) => (w.hyphen, w.penalty),
                _ => (0.0, 0.0),
            };
            best.clear();
            let visible_end = match kind {
                Kind::Word(_) => end,
                _ => visible(text, 0..end).end,
            };
            // In a pass with a tolerance, the newest starts give lines too loose to take. When
            // widths only grow with the text, a line from a later start is never tighter, so
            // where those begin is found by bisection rather than by trying each.
            let newest = match tolerance {
                Some(most) if widths.monotone => {
                    let after_start =
                        first_active + nodes[first_active..].partition_point(|n| n.at == 0);
                    let room = measure(1);
                    after_start
                        + nodes[after_start..].partition_point(|n| {
                            let (ratio, fits) =
                                self.fit(n.at, visible_end, hyphen_width, room, last_line);
                            !(fits && ratio > most)
                        })
                }
                _ => nodes.len(),
            };
            // Walk back over possible starts; stop once lines are too full to shrink into place.
            for start_index in (first_active..newest).rev() {
                let start = nodes[start_index];
                let room = measure(if start.at == 0 { 0 } else { 1 });
                let (ratio, fits) = self.fit(start.at, visible_end, hyphen_width, room, last_line);
                let overfull = !fits;
                // A line that cannot even hold its first word (or syllable) is still allowed,
                // alone; nodes further back give only longer lines, so the walk ends here.
                let alone = if start.opportunity == usize::MAX {
                    k == 0
                } else {
                    start.opportunity + 1 == k
                };
                if overfull && !alone {
                    break;
                }
                // A line ending in a hyphen — one it adds, or one the text has ("far-") — counts
                // towards the run of hyphenated lines.
                let hyphenated = matches!(kind, Kind::Word(w) if w.hyphen > 0.0)
                    || (kind == Kind::Allowed && text[..end].ends_with(['-', '\u{2010}']));
                let hyphens = if hyphenated {
                    start.hyphens.saturating_add(1)
                } else {
                    0
                };
                // A line from the previous opportunity is kept even so, as a last resort: words
                // with hyphens in them ("radical-socialist") on a measure narrower than their
                // parts have no other way through.
                let strained = hyphens > MAX_HYPHEN_RUN;
                if strained && !alone {
                    continue;
                }
                if !overfull && tolerance.is_some_and(|most| ratio > most) {
                    // Too loose for this pass; starts further back give tighter lines.
                    continue;
                }
                let badness = if overfull { 1.0e4 } else { badness(ratio) };
                let fitness: u8 = if ratio < -0.5 {
                    0
                } else if ratio <= 0.5 {
                    1
                } else if ratio <= 1.0 {
                    2
                } else {
                    3
                };
                let mut demerits = (LINE_PENALTY + badness).powi(2) + penalty * penalty;
                if start.at > 0 && fitness.abs_diff(start.fitness) > 1 {
                    demerits += FITNESS_JUMP;
                }
                if hyphenated && start.hyphens > 0 {
                    demerits += DOUBLE_HYPHEN;
                }
                if last_line && start.hyphens > 0 {
                    demerits += FINAL_HYPHEN;
                }
                let node = Node {
                    at: end,
                    demerits: start.demerits
                        + demerits
                        + if overfull { 1.0e8 } else { 0.0 }
                        + if strained { 1.0e8 } else { 0.0 },
                    previous: start_index,
                    fitness,
                    hyphens,
                    lines: start.lines + 1,
                    overfull,
                    strained: start.strained || strained,
                    ratio,
                    opportunity: k,
                };
                let same = |b: &Node| {
                    b.fitness == node.fitness
                        && b.hyphens == node.hyphens
                        && (!track_lines || b.lines == node.lines)
                };
                match best.iter_mut().find(|b| same(b)) {
                    Some(b) if node.demerits < b.demerits => *b = node,
                    Some(_) => {}
                    None => best.push(node),
                }
            }
            let from = nodes.len();
            nodes.extend_from_slice(&best);
            ending.push(from..nodes.len());
            if last_line {
                // Nothing may span a forced break: lines after it start here.
                first_active = from;
            }
        }
        // The best way to the paragraph's end, with the line count looseness asks for.
        let candidates = ending.last().map_or(&[][..], |r| &nodes[r.clone()]);
        let hyphens_added = opportunities
            .iter()
            .any(|(_, kind)| matches!(kind, Kind::Word(w) if w.hyphen > 0.0));
        if candidates.iter().all(|n| n.strained) && hyphens_added {
            return None;
        }
        let Some(best) = candidates
            .iter()
            .min_by(|a, b| a.demerits.total_cmp(&b.demerits))
        else {
            // No text, or (in a pass with a tolerance) no way through.
            return tolerance.is_none().then(Vec::new);
        };
        if !accept(best) {
            return None;
        }
        let wanted = i64::from(best.lines) + i64::from(options.looseness);
        let chosen = candidates
            .iter()
            .filter(|n| !n.overfull || best.overfull)
            .min_by(|a, b| {
                let da = (i64::from(a.lines) - wanted).abs();
                let db = (i64::from(b.lines) - wanted).abs();
                da.cmp(&db).then(a.demerits.total_cmp(&b.demerits))
            })
            .unwrap_or(best);
        // Follow the path back from the paragraph's end.
        let mut path = Vec::new();
        let mut node = *chosen;
        while node.opportunity != usize::MAX {
            path.push(node);
            node = nodes[node.previous];
        }
        path.reverse();
        let mut lines = Vec::with_capacity(path.len());
        let mut start = 0;
        for node in path {
            let kind = opportunities[node.opportunity].1;
            let range = start..node.at;
            let visible = match kind {
                Kind::Word(_) => range.clone(),
                _ => visible(text, range.clone()),
            };
            if node.at > start {
                lines.push(LineSpan {
                    range,
                    visible,
                    last: kind == Kind::Mandatory,
                    overfull: node.overfull,
                    hyphenated: matches!(kind, Kind::Word(w) if w.hyphen > 0.0),
                    ratio: node.ratio,
                });
            }
            start = node.at;
        }
        if let Some(last) = lines.last_mut() {
            last.last = true;
        }
        Some(lines)
    }
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
            kashidas: vec![0.0; text.len() + 2],
            monotone: true,
            cluster_starts: vec![true; text.len() + 1],
        }
    }

    #[test]
    fn the_first_pass_keeps_only_what_the_full_search_would_choose() {
        // Pseudo-random paragraphs of words (with and without syllable breaks) on measures
        // from narrow to wide: whenever the first pass's result is kept it is the full
        // search's; on narrow measures the full search is needed. The first pass gives the
        // same whether or not it skips too-loose starts by bisection.
        let mut seed: u32 = 7;
        let mut next = move |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % n
        };
        let spacing = Spacing {
            stretch: 0.35,
            shrink: 0.4,
            kashida: 0.0,
            ragged: 0.0,
        };
        let (mut kept, mut searched, mut unbounded_differs) = (0, 0, 0);
        let mut second_kept = 0;
        for round in 0..600 {
            let words: Vec<String> = (0..5 + next(60))
                .map(|_| "x".repeat(1 + next(11) as usize))
                .collect();
            let text = words.join(" ");
            let breaks = if round % 3 == 0 {
                Vec::new()
            } else {
                every_syllable(&text)
            };
            let widths = unit_widths(&text);
            let unsorted = Widths {
                monotone: false,
                ..unit_widths(&text)
            };
            let measure = 4.0 + (round % 30) as f32;
            let opportunities = opportunities(&text, &widths, &breaks);
            // Every other paragraph's first line is indented.
            let indent = (round % 2) as f32 * 2.0;
            let room = move |i: usize| if i == 0 { measure - indent } else { measure };
            let search_in = |widths, tolerance| Search {
                text: &text,
                widths,
                spacing,
                measure: &room,
                opportunities: &opportunities,
                options: Options::default(),
                tolerance,
            };
            let search = |tolerance| search_in(&widths, tolerance);
            let full = search(None).run(|_| true);
            let first_pass = search(Some(TOLERANCE)).run(|_| true);
            // Skipping the too-loose starts by bisection changes nothing.
            assert_eq!(
                first_pass,
                search_in(&unsorted, Some(TOLERANCE)).run(|_| true),
                "{text:?} on {measure}"
            );
            if first_pass != full {
                unbounded_differs += 1;
            }
            let bound = (LINE_PENALTY + badness(TOLERANCE)).powi(2);
            match search(Some(TOLERANCE)).run(|best| best.demerits < bound) {
                Some(first) => {
                    kept += 1;
                    assert_eq!(Some(first), full, "{text:?} on {measure}");
                }
                None => searched += 1,
            }
            let bound = (LINE_PENALTY + badness(SECOND_TOLERANCE)).powi(2);
            if let Some(second) = search(Some(SECOND_TOLERANCE)).run(|best| best.demerits < bound) {
                second_kept += 1;
                assert_eq!(Some(second), full, "{text:?} on {measure}");
            }
        }
        assert!(
            kept > 100 && searched > 0 && second_kept > kept,
            "kept {kept}, searched {searched}, kept by the second pass {second_kept}"
        );
        // Kept without the proof, the first pass would change these paragraphs' breaks.
        assert!(unbounded_differs > 0);
    }

    #[test]
    fn total_fit_evens_out_lines_first_fit_would_leave_ragged() {
        // First fit would take "aaa bb" (6) then "c dddd" … total fit balances the spaces.
        let text = "aaa bb c dddd eeeee ff";
        let spacing = Spacing {
            stretch: 1.0,
            shrink: 0.34,
            kashida: 0.0,
            ragged: 0.0,
        };
        let lines = total_fit(
            text,
            &unit_widths(text),
            spacing,
            &|_| 8.0,
            &[],
            Options::default(),
        );
        let texts: Vec<&str> = lines.iter().map(|l| &text[l.visible.clone()]).collect();
        assert_eq!(texts.concat().replace(' ', ""), text.replace(' ', ""));
        for l in &lines {
            assert!(!l.overfull);
            assert!(text[l.visible.clone()].len() <= 8 + 1, "{texts:?}");
        }
        assert!(lines.last().is_some_and(|l| l.last));
    }

    #[test]
    fn hyphens_in_words_narrower_than_their_parts_still_give_lines() {
        // Every line can hold one part and each ends at a hyphen of the text: more hyphenated
        // lines in a row than allowed is the only way through, and the text must not vanish.
        let text = "aa-bb-cc-dd-ee";
        let spacing = Spacing {
            stretch: 1.0,
            shrink: 0.34,
            kashida: 0.0,
            ragged: 0.0,
        };
        for word_breaks in [
            &[][..],
            &[WordBreak {
                at: 1,
                hyphen: 1.0,
                penalty: 50.0,
            }],
        ] {
            let lines = total_fit(
                text,
                &unit_widths(text),
                spacing,
                &|_| 1.0,
                word_breaks,
                Options::default(),
            );
            let texts: Vec<&str> = lines.iter().map(|l| &text[l.visible.clone()]).collect();
            assert_eq!(texts.concat(), text, "{texts:?}");
        }
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
                kashida: 0.0,
                ragged: 0.0,
            },
            &|_| 5.0,
            &[],
            Options::default(),
        );
        let texts: Vec<&str> = lines.iter().map(|l| &text[l.visible.clone()]).collect();
        assert_eq!(texts, vec!["a b", "cccccccccccc", "d"]);
        assert!(lines[0].last && lines[1].overfull);
    }

    fn every_syllable(text: &str) -> Vec<WordBreak> {
        // A break after every second letter inside a word, with a hyphen of width 1.
        let mut out = Vec::new();
        let mut in_word = 0;
        for (i, c) in text.char_indices() {
            if c == ' ' {
                in_word = 0;
                continue;
            }
            if in_word >= 2
                && in_word % 2 == 0
                && text[i..].chars().nth(1).is_some_and(|n| n != ' ')
            {
                out.push(WordBreak {
                    at: i,
                    hyphen: 1.0,
                    penalty: 50.0,
                });
            }
            in_word += 1;
        }
        out
    }

    #[test]
    fn hyphens_fill_lines_but_never_three_in_a_row() {
        let text = "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gg";
        let spacing = Spacing {
            stretch: 0.2,
            shrink: 0.1,
            kashida: 0.0,
            ragged: 0.0,
        };
        let breaks = every_syllable(text);
        let lines = total_fit(
            text,
            &unit_widths(text),
            spacing,
            &|_| 14.0,
            &breaks,
            Options::default(),
        );
        let hyphenated: Vec<bool> = lines.iter().map(|l| l.hyphenated).collect();
        assert!(hyphenated.iter().any(|h| *h), "{lines:?}");
        assert!(
            !hyphenated.windows(3).any(|w| w.iter().all(|h| *h)),
            "{hyphenated:?}"
        );
        for l in &lines {
            let width = l.visible.len() as f32 + if l.hyphenated { 1.0 } else { 0.0 };
            assert!(
                width <= 14.0 + 0.1 * 3.0,
                "{:?} is {width} wide",
                &text[l.visible.clone()]
            );
        }
        let rejoined: String = lines.iter().map(|l| &text[l.range.clone()]).collect();
        assert_eq!(rejoined, text);
    }

    #[test]
    fn looseness_sets_the_paragraph_a_line_longer() {
        let text = "aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo pp qq rr";
        let spacing = Spacing {
            stretch: 1.0,
            shrink: 0.3,
            kashida: 0.0,
            ragged: 0.0,
        };
        let run = |looseness| {
            total_fit(
                text,
                &unit_widths(text),
                spacing,
                &|_| 12.0,
                &[],
                Options { looseness },
            )
            .len()
        };
        assert_eq!(run(1), run(0) + 1);
    }
}
