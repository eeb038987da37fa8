//! The document model: what a book says, independent of fonts, pages and files.

use std::path::PathBuf;

/// A whole book: its metadata and its pieces in reading order.
#[derive(Debug, Clone)]
pub struct Book {
    /// The book folder's name, used for output file names.
    pub name: String,
    /// The book folder.
    pub root: PathBuf,
    /// Book-level metadata from `book.toml`.
    pub meta: BookMeta,
    /// The curated pieces, in the order the manifest lists them.
    pub pieces: Vec<Piece>,
}

impl Book {
    /// Whether any piece has code (a code block or span): only then is the monospace face
    /// used, embedded and named in the colophon.
    pub fn has_code(&self) -> bool {
        self.any_blocks(Block::any_has_code)
    }

    /// Whether any piece has a task list item: only then does the stylesheet style them.
    pub fn has_tasks(&self) -> bool {
        self.any_blocks(Inline::any_task)
    }

    /// Whether `test` holds for the body or a note of any piece.
    fn any_blocks(&self, test: impl Fn(&[Block]) -> bool) -> bool {
        self.pieces
            .iter()
            .any(|p| test(&p.blocks) || p.notes.iter().any(|n| test(&n.blocks)))
    }
}

/// Metadata of the whole book, from `book.toml`.
#[derive(Debug, Clone)]
pub struct BookMeta {
    /// Main title.
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// The book's main language.
    pub language: Lang,
    /// Stable identifier: `urn:uuid:…` or `isbn:…`.
    pub identifier: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// Publisher, if any.
    pub publisher: Option<String>,
    /// Short description for catalogues.
    pub description: Option<String>,
    /// Rights or licence statement.
    pub rights: Option<String>,
    /// Cover image inside the book folder, if given.
    pub cover: Option<Cover>,
    /// Contributors to the book as a whole, in manifest order.
    pub contributors: Vec<Contributor>,
    /// Font choices.
    pub fonts: FontChoice,
    /// The trim size of the printed book.
    pub paper: super::Paper,
    /// The print edition's marks, when the book asks for a print edition (`[print]`).
    pub print: Option<PrintMarks>,
}

/// What the print edition adds around each page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintMarks {
    /// Bleed beyond the trim, in points.
    pub bleed: f32,
    /// Crop marks at the trim's corners.
    pub crop_marks: bool,
    /// A slug line under the page: title, date and page.
    pub slug: bool,
}

impl Default for PrintMarks {
    /// 3 mm of bleed, crop marks and a slug line: what print shops ask for.
    fn default() -> Self {
        PrintMarks {
            bleed: super::mm(3.0),
            crop_marks: true,
            slug: true,
        }
    }
}

/// A cover image read from the book folder.
#[derive(Debug, Clone)]
pub struct Cover {
    /// Path relative to the book folder.
    pub path: PathBuf,
    /// `image/jpeg` or `image/png`.
    pub media_type: &'static str,
    /// The image bytes.
    pub bytes: Vec<u8>,
}

/// A person or group and what they did for the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contributor {
    /// Name as printed.
    pub name: String,
    /// Role.
    pub role: Role,
}

/// A contributor's role, with its MARC relator code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Wrote the text (`aut`).
    Author,
    /// Edited the collection (`edt`).
    Editor,
    /// Translated the text (`trl`).
    Translator,
}

impl Role {
    /// The MARC relator code used in EPUB metadata.
    pub fn marc_code(self) -> &'static str {
        match self {
            Role::Author => "aut",
            Role::Editor => "edt",
            Role::Translator => "trl",
        }
    }
}

/// Which Farsi face the book uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FarsiFace {
    /// Vazirmatn: a clear modern face, the default.
    #[default]
    Vazirmatn,
    /// Noto Naskh Arabic: a traditional Naskh.
    NotoNaskhArabic,
}

/// The book's font choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FontChoice {
    /// The face used for Arabic-script text.
    pub farsi: FarsiFace,
}

/// A BCP 47 language tag, checked for form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Lang(String);

