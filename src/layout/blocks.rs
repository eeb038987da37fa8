//! Blocks: each block of a piece set as lines in the flow, with its indents and spacing.

use super::flow::{Flow, FlowLine, Footnote, Mark, PageBreak};
use super::style::{Type, TypeScale};
use super::Origin;
use crate::book::{
    Align as ColumnAlign, Block, Direction, Inline, Lang, ListKind, ListStyle, Piece,
};
use crate::locale;
use crate::text::collect::Style;
use crate::text::fonts::FontSet;
use crate::text::line::{Align, Line};
use crate::text::paragraph::{typeset, ParagraphStyle};
use rayon::prelude::*;

/// Sets pieces' blocks into the flow.
pub struct BlockSetter<'a> {
    /// Fonts, loaded once.
    pub fonts: &'a FontSet,
    /// Full text width.
    pub measure: f32,
    /// The flow being built.
    pub flow: Vec<Flow>,
    /// The book's footnotes, in order; lines refer to them by index.
    pub footnotes: Vec<Footnote>,
    /// Lines set so far that are worse than they should be, with their piece, for the
    /// build's warnings.
    pub problems: Vec<(usize, String)>,
    /// The piece being set, and the index of its first note in `footnotes`.
    piece: Option<(usize, usize)>,
    /// How much larger than the reference setting the type is.
    pub(super) type_factor: f32,
    /// The top-level block being set, and whether it is a paragraph.
    block: Option<(usize, bool)>,
    /// Paragraphs typeset ahead of the walk that places them.
    ahead: Ahead,
}

/// A piece is walked twice: once to collect its paragraphs, which are then typeset in
/// parallel (each paragraph's lines depend on its text and style alone), and once to place
/// their lines, taken in the order the first walk found them.
enum Ahead {
    /// Paragraphs are typeset as they come.
    No,
    /// The first walk: each paragraph's text and style is collected; nothing is set.
    Collecting(Vec<(Vec<Inline>, ParagraphStyle)>),
    /// The second walk: the paragraphs' lines, in order.
    Ready(std::collections::VecDeque<Vec<Line>>),
}

/// Where a block is set: language, direction and indents.
#[derive(Debug, Clone)]
struct Frame {
    lang: Lang,
    dir: Direction,
    scale: TypeScale,
    /// Indent on the start side.
    start: f32,
    /// Indent on the end side.
    end: f32,
    /// Italic by default (epigraphs in Latin script).
    italic: bool,
}

