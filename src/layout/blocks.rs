//! Blocks: each block of a piece set as lines in the flow, with its indents and spacing.

use super::flow::{Flow, FlowLine};
use super::style::{Type, TypeScale};
use crate::book::{
    Align as ColumnAlign, Block, Direction, Inline, Lang, ListKind, ListStyle, Piece,
};
use crate::locale;
use crate::text::collect::Style;
use crate::text::fonts::FontSet;
use crate::text::line::{Align, Line};
use crate::text::paragraph::{typeset, ParagraphStyle};

/// Sets pieces' blocks into the flow.
pub struct BlockSetter<'a> {
    /// Fonts, loaded once.
    pub fonts: &'a FontSet,
    /// Full text width.
    pub measure: f32,
    /// The flow being built.
    pub flow: Vec<Flow>,
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
    pub fn new(fonts: &'a FontSet, measure: f32) -> BlockSetter<'a> {
        BlockSetter {
            fonts,
            measure,
            flow: Vec::new(),
        }
    }

    /// Sets a whole piece: new page, title, byline, body, notes.
    pub fn piece(&mut self, piece: &Piece) {
        let frame = Frame {
            lang: piece.lang.clone(),
            dir: piece.dir,
            scale: TypeScale::for_lang(&piece.lang),
            start: 0.0,
            end: 0.0,
            italic: false,
        };
        let s = frame.scale;
        self.flow.push(Flow::NewPage);
        self.flow.push(Flow::Space(s.title.leading * 2.0));
        let title =
            crate::book::language_spans(vec![Inline::Text(piece.meta.title.clone())], piece.dir);
        self.paragraph(&title, &frame, Set::heading(s.title));
        if !piece.meta.authors.is_empty() {
            self.flow.push(Flow::Space(s.body.leading * 0.3));
            let byline = vec![Inline::Text(locale::join_names(
                &piece.meta.authors,
                &piece.lang,
            ))];
            self.paragraph(&byline, &frame, Set::plain(s.body, Align::Start));
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
                Set::plain(s.body, Align::Start),
            );
        }
        self.flow.push(Flow::Space(s.body.leading * 2.0));
        self.blocks(&piece.blocks, &frame);
        if !piece.notes.is_empty() {
            self.flow.push(Flow::Space(s.body.leading * 1.5));
            let words = locale::words(&piece.lang);
            self.paragraph(
                &[Inline::Text(words.notes.to_string())],
                &frame,
                Set::heading(s.heading),
            );
            self.flow.push(Flow::Space(s.note.leading * 0.5));
            for (i, note) in piece.notes.iter().enumerate() {
                let marker = format!("{}. ", locale::number(i as u64 + 1, &piece.lang));
                let mut blocks = note.blocks.clone();
                match blocks.first_mut() {
                    Some(Block::Paragraph(first)) => first.insert(0, Inline::Text(marker)),
                    _ => blocks.insert(0, Block::Paragraph(vec![Inline::Text(marker)])),
                }
                let note_frame = Frame {
                    scale: TypeScale { body: s.note, ..s },
                    ..frame.clone()
                };
                self.blocks(&blocks, &note_frame);
                self.flow.push(Flow::Space(s.note.leading * 0.3));
            }
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
            Block::Heading { level, content, .. } => {
                let t = if *level <= 2 { s.heading } else { s.subheading };
                self.flow.push(Flow::Space(
                    s.body.leading * if *level <= 2 { 1.0 } else { 0.6 },
                ));
                self.paragraph(content, frame, Set::heading(t));
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
            let lines = typeset(&[Inline::Text(marker)], &style, self.fonts);
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
            set.push(typeset(cell, &style, self.fonts));
        }
        let rows = set.iter().map(Vec::len).max().unwrap_or(0);
        for r in 0..rows {
            let mut glyphs = Vec::new();
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
                }
            }
            let line = Line {
                glyphs,
                width: self.measure,
                overfull: false,
            };
            self.flow.push(Flow::Line(FlowLine {
                line,
                x: 0.0,
                leading: s.body.leading,
                keep_with_next: head,
            }));
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
        let (t, keep_with_next) = (set.t, set.keep_with_next);
        for line in typeset(inlines, &style, self.fonts) {
            self.flow.push(Flow::Line(FlowLine {
                line,
                x,
                leading: t.leading,
                keep_with_next,
            }));
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
