//! A cache of typeset pieces, for rebuilding a book while it is edited. Every piece opens on
//! a recto page, so how a piece's paragraphs break into lines (the expensive part of a build)
//! depends only on the piece, the fonts and the measure — not on the pieces around it. A
//! piece whose key is unchanged gets its lines back from the cache; pagination, the front
//! matter and the outputs are always redone.

use super::blocks::BlockSetter;
use super::flow::{Flow, FlowLine, Footnote, Mark};
use super::SetProblem;
use crate::book::{Book, Piece};
use crate::progress::Progress;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

/// Typeset pieces by key, and what the last layout did with them.
#[derive(Debug)]
pub struct PieceCache {
    entries: HashMap<u64, SetPiece>,
    last: CacheUse,
    /// Whether set pieces are kept for the next layout (a one-off build keeps none, so that
    /// its lines are moved into the flow rather than copied).
    keeps: bool,
}

impl Default for PieceCache {
    fn default() -> PieceCache {
        PieceCache::new()
    }
}

/// Which pieces the last layout typeset and which it took from the cache.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CacheUse {
    /// Pieces typeset afresh, by file.
    pub typeset: Vec<PathBuf>,
    /// Pieces whose lines came from the cache.
    pub reused: Vec<PathBuf>,
}

/// One piece's share of the setter's output, as it was set at `piece` with its notes from
/// `first_note` in the book's note table.
#[derive(Debug, Clone)]
struct SetPiece {
    piece: usize,
    first_note: usize,
    flow: Vec<Flow>,
    footnotes: Vec<Footnote>,
    problems: Vec<SetProblem>,
}

impl PieceCache {
    /// An empty cache that keeps what each layout sets, for the next one.
    pub fn new() -> PieceCache {
        PieceCache {
            entries: HashMap::new(),
            last: CacheUse::default(),
            keeps: true,
        }
    }

    /// A cache for a single layout: nothing is kept, nothing is copied.
    pub fn one_off() -> PieceCache {
        PieceCache {
            keeps: false,
            ..PieceCache::new()
        }
    }

    /// What the last layout typeset and what it reused.
    pub fn last_use(&self) -> &CacheUse {
        &self.last
    }

    /// Sets every piece of `book` into `setter` in order, typesetting only pieces not in the
    /// cache. The cache keeps exactly the book's current pieces afterwards (none if it is a
    /// one-off).
    ///
    /// Every piece opens on a recto page, so pieces are set independently: the missing ones
    /// are typeset in parallel, each on a setter of its own, and then joined in order.
    pub(super) fn set_pieces(
        &mut self,
        setter: &mut BlockSetter,
        book: &Book,
        progress: &Progress,
    ) {
        // A one-off layout keeps nothing to match against, so each piece is its own key (a
        // piece listed twice is set twice) and no piece's key is worked out.
        let keys: Vec<u64> = if self.keeps {
            book.pieces.par_iter().map(|p| key(p, setter)).collect()
        } else {
            (0..book.pieces.len() as u64).collect()
        };
        let mut wanted = HashSet::new();
        let missing: Vec<usize> = (0..book.pieces.len())
            .filter(|&i| !self.entries.contains_key(&keys[i]) && wanted.insert(keys[i]))
            .collect();
        let (fonts, measure, type_factor) = (setter.fonts, setter.measure, setter.type_factor);
        progress.set_position(book.pieces.len() - missing.len());
        let fresh: Vec<(u64, SetPiece)> = missing
            .par_iter()
            .map(|&index| {
                let mut alone = BlockSetter::new(fonts, measure, type_factor);
                alone.piece(index, &book.pieces[index]);
                let set = SetPiece {
                    piece: index,
                    first_note: 0,
                    flow: alone.flow,
                    footnotes: alone.footnotes,
                    problems: alone.problems.into_iter().map(|(_, p)| p).collect(),
                };
                progress.step();
                (keys[index], set)
            })
            .collect();
        let mut uses: HashMap<u64, usize> = HashMap::new();
        for k in &keys {
            *uses.entry(*k).or_default() += 1;
        }
        let mut available = std::mem::take(&mut self.entries);
        available.extend(fresh);
        let typeset: HashSet<usize> = missing.into_iter().collect();
        let mut kept = HashMap::with_capacity(if self.keeps { book.pieces.len() } else { 0 });
        let mut last = CacheUse::default();
        for (index, piece) in book.pieces.iter().enumerate() {
            let k = keys[index];
            let remaining = uses.get_mut(&k).expect("every key is counted");
            *remaining -= 1;
            // A one-off layout moves each set piece into the flow at its last use; a keeping
            // cache moves it into `kept`, and a piece listed twice is copied from there.
            let set = if self.keeps || *remaining == 0 {
                available.remove(&k)
            } else {
                available.get(&k).cloned()
            };
            let mut set = set
                .or_else(|| kept.get(&k).cloned())
                .expect("every piece is set or cached");
            set.rebase(index, setter.footnotes.len());
            setter
                .problems
                .extend(set.problems.iter().map(|p| (index, p.clone())));
            if self.keeps {
                setter.flow.extend(set.flow.iter().cloned());
                setter.footnotes.extend(set.footnotes.iter().cloned());
                kept.insert(k, set);
            } else {
                setter.flow.append(&mut set.flow);
                setter.footnotes.append(&mut set.footnotes);
            }
            if typeset.contains(&index) {
                last.typeset.push(piece.path.clone());
            } else {
                last.reused.push(piece.path.clone());
            }
        }
        self.entries = kept;
        self.last = last;
    }
}

