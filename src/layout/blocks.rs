//! Blocks: each block of a piece set as lines in the flow, with its indents and spacing.

use super::flow::{Flow, FlowLine, Footnote, Mark, PageBreak};
use super::style::{Type, TypeScale};
use super::table::{self, CellWidths, CELL_GAP};
use super::{LineProblem, Origin, SetProblem};
use crate::book::{
    Align as ColumnAlign, Block, Direction, Inline, Lang, ListKind, ListStyle, Piece,
};
use crate::locale;
use crate::text::collect::{collect, Collected, Style};
use crate::text::fonts::FontSet;
use crate::text::line::{Align, Line, PlacedGlyph};
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
    pub problems: Vec<(usize, SetProblem)>,
    /// The piece being set, and the index of its first note in `footnotes`.
    piece: Option<(usize, usize)>,
    /// How much larger than the reference setting the type is.
    pub(super) type_factor: f32,
    /// The top-level block being set, and whether it is a paragraph.
    block: Option<(usize, bool)>,
    /// Paragraphs typeset ahead of the walk that places them.
    ahead: Ahead,
    /// Where in the flow the last space a quote set around itself is: quotes opening or
    /// closing together (a quote in a quote) share one space rather than pile them up.
    quote_space: Option<usize>,
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
    /// Inside a nest of quotes, lists or an epigraph: the share of their usual indent each
    /// level gets, worked out for the whole nest at its top (`None` outside one).
    squeeze: Option<f32>,
}

/// The indents of nested quotes, lists and epigraphs take at most this share of the measure:
/// a deep nest indents each level less, so that its deepest text keeps half the line. With
/// the nesting limit ([`crate::book::MAX_NESTING`]) that is never less than a readable measure.
const MAX_NESTING_SHARE: f32 = 0.5;

