//! Words shaped once: an item is cut after its spaces into words, and each word's glyphs
//! are kept per thread, so that a word met again costs a lookup instead of a HarfBuzz run.
//! Words not met before are shaped together, a row of them in one HarfBuzz call with the
//! paragraph as context, and kept.
//!
//! The glyphs of a word cut out of a longer run are the word's own only where nothing in the
//! font reaches across the cut. A cut always falls between a space and the next word's first
//! character, and is made only where the face sets that space and character the same
//! together and apart (tried once per setting and character), so a kerning pair or ligature
//! that starts with the space, or a mark that sits on it, keeps the two together; Arabic
//! joining stops at a space. An item that starts or ends inside a word (a word half bold
//! joins across the change of face) is shaped whole with the paragraph as context. Browsers
//! cache shaped words by the same rule (Blink's `CachingWordShaper`).

use super::fonts::Face;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::ops::Range;

/// A glyph as HarfBuzz gives it, in font units; `cluster` is a byte offset into the text
/// that was shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RawGlyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Byte offset of the first character of its cluster.
    pub cluster: u32,
    /// Advance.
    pub x_advance: i32,
    /// Horizontal offset from the pen position.
    pub x_offset: i32,
    /// Vertical offset.
    pub y_offset: i32,
}

/// What HarfBuzz is told besides the text: equal settings shape equal words alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Setting<'a> {
    /// The face (bundled, so the same face is the same font everywhere).
    pub face: Face,
    /// Right to left.
    pub rtl: bool,
    /// ISO 15924 script tag.
    pub script: [u8; 4],
    /// Primary language subtag.
    pub lang: &'a str,
}

/// How many words one setting keeps per thread before it starts afresh (checked as each
/// item starts): far more than a book's vocabulary, so that only text made to be unlike
/// itself fills it.
const MAX_WORDS: usize = 50_000;

/// The words shaped under one setting on this thread.
struct SettingCache {
    face: Face,
    rtl: bool,
    script: [u8; 4],
    lang: Box<str>,
    /// Each word (with its trailing spaces) and its glyphs, left to right, clusters counted
    /// from the word's start.
    words: FxHashMap<Box<str>, Box<[RawGlyph]>>,
    /// Whether a word may be cut off before each character that follows a space.
    cut_before: FxHashMap<char, bool>,
    /// The glyphs of a space on its own, once a cut has been tried.
    space: Option<Box<[RawGlyph]>>,
}

impl SettingCache {
    fn is_for(&self, setting: &Setting) -> bool {
        self.face == setting.face
            && self.rtl == setting.rtl
            && self.script == setting.script
            && *self.lang == *setting.lang
    }
}

thread_local! {
    /// This thread's words, one cache per setting met (a book has a handful).
    static CACHES: RefCell<Vec<SettingCache>> = const { RefCell::new(Vec::new()) };
}

/// Shapes `text[range]` under `setting` word by word, from the cache where it can:
/// glyphs left to right, clusters as byte offsets into `text`. `shape(full, span)` shapes
/// `full[span]` with the rest of `full` as context, clusters as offsets into `full`.
pub(super) fn shape_item(
    text: &str,
    range: Range<usize>,
    setting: &Setting,
    shape: impl Fn(&str, Range<usize>) -> Vec<RawGlyph>,
) -> Vec<RawGlyph> {
    // An item that starts or ends inside a word joins with what surrounds it: it is shaped
    // whole, with the paragraph as context.
    let open_before = range.start == 0 || text.as_bytes()[range.start - 1] == b' ';
    let open_after = range.end == text.len() || text.as_bytes()[range.end] == b' ';
    if !(open_before && open_after) {
        return shape(text, range);
    }
    CACHES.with_borrow_mut(|caches| {
        let at = match caches.iter().position(|c| c.is_for(setting)) {
            Some(at) => at,
            None => {
                caches.push(SettingCache {
                    face: setting.face,
                    rtl: setting.rtl,
                    script: setting.script,
                    lang: setting.lang.into(),
                    words: FxHashMap::default(),
                    cut_before: FxHashMap::default(),
                    space: None,
                });
                caches.len() - 1
            }
        };
        let cache = &mut caches[at];
        let words = cut(text, range.clone(), cache, &shape);
        let rtl = setting.rtl;
        // HarfBuzz gives right-to-left text right to left: the last word first.
        let visual = |k: usize| if rtl { words.len() - 1 - k } else { k };
        if let Some(glyphs) = from_cache(text, &words, &visual, cache) {
            return glyphs;
        }
        if cache.words.len() >= MAX_WORDS {
            cache.words.clear();
        }
        // The words not met before, one after another with their spaces: the cuts between
        // them are cuts the face allows, so each shapes in the row as it would alone, and
        // one HarfBuzz call serves them all.
        let mut row = String::new();
        let mut in_row: Vec<Range<usize>> = Vec::new();
        for word in &words {
            let key = &text[word.clone()];
            if !cache.words.contains_key(key) {
                in_row.push(row.len()..row.len() + key.len());
                row.push_str(key);
            }
        }
        let shaped = if row.is_empty() {
            Vec::new()
        } else {
            shape(&row, 0..row.len())
        };
        for within in in_row {
            let found = glyphs_of(&shaped, &within, rtl);
            let offset = within.start as u32;
            let glyphs = shaped[found]
                .iter()
                .map(|g| RawGlyph {
                    cluster: g.cluster - offset,
                    ..*g
                })
                .collect();
            cache.words.entry(row[within].into()).or_insert(glyphs);
        }
        // Every word is kept now (the cache is emptied only before the row is kept).
        from_cache(text, &words, &visual, cache).unwrap_or_else(|| shape(text, range))
    })
}

