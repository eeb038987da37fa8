//! Shape: each item through HarfBuzz with its direction, script and language, keeping the
//! map from every glyph back to the characters it draws.

use super::collect::is_invisible;
use super::fonts::{Face, FontSet, LoadedFace};
use super::itemize::Item;
use super::words::{self, RawGlyph, Setting};
use harfbuzz_rs::{ClusterLevel, Direction as HbDirection, Language, Tag, UnicodeBuffer};
use std::cell::Cell;
use std::ops::Range;

/// One glyph of a shaped run, positions in points.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
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

/// Shapes every item of a paragraph, word by word through the per-thread word cache
/// (`words.rs`). Invisible characters (ZWNJ, bidi isolates, line separators) shape as
/// zero-width glyphs that share the space's id; they are marked so that they are never drawn
/// and never give the space glyph their text.
pub fn shape(text: &str, items: &[Item], fonts: &FontSet) -> Vec<ShapedRun> {
    shape_items(text, items, fonts, true)
}

/// Shapes every item whole through HarfBuzz, without the word cache: what [`shape`] must
/// give, for tests and fuzzing to compare it with.
pub fn shape_whole(text: &str, items: &[Item], fonts: &FontSet) -> Vec<ShapedRun> {
    shape_items(text, items, fonts, false)
}

fn shape_items(text: &str, items: &[Item], fonts: &FontSet, cached: bool) -> Vec<ShapedRun> {
    items
        .iter()
        .map(|item| {
            let loaded = fonts.get(item.face);
            let lang = item.lang.primary();
            let setting = Setting {
                face: item.face,
                rtl: item.level.is_rtl(),
                script: item.script.tag(),
                lang: &lang,
            };
            let hb_lang: Language = lang.parse().unwrap_or_default();
            let shape = |full: &str, span| shape_span(full, span, &setting, hb_lang, loaded);
            let raw = if cached {
                words::shape_item(text, item.range.clone(), &setting, shape)
            } else {
                shape(text, item.range.clone())
            };
            run_of(text, item, loaded, &raw)
        })
        .collect()
}

/// The shaped run of `item` from HarfBuzz's glyphs, positions scaled to points.
fn run_of(text: &str, item: &Item, loaded: &LoadedFace, raw: &[RawGlyph]) -> ShapedRun {
    let scale = loaded.scale(item.size);
    // A cluster is invisible only if all its characters are: HarfBuzz may move a mark that
    // follows an isolate (an empty span) before it, into the isolate's cluster. Only a
    // cluster that starts with an invisible character (rare) needs its end looked for.
    let invisible = |cluster: usize| {
        if !text[cluster..].chars().next().is_some_and(is_invisible) {
            return false;
        }
        let end = raw
            .iter()
            .map(|g| g.cluster as usize)
            .filter(|&c| c > cluster)
            .min()
            .unwrap_or(item.range.end);
        text[cluster..end.max(cluster)].chars().all(is_invisible)
    };
    let glyphs = raw
        .iter()
        .map(|g| ShapedGlyph {
            id: g.id,
            cluster: g.cluster as usize,
            advance: g.x_advance as f32 * scale,
            x_offset: g.x_offset as f32 * scale,
            y_offset: g.y_offset as f32 * scale,
            visible: !invisible(g.cluster as usize),
        })
        .collect();
    ShapedRun {
        range: item.range.clone(),
        rtl: item.level.is_rtl(),
        face: item.face,
        size: item.size,
        rise: item.rise,
        glyphs,
    }
}

/// Shapes `full[span]` through HarfBuzz, the rest of `full` as context (Arabic joining looks
/// across the span's ends): glyphs left to right, clusters as byte offsets into `full`.
fn shape_span(
    full: &str,
    span: Range<usize>,
    setting: &Setting,
    lang: Language,
    loaded: &LoadedFace,
) -> Vec<RawGlyph> {
    // HarfBuzz grows a buffer as text is added; one buffer per thread, cleared after each
    // call, keeps its allocation across items and paragraphs.
    let buffer = SPARE_BUFFER
        .take()
        .unwrap_or_default()
        .add_str_item(full, &full[span])
        .set_direction(if setting.rtl {
            HbDirection::Rtl
        } else {
            HbDirection::Ltr
        })
        .set_script(Tag::from(&setting.script))
        .set_language(lang)
        .set_cluster_level(ClusterLevel::MonotoneCharacters);
    let output = harfbuzz_rs::shape(&loaded.shaper, buffer, &[]);
    let glyphs = output
        .get_glyph_infos()
        .iter()
        .zip(output.get_glyph_positions())
        .map(|(info, pos)| RawGlyph {
            id: u16::try_from(info.codepoint).unwrap_or(0),
            cluster: info.cluster,
            x_advance: pos.x_advance,
            x_offset: pos.x_offset,
            y_offset: pos.y_offset,
        })
        .collect();
    SPARE_BUFFER.set(Some(output.clear()));
    glyphs
}