/// How far the deepest text of `block` is indented at the usual indents: quotes by 1.5
/// paragraph indents, list items by 2, epigraphs by a quarter of the `measure`.
fn nest_indent(block: &Block, indent: f32, measure: f32) -> f32 {
    let deepest = |blocks: &[Block]| {
        blocks
            .iter()
            .map(|b| nest_indent(b, indent, measure))
            .fold(0.0, f32::max)
    };
    match block {
        Block::Quote(blocks) => indent * 1.5 + deepest(blocks),
        Block::List { items, .. } => {
            indent * 2.0 + items.iter().map(|i| deepest(i)).fold(0.0, f32::max)
        }
        Block::Epigraph { quote, .. } => measure * 0.25 + deepest(quote),
        _ => 0.0,
    }
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
            quote_space: None,
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
            squeeze: None,
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
            self.quote_space = None;
        }
        self.flow = body;
        self.quote_space = None;
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

    /// Space of `height` before or after a quote, one with the space of a quote it meets.
    fn quote_space(&mut self, height: f32) {
        if self.quote_space.is_some() && self.quote_space == self.flow.len().checked_sub(1) {
            if let Some(Flow::Space(space)) = self.flow.last_mut() {
                *space = space.max(height);
                return;
            }
        }
        self.flow.push(Flow::Space(height));
        self.quote_space = Some(self.flow.len() - 1);
    }

    /// The share of the usual indents the nest `block` opens gets (see [`Frame::squeeze`]).
    fn squeeze(&self, block: &Block, frame: &Frame) -> f32 {
        frame.squeeze.unwrap_or_else(|| {
            let room = (self.measure - frame.start - frame.end) * MAX_NESTING_SHARE;
            let needed = nest_indent(block, frame.scale.indent, self.measure);
            if needed > room {
                room / needed
            } else {
                1.0
            }
        })
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
                        mono: false,
                    },
                );
            }
            Block::Quote(blocks) => {
                let squeeze = self.squeeze(block, frame);
                let inner = Frame {
                    start: frame.start + s.indent * 1.5 * squeeze,
                    scale: TypeScale { body: s.quote, ..s },
                    squeeze: Some(squeeze),
                    ..frame.clone()
                };
                self.quote_space(s.body.leading * 0.5);
                self.blocks(blocks, &inner);
                self.quote_space(s.body.leading * 0.5);
            }
            Block::List { kind, items } => {
                let squeeze = self.squeeze(block, frame);
                self.list(kind, items, frame, squeeze)
            }
            Block::ThematicBreak => {
                self.flow.push(Flow::Space(s.body.leading * 0.5));
                let stars = vec![Inline::Text("*\u{2003}*\u{2003}*".into())];
                self.paragraph(&stars, frame, Set::plain(s.body, Align::Center));
                self.flow.push(Flow::Space(s.body.leading * 0.5));
            }
            Block::Epigraph { quote, attribution } => {
                let squeeze = self.squeeze(block, frame);
                let inner = Frame {
                    start: frame.start + self.measure * 0.25 * squeeze,
                    scale: TypeScale { body: s.quote, ..s },
                    italic: !frame.lang.is_persian(),
                    squeeze: Some(squeeze),
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
                // Set flush left in the monospace face, never justified or hyphenated. A
                // line too long for the measure wraps where UAX #14 allows (after a space,
                // before an opening bracket…), or between characters if a word alone is too
                // long; its continuation lines hang CODE_WRAP_INDENT characters further in
                // than the line's own indent, so that they are not read as lines of their own.
                let char_width = s.quote.size * MONO_ADVANCE_EM;
                self.flow.push(Flow::Space(s.body.leading * 0.5));
                for line in code.lines() {
                    if line.trim().is_empty() {
                        // An empty line keeps its place in the block.
                        self.flow.push(Flow::Space(s.quote.leading));
                        continue;
                    }
                    let indent: usize = line
                        .chars()
                        .take_while(|c| c.is_whitespace())
                        .map(|c| if c == '\t' { 4 } else { 1 })
                        .sum();
                    let hang = char_width * (indent as f32 + CODE_WRAP_INDENT);
                    let ltr = Frame {
                        dir: Direction::Ltr,
                        lang: Lang::english(),
                        start: frame.start + hang,
                        ..frame.clone()
                    };
                    let set = Set {
                        first_indent: -hang,
                        mono: true,
                        ..Set::plain(s.quote, Align::Start)
                    };
                    self.paragraph(&[Inline::Text(line.to_string())], &ltr, set);
                }
                self.flow.push(Flow::Space(s.body.leading * 0.5));
            }
            Block::Table {
                align,
                head,
                rows,
                line,
            } => {
                self.table(align, head, rows, *line, frame);
                self.flow.push(Flow::Space(s.body.leading * 0.5));
            }
        }
    }

    fn list(&mut self, kind: &ListKind, items: &[Vec<Block>], frame: &Frame, squeeze: f32) {
        let s = frame.scale;
        let hang = s.indent * 2.0 * squeeze;
        let inner = Frame {
            start: frame.start + hang,
            squeeze: Some(squeeze),
            ..frame.clone()
        };
        self.flow.push(Flow::Space(s.body.leading * 0.25));
        for (i, item) in items.iter().enumerate() {
            let task = task_box(item);
            // A task item in a bulleted list shows its box instead of the bullet; in an
            // ordered list, its number and then its box.
            let marker = match (kind, task) {
                (ListKind::Bullet, Some(_)) => None,
                (ListKind::Bullet, None) => Some("•".to_string()),
                (ListKind::Ordered { style, start }, _) => {
                    Some(marker(*style, start + i as u64, &frame.lang))
                }
            };
            let first_line = self.flow.len();
            self.blocks(item, &inner);
            // The marker hangs in the indent, on the start side, on the item's first baseline:
            // set flush to the end of its slot, the box nearest the text.
            let mut slot = hang - s.indent * 0.5 * squeeze;
            let slot_x = |width: f32| match frame.dir {
                Direction::Ltr => frame.start,
                Direction::Rtl => self.measure - frame.start - width,
            };
            let mut glyphs = Vec::new();
            if let Some(done) = task {
                let drawn = self.task_box_glyphs(done, frame, slot);
                let used = drawn.first().map_or(0.0, |g| g.advance) + s.body.size * 0.3;
                glyphs.extend(drawn.into_iter().map(|mut g| {
                    g.x += slot_x(slot);
                    g
                }));
                slot -= used;
            }
            if let Some(marker) = marker {
                let marker_frame = Frame {
                    start: frame.start,
                    end: 0.0,
                    ..frame.clone()
                };
                let style = Self::style(&marker_frame, s.body, false, false, Align::End, 0.0, slot);
                let mut lines = self.set_now(&[Inline::Text(marker.clone())], &style);
                // A marker wider than its slot (a deep nest on a narrow page) is set whole,
                // reaching out of the slot on the side away from the text: broken over two
                // lines, its second line ("." of "10.") was lost.
                let mut width = slot;
                if lines.len() > 1 {
                    width = lines
                        .iter()
                        .flat_map(|l| &l.glyphs)
                        .map(|g| g.advance)
                        .sum::<f32>()
                        + 0.01;
                    let style =
                        Self::style(&marker_frame, s.body, false, false, Align::End, 0.0, width);
                    lines = self.set_now(&[Inline::Text(marker)], &style);
                }
                let x = match frame.dir {
                    Direction::Ltr => slot_x(slot) + slot - width,
                    Direction::Rtl => slot_x(slot),
                };
                if let Some(line) = lines.into_iter().next() {
                    glyphs.extend(line.glyphs.into_iter().map(|mut g| {
                        g.x += x;
                        g
                    }));
                }
            }
            if let Some(Flow::Line(first)) = self.flow[first_line..]
                .iter_mut()
                .find(|f| matches!(f, Flow::Line(_)))
            {
                let shift = -first.x;
                first.line.glyphs.extend(glyphs.into_iter().map(|mut g| {
                    g.x += shift;
                    g
                }));
            }
            self.flow.push(Flow::Space(s.body.leading * 0.15));
        }
        self.flow.push(Flow::Space(s.body.leading * 0.25));
    }

    /// A task item's box, set flush to the end of a slot `width` wide (x from the slot's
    /// start edge): the monospace face's white square (□), which extracts as ☐ or ☑ — no
    /// bundled face has the ballot boxes — and, when ticked, its check mark (✓) drawn inside
    /// it, which extracts as nothing.
    fn task_box_glyphs(&self, done: bool, frame: &Frame, width: f32) -> Vec<PlacedGlyph> {
        // Latin-script glyphs, set left to right whatever the list's direction.
        let ltr = Frame {
            dir: Direction::Ltr,
            lang: Lang::english(),
            start: 0.0,
            end: 0.0,
            ..frame.clone()
        };
        let s = frame.scale;
        // The end of the slot in the list's direction: the side of the text.
        let align = match frame.dir {
            Direction::Ltr => Align::End,
            Direction::Rtl => Align::Start,
        };
        let style = Self::style(&ltr, s.body, false, false, align, 0.0, width);
        let first_glyph = |c: char| {
            self.set_now(&[Inline::Code(c.to_string())], &style)
                .into_iter()
                .next()
                .and_then(|line| line.glyphs.into_iter().next())
        };
        let Some(mut square) = first_glyph('\u{25A1}') else {
            return Vec::new();
        };
        square.text = if done { "☑" } else { "☐" }.into();
        let mut out = vec![square];
        if done {
            if let Some(mut check) = first_glyph('\u{2713}') {
                let square = &out[0];
                check.x = square.x + (square.advance - check.advance) / 2.0;
                check.advance = 0.0;
                check.text = Default::default();
                out.push(check);
            }
        }
        out
    }

    /// Sets a table: its columns planned from what the cells hold (see [`table::plan`]),
    /// then row by row, each row's cells side by side, its lines kept together.
    fn table(
        &mut self,
        align: &[ColumnAlign],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        line: usize,
        frame: &Frame,
    ) {
        if matches!(self.ahead, Ahead::Collecting(_)) {
            return;
        }
        let s = frame.scale;
        let columns = std::iter::once(head)
            .chain(rows.iter().map(Vec::as_slice))
            .map(<[_]>::len)
            .max()
            .unwrap_or(0)
            .max(1);
        let cell_style = |c: usize, t: Type, head: bool, measure: f32| {
            let a = match align.get(c) {
                Some(ColumnAlign::Center) => Align::Center,
                Some(ColumnAlign::End) => Align::End,
                _ => Align::Start,
            };
            Self::style(frame, t, head, false, a, 0.0, measure)
        };
        // Each cell measured unbroken at the body size.
        let mut measured = vec![CellWidths::default(); columns];
        let all_rows =
            std::iter::once((head, true)).chain(rows.iter().map(|r| (r.as_slice(), false)));
        for (cells, is_head) in all_rows.clone() {
            for (c, cell) in cells.iter().enumerate() {
                let style = cell_style(c, s.body, is_head, f32::MAX / 4.0);
                let lines: Vec<_> = typeset(cell, &style, self.fonts)
                    .into_iter()
                    .map(|l| l.glyphs)
                    .collect();
                measured[c] = measured[c].max(CellWidths::of(&lines));
            }
        }
        let available = self.measure - frame.start - frame.end;
        let plan = table::plan(&measured, available);
        if !plan.words_fit {
            let piece = self.piece.map_or(0, |(p, _)| p);
            self.problems.push((
                piece,
                SetProblem::WideTable {
                    line,
                    size: s.body.size * plan.scale,
                },
            ));
        }
        let t = Type {
            size: s.body.size * plan.scale,
            leading: s.body.leading * plan.scale,
        };
        // Columns' left edges, in reading order; a right-to-left table reads from the right.
        let mut lefts = vec![0.0; columns];
        let mut x = match frame.dir {
            Direction::Ltr => frame.start,
            Direction::Rtl => frame.end,
        };
        for k in 0..columns {
            let c = match frame.dir {
                Direction::Ltr => k,
                Direction::Rtl => columns - 1 - k,
            };
            lefts[c] = x;
            x += plan.widths[c];
        }
        for (cells, is_head) in all_rows {
            let set: Vec<Vec<Line>> = cells
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let style = cell_style(c, t, is_head, plan.widths[c] - CELL_GAP);
                    typeset(cell, &style, self.fonts)
                })
                .collect();
            let height = set.iter().map(Vec::len).max().unwrap_or(0);
            for r in 0..height {
                let mut glyphs = Vec::new();
                let mut notes = Vec::new();
                let mut links = Vec::new();
                for (c, lines) in set.iter().enumerate() {
                    let Some(line) = lines.get(r) else {
                        continue;
                    };
                    // The gap is on each column's end side.
                    let shift = lefts[c]
                        + match frame.dir {
                            Direction::Ltr => 0.0,
                            Direction::Rtl => CELL_GAP,
                        };
                    glyphs.extend(line.glyphs.iter().cloned().map(|mut g| {
                        g.x += shift;
                        g
                    }));
                    notes.extend(line.notes.iter().cloned().map(|mut n| {
                        n.x = (n.x.0 + shift, n.x.1 + shift);
                        n
                    }));
                    links.extend(line.links.iter().cloned().map(|mut l| {
                        l.x = (l.x.0 + shift, l.x.1 + shift);
                        l
                    }));
                }
                let line = Line {
                    glyphs,
                    width: self.measure,
                    overfull: false,
                    loose: false,
                    hyphenated: false,
                    notes,
                    links,
                    words_before: 0,
                    text: 0..0,
                };
                // A row's lines stay together; the head stays with the first row.
                let keep = is_head || r + 1 < height;
                let mut flow_line = FlowLine::new(line, 0.0, t.leading, keep);
                flow_line.notes = self.note_indices(&flow_line.line);
                self.flow.push(Flow::Line(flow_line));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn style(
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
                ..Style::plain(frame.lang.clone())
            },
            size: t.size,
            dir: frame.dir,
            measure,
            first_indent,
            align,
        }
    }

    /// The book's note table indices of the notes `line` calls (none outside a piece).
    fn note_indices(&self, line: &Line) -> Vec<usize> {
        match self.piece {
            Some((_, first_note)) => line
                .notes
                .iter()
                .map(|n| first_note + n.number.saturating_sub(1))
                .collect(),
            None => Vec::new(),
        }
    }

    /// Sets one paragraph into the flow.
    fn paragraph(&mut self, inlines: &[Inline], frame: &Frame, set: Set) {
        let measure = self.measure - frame.start - frame.end;
        let mut style = Self::style(
            frame,
            set.t,
            set.bold,
            set.italic,
            set.align,
            set.first_indent,
            measure,
        );
        style.text.mono = set.mono;
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
        // The paragraph's text in logical order, collected again only when a line needs
        // quoting: its lines' glyphs are in visual order.
        let mut collected = None;
        for (i, line) in lines.into_iter().enumerate() {
            if line.overfull || line.loose {
                let piece = self.piece.map_or(0, |(p, _)| p);
                let collected = collected.get_or_insert_with(|| collect(inlines, &style.text));
                self.problems.push((
                    piece,
                    SetProblem::Line(LineProblem {
                        overfull: line.overfull,
                        text: logical_text(collected, &line.text),
                    }),
                ));
            }
            // No orphan (a first line alone at a page's foot) and no widow (a last line
            // alone at its head): the first and the second-last line keep with the next.
            let keep = set.keep_with_next || (count > 1 && (i == 0 || i + 2 == count));
            let mut flow_line = FlowLine::new(line, x, set.t.leading, keep);
            flow_line.notes = self.note_indices(&flow_line.line);
            if let Some((piece, _)) = self.piece {
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

/// The text of bytes `range` of a collected paragraph as written: note markers and the
/// isolates around language spans, which the collected text adds, left out.
fn logical_text(collected: &Collected, range: &std::ops::Range<u32>) -> String {
    let start = usize::try_from(range.start).unwrap_or(usize::MAX);
    let end = usize::try_from(range.end).unwrap_or(usize::MAX);
    let text = &collected.text;
    let (start, end) = (start.min(text.len()), end.min(text.len()));
    // The markers are in text order: those on the line are found by bisection (a paragraph
    // may hold thousands).
    let first = collected.notes.partition_point(|(m, _)| m.end <= start);
    let mut markers = collected.notes[first..]
        .iter()
        .map(|(m, _)| m.clone())
        .take_while(|m| m.start < end)
        .peekable();
    let mut out = String::with_capacity(end.saturating_sub(start));
    for (i, c) in text.get(start..end).unwrap_or_default().char_indices() {
        let at = start + i;
        while markers.next_if(|m| m.end <= at).is_some() {}
        if markers.peek().is_some_and(|m| m.contains(&at)) {
            continue;
        }
        match c {
            '\u{2066}'..='\u{2069}' => {}
            '\u{2028}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
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
    /// Code: in the monospace face.
    mono: bool,
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
            mono: false,
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
            mono: false,
        }
    }
}

/// Whether `item` is a task item, and if so whether it is done: its first paragraph opens
/// with the box.
fn task_box(item: &[Block]) -> Option<bool> {
    match item.first() {
        Some(Block::Paragraph(content)) => match content.first() {
            Some(Inline::TaskBox(done)) => Some(*done),
            _ => None,
        },
        _ => None,
    }
}

/// The advance of every character of the monospace face (JetBrains Mono: 600 units of
/// 1000), in ems.
const MONO_ADVANCE_EM: f32 = 0.6;

/// How many characters the continuation of a wrapped line of code hangs in.
const CODE_WRAP_INDENT: f32 = 2.0;

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
