//! A paragraph through the whole engine: collect → bidi → itemize → shape → break → lines.

use super::collect::{collect, Style};
use super::fonts::FontSet;
use super::hyphenate::Freedom;
use super::itemize::itemize;
use super::line::{place, Align, Line, LineContext};
use super::linebreak::{total_fit, Options, Spacing, Widths, WordBreak};
use super::script::Script;
use super::shape::shape;
use crate::book::{Direction, Inline};
use unicode_bidi::Level;

/// How to set a paragraph.
#[derive(Debug, Clone)]
pub struct ParagraphStyle {
    /// Base style of its text.
    pub text: Style,
    /// Font size in points.
    pub size: f32,
    /// Base direction.
    pub dir: Direction,
    /// Line width.
    pub measure: f32,
    /// Indent of the first line on the start side.
    pub first_indent: f32,
    /// Alignment.
    pub align: Align,
}

/// Sets `inlines` as lines, each positioned within the measure.
pub fn typeset(inlines: &[Inline], style: &ParagraphStyle, fonts: &FontSet) -> Vec<Line> {
    let collected = collect(inlines, &style.text);
    let text = collected.text.as_str();
    if text.trim().is_empty() {
        return Vec::new();
    }
    let base = match style.dir {
        Direction::Ltr => Level::ltr(),
        Direction::Rtl => Level::rtl(),
    };
    let bidi = crate::bidi_class::resolve(text, Some(base));
    let default_script = if style.text.lang.is_persian() {
        Script::Arabic
    } else {
        Script::Latin
    };
    let items = itemize(&collected, &bidi.levels, fonts, style.size, default_script);
    let runs = shape(text, &items, fonts);
    let texts: Vec<Vec<&str>> = runs.iter().map(|r| r.glyph_texts(text)).collect();
    let justified = style.align == Align::Justify;
    let kashidas = if justified && style.dir == Direction::Rtl {
        super::kashida::points(text, &runs)
    } else {
        Vec::new()
    };
    let widths = Widths::new(text, &runs, &kashidas);
    let measure_of = |i: usize| {
        if i == 0 {
            style.measure - style.first_indent
        } else {
            style.measure
        }
    };
    let spacing = spacing(style);
    let hyphenating = justified && style.dir == Direction::Ltr;
    let mut word_breaks = if hyphenating {
        hyphen_breaks(&collected, &runs, fonts, Freedom::Normal, HYPHEN_PENALTY)
    } else {
        Vec::new()
    };
    let break_with = |breaks: &[WordBreak]| {
        total_fit(
            text,
            &widths,
            spacing,
            &measure_of,
            breaks,
            Options::default(),
        )
    };
    let mut spans = break_with(&word_breaks);
    if hyphenating && spans.iter().any(|s| !s.last && s.ratio > EMERGENCY_RATIO) {
        // A line with gaps of an em is worse than a hyphenated name or last word.
        word_breaks = hyphen_breaks(
            &collected,
            &runs,
            fonts,
            Freedom::LastWord,
            EMERGENCY_HYPHEN_PENALTY,
        );
        spans = break_with(&word_breaks);
    }
    if !hyphenating && style.dir == Direction::Ltr && spans.iter().any(|s| s.overfull) {
        // A word longer than a ragged line (a narrow table column, a heading): hyphenated
        // where English allows before anything is cut.
        word_breaks = hyphen_breaks(
            &collected,
            &runs,
            fonts,
            Freedom::Capitals,
            EMERGENCY_HYPHEN_PENALTY,
        );
        spans = break_with(&word_breaks);
    }
    if spans.iter().any(|s| s.overfull) {
        // A word longer than the line (a URL, a long number): cut it between glyphs rather
        // than let it run into the margin.
        word_breaks.extend(emergency_breaks(&runs, &spans));
        word_breaks.sort_by_key(|w| w.at);
        spans = break_with(&word_breaks);
    }
    let Some(para) = bidi.paragraphs.first() else {
        return Vec::new();
    };
    let struck: Vec<std::ops::Range<usize>> = collected
        .styles
        .iter()
        .filter(|(_, s)| s.struck)
        .map(|(r, _)| r.clone())
        .collect();
    let ctx = LineContext {
        text,
        bidi: &bidi,
        para,
        runs: &runs,
        texts: &texts,
        kashidas: &kashidas,
        spacing,
        fonts,
        notes: &collected.notes,
        struck: &struck,
        links: &collected.links,
    };
    let mut words_before = 0;
    spans
        .iter()
        .enumerate()
        .map(|(i, span)| {
            let indent = if i == 0 { style.first_indent } else { 0.0 };
            let offset = if style.dir == Direction::Rtl {
                0.0
            } else {
                indent
            };
            let mut line = place(&ctx, span, style.measure - indent, offset, style.align);
            line.words_before = words_before;
            words_before += text[span.visible.clone()].split_whitespace().count();
            // A word broken across lines — at a hyphen added or one in the text
            // ("radical-socialist"), or cut in an emergency — counts where it starts.
            let after = &text[span.visible.end..span.range.end];
            let spacing = |c: char| c.is_whitespace() || c == '\u{2028}';
            let broken = !span.last
                && !span.visible.is_empty()
                && !after.contains(spacing)
                && text[span.range.end..]
                    .chars()
                    .next()
                    .is_some_and(|c| !spacing(c));
            if broken {
                words_before = words_before.saturating_sub(1);
            }
            line
        })
        .collect()
}

