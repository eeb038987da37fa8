//! Markdown body → blocks, notes and diagnostics, from pulldown-cmark's event stream.

use super::diagnostic::{Diagnostic, LineIndex};
use super::fancy_lists;
use super::fences;
use super::inline_passes;
use super::lengths::Display;
use super::links::{self, PieceLink};
use super::model::{Align, Block, Inline, Lang, LinkTarget, ListKind, ListStyle, Note};
use pulldown_cmark::{Alignment, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

/// Deeper nesting than this is refused rather than recursed into.
const MAX_DEPTH: usize = 64;

/// How deep quotes and lists may be nested inside each other. Each level is indented, and
/// the page must keep a readable measure inside the deepest (the layout shares at most half
/// the measure among the levels, see `layout::blocks`); real pamphlets rarely go past three
/// or four.
pub const MAX_NESTING: usize = 10;

/// The Markdown extensions pieces are read with (shared by every reader of a body, so that
/// they agree on what is text).
pub(super) const OPTIONS: Options = Options::ENABLE_FOOTNOTES
    .union(Options::ENABLE_TABLES)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS);

/// The parsed body of a piece.
pub struct Body {
    /// The blocks.
    pub blocks: Vec<Block>,
    /// Footnotes in order of first reference.
    pub notes: Vec<Note>,
    /// Links to pieces (this one included), to be checked once every piece is read.
    pub piece_links: Vec<PieceLink>,
}

/// Parses a piece body. `first_line` is the file line the body starts on (after front matter),
/// `file` the name diagnostics give the piece and `path` its path in the book folder (links
/// are relative to it); problems go to `diagnostics`.
pub fn parse(
    body: &str,
    first_line: usize,
    file: &Path,
    path: &Path,
    lang: &Lang,
    diagnostics: &mut Vec<Diagnostic>,
) -> Body {
    let isolated = fences::isolate(body);
    let rewritten = fancy_lists::rewrite(&isolated.text);
    let text = rewritten.text.as_str();
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(text, OPTIONS).into_offset_iter().collect();
    let mut converter = Converter {
        events,
        pos: 0,
        text,
        index: LineIndex::new(text),
        first_line,
        line_map: &isolated.line_map,
        file,
        path,
        lang,
        diagnostics,
        piece_links: Vec::new(),
        list_styles: &rewritten.styles,
        note_numbers: HashMap::new(),
        note_order: Vec::new(),
        note_defs: HashMap::new(),
        heading_ids: HashSet::new(),
        depth: 0,
        nesting: 0,
    };
    let items = converter.blocks_until(None);
    let blocks = converter.group_fences(items);
    let notes = converter.finish_notes();
    Body {
        blocks,
        notes,
        piece_links: converter.piece_links,
    }
}

/// A block, or a `:::` fence line still to be matched with its partner.
enum Item {
    Block(Block),
    /// `::: name` (Some) or `:::` (None), with its file line.
    Fence(Option<String>, usize),
}

struct Converter<'a, 'd> {
    events: Vec<(Event<'a>, Range<usize>)>,
    pos: usize,
    text: &'a str,
    index: LineIndex,
    first_line: usize,
    /// Lines of the parsed text → lines of the body as written.
    line_map: &'d [usize],
    file: &'d Path,
    /// The piece's path in the book folder.
    path: &'d Path,
    lang: &'d Lang,
    diagnostics: &'d mut Vec<Diagnostic>,
    piece_links: Vec<PieceLink>,
    list_styles: &'d HashMap<usize, ListStyle>,
    note_numbers: HashMap<String, usize>,
    /// Labels in order of first reference, with the offset of that reference.
    note_order: Vec<(String, usize)>,
    /// Definitions by label, with their offset.
    note_defs: HashMap<String, (Vec<Block>, usize)>,
    heading_ids: HashSet<String>,
    /// Containers open around the current event.
    depth: usize,
    /// Quotes and lists among them (the containers that indent).
    nesting: usize,
}

impl<'a> Converter<'a, '_> {
    /// The file line of a byte offset in the parsed text.
    fn line_of(&self, offset: usize) -> usize {
        self.body_line(self.index.line(offset)) + self.first_line - 1
    }