/// What a piece's lines depend on: the piece as loaded (text, language, title, byline), the
/// Farsi face (the Latin one is fixed), the measure and the type's size.
fn key(piece: &Piece, setter: &BlockSetter) -> u64 {
    let mut hasher = DefaultHasher::new();
    // The model has no Hash; its Debug form spells out every field the setter reads.
    format!("{piece:?}").hash(&mut hasher);
    setter.fonts.farsi.name().hash(&mut hasher);
    setter.measure.to_bits().hash(&mut hasher);
    setter.type_factor.to_bits().hash(&mut hasher);
    hasher.finish()
}

impl SetPiece {
    /// Moves the piece to position `piece` in the book, its notes to `first_note` on.
    fn rebase(&mut self, piece: usize, first_note: usize) {
        let (from_piece, from_note) = (self.piece, self.first_note);
        let move_line = |line: &mut FlowLine| {
            for note in &mut line.notes {
                *note = *note - from_note + first_note;
            }
            if let Some(origin) = &mut line.origin {
                origin.piece = piece;
            }
            if let Some(Mark::Piece(p)) = &mut line.mark {
                debug_assert_eq!(*p, from_piece);
                *p = piece;
            }
        };
        for item in &mut self.flow {
            match item {
                Flow::Line(line) => move_line(line),
                Flow::NewPage(page) => {
                    if let Some(opening) = &mut page.opening {
                        *opening = piece;
                    }
                }
                Flow::Space(_) => {}
            }
        }
        for note in &mut self.footnotes {
            note.lines.iter_mut().for_each(move_line);
        }
        self.piece = piece;
        self.first_note = first_note;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{layout, layout_cached, Item, Layout, PageGeometry};
    use crate::text::fonts::FontSet;

    /// What a reader sees: every line's glyphs and place on every page, links and outline.
    fn drawn(layout: &Layout) -> String {
        let pages: Vec<String> = layout
            .pages
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .map(|item| match item {
                        Item::Line {
                            x,
                            baseline,
                            glyphs,
                        } => format!(
                            "{x} {baseline} {}",
                            glyphs.iter().map(|g| g.text.as_str()).collect::<String>()
                        ),
                        Item::Rule { y, .. } => format!("rule {y}"),
                        Item::Stroke { from, to, .. } => format!("stroke {from:?} {to:?}"),
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        format!(
            "{pages:?}{:?}{:?}{:?}{:?}",
            layout.links, layout.web_links, layout.outline, layout.page_starts
        )
    }

    /// A book of three pieces with notes, one of them in Farsi.
    fn book_with_notes() -> (tempfile::TempDir, crate::book::Book) {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = [
            ("book.toml", "title = \"T\"\nlanguage = \"en\"\nidentifier = \"urn:uuid:12345678-1234-4234-8234-123456789abc\"\ndate = \"2026-01-01\"\npieces = [\"a.md\", \"b.md\", \"c.md\"]\n".to_string()),
            ("a.md", piece("en", "First piece.[^1] Again.[^2]\n\n[^1]: One.\n\n[^2]: Two.\n")),
            ("b.md", piece("en", "Second piece, a note.[^x]\n\n[^x]: Three.\n")),
            ("c.md", piece("fa", "متن سوم.[^۱]\n\n[^۱]: یادداشت.\n")),
        ];
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        let book = crate::book::load(dir.path()).book.expect("the book loads");
        (dir, book)
    }

    fn piece(lang: &str, body: &str) -> String {
        format!("+++\ntitle = \"P\"\nlang = \"{lang}\"\nsource = \"s\"\n+++\n\n{body}")
    }

    #[test]
    fn a_cached_layout_is_the_layout_and_only_changed_pieces_are_typeset() {
        let (_dir, mut book) = book_with_notes();
        let fonts = FontSet::load(book.meta.fonts.farsi).expect("fonts");
        let geometry = PageGeometry::a5();
        let mut cache = PieceCache::new();
        let first = layout_cached(&book, &fonts, geometry, &mut cache, &Progress::hidden());
        assert_eq!(cache.last_use().typeset.len(), 3);
        assert_eq!(drawn(&first), drawn(&layout(&book, &fonts, geometry)));

        // Edit the second piece and move the first to the end: its notes and its place in
        // the book change, its lines do not.
        let Some(crate::book::Block::Paragraph(p)) = book.pieces[1].blocks.first_mut() else {
            panic!("the second piece starts with a paragraph");
        };
        p.push(crate::book::Inline::Text(" An added sentence.".into()));
        let moved = book.pieces.remove(0);
        book.pieces.push(moved);
        let again = layout_cached(&book, &fonts, geometry, &mut cache, &Progress::hidden());
        assert_eq!(cache.last_use().typeset, [std::path::PathBuf::from("b.md")]);
        assert_eq!(
            cache.last_use().reused,
            ["c.md", "a.md"].map(std::path::PathBuf::from)
        );
        assert_eq!(drawn(&again), drawn(&layout(&book, &fonts, geometry)));
    }
}
