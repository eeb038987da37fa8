//! How long a title or a heading may be. Both are display text: a title is set in large type
//! on the title page or a piece's opening, once more in the colophon and the contents, and a
//! line of it heads the pages; a heading is kept on one page with the text after it, and both
//! name their place in the PDF's outline and the EPUB's navigation, which readers show as one
//! line each. A paragraph-sized one is set; one past these limits is a mistake (a paste into
//! the wrong field), refused by the loader, so that `check` and `build` refuse it alike.

/// The most characters a book's or a piece's title may have: about twice the longest title
/// page of old (a 17th-century title runs to some 150 characters), and still under half an
/// A5 title page in its display type.
pub const MAX_TITLE_CHARS: usize = 300;

/// The most characters a heading may have: a long paragraph's worth, which still leaves room
/// on an A5 page for the lines kept with it.
pub const MAX_HEADING_CHARS: usize = 1_000;

/// What a title or heading is, for the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Display {
    /// A book's title (`book.toml`).
    BookTitle,
    /// A piece's title (its front matter).
    PieceTitle,
    /// A heading in a piece.
    Heading,
}

impl Display {
    /// The most characters it may have.
    pub fn limit(self) -> usize {
        match self {
            Display::BookTitle | Display::PieceTitle => MAX_TITLE_CHARS,
            Display::Heading => MAX_HEADING_CHARS,
        }
    }

    /// The problem and its fix when `text` is longer than the limit, or None. Counting stops
    /// just past the limit, so a refused megabyte costs no more than reading it.
    pub fn too_long(self, text: &str) -> Option<(String, &'static str)> {
        let limit = self.limit();
        text.chars().nth(limit)?;
        let (what, hint) = match self {
            Display::BookTitle => (
                "the book's title",
                "shorten the title and put the rest in `subtitle`: the title is set in display type on the title page and one line of it heads the pages",
            ),
            Display::PieceTitle => (
                "the piece's title",
                "shorten the title and say the rest in the text: the title is set in display type on the piece's opening and one line of it heads the pages",
            ),
            Display::Heading => (
                "the heading",
                "shorten the heading and make the rest a paragraph: a heading is kept on one page with the text after it and named in the contents of the PDF and the EPUB",
            ),
        };
        let chars = text.chars().count();
        Some((
            format!("{what} has {chars} characters; at most {limit} are allowed"),
            hint,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_at_the_limit_passes_and_one_character_more_is_refused() {
        let at = "ش".repeat(MAX_TITLE_CHARS);
        assert_eq!(Display::BookTitle.too_long(&at), None);
        let (message, _) = Display::PieceTitle
            .too_long(&format!("{at}x"))
            .expect("refused");
        assert_eq!(
            message,
            "the piece's title has 301 characters; at most 300 are allowed"
        );
    }

    #[test]
    fn a_heading_may_be_a_paragraph_long() {
        let paragraph = "word ".repeat(150);
        assert_eq!(Display::Heading.too_long(&paragraph), None);
        assert!(Display::Heading.too_long(&"word ".repeat(201)).is_some());
    }
}