impl ShapedRun {
    /// The text each glyph stands for: a cluster's characters go to its first glyph in
    /// logical order; the cluster's other glyphs stand for nothing.
    pub fn glyph_texts<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let count = self.glyphs.len();
        // Clusters only grow in logical order (HarfBuzz's monotone cluster level), which
        // runs right to left through the glyphs of an RTL run.
        let logical = |k: usize| if self.rtl { count - 1 - k } else { k };
        let mut texts = vec![""; count];
        let mut k = 0;
        while k < count {
            let first = logical(k);
            let cluster = self.glyphs[first].cluster;
            let mut next = k + 1;
            while next < count && self.glyphs[logical(next)].cluster == cluster {
                next += 1;
            }
            let end = if next < count {
                self.glyphs[logical(next)].cluster
            } else {
                self.range.end
            };
            if cluster >= self.range.start {
                texts[first] = text.get(cluster..end).unwrap_or("");
            }
            k = next;
        }
        texts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{FarsiFace, Inline, Lang};
    use crate::text::collect::{collect, Style};
    use crate::text::itemize::itemize;
    use crate::text::script::Script;
    use unicode_bidi::Level;

    /// Every paragraph shaped through the word cache, cold and warm, against each item
    /// shaped whole by HarfBuzz.
    fn assert_words_shape_as_whole_items(paragraphs: &[Vec<Inline>], farsi: FarsiFace) {
        let fonts = FontSet::load(farsi).expect("fonts");
        for (lang, level, script) in [
            (Lang::english(), Level::ltr(), Script::Latin),
            (Lang::persian(), Level::rtl(), Script::Arabic),
        ] {
            let style = Style::plain(lang);
            for paragraph in paragraphs {
                let collected = collect(paragraph, &style);
                let text = collected.text.as_str();
                let bidi = crate::bidi_class::resolve(text, Some(level));
                let items = itemize(&collected, &bidi.levels, &fonts, 10.0, script);
                let whole = shape_whole(text, &items, &fonts);
                for _ in 0..2 {
                    assert!(shape(text, &items, &fonts) == whole, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn cached_words_shape_as_whole_items_in_every_book() {
        let books = concat!(env!("CARGO_MANIFEST_DIR"), "/books");
        let mut paragraphs = Vec::new();
        for book in std::fs::read_dir(books).expect("books/") {
            for piece in std::fs::read_dir(book.expect("entry").path()).expect("a book") {
                let path = piece.expect("entry").path();
                if path.extension().is_some_and(|e| e == "md") {
                    let source = std::fs::read_to_string(&path).expect("a piece");
                    paragraphs.extend(
                        source
                            .split("\n\n")
                            .map(|p| vec![Inline::Text(p.replace('\n', " "))]),
                    );
                }
            }
        }
        assert!(paragraphs.len() > 100, "{} paragraphs", paragraphs.len());
        for farsi in [FarsiFace::Vazirmatn, FarsiFace::NotoNaskhArabic] {
            assert_words_shape_as_whole_items(&paragraphs, farsi);
        }
    }

    #[test]
    fn words_keep_what_reaches_across_a_space() {
        // Vazirmatn kerns a space before T and ligates a space with a following tanwin or
        // haraka; Charis puts marks on a space; «T» in Persian text is set in Vazirmatn.
        // Items that start or end inside a word take their joins from the paragraph.
        let text = |t: &str| Inline::Text(t.into());
        let mut paragraphs: Vec<Vec<Inline>> = [
            "Take T and T",
            " \u{064B}ب ب \u{064E}ب",
            "a \u{0301}b c\u{0301} \u{0301}",
            "کار‌گران T T کارگران",
            "ما«کارگران»ما و (کارگر)ان ۱۲۳ ب۱۲",
            "  double  spaces  ",
            // Overrides set Arabic left to right and Latin right to left.
            "a \u{202D} کارگران کارگران \u{202C} b",
            "\u{202E} the workers of the world \u{202C} ما",
        ]
        .map(|t| vec![text(t)])
        .into();
        // A word half bold joins across the change of face.
        paragraphs.push(vec![
            text("ب ب بب"),
            Inline::Strong(vec![text("ب بب")]),
            text("ب ب"),
        ]);
        for farsi in [FarsiFace::Vazirmatn, FarsiFace::NotoNaskhArabic] {
            assert_words_shape_as_whole_items(&paragraphs, farsi);
        }
    }

    #[test]
    fn a_full_cache_starts_afresh() {
        let many: String = (0..52_000).map(|n| format!("w{n} ")).collect();
        let paragraphs =
            [many.as_str(), "w1 w2 w3", "w51999 and w7"].map(|t| vec![Inline::Text(t.into())]);
        assert_words_shape_as_whole_items(&paragraphs, FarsiFace::Vazirmatn);
    }
}