/// How far lines may stretch and shrink. Only justified lines do. English spaces open by
/// half their width at ratio 1; Persian spaces by a fifth, as kashidas take most of the
/// stretch there.
fn spacing(style: &ParagraphStyle) -> Spacing {
    match (style.align, style.dir) {
        (Align::Justify, Direction::Rtl) => Spacing {
            stretch: 0.2,
            shrink: 0.2,
            kashida: KASHIDA_EM * style.size,
            ragged: 0.0,
        },
        (Align::Justify, Direction::Ltr) => Spacing {
            stretch: 0.35,
            shrink: 0.4,
            kashida: 0.0,
            ragged: 0.0,
        },
        // Ragged lines keep their spaces; the free end of the line stretches, a third of
        // the measure at ratio 1, so a heading is not set as one word and a long line.
        _ => Spacing {
            stretch: 0.0,
            shrink: 0.0,
            kashida: 0.0,
            ragged: style.measure * RAGGED_SHARE,
        },
    }
}

/// The share of the measure a ragged line's end stretches at ratio 1.
const RAGGED_SHARE: f32 = 1.0 / 3.0;

/// A kashida's elongation at stretch ratio 1, in ems.
const KASHIDA_EM: f32 = 0.3;

/// Demerits for a hyphen (TeX's \hyphenpenalty): high, as a loose line opens its letters
/// a little before its gaps grow, so a hyphen seldom pays for itself.
const HYPHEN_PENALTY: f64 = 300.0;

/// Stretch ratio beyond which a paragraph is broken again with emergency hyphenation.
const EMERGENCY_RATIO: f32 = 2.0;

/// Demerits for a hyphen the normal rules would not allow.
const EMERGENCY_HYPHEN_PENALTY: f64 = 500.0;

/// Demerits for cutting a word between two glyphs without a hyphen.
const EMERGENCY_PENALTY: f64 = 1000.0;

/// The hyphenation points of the English words of a paragraph, each with the width of the
/// hyphen that would close the line there.
fn hyphen_breaks(
    collected: &super::collect::Collected,
    runs: &[super::shape::ShapedRun],
    fonts: &FontSet,
    freedom: Freedom,
    penalty: f64,
) -> Vec<WordBreak> {
    let text = collected.text.as_str();
    // Code is never hyphenated.
    let english = |at: usize| {
        let style = collected.style_at(at);
        style.lang.is_english() && !style.mono
    };
    super::hyphenate::points(text, runs, &english, freedom)
        .into_iter()
        .filter_map(|at| {
            let run = runs.iter().find(|r| r.range.contains(&(at - 1)))?;
            let loaded = fonts.get(run.face);
            let id = loaded.glyph_id('-')?;
            Some(WordBreak {
                at,
                hyphen: f32::from(loaded.advance(id)) * loaded.scale(run.size),
                penalty,
            })
        })
        .collect()
}