impl Lang {
    /// Checks the tag's form (`en`, `fa`, `fa-IR`, `en-Latn-GB`) and returns it, or why not.
    pub fn parse(tag: &str) -> Result<Lang, String> {
        let mut subtags = tag.split('-');
        let primary = subtags.next().unwrap_or("");
        if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(format!(
                "`{tag}` is not a BCP 47 language tag: it must start with a 2- or 3-letter language code such as `en` or `fa`"
            ));
        }
        for sub in subtags {
            if sub.is_empty() || sub.len() > 8 || !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(format!(
                    "`{tag}` is not a BCP 47 language tag: bad subtag `{sub}`"
                ));
            }
        }
        Ok(Lang(tag.to_string()))
    }

    /// English, the language assumed for Latin text inside an RTL piece.
    pub fn english() -> Lang {
        Lang("en".into())
    }

    /// Persian, the language assumed for Arabic-script text inside an LTR piece.
    pub fn persian() -> Lang {
        Lang("fa".into())
    }

    /// The tag as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, lower-cased.
    pub fn primary(&self) -> String {
        self.0.split('-').next().unwrap_or("").to_ascii_lowercase()
    }

    /// The language's writing direction.
    pub fn direction(&self) -> Direction {
        const RTL: [&str; 12] = [
            "ar", "fa", "he", "ur", "ps", "yi", "ckb", "dv", "sd", "ug", "syr", "prs",
        ];
        if RTL.contains(&self.primary().as_str()) {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    /// Whether this language is Persian (gets Persian digits, « » quotes, no italics).
    pub fn is_persian(&self) -> bool {
        matches!(self.primary().as_str(), "fa" | "prs")
    }

    /// English (any region): the language hyphenation patterns exist for.
    pub fn is_english(&self) -> bool {
        self.0
            .split('-')
            .next()
            .is_some_and(|p| p.eq_ignore_ascii_case("en"))
    }
}

/// Writing direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Direction {
    /// The HTML `dir` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// One curated text: an article, a letter, a statement.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Front matter.
    pub meta: PieceMeta,
    /// The piece's language.
    pub lang: Lang,
    /// The piece's base direction, from its language.
    pub dir: Direction,
    /// Path of the Markdown file, relative to the book folder.
    pub path: PathBuf,
    /// The body.
    pub blocks: Vec<Block>,
    /// Footnotes, numbered in order of first reference (1-based: `notes[0]` is note 1).
    pub notes: Vec<Note>,
}

/// A piece's front matter.
#[derive(Debug, Clone, Default)]
pub struct PieceMeta {
    /// Title.
    pub title: String,
    /// Authors, as printed.
    pub authors: Vec<String>,
    /// Translators, as printed.
    pub translators: Vec<String>,
    /// Date of the text: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The raw source file the piece was curated from; none for original writing.
    pub source: Option<String>,
    /// Editor's note.
    pub note: Option<String>,
}

/// A footnote.
#[derive(Debug, Clone)]
pub struct Note {
    /// The label written in the source (`[^label]`).
    pub label: String,
    /// The note's content.
    pub blocks: Vec<Block>,
}

/// How an ordered list counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// 1, 2, 3 (Persian digits in Farsi).
    Decimal,
    /// a, b, c.
    LowerAlpha,
    /// A, B, C.
    UpperAlpha,
    /// i, ii, iii.
    LowerRoman,
    /// I, II, III.
    UpperRoman,
}

/// A list: bulleted or ordered.
#[derive(Debug, Clone)]
pub enum ListKind {
    /// Bullets.
    Bullet,
    /// Numbered or lettered, starting at `start`.
    Ordered {
        /// How items are counted.
        style: ListStyle,
        /// The first item's number (1-based).
        start: u64,
    },
}

/// Alignment of a table column, on the start or end side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Not given.
    None,
    /// Start side (left in English, right in Farsi).
    Start,
    /// Centred.
    Center,
    /// End side.
    End,
}

/// A block-level element.
#[derive(Debug, Clone)]
pub enum Block {
    /// A section heading: level 2 and below (the piece title is level 1).
    Heading {
        /// 2 for `##`, 3 for `###`…
        level: u8,
        /// A stable id, unique within the piece.
        id: String,
        /// The heading text.
        content: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A block quotation.
    Quote(Vec<Block>),
    /// A list; each item is a sequence of blocks.
    List {
        /// Bullet or ordered.
        kind: ListKind,
        /// Items.
        items: Vec<Vec<Block>>,
    },
    /// A section break (`* * *`).
    ThematicBreak,
    /// An epigraph and its attribution.
    Epigraph {
        /// The quoted text.
        quote: Vec<Block>,
        /// Who said it, where.
        attribution: Option<Vec<Inline>>,
    },
    /// A signature or dateline, one entry per printed line.
    Signature(Vec<Vec<Inline>>),
    /// Preformatted text.
    Code(String),
    /// A table.
    Table {
        /// Column alignments.
        align: Vec<Align>,
        /// Header cells.
        head: Vec<Vec<Inline>>,
        /// Body rows.
        rows: Vec<Vec<Vec<Inline>>>,
        /// The file line it starts on, for what the build says about it.
        line: usize,
    },
}

impl Block {
    /// Whether any of `blocks` has code in it.
    pub fn any_has_code(blocks: &[Block]) -> bool {
        !Block::code_texts(blocks).is_empty()
    }

