//! The print edition's page breaks, carried into the EPUB: where each printed body page
//! starts in the text, from the layout the PDF is drawn from.

use crate::book::{Block, Book};
use crate::layout::PageMap;
use crate::locale;

/// A printed page that starts with a piece's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageBreak {
    /// The printed page number (1 on the first body page).
    pub number: usize,
    /// The folio as printed, in the book's digits: what a reader cites.
    pub label: String,
    /// Index of the piece the page starts in.
    pub piece: usize,
    /// Where in the piece.
    pub at: At,
}

/// Where in a piece a page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// At the piece's opening, before its title.
    Opening,
    /// Before the top-level block with this index.
    Block(usize),
    /// Inside the top-level paragraph `block`, before the word that follows the first
    /// `words` whitespace-separated words of its text.
    Word {
        /// Index of the paragraph among the piece's top-level blocks.
        block: usize,
        /// Words before the page's first word.
        words: usize,
    },
}

impl PageBreak {
    /// The marker's id, unique in the book: `page-N` with ASCII digits.
    pub fn id(&self) -> String {
        format!("page-{}", self.number)
    }

    /// The page break marker (DPUB-ARIA `doc-pagebreak`, EPUB `pagebreak`).
    pub fn marker(&self) -> String {
        format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{}\" aria-label=\"{}\"/>",
            self.id(),
            super::xml::escape(&self.label)
        )
    }
}

/// Every body page of `print` that starts with piece text, in page order. Pages that start
/// with no piece text (blank pages, pages holding only a note continued from the page
/// before) have no break.
pub fn page_breaks(book: &Book, print: &PageMap) -> Vec<PageBreak> {
    let openings = &print.openings;
    let lang = &book.meta.language;
    let mut breaks = Vec::new();
    for (page, start) in print.starts.iter().enumerate() {
        let Some(number) = page
            .checked_sub(print.front_matter)
            .map(|body_index| body_index + 1)
        else {
            continue;
        };
        let (piece, at) = if let Some(piece) = openings.iter().position(|p| *p == page) {
            (piece, At::Opening)
        } else if let Some(origin) = start {
            let Some(blocks) = book.pieces.get(origin.piece).map(|p| &p.blocks) else {
                continue;
            };
            let paragraph = matches!(blocks.get(origin.block), Some(Block::Paragraph(_)));
            let at = if origin.words > 0 && paragraph {
                At::Word {
                    block: origin.block,
                    words: origin.words,
                }
            } else {
                At::Block(origin.block)
            };
            (origin.piece, at)
        } else {
            continue;
        };
        breaks.push(PageBreak {
            number,
            label: locale::number(number as u64, lang),
            piece,
            at,
        });
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{BookMeta, Direction, FontChoice, Inline, Lang, Piece, PieceMeta};
    use crate::layout::{Layout, Origin, OutlineEntry, Position};

    fn book(language: Lang, blocks: Vec<Block>) -> Book {
        let piece = Piece {
            meta: PieceMeta::default(),
            lang: language.clone(),
            dir: Direction::Ltr,
            path: "a.md".into(),
            blocks,
            notes: Vec::new(),
        };
        Book {
            name: "b".into(),
            root: ".".into(),
            meta: BookMeta {
                title: "T".into(),
                subtitle: None,
                language,
                identifier: "urn:uuid:x".into(),
                date: "2026-01-01".into(),
                publisher: None,
                description: None,
                rights: None,
                cover: None,
                contributors: Vec::new(),
                fonts: FontChoice::default(),
                paper: crate::book::Paper::default(),
                print: None,
            },
            pieces: vec![piece.clone(), piece],
        }
    }

    fn layout(page_starts: Vec<Option<Origin>>, openings: &[usize]) -> Layout {
        Layout {
            pages: Vec::new(),
            front_matter: 2,
            outline: openings
                .iter()
                .map(|&page| OutlineEntry {
                    title: String::new(),
                    level: 1,
                    at: Position { page, y: 0.0 },
                })
                .collect(),
            links: Vec::new(),
            web_links: Vec::new(),
            page_starts,
            warnings: Vec::new(),
            print: None,
        }
    }

    fn origin(piece: usize, block: usize, words: usize) -> Option<Origin> {
        Some(Origin {
            piece,
            block,
            words,
        })
    }

    #[test]
    fn body_pages_with_text_get_breaks_numbered_from_one() {
        let blocks = vec![
            Block::Paragraph(vec![Inline::Text("a b c".into())]),
            Block::Quote(vec![Block::Paragraph(vec![Inline::Text("q".into())])]),
        ];
        let print = layout(
            vec![
                None,
                None,
                origin(0, 0, 0),
                origin(0, 0, 2),
                origin(0, 1, 0),
                None,
                origin(1, 0, 0),
            ],
            &[2, 6],
        );
        let breaks = page_breaks(&book(Lang::english(), blocks.clone()), &print.page_map(2));
        let found: Vec<(usize, &str, usize, At)> = breaks
            .iter()
            .map(|b| (b.number, b.label.as_str(), b.piece, b.at))
            .collect();
        assert_eq!(
            found,
            [
                (1, "1", 0, At::Opening),
                (2, "2", 0, At::Word { block: 0, words: 2 }),
                (3, "3", 0, At::Block(1)),
                (5, "5", 1, At::Opening),
            ]
        );
        assert_eq!(breaks[1].id(), "page-2");
        // A Persian book cites its pages in Persian digits; the ids stay ASCII.
        let breaks = page_breaks(&book(Lang::persian(), blocks), &print.page_map(2));
        assert_eq!(breaks[3].label, "۵");
        assert_eq!(breaks[3].id(), "page-5");
    }
}