    fn body_line(&self, parsed_line: usize) -> usize {
        self.line_map
            .get(parsed_line - 1)
            .copied()
            .unwrap_or(parsed_line)
    }

    /// Points `problem` at `written` (as the source spells it) starting at byte `offset` of the
    /// parsed text, in the editor's line and column.
    fn spanned(&self, problem: Diagnostic, offset: usize, written: &str) -> Diagnostic {
        let (line, column) = self.index.line_column(self.text, offset);
        problem.spanning(
            self.body_line(line) + self.first_line - 1,
            column,
            column + written.chars().count(),
        )
    }

    fn error(&mut self, offset: usize, message: impl Into<String>, hint: &str) {
        let (line, column) = self.index.line_column(self.text, offset);
        let d = Diagnostic::error(self.file, message)
            .at(self.body_line(line) + self.first_line - 1, column);
        self.diagnostics.push(if hint.is_empty() {
            d
        } else {
            d.with_hint(hint)
        });
    }

    fn next(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let item = self.events.get(self.pos).cloned();
        self.pos += 1;
        item
    }

    fn peek(&self) -> Option<&Event<'a>> {
        self.events.get(self.pos).map(|(e, _)| e)
    }

    /// Skips events up to and including the end of the element just started.
    fn skip_element(&mut self) {
        let mut depth = 1usize;
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// Guards recursion: past `MAX_DEPTH` containers, or `MAX_NESTING` quotes and lists
    /// (`indents`), the element is reported and skipped.
    fn enter(&mut self, offset: usize, indents: bool) -> bool {
        if indents && self.nesting >= MAX_NESTING {
            self.error(
                offset,
                format!("quotes and lists are nested more than {MAX_NESTING} deep"),
                "flatten the nesting: each level is indented, and deeper ones leave no room for the text",
            );
            self.skip_element();
            return false;
        }
        if self.depth >= MAX_DEPTH {
            self.error(
                offset,
                format!("blocks are nested more than {MAX_DEPTH} deep"),
                "flatten the nesting of quotes, lists and notes",
            );
            self.skip_element();
            return false;
        }
        self.depth += 1;
        self.nesting += usize::from(indents);
        true
    }

    /// Leaves a container [`Self::enter`] let in.
    fn leave(&mut self, indents: bool) {
        self.depth -= 1;
        self.nesting -= usize::from(indents);
    }

    /// Reads blocks until the end tag `until` (or the end of input), consuming that end tag.
    fn blocks_until(&mut self, until: Option<TagEnd>) -> Vec<Item> {
        let mut items = Vec::new();
        while let Some((event, range)) = self.next() {
            match event {
                Event::End(end) if Some(end) == until => break,
                Event::Start(Tag::Paragraph) => {
                    let inlines = self.inlines_until(TagEnd::Paragraph);
                    match fence_of(&inlines) {
                        Some(fence) => items.push(Item::Fence(fence, self.line_of(range.start))),
                        None => {
                            let inlines = self.finish_inlines(inlines, range.start);
                            items.push(Item::Block(Block::Paragraph(inlines)));
                        }
                    }
                }
                Event::Start(Tag::Heading {
                    level, id, attrs, ..
                }) => {
                    let content = self.inlines_until(TagEnd::Heading(level));
                    if let Some(block) = self.heading(
                        level,
                        id.map(|s| s.to_string()),
                        &attrs,
                        content,
                        range.start,
                    ) {
                        items.push(Item::Block(block));
                    }
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    if !self.enter(range.start, true) {
                        continue;
                    }
                    let inner = self.blocks_until(Some(TagEnd::BlockQuote(None)));
                    let blocks = self.group_fences(inner);
                    self.leave(true);
                    items.push(Item::Block(Block::Quote(blocks)));
                }
                Event::Start(Tag::List(first)) => {
                    if !self.enter(range.start, true) {
                        continue;
                    }
                    let block = self.list(first, range.start);
                    self.leave(true);
                    items.push(Item::Block(block));
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    // A fence's info string is for syntax highlighting, which books don't need.
                    let mut code = String::new();
                    while let Some((event, _)) = self.next() {
                        match event {
                            Event::Text(t) => code.push_str(&t),
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
                    items.push(Item::Block(Block::Code(code)));
                }
                Event::Start(Tag::Table(aligns)) => {
                    let block = self.table(&aligns, range.start);
                    items.push(Item::Block(block));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let label = label.to_string();
                    if !self.enter(range.start, false) {
                        continue;
                    }
                    let inner = self.blocks_until(Some(TagEnd::FootnoteDefinition));
                    let blocks = self.group_fences(inner);
                    self.leave(false);
                    if let std::collections::hash_map::Entry::Vacant(slot) =
                        self.note_defs.entry(label.clone())
                    {
                        slot.insert((blocks, range.start));
                    } else {
                        self.error(
                            range.start,
                            format!("footnote `[^{label}]` is defined twice"),
                            "give each note its own label",
                        );
                    }
                }
                Event::Start(Tag::HtmlBlock) => {
                    let mut html = String::new();
                    while let Some((event, _)) = self.next() {
                        match event {
                            Event::Html(h) => html.push_str(&h),
                            Event::End(TagEnd::HtmlBlock) => break,
                            _ => {}
                        }
                    }
                    if !is_comment(&html) {
                        self.raw_html(range.start, &html);
                    }
                }
                Event::Html(h) | Event::InlineHtml(h) if !is_comment(&h) => {
                    self.raw_html(range.start, &h)
                }
                Event::Rule => items.push(Item::Block(Block::ThematicBreak)),
                Event::Start(_) => {
                    // Inline content directly in a block container: a tight list item.
                    self.pos -= 1;
                    let inlines = self.loose_inlines();
                    let inlines = self.finish_inlines(inlines, range.start);
                    items.push(Item::Block(Block::Paragraph(inlines)));
                }
                Event::Text(_)
                | Event::Code(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::TaskListMarker(_)
                | Event::FootnoteReference(_) => {
                    self.pos -= 1;
                    let inlines = self.loose_inlines();
                    match fence_of(&inlines) {
                        Some(fence) => items.push(Item::Fence(fence, self.line_of(range.start))),
                        None => {
                            let inlines = self.finish_inlines(inlines, range.start);
                            items.push(Item::Block(Block::Paragraph(inlines)));
                        }
                    }
                }
                Event::End(_) => {}
                _ => {}
            }
        }
        items
    }

    /// Inline events that stand directly in a block container, up to the next block event.
    fn loose_inlines(&mut self) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some(event) = self.peek() {
            let inline_start = matches!(
                event,
                Event::Start(
                    Tag::Emphasis
                        | Tag::Strong
                        | Tag::Link { .. }
                        | Tag::Image { .. }
                        | Tag::Strikethrough
                )
            );
            let inline_leaf = matches!(
                event,
                Event::TaskListMarker(_)
                    | Event::Text(_)
                    | Event::Code(_)
                    | Event::SoftBreak
                    | Event::HardBreak
                    | Event::FootnoteReference(_)
                    | Event::InlineHtml(_)
            );
            if !(inline_start || inline_leaf) {
                break;
            }
            self.inline_event(&mut out);
        }
        out
    }

    /// Reads inlines until the end tag `until`, consuming it.
    fn inlines_until(&mut self, until: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None => break,
                Some(Event::End(end)) if *end == until => {
                    self.pos += 1;
                    break;
                }
                Some(_) => self.inline_event(&mut out),
            }
        }
        out
    }

    /// Converts one inline event (and, for a start tag, its whole element) onto `out`.
    fn inline_event(&mut self, out: &mut Vec<Inline>) {
        let Some((event, range)) = self.next() else {
            return;
        };
        match event {
            Event::Text(t) => push_text(out, &t),
            Event::Code(c) => out.push(Inline::Code(c.to_string())),
            Event::SoftBreak => push_text(out, " "),
            Event::HardBreak => out.push(Inline::LineBreak),
            Event::TaskListMarker(done) => out.push(Inline::TaskBox(done)),
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let next = self.note_numbers.len() + 1;
                let number = *self.note_numbers.entry(label.clone()).or_insert_with(|| {
                    self.note_order.push((label, range.start));
                    next
                });
                out.push(Inline::NoteRef(number));
            }
            Event::InlineHtml(h) | Event::Html(h) if !is_comment(&h) => {
                self.raw_html(range.start, &h)
            }
            Event::Start(Tag::Emphasis) => {
                let c = self.inlines_until(TagEnd::Emphasis);
                out.push(Inline::Emphasis(c));
            }
            Event::Start(Tag::Strong) => {
                let c = self.inlines_until(TagEnd::Strong);
                out.push(Inline::Strong(c));
            }
            Event::Start(Tag::Strikethrough) => {
                let c = self.inlines_until(TagEnd::Strikethrough);
                out.push(Inline::Strike(c));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let content = self.inlines_until(TagEnd::Link);
                // An autolinked address (`<name@example.org>`) comes without its scheme.
                let written = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                self.link(written, content, range, out);
            }
            Event::Start(Tag::Image { .. }) => {
                self.error(
                    range.start,
                    "images are not supported in pieces",
                    "remove the image; only the book's cover may be an image (book.toml `cover`)",
                );
                self.skip_element();
            }
            Event::Start(_) => {
                // A block inside inline content cannot happen in CommonMark; skip it safely.
                self.skip_element();
            }
            _ => {}
        }
    }

    fn raw_html(&mut self, offset: usize, html: &str) {
        let shown: String = html.trim().chars().take(40).collect();
        self.error(
            offset,
            format!("raw HTML is not allowed: `{shown}`"),
            "write it in Markdown (emphasis, links, `\\` for a line break) or remove it",
        );
    }

    /// A link whose target is read and whose text is checked; a link that cannot be
    /// followed is reported at `range` and its text kept as text.
    fn link(
        &mut self,
        written: String,
        content: Vec<Inline>,
        range: Range<usize>,
        out: &mut Vec<Inline>,
    ) {
        let source = self.text.get(range.clone()).unwrap_or("");
        let shown = source.lines().next().unwrap_or("");
        let place = |converter: &Self| {
            let (line, column) = converter.index.line_column(converter.text, range.start);
            (
                converter.body_line(line) + converter.first_line - 1,
                column,
                column + shown.chars().count(),
            )
        };
        let error = |converter: &Self, message: String, hint: String| {
            let (line, column, end) = place(converter);
            Diagnostic::error(converter.file, message)
                .spanning(line, column, end)
                .with_hint(hint)
        };
        match links::classify(&written, self.path) {
            Err(problem) => {
                let d = error(self, problem.message, problem.hint);
                self.diagnostics.push(d);
                out.extend(content);
            }
            Ok(_) if links::is_empty_text(&content) => {
                let d = error(
                    self,
                    format!("the link to `{written}` has no text"),
                    "write the words to click between the brackets: `[text](target)`".into(),
                );
                self.diagnostics.push(d);
            }
            Ok(target) => {
                if let LinkTarget::Piece { path, anchor } = &target {
                    self.piece_links.push(PieceLink {
                        file: self.file.to_path_buf(),
                        place: place(self),
                        written: written.trim().to_string(),
                        path: path.clone(),
                        anchor: anchor.clone(),
                    });
                }
                out.push(Inline::Link { target, content });
            }
        }
    }

    /// Span, punctuation and language passes over a finished inline sequence.
    fn finish_inlines(&mut self, inlines: Vec<Inline>, offset: usize) -> Vec<Inline> {
        let line = self.line_of(offset);
        if let Some(Inline::Text(first)) = inlines.first() {
            if first.starts_with(":::") {
                self.diagnostics.push(
                    Diagnostic::error(self.file, "a `:::` fence inside a list, quote or note is not recognised")
                        .at_line(line)
                        .with_hint("put `::: epigraph` / `::: signature` blocks at the top level of the piece, not indented"),
                );
            }
        }
        let mut problems = Vec::new();
        let inlines = inline_passes::bracketed_spans(inlines, &mut problems);
        for problem in problems {
            self.diagnostics.push(
                Diagnostic::error(self.file, problem)
                    .at_line(line)
                    .with_hint("write a span as `[text]{lang=en}` with a BCP 47 tag"),
            );
        }
        for marker in inline_passes::unresolved_note_markers(&inlines) {
            let written = format!("[^{marker}]");
            let problem = Diagnostic::error(
                self.file,
                format!("footnote reference `{written}` has no note"),
            )
            .with_hint(format!(
                "add `[^{marker}]: the note's text` on a line of its own, or remove the reference"
            ));
            let d = match self.text.get(offset..).and_then(|rest| rest.find(&written)) {
                Some(at) => self.spanned(problem, offset + at, &written),
                None => problem.at_line(line),
            };
            self.diagnostics.push(d);
        }
        let inlines = inline_passes::smart_punctuation(inlines, self.lang);
        inline_passes::language_spans(inlines, self.lang.direction())
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<String>,
        attrs: &[(
            pulldown_cmark::CowStr<'_>,
            Option<pulldown_cmark::CowStr<'_>>,
        )],
        content: Vec<Inline>,
        offset: usize,
    ) -> Option<Block> {
        let level = level as u8;
        if level == 1 {
            self.error(
                offset,
                "`#` headings are not used inside a piece",
                "the piece title comes from the front matter `title`; use `##` for sections",
            );
            return None;
        }
        let mut content = self.finish_inlines(content, offset);
        if let Some((message, hint)) = Display::Heading.too_long(&Inline::plain_text(&content)) {
            self.error(offset, message, hint);
            return None;
        }
        if Inline::plain_text(&content).trim().is_empty() {
            // The contents would have an entry with nothing to click on.
            self.error(
                offset,
                "the heading has no text",
                "write the heading's words after the `##`, or remove the line",
            );
        }
        for (key, value) in attrs {
            if key.as_ref() == "lang" {
                match Lang::parse(value.as_deref().unwrap_or("")) {
                    Ok(lang) => {
                        let dir = lang.direction();
                        content = vec![Inline::Span { lang, dir, content }];
                    }
                    Err(e) => self.error(offset, e, "use a BCP 47 tag such as `en` or `fa`"),
                }
            }
        }
        let generated = format!("sec-{}", self.heading_ids.len() + 1);
        let id = match id {
            Some(id) if !is_xml_id(&id) => {
                self.error(
                    offset,
                    format!("heading id `{id}` is not a valid identifier"),
                    "use ASCII letters, digits, `-` and `_`, starting with a letter",
                );
                generated
            }
            Some(id) if is_generated_id(&id) => {
                self.error(
                    offset,
                    format!("heading id `{id}` has the form of the ids pamphlet makes for notes, note references, page breaks and headings"),
                    "choose another id: `fn-N`, `nr-N`, `page-N`, `sec-N`, `piece-title` and `notes-title` are pamphlet's",
                );
                generated
            }
            Some(id) => id,
            None => generated,
        };
        if !self.heading_ids.insert(id.clone()) {
            self.error(
                offset,
                format!("heading id `{id}` is used twice"),
                "give each heading its own id",
            );
        }
        Some(Block::Heading { level, id, content })
    }

    fn list(&mut self, first: Option<u64>, offset: usize) -> Block {
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let kind = match first {
            None => ListKind::Bullet,
            Some(start) => {
                let style = self
                    .list_styles
                    .get(&line_start)
                    .copied()
                    .unwrap_or(ListStyle::Decimal);
                ListKind::Ordered { style, start }
            }
        };
        let mut items = Vec::new();
        while let Some((event, range)) = self.next() {
            match event {
                Event::Start(Tag::Item) => {
                    let inner = self.blocks_until(Some(TagEnd::Item));
                    let _ = range;
                    items.push(self.group_fences(inner));
                }
                Event::End(TagEnd::List(_)) => break,
                _ => {}
            }
        }
        Block::List { kind, items }
    }

    fn table(&mut self, aligns: &[Alignment], offset: usize) -> Block {
        let align = aligns
            .iter()
            .map(|a| match a {
                Alignment::None => Align::None,
                Alignment::Left => Align::Start,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::End,
            })
            .collect();
        let mut head = Vec::new();
        let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
        let mut in_head = false;
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::TableHead) => in_head = true,
                Event::End(TagEnd::TableHead) => in_head = false,
                Event::Start(Tag::TableRow) => rows.push(Vec::new()),
                Event::Start(Tag::TableCell) => {
                    let cell = self.inlines_until(TagEnd::TableCell);
                    let cell = self.finish_inlines(cell, offset);
                    if in_head {
                        head.push(cell);
                    } else if let Some(row) = rows.last_mut() {
                        row.push(cell);
                    }
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table {
            align,
            head,
            rows,
            line: self.line_of(offset),
        }
    }

    /// Matches `::: name` / `:::` fences and builds epigraphs and signatures.
    fn group_fences(&mut self, items: Vec<Item>) -> Vec<Block> {
        let mut out: Vec<Block> = Vec::new();
        let mut open: Option<(String, usize, Vec<Block>)> = None;
        for item in items {
            match item {
                Item::Block(block) => match &mut open {
                    Some((_, _, inner)) => inner.push(block),
                    None => out.push(block),
                },
                Item::Fence(Some(name), line) => {
                    if let Some((outer, outer_line, _)) = &open {
                        self.diagnostics.push(
                            Diagnostic::error(self.file, format!("`::: {name}` opens inside `::: {outer}` (line {outer_line}), which is not closed"))
                                .at_line(line)
                                .with_hint("close the first block with `:::` on a line of its own"),
                        );
                        continue;
                    }
                    if name != "epigraph" && name != "signature" {
                        self.diagnostics.push(
                            Diagnostic::error(self.file, format!("unknown block `::: {name}`"))
                                .at_line(line)
                                .with_hint("the blocks are `::: epigraph` and `::: signature`"),
                        );
                    }
                    open = Some((name, line, Vec::new()));
                }
                Item::Fence(None, line) => match open.take() {
                    Some((name, _, inner)) => out.extend(self.fenced_block(&name, inner)),
                    None => self.diagnostics.push(
                        Diagnostic::error(self.file, "`:::` closes a block that was never opened")
                            .at_line(line)
                            .with_hint("open it with `::: epigraph` or `::: signature`, or remove this line"),
                    ),
                },
            }
        }
        if let Some((name, line, inner)) = open {
            self.diagnostics.push(
                Diagnostic::error(self.file, format!("`::: {name}` is never closed"))
                    .at_line(line)
                    .with_hint("end the block with `:::` on a line of its own"),
            );
            out.extend(inner);
        }
        out
    }

    fn fenced_block(&mut self, name: &str, mut inner: Vec<Block>) -> Vec<Block> {
        match name {
            "epigraph" => {
                let attribution = match inner.last() {
                    Some(Block::Paragraph(p)) => strip_attribution_dash(p),
                    _ => None,
                };
                if attribution.is_some() {
                    inner.pop();
                }
                vec![Block::Epigraph {
                    quote: inner,
                    attribution,
                }]
            }
            "signature" => {
                let mut lines = Vec::new();
                let mut rest = Vec::new();
                for block in inner {
                    match block {
                        Block::Paragraph(p) => lines.extend(split_lines(p)),
                        // Not a line of text: kept after the signature rather than lost.
                        other => rest.push(other),
                    }
                }
                let mut out = vec![Block::Signature(lines)];
                out.extend(rest);
                out
            }
            _ => inner,
        }
    }

    /// Matches references with definitions; reports notes missing or never referenced.
    fn finish_notes(&mut self) -> Vec<Note> {
        let mut notes = Vec::new();
        for (label, offset) in std::mem::take(&mut self.note_order) {
            match self.note_defs.remove(&label) {
                Some((blocks, _)) => notes.push(Note { label, blocks }),
                None => {
                    let problem = Diagnostic::error(
                        self.file,
                        format!("footnote reference `[^{label}]` has no note"),
                    )
                    .with_hint(format!(
                        "add `[^{label}]: the note's text` on a line of its own"
                    ));
                    let d = self.spanned(problem, offset, &format!("[^{label}]"));
                    self.diagnostics.push(d);
                    notes.push(Note {
                        label,
                        blocks: Vec::new(),
                    });
                }
            }
        }
        let mut unused: Vec<_> = self.note_defs.drain().collect();
        unused.sort_by_key(|(_, (_, offset))| *offset);
        for (label, (_, offset)) in unused {
            let problem = Diagnostic::error(
                self.file,
                format!("footnote `[^{label}]` is never referenced"),
            )
            .with_hint(format!(
                "put `[^{label}]` in the text where the note belongs, or remove the note"
            ));
            let d = self.spanned(problem, offset, &format!("[^{label}]:"));
            self.diagnostics.push(d);
        }
        notes
    }
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text(text.to_string()));
    }
}