/// `glyphs` of a word, their clusters counted from `start`.
fn moved(glyphs: &[RawGlyph], start: usize) -> impl Iterator<Item = RawGlyph> + '_ {
    let offset = start as u32;
    glyphs.iter().map(move |g| RawGlyph {
        cluster: g.cluster + offset,
        ..*g
    })
}

/// The item's glyphs from the cache, if every word is there.
fn from_cache(
    text: &str,
    words: &[Range<usize>],
    visual: &impl Fn(usize) -> usize,
    cache: &SettingCache,
) -> Option<Vec<RawGlyph>> {
    let last = words.last()?;
    let mut glyphs = Vec::with_capacity(last.end - words[0].start + 1);
    for k in 0..words.len() {
        let word = &words[visual(k)];
        glyphs.extend(moved(cache.words.get(&text[word.clone()])?, word.start));
    }
    Some(glyphs)
}

/// The glyphs of one word among an item's: clusters only grow left to right, or only
/// shrink right to left, so the word's glyphs are one stretch.
fn glyphs_of(glyphs: &[RawGlyph], word: &Range<usize>, rtl: bool) -> Range<usize> {
    let (start, end) = (word.start as u32, word.end as u32);
    let (first, last) = if rtl {
        (
            glyphs.partition_point(|g| g.cluster >= end),
            glyphs.partition_point(|g| g.cluster >= start),
        )
    } else {
        (
            glyphs.partition_point(|g| g.cluster < start),
            glyphs.partition_point(|g| g.cluster < end),
        )
    };
    first..last
}

/// The words of `text[range]`: cut before each character that follows a space, where the
/// face allows.
fn cut(
    text: &str,
    range: Range<usize>,
    cache: &mut SettingCache,
    shape: &impl Fn(&str, Range<usize>) -> Vec<RawGlyph>,
) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut start = range.start;
    for at in range.start + 1..range.end {
        if bytes[at - 1] != b' ' || bytes[at] == b' ' {
            continue;
        }
        // After an ASCII space `at` is a character boundary.
        let Some(next) = text[at..].chars().next() else {
            continue;
        };
        let allowed = match cache.cut_before.get(&next) {
            Some(&allowed) => allowed,
            None => {
                let space = cache.space.get_or_insert_with(|| shape(" ", 0..1).into());
                let allowed = cuts_alike(next, cache.rtl, space, shape);
                cache.cut_before.insert(next, allowed);
                allowed
            }
        };
        if allowed {
            words.push(start..at);
            start = at;
        }
    }
    words.push(start..range.end);
    words
}

/// Whether a space (whose glyphs on their own are `space`) followed by `next` shapes the
/// same together as apart.
fn cuts_alike(
    next: char,
    rtl: bool,
    space: &[RawGlyph],
    shape: &impl Fn(&str, Range<usize>) -> Vec<RawGlyph>,
) -> bool {
    let mut pair = String::from(" ");
    pair.push(next);
    let together = shape(&pair, 0..pair.len());
    let after: Vec<RawGlyph> = shape(&pair[1..], 0..pair.len() - 1)
        .into_iter()
        .map(|g| RawGlyph {
            cluster: g.cluster + 1,
            ..g
        })
        .collect();
    // Right to left, HarfBuzz gives the space last.
    let (first, second): (&[RawGlyph], &[RawGlyph]) = if rtl {
        (&after, space)
    } else {
        (space, &after)
    };
    first.iter().chain(second).eq(together.iter())
}