/// Breaks between any two glyphs inside the lines that came out overfull.
fn emergency_breaks(
    runs: &[super::shape::ShapedRun],
    spans: &[super::linebreak::LineSpan],
) -> Vec<WordBreak> {
    let mut out: Vec<WordBreak> = spans
        .iter()
        .filter(|s| s.overfull)
        .flat_map(|s| {
            // Not before an invisible character (ZWNJ): that would leave it a line alone.
            runs.iter()
                .flat_map(|r| r.glyphs.iter().filter(|g| g.visible).map(|g| g.cluster))
                .filter(move |&c| c > s.visible.start && c < s.visible.end)
        })
        .map(|at| WordBreak {
            at,
            hyphen: 0.0,
            penalty: EMERGENCY_PENALTY,
        })
        .collect();
    out.sort_by_key(|w| w.at);
    out.dedup_by_key(|w| w.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{FarsiFace, Lang};
    use crate::text::line::{PlacedGlyph, TRACKING_MAX_EM};

    fn style(lang: Lang, dir: Direction, measure: f32) -> ParagraphStyle {
        ParagraphStyle {
            text: Style::plain(lang),
            size: 10.0,
            dir,
            measure,
            first_indent: 0.0,
            align: Align::Justify,
        }
    }

    fn line_text(line: &Line) -> String {
        line.glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    #[test]
    fn code_in_a_justified_line_keeps_its_spaces_and_letters_as_they_are() {
        use crate::text::fonts::Family;
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        let inlines = [
            Inline::Text("We call ".into()),
            Inline::Code("run(a, b) now".into()),
            Inline::Text(" and then the meeting considers extraordinarily complicated circumstances once more.".into()),
        ];
        let lines = typeset(
            &inlines,
            &style(Lang::english(), Direction::Ltr, 180.0),
            &fonts,
        );
        assert!(lines.len() > 1);
        let mono: Vec<&PlacedGlyph> = lines
            .iter()
            .flat_map(|l| &l.glyphs)
            .filter(|g| g.face.family == Family::JetBrainsMono)
            .collect();
        let code: String = mono.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(code, "run(a, b) now");
        assert!(line_text(&lines[0]).contains("run(a, b) now"));
        // Every glyph of the code keeps the face's one advance (600 units of 1000) at the
        // code's size: its space is not stretched, its letters not spaced out.
        for g in &mono {
            let natural = 0.6 * g.size;
            assert!(
                (g.advance - natural).abs() < 0.01,
                "{:?}: {} ≠ {natural}",
                g.text,
                g.advance
            );
        }
    }

    #[test]
    fn english_fills_and_justifies() {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        let text = "The working class is not a shapeless mass consisting of the sum of individual elements.";
        let lines = typeset(
            &[Inline::Text(text.into())],
            &style(Lang::english(), Direction::Ltr, 150.0),
            &fonts,
        );
        assert!(lines.len() >= 3);
        for line in &lines[..lines.len() - 1] {
            assert!(
                (line.width - 150.0).abs() < 0.05,
                "justified line is {}",
                line.width
            );
        }
        // A hyphenated line ends in "-", and its word goes on on the next line.
        let mut joined = String::new();
        for line in &lines {
            let text = line_text(line);
            if line.hyphenated {
                joined.push_str(text.strip_suffix('-').expect("a hyphen ends the line"));
            } else {
                joined.push_str(&text);
                joined.push(' ');
            }
        }
        assert_eq!(
            joined.split_whitespace().collect::<Vec<_>>().join(" "),
            text
        );
    }

    #[test]
    fn farsi_is_right_aligned_with_latin_in_logical_order() {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        let inlines = vec![
            Inline::Text("پایان سیستم برتون وودز (".into()),
            Inline::Span {
                lang: Lang::english(),
                dir: Direction::Ltr,
                content: vec![Inline::Text("Bretton Woods".into())],
            },
            Inline::Text(") در سال ۱۹۷۱".into()),
        ];
        let lines = typeset(
            &inlines,
            &style(Lang::persian(), Direction::Rtl, 400.0),
            &fonts,
        );
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        // A last line in RTL is set flush right.
        let right = line.glyphs.last().map(|g| g.x + g.advance).expect("glyphs");
        assert!((right - 400.0).abs() < 0.05, "right edge at {right}");
        // Visually, left to right: the number first, then the Latin words in their own order,
        // then the Farsi, which starts at the right.
        let visual: String = line.glyphs.iter().map(|g| g.text.as_str()).collect();
        let b = visual.find("Bretton").expect("Bretton");
        let w = visual.find("Woods").expect("Woods");
        assert!(b < w, "Latin words reversed: {visual}");
        assert!(visual.find("۱۹۷۱").expect("digits") < b, "{visual}");
        assert!(
            visual.ends_with('پ'),
            "first Farsi letter should be rightmost: {visual}"
        );
    }

    #[test]
    fn lam_alef_is_one_glyph_for_two_characters() {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        let lines = typeset(
            &[Inline::Text("انقلاب".into())],
            &style(Lang::persian(), Direction::Rtl, 400.0),
            &fonts,
        );
        let texts: Vec<&str> = lines[0].glyphs.iter().map(|g| g.text.as_str()).collect();
        assert!(texts.contains(&"لا"), "{texts:?}");
        assert!(lines[0].glyphs.iter().all(|g| g.rtl));
    }

    #[test]
    fn zwnj_draws_nothing_and_breaks_nothing() {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        let lines = typeset(
            &[Inline::Text("می‌کند".into())],
            &style(Lang::persian(), Direction::Rtl, 400.0),
            &fonts,
        );
        assert_eq!(lines.len(), 1);
        assert!(lines[0].glyphs.iter().all(|g| !g.text.contains('\u{200C}')));
    }

    /// Gaps between the words of a line, from the glyph edges.
    fn word_gaps(line: &Line) -> Vec<f32> {
        line.glyphs
            .windows(3)
            .filter(|w| w[1].text == " ")
            .map(|w| w[2].x - (w[0].x + w[0].advance))
            .collect()
    }

    #[test]
    fn a_loose_english_line_spaces_its_letters_a_little() {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        // Two words that cannot be hyphenated on a wide measure: a very loose line.
        let text = "Duterte-Marcos tandem Philippines.";
        let lines = typeset(
            &[Inline::Text(text.into())],
            &style(Lang::english(), Direction::Ltr, 128.0),
            &fonts,
        );
        let first = &lines[0];
        assert!(!lines[0].glyphs.is_empty() && lines.len() == 2, "{lines:?}");
        assert!((first.width - 128.0).abs() < 0.05, "width {}", first.width);
        let natural = |g: &PlacedGlyph| {
            let face = fonts.get(g.face);
            f32::from(face.advance(g.id)) * face.scale(g.size)
        };
        let opened: Vec<f32> = first
            .glyphs
            .iter()
            .filter(|g| g.text != " ")
            .map(|g| g.advance - natural(g))
            .collect();
        let most = opened.iter().copied().fold(0.0, f32::max);
        assert!(most > 0.0, "no letter spacing on a loose line");
        assert!(
            most <= TRACKING_MAX_EM * 10.0 + 1e-3,
            "letters opened by {most} pt"
        );
        // A tight line keeps its letters as the font sets them.
        let tight = typeset(
            &[Inline::Text(
                "The working class is not a shapeless mass.".into(),
            )],
            &style(Lang::english(), Direction::Ltr, 400.0),
            &fonts,
        );
        assert!(tight[0]
            .glyphs
            .iter()
            .filter(|g| g.text != " ")
            .all(|g| (g.advance - natural(g)).abs() < 1e-3));
        assert!(word_gaps(first).iter().all(|&gap| gap > 0.0));
    }

    #[test]
    fn a_ragged_heading_is_not_set_as_one_word_and_a_long_line() {
        let fonts = FontSet::load(FarsiFace::Vazirmatn).expect("fonts");
        let text = "Building Political/Personal Relationships: The Continuing Struggle";
        let mut ragged = style(Lang::english(), Direction::Ltr, 220.0);
        ragged.align = Align::Start;
        let lines = typeset(&[Inline::Text(text.into())], &ragged, &fonts);
        assert_eq!(
            lines.len(),
            2,
            "{:?}",
            lines.iter().map(line_text).collect::<Vec<_>>()
        );
        let widths: Vec<f32> = lines.iter().map(|l| l.width).collect();
        assert!(
            widths[0] > 220.0 * 0.6,
            "first line only {} of 220 pt: {:?}",
            widths[0],
            lines.iter().map(line_text).collect::<Vec<_>>()
        );
    }
}