impl<'a> BlockSetter<'a> {
    /// A new, empty flow.
    pub fn new(fonts: &'a FontSet, measure: f32, type_factor: f32) -> BlockSetter<'a> {
        BlockSetter {
            fonts,
            measure,
            type_factor,
            flow: Vec::new(),
            footnotes: Vec::new(),
            problems: Vec::new(),
            piece: None,
            block: None,
            ahead: Ahead::No,
        }
    }

    /// Sets a whole piece: an opening on a recto page with its title and byline, then its
    /// body; its notes go to the footnote table, to be set at the foot of their pages.
    pub fn piece(&mut self, index: usize, piece: &Piece) {
        let mut collector = BlockSetter::new(self.fonts, self.measure, self.type_factor);
        collector.ahead = Ahead::Collecting(Vec::new());
        collector.walk(index, piece);
        let Ahead::Collecting(paragraphs) = collector.ahead else {
            unreachable!("the collecting walk only adds to its list")
        };
        let fonts = self.fonts;
        let set: Vec<Vec<Line>> = paragraphs
            .par_iter()
            .map(|(inlines, style)| typeset(inlines, style, fonts))
            .collect();
        self.ahead = Ahead::Ready(set.into());
        self.walk(index, piece);
        self.ahead = Ahead::No;
    }

    /// Lines of a marker or table cell, set at once (nothing while collecting).
    fn set_now(&self, inlines: &[Inline], style: &ParagraphStyle) -> Vec<Line> {
        match self.ahead {
            Ahead::Collecting(_) => Vec::new(),
            _ => typeset(inlines, style, self.fonts),
        }
    }

    /// One walk over a piece (see [`Ahead`]).
    fn walk(&mut self, index: usize, piece: &Piece) {
        let frame = Frame {
            lang: piece.lang.clone(),
            dir: piece.dir,
            scale: TypeScale::for_lang(&piece.lang, self.type_factor),
            start: 0.0,
            end: 0.0,
            italic: false,
        };
        let s = frame.scale;
        self.piece = Some((index, self.footnotes.len()));
        self.notes(piece, &frame);
        self.flow.push(Flow::NewPage(PageBreak {
            recto: true,
            opening: Some(index),
        }));
        self.flow.push(Flow::Space(s.title.leading * 3.0));
        let title =
            crate::book::language_spans(vec![Inline::Text(piece.meta.title.clone())], piece.dir);
        let first = self.flow.len();
        self.paragraph(&title, &frame, Set::heading(s.title));
        self.mark(first, Mark::Piece(index));
        if !piece.meta.authors.is_empty() {
            self.flow.push(Flow::Space(s.body.leading * 0.3));
            let byline = vec![Inline::Text(locale::join_names(
                &piece.meta.authors,
                &piece.lang,
            ))];
            self.paragraph(&byline, &frame, Set::plain(s.body, Align::Start).kept());
        }
        if !piece.meta.translators.is_empty() {
            let words = locale::words(&piece.lang);
            let line = format!(
                "{} {}",
                words.translated_by,
                locale::join_names(&piece.meta.translators, &piece.lang)
            );
            self.paragraph(
                &[Inline::Text(line)],
                &frame,
                Set::plain(s.body, Align::Start).kept(),
            );
        }
        self.flow.push(Flow::Space(s.body.leading * 2.0));
        let mut previous: Option<&Block> = None;
        for (i, block) in piece.blocks.iter().enumerate() {
            self.block = Some((i, matches!(block, Block::Paragraph(_))));
            let indent_first = matches!(previous, Some(Block::Paragraph(_)));
            self.block(block, &frame, indent_first);
            previous = Some(block);
        }
        self.block = None;
    }

    /// Sets the notes of a piece, numbered from 1 in its digits, into the footnote table.
    fn notes(&mut self, piece: &Piece, frame: &Frame) {
        let s = frame.scale;
        let note_frame = Frame {
            scale: TypeScale { body: s.note, ..s },
            ..frame.clone()
        };
        let body = std::mem::take(&mut self.flow);
        for (i, note) in piece.notes.iter().enumerate() {
            let marker = format!("{}. ", locale::number(i as u64 + 1, &piece.lang));
            let mut blocks = note.blocks.clone();
            match blocks.first_mut() {
                Some(Block::Paragraph(first)) => first.insert(0, Inline::Text(marker)),
                _ => blocks.insert(0, Block::Paragraph(vec![Inline::Text(marker)])),
            }
            self.blocks(&blocks, &note_frame);
            let lines = self
                .flow
                .drain(..)
                .filter_map(|f| match f {
                    Flow::Line(l) => Some(l),
                    _ => None,
                })
                .collect();
            self.footnotes.push(Footnote { lines });
        }
        self.flow = body;
    }

    /// Puts `mark` on the first line set since `from`.
    fn mark(&mut self, from: usize, mark: Mark) {
        if let Some(Flow::Line(line)) = self.flow[from..]
            .iter_mut()
            .find(|f| matches!(f, Flow::Line(_)))
        {
            line.mark = Some(mark);
        }
    }

    fn blocks(&mut self, blocks: &[Block], frame: &Frame) {
        let mut previous: Option<&Block> = None;
        for block in blocks {
            let indent_first = matches!(previous, Some(Block::Paragraph(_)));
            self.block(block, frame, indent_first);
            previous = Some(block);
        }
    }

    fn block(&mut self, block: &Block, frame: &Frame, indent_first: bool) {
        let s = frame.scale;
        match block {
            Block::Heading { level, content, id } => {
                let t = if *level <= 2 { s.heading } else { s.subheading };
                self.flow.push(Flow::Space(
                    s.body.leading * if *level <= 2 { 1.0 } else { 0.6 },
                ));
                let first = self.flow.len();
                self.paragraph(content, frame, Set::heading(t));
                let title = Inline::plain_text(content);
                self.mark(
                    first,
                    Mark::Heading {
                        level: *level,
                        title,
                        id: id.clone(),
                    },
                );
                self.flow.push(Flow::Space(s.body.leading * 0.25));
            }
            Block::Paragraph(content) => {
                let indent = if indent_first { s.indent } else { 0.0 };
                self.paragraph(
                    content,
                    frame,
                    Set {
                        t: s.body,
                        bold: false,
                        italic: frame.italic,
                        align: Align::Justify,
                        first_indent: indent,
                        keep_with_next: false,
                    },
                );
            }
            Block::Quote(blocks) => {
                let inner = Frame {
                    start: frame.start + s.indent * 1.5,
                    scale: TypeScale { body: s.quote, ..s },
                    ..frame.clone()
                };
                self.flow.push(Flow::Space(s.body.leading * 0.5));
                self.blocks(blocks, &inner);
                self.flow.push(Flow::Space(s.body.leading * 0.5));
            }
            Block::List { kind, items } => self.list(kind, items, frame),
            Block::ThematicBreak => {
                self.flow.push(Flow::Space(s.body.leading * 0.5));
                let stars = vec![Inline::Text("*\u{2003}*\u{2003}*".into())];
                self.paragraph(&stars, frame, Set::plain(s.body, Align::Center));
                self.flow.push(Flow::Space(s.body.leading * 0.5));
            }
            Block::Epigraph { quote, attribution } => {
                let inner = Frame {
                    start: frame.start + self.measure * 0.25,
                    scale: TypeScale { body: s.quote, ..s },
                    italic: !frame.lang.is_persian(),
                    ..frame.clone()
                };
                self.flow.push(Flow::Space(s.body.leading * 0.5));
                self.blocks(quote, &inner);
                if let Some(who) = attribution {
                    let mut line = vec![Inline::Text("— ".into())];
                    line.extend(who.iter().cloned());
                    self.paragraph(
                        &line,
                        &Frame {
                            italic: false,
                            ..inner.clone()
                        },
                        Set::plain(s.quote, Align::End),
                    );
                }
                self.flow.push(Flow::Space(s.body.leading));
            }
            Block::Signature(lines) => {
                self.flow.push(Flow::Space(s.body.leading * 0.5));
                for line in lines {
                    self.paragraph(line, frame, Set::plain(s.body, Align::End));
                }
            }
            Block::Code(code) => {
                let ltr = Frame {
                    dir: Direction::Ltr,
                    lang: Lang::english(),
                    ..frame.clone()
                };
                for line in code.lines() {
                    self.paragraph(
                        &[Inline::Text(line.to_string())],
                        &ltr,
                        Set::plain(s.quote, Align::Start),
                    );
                }
            }
            Block::Table { align, head, rows } => {
                self.table_row(head, align, frame, true);
                for row in rows {
                    self.table_row(row, align, frame, false);
                }
                self.flow.push(Flow::Space(s.body.leading * 0.5));
            }
        }
    }

    fn list(&mut self, kind: &ListKind, items: &[Vec<Block>], frame: &Frame) {
        let s = frame.scale;
        let hang = s.indent * 2.0;
        let inner = Frame {
            start: frame.start + hang,
            ..frame.clone()
        };
        self.flow.push(Flow::Space(s.body.leading * 0.25));
        for (i, item) in items.iter().enumerate() {
            let marker = match kind {
                ListKind::Bullet => "•".to_string(),
                ListKind::Ordered { style, start } => marker(*style, start + i as u64, &frame.lang),
            };
            let first_line = self.flow.len();
            self.blocks(item, &inner);
            // The marker hangs in the indent, on the start side, on the item's first baseline.
            let marker_frame = Frame {
                start: frame.start,
                end: 0.0,
                ..frame.clone()
            };
            let width = hang - s.indent * 0.5;
            let style = self.style(&marker_frame, s.body, false, false, Align::End, 0.0, width);
            let lines = self.set_now(&[Inline::Text(marker)], &style);
            if let (Some(marker_line), Some(Flow::Line(first))) = (
                lines.into_iter().next(),
                self.flow[first_line..]
                    .iter_mut()
                    .find(|f| matches!(f, Flow::Line(_))),
            ) {
                let marker_x = match frame.dir {
                    Direction::Ltr => frame.start,
                    Direction::Rtl => self.measure - frame.start - width,
                };
                let shift = marker_x - first.x;
                first
                    .line
                    .glyphs
                    .extend(marker_line.glyphs.into_iter().map(|mut g| {
                        g.x += shift;
                        g
                    }));
            }
            self.flow.push(Flow::Space(s.body.leading * 0.15));
        }
        self.flow.push(Flow::Space(s.body.leading * 0.25));
    }

    fn table_row(
        &mut self,
        cells: &[Vec<Inline>],
        align: &[ColumnAlign],
        frame: &Frame,
        head: bool,
    ) {
        let s = frame.scale;
        let columns = cells.len().max(1);
        let width = (self.measure - frame.start - frame.end) / columns as f32;
        let mut set: Vec<Vec<Line>> = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            let a = match align.get(i) {
                Some(ColumnAlign::Center) => Align::Center,
                Some(ColumnAlign::End) => Align::End,
                _ => Align::Start,
            };
            let style = self.style(frame, s.body, head, false, a, 0.0, width - 6.0);
            set.push(self.set_now(cell, &style));
        }
        let rows = set.iter().map(Vec::len).max().unwrap_or(0);
        for r in 0..rows {
            let mut glyphs = Vec::new();
            let mut links = Vec::new();
            for (c, lines) in set.iter().enumerate() {
                let column = match frame.dir {
                    Direction::Ltr => c,
                    Direction::Rtl => columns - 1 - c,
                };
                if let Some(line) = lines.get(r) {
                    let shift = frame.start + column as f32 * width;
                    glyphs.extend(line.glyphs.iter().cloned().map(|mut g| {
                        g.x += shift;
                        g
                    }));
                    links.extend(line.links.iter().cloned().map(|mut l| {
                        l.x = (l.x.0 + shift, l.x.1 + shift);
                        l
                    }));
                }
            }
            let line = Line {
                glyphs,
                width: self.measure,
                overfull: false,
                loose: false,
                hyphenated: false,
                notes: Vec::new(),
                links,
                words_before: 0,
            };
            self.flow
                .push(Flow::Line(FlowLine::new(line, 0.0, s.body.leading, head)));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn style(
        &self,
        frame: &Frame,
        t: Type,
        bold: bool,
        italic: bool,
        align: Align,
        first_indent: f32,
        measure: f32,
    ) -> ParagraphStyle {
        ParagraphStyle {
            text: Style {
                bold,
                italic,
                scale: 1.0,
                rise: 0.0,
                lang: frame.lang.clone(),
            },
            size: t.size,
            dir: frame.dir,
            measure,
            first_indent,
            align,
        }
    }

    /// Sets one paragraph into the flow.
    fn paragraph(&mut self, inlines: &[Inline], frame: &Frame, set: Set) {
        let measure = self.measure - frame.start - frame.end;
        let style = self.style(
            frame,
            set.t,
            set.bold,
            set.italic,
            set.align,
            set.first_indent,
            measure,
        );
        let x = match frame.dir {
            Direction::Ltr => frame.start,
            Direction::Rtl => frame.end,
        };
        let lines = match &mut self.ahead {
            Ahead::No => typeset(inlines, &style, self.fonts),
            Ahead::Collecting(paragraphs) => {
                paragraphs.push((inlines.to_vec(), style));
                return;
            }
            // Both walks meet the same paragraphs in the same order.
            Ahead::Ready(set) => set
                .pop_front()
                .unwrap_or_else(|| typeset(inlines, &style, self.fonts)),
        };
        let count = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            if line.overfull || line.loose {
                let piece = self.piece.map_or(0, |(p, _)| p);
                self.problems.push((
                    piece,
                    format!(
                        "{} line {}: {}",
                        if line.overfull { "overfull" } else { "loose" },
                        i + 1,
                        line.glyphs
                            .iter()
                            .map(|g| g.text.as_str())
                            .collect::<String>()
                    ),
                ));
            }
            // No orphan (a first line alone at a page's foot) and no widow (a last line
            // alone at its head): the first and the second-last line keep with the next.
            let keep = set.keep_with_next || (count > 1 && (i == 0 || i + 2 == count));
            let mut flow_line = FlowLine::new(line, x, set.t.leading, keep);
            if let Some((piece, first_note)) = self.piece {
                flow_line.notes = flow_line
                    .line
                    .notes
                    .iter()
                    .map(|n| first_note + n.number.saturating_sub(1))
                    .collect();
                if let Some((block, is_paragraph)) = self.block {
                    flow_line.origin = Some(Origin {
                        piece,
                        block,
                        words: if is_paragraph {
                            flow_line.line.words_before
                        } else {
                            0
                        },
                    });
                }
            }
            self.flow.push(Flow::Line(flow_line));
        }
    }
}

/// How one paragraph is set.
#[derive(Debug, Clone, Copy)]
struct Set {
    /// Size and leading.
    t: Type,
    bold: bool,
    italic: bool,
    align: Align,
    first_indent: f32,
    /// Kept on the page of what follows (headings, titles).
    keep_with_next: bool,
}

impl Set {
    /// Regular text, aligned as asked, no indent.
    fn plain(t: Type, align: Align) -> Set {
        Set {
            t,
            bold: false,
            italic: false,
            align,
            first_indent: 0.0,
            keep_with_next: false,
        }
    }

    /// The same, kept with what follows.
    fn kept(self) -> Set {
        Set {
            keep_with_next: true,
            ..self
        }
    }

    /// A bold heading on the start side, kept with what follows.
    fn heading(t: Type) -> Set {
        Set {
            t,
            bold: true,
            italic: false,
            align: Align::Start,
            first_indent: 0.0,
            keep_with_next: true,
        }
    }
}

/// The marker of item `n` of an ordered list.
fn marker(style: ListStyle, n: u64, lang: &Lang) -> String {
    let body = match style {
        ListStyle::Decimal => locale::number(n, lang),
        ListStyle::LowerAlpha => alpha(n, 'a'),
        ListStyle::UpperAlpha => alpha(n, 'A'),
        ListStyle::LowerRoman => crate::book::to_roman(n),
        ListStyle::UpperRoman => crate::book::to_roman(n).to_uppercase(),
    };
    format!("{body}.")
}

fn alpha(n: u64, base: char) -> String {
    let offset = u32::try_from((n.max(1) - 1) % 26).unwrap_or(0);
    char::from_u32(base as u32 + offset)
        .map(String::from)
        .unwrap_or_default()
}