/// `::: name` → Some(Some(name)); `:::` → Some(None); anything else → None.
fn fence_of(inlines: &[Inline]) -> Option<Option<String>> {
    let [Inline::Text(text)] = inlines else {
        return None;
    };
    let rest = text.trim().strip_prefix(":::")?;
    let name = rest.trim();
    if name.is_empty() {
        Some(None)
    } else if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Some(Some(name.to_string()))
    } else {
        None
    }
}

fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

/// Whether `id` is a safe XML id (ASCII NCName).
pub fn is_xml_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// Whether `id` has the form of an id the outputs make themselves: `sec-N` for headings
/// without one, `fn-N` and `nr-N`/`nr-N-M` for notes and their references, `page-N` for page
/// breaks, `piece-title` and `notes-title`. Authors' heading ids may not take these forms,
/// so that the two never meet in one document.
pub fn is_generated_id(id: &str) -> bool {
    if id == "piece-title" || id == "notes-title" {
        return true;
    }
    ["sec-", "fn-", "nr-", "page-"].iter().any(|prefix| {
        id.strip_prefix(prefix).is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '-')
        })
    })
}

/// An attribution paragraph starts with an em dash (or `--`, `―`); returns it without the dash.
fn strip_attribution_dash(paragraph: &[Inline]) -> Option<Vec<Inline>> {
    let (Inline::Text(first), rest) = paragraph.split_first()? else {
        return None;
    };
    let stripped = ["—", "―", "–", "--"]
        .iter()
        .find_map(|dash| first.strip_prefix(dash))?;
    let mut out = Vec::with_capacity(paragraph.len());
    let stripped = stripped.trim_start();
    if !stripped.is_empty() {
        out.push(Inline::Text(stripped.to_string()));
    }
    out.extend_from_slice(rest);
    Some(out)
}