    /// The text of every code block and span in `blocks`, in order.
    pub fn code_texts(blocks: &[Block]) -> Vec<&str> {
        let mut out = Vec::new();
        for block in blocks {
            match block {
                Block::Code(code) => out.push(code.as_str()),
                Block::Heading { content, .. } | Block::Paragraph(content) => {
                    Inline::code_texts(content, &mut out)
                }
                Block::Quote(blocks) => out.extend(Block::code_texts(blocks)),
                Block::List { items, .. } => {
                    for item in items {
                        out.extend(Block::code_texts(item));
                    }
                }
                Block::ThematicBreak => {}
                Block::Epigraph { quote, attribution } => {
                    out.extend(Block::code_texts(quote));
                    if let Some(a) = attribution {
                        Inline::code_texts(a, &mut out);
                    }
                }
                Block::Signature(lines) => {
                    for line in lines {
                        Inline::code_texts(line, &mut out);
                    }
                }
                Block::Table { head, rows, .. } => {
                    for cell in head.iter().chain(rows.iter().flatten()) {
                        Inline::code_texts(cell, &mut out);
                    }
                }
            }
        }
        out
    }
}

/// An inline element.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Emphasis: italic in Latin, bold in Farsi.
    Emphasis(Vec<Inline>),
    /// Strong emphasis.
    Strong(Vec<Inline>),
    /// Struck-through text (`~~text~~`): kept in the text, marked as deleted.
    Strike(Vec<Inline>),
    /// A task list item's box (`- [ ]`, `- [x]`), first in its item: ticked or not.
    TaskBox(bool),
    /// Inline code.
    Code(String),
    /// A hyperlink.
    Link {
        /// Where it leads.
        target: LinkTarget,
        /// Link text.
        content: Vec<Inline>,
    },
    /// A reference to footnote number `n` (1-based) of the piece.
    NoteRef(usize),
    /// A hard line break.
    LineBreak,
    /// A run in another language and direction than its surroundings.
    Span {
        /// The run's language.
        lang: Lang,
        /// The run's direction.
        dir: Direction,
        /// The run.
        content: Vec<Inline>,
    },
}

/// Where a link leads: out of the book, or to a piece of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// An absolute `http:`, `https:` or `mailto:` URL, as the URL Standard writes it: ASCII,
    /// with what may not stand in a URL percent-encoded.
    Web(String),
    /// A piece of this book, at the start of the piece or at one of its headings.
    Piece {
        /// The piece's path relative to the book folder, as in [`Piece::path`].
        path: PathBuf,
        /// The heading's id, or None for the piece's start.
        anchor: Option<String>,
    },
}

impl Inline {
    /// Adds the text of every code span in `inlines` to `out`.
    fn code_texts<'a>(inlines: &'a [Inline], out: &mut Vec<&'a str>) {
        for inline in inlines {
            match inline {
                Inline::Code(code) => out.push(code),
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Link { content: c, .. }
                | Inline::Span { content: c, .. } => Inline::code_texts(c, out),
                Inline::Text(_) | Inline::NoteRef(_) | Inline::LineBreak | Inline::TaskBox(_) => {}
            }
        }
    }

    /// Whether any of `blocks` is a task list item (its first inline a [`Inline::TaskBox`]).
    pub fn any_task(blocks: &[Block]) -> bool {
        blocks.iter().any(|block| match block {
            Block::Paragraph(content) => matches!(content.first(), Some(Inline::TaskBox(_))),
            Block::Quote(blocks) => Inline::any_task(blocks),
            Block::List { items, .. } => items.iter().any(|item| Inline::any_task(item)),
            Block::Epigraph { quote, .. } => Inline::any_task(quote),
            _ => false,
        })
    }

    /// The plain text of a sequence of inlines (note markers and breaks left out).
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        Inline::push_plain(inlines, &mut out);
        out
    }

    fn push_plain(inlines: &[Inline], out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Link { content: c, .. }
                | Inline::Span { content: c, .. } => Inline::push_plain(c, out),
                Inline::LineBreak => out.push(' '),
                Inline::NoteRef(_) | Inline::TaskBox(_) => {}
            }
        }
    }
}