/// Splits a paragraph at its hard line breaks.
fn split_lines(paragraph: Vec<Inline>) -> Vec<Vec<Inline>> {
    let mut lines = vec![Vec::new()];
    for inline in paragraph {
        if inline == Inline::LineBreak {
            lines.push(Vec::new());
        } else if let Some(line) = lines.last_mut() {
            line.push(inline);
        }
    }
    lines.retain(|l| !l.is_empty());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> (Body, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let body = parse(
            text,
            1,
            Path::new("p.md"),
            Path::new("p.md"),
            &Lang::english(),
            &mut diagnostics,
        );
        (body, diagnostics)
    }

    #[test]
    fn a_list_inside_a_signature_is_kept_after_it() {
        let (b, d) = body("::: signature\nA\\\nB\n\n- kept\n:::\n");
        assert!(d.is_empty(), "{d:?}");
        assert!(matches!(&b.blocks[0], Block::Signature(lines) if lines.len() == 2));
        assert!(matches!(&b.blocks[1], Block::List { .. }), "{:?}", b.blocks);
    }

    #[test]
    fn epigraph_takes_its_attribution() {
        let (b, d) = body("::: epigraph\n\"Quote.\"\n\n— Marx, *Brumaire*\n:::\n\nText.\n");
        assert!(d.is_empty(), "{d:?}");
        let Block::Epigraph {
            quote,
            attribution: Some(who),
        } = &b.blocks[0]
        else {
            panic!("{:?}", b.blocks)
        };
        assert_eq!(
            Inline::plain_text(match &quote[0] {
                Block::Paragraph(p) => p,
                _ => panic!("paragraph"),
            }),
            "“Quote.”"
        );
        assert_eq!(Inline::plain_text(who), "Marx, Brumaire");
    }
}
