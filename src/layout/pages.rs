//! Pages: the book's flow cut into pages — pieces opening on recto pages, footnotes at the
//! foot of the page that calls them, no widows or orphans — then the front matter (half-title,
//! title page, colophon, contents) set once the body's page numbers are known, and running
//! heads and folios on every page that should have them.

use super::blocks::BlockSetter;
use super::bounds::line_box;
use super::cache::PieceCache;
use super::flow::{Flow, FlowLine, Footnote, Mark, PageBreak};
use super::style::{PageGeometry, Type, TypeScale};
use super::{Item, Layout, Link, Origin, OutlineEntry, Page, Position, WebLink};
use crate::book::colophon::colophon;
use crate::book::{Book, Direction, Inline, Lang, LinkTarget, Role};
use crate::locale;
use crate::progress::Progress;
use crate::text::collect::Style;
use crate::text::fonts::FontSet;
use crate::text::line::{Align, Line, PlacedGlyph};
use crate::text::paragraph::{typeset, ParagraphStyle};
use rayon::prelude::*;
use std::collections::{HashMap, VecDeque};

/// Typesets a whole book on `geometry`.
pub fn layout(book: &Book, fonts: &FontSet, geometry: PageGeometry) -> Layout {
    layout_cached(
        book,
        fonts,
        geometry,
        &mut PieceCache::one_off(),
        &Progress::hidden(),
    )
}

/// Typesets a whole book on `geometry`, taking the lines of unchanged pieces from `cache`
/// and telling `progress` of each piece set.
pub fn layout_cached(
    book: &Book,
    fonts: &FontSet,
    geometry: PageGeometry,
    cache: &mut PieceCache,
    progress: &Progress,
) -> Layout {
    let rtl_binding = book.meta.language.direction() == Direction::Rtl;
    let mut setter = BlockSetter::new(fonts, geometry.measure(), geometry.type_factor);
    progress.stage("typesetting", Some(book.pieces.len()));
    // The front matter before the contents needs no page number: it is set beside the
    // pieces rather than after them, when the other cores would wait.
    let ((), mut front_flow) = rayon::join(
        || cache.set_pieces(&mut setter, book, progress),
        || front_matter(book, fonts, &geometry),
    );
    progress.stage("making pages", None);
    let piece_dirs: Vec<Direction> = book.pieces.iter().map(|p| p.dir).collect();
    let body = Paginator::run(
        &mut setter.flow,
        &setter.footnotes,
        &geometry,
        rtl_binding,
        &piece_dirs,
    );
    // Body page numbers start at 1 on the first piece's opening.
    let piece_pages: Vec<usize> = (0..book.pieces.len())
        .map(|i| {
            body.marks
                .iter()
                .find(|(m, _)| *m == Mark::Piece(i))
                .map_or(0, |(_, at)| at.page)
        })
        .collect();
    contents(book, fonts, &geometry, &piece_pages, &mut front_flow);
    let book_dir = [book.meta.language.direction()];
    let mut front = Paginator::run(&mut front_flow, &[], &geometry, rtl_binding, &book_dir);
    if front.pages.len() % 2 == 1 {
        // The body opens on a recto: the front matter fills whole leaves.
        front.blank_page();
    }
    let offset = front.pages.len();
    let front_matter = offset;
    let mut pages = front.pages;
    pages.extend(body.pages);
    let mut links: Vec<Link> = front.links;
    for (mark, at) in &front.marks {
        if let Mark::Contents { piece, extent } = mark {
            if let Some((_, to)) = body.marks.iter().find(|(m, _)| *m == Mark::Piece(*piece)) {
                let left = geometry.text_left(at.page + 1, rtl_binding);
                links.push(Link {
                    page: at.page,
                    rect: [
                        left,
                        at.y + extent.0,
                        left + geometry.measure(),
                        at.y + extent.1,
                    ],
                    to: Position {
                        page: to.page + offset,
                        y: to.y,
                    },
                });
            }
        }
    }
    links.extend(body.links.into_iter().map(|l| Link {
        page: l.page + offset,
        rect: l.rect,
        to: Position {
            page: l.to.page + offset,
            y: l.to.y,
        },
    }));
    let (to_pieces, web_links) = written_links(book, &body.marks, body.link_areas, offset);
    links.extend(to_pieces);
    let outline = body
        .marks
        .iter()
        .filter_map(|(mark, at)| {
            let (title, level) = match mark {
                Mark::Piece(i) => (book.pieces[*i].meta.title.clone(), 1),
                Mark::Heading { level, title, .. } => (title.clone(), *level),
                Mark::Contents { .. } => return None,
            };
            Some(OutlineEntry {
                title,
                level,
                at: Position {
                    page: at.page + offset,
                    y: at.y,
                },
            })
        })
        .collect();
    let mut page_starts = vec![None; front_matter];
    page_starts.extend(body.starts);
    let mut info = front.info;
    info.extend(body.info);
    decorate(&mut pages, &info, front_matter, book, fonts, &geometry);
    let warnings = std::mem::take(&mut setter.problems);
    Layout {
        pages,
        front_matter,
        outline,
        links,
        web_links,
        page_starts,
        warnings,
        print: None,
    }
}

/// The links written in the text, from their areas on the body's pages (`offset` pages
/// follow before them): those to pieces as links to the piece's opening or heading, the
/// others as links out of the book.
fn written_links(
    book: &Book,
    marks: &[(Mark, Position)],
    areas: Vec<LinkArea>,
    offset: usize,
) -> (Vec<Link>, Vec<WebLink>) {
    let mut openings = vec![None; book.pieces.len()];
    let mut headings: HashMap<(usize, &str), Position> = HashMap::new();
    let mut current = None;
    for (mark, at) in marks {
        match mark {
            Mark::Piece(i) => {
                current = Some(*i);
                if let Some(slot) = openings.get_mut(*i) {
                    *slot = Some(*at);
                }
            }
            Mark::Heading { id, .. } => {
                if let Some(piece) = current {
                    headings.entry((piece, id.as_str())).or_insert(*at);
                }
            }
            Mark::Contents { .. } => {}
        }
    }
    let by_path: HashMap<&std::path::Path, usize> = book
        .pieces
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_path(), i))
        .collect();
    let mut links = Vec::new();
    let mut web = Vec::new();
    for area in areas {
        let page = area.page + offset;
        match area.target {
            LinkTarget::Web(url) => web.push(WebLink {
                page,
                rect: area.rect,
                url,
            }),
            LinkTarget::Piece { path, anchor } => {
                let Some(piece) = by_path.get(path.as_path()) else {
                    continue;
                };
                // A heading inside a note has no place of its own in the outline: the
                // link leads to its piece's opening.
                let to = anchor
                    .as_deref()
                    .and_then(|id| headings.get(&(*piece, id)).copied())
                    .or(openings[*piece]);
                if let Some(to) = to {
                    links.push(Link {
                        page,
                        rect: area.rect,
                        to: Position {
                            page: to.page + offset,
                            y: to.y,
                        },
                    });
                }
            }
        }
    }
    (links, web)
}

/// A link's text on a page: where it is and where it leads.
struct LinkArea {
    page: usize,
    rect: [f32; 4],
    target: LinkTarget,
}

/// What a page is, for its running head and folio.
#[derive(Debug, Clone, Copy, Default)]
struct PageInfo {
    /// The piece whose text is on the page.
    piece: Option<usize>,
    /// A piece opens on it.
    opening: bool,
    /// Left blank so that the next piece opens on a recto.
    blank: bool,
    /// Holds the contents (the only front matter page with a folio).
    contents: bool,
}

/// A line waiting at the foot of the page, and the note it begins (if it does).
type FootLine = (FlowLine, Option<usize>);

/// Cuts a flow into pages.
struct Paginator<'a> {
    g: &'a PageGeometry,
    rtl_binding: bool,
    footnotes: &'a [Footnote],
    piece_dirs: &'a [Direction],
    pages: Vec<Page>,
    info: Vec<PageInfo>,
    /// Baseline of the last body line on the current page.
    y: f32,
    /// Nothing in the body of the current page yet.
    fresh: bool,
    pending_space: f32,
    /// Notes set at the foot of the current page.
    foot: Vec<FootLine>,
    /// Note lines that did not fit, for the next pages (taken from the front page by page:
    /// a paragraph of many notes carries thousands of lines over many pages).
    carry: VecDeque<FootLine>,
    piece: Option<usize>,
    marks: Vec<(Mark, Position)>,
    links: Vec<Link>,
    /// Where each note's markers were set, by note, to link the note back to them (found by
    /// index: a search of every marker for each note was quadratic in the notes).
    refs: Vec<Vec<(Position, [f32; 4])>>,
    /// Which notes are set or waiting to be, so that a note called from notes is set once.
    noted: Vec<bool>,
    /// The areas of the links written in the text.
    link_areas: Vec<LinkArea>,
    starts: Vec<Option<Origin>>,
}

/// Space between the text and the footnotes, where the rule sits.
const FOOT_GAP: f32 = 12.0;

impl<'a> Paginator<'a> {
    /// Cuts `flow` into pages. Each line's glyphs move from the flow to its page (a long
    /// book's lines are most of a build's memory), so the flow is left without them.
    fn run(
        flow: &mut [Flow],
        footnotes: &'a [Footnote],
        g: &'a PageGeometry,
        rtl_binding: bool,
        piece_dirs: &'a [Direction],
    ) -> Paginator<'a> {
        let mut p = Paginator {
            g,
            rtl_binding,
            footnotes,
            piece_dirs,
            pages: Vec::new(),
            info: Vec::new(),
            y: 0.0,
            fresh: true,
            pending_space: 0.0,
            foot: Vec::new(),
            carry: VecDeque::new(),
            piece: None,
            marks: Vec::new(),
            links: Vec::new(),
            refs: vec![Vec::new(); footnotes.len()],
            noted: vec![false; footnotes.len()],
            link_areas: Vec::new(),
            starts: Vec::new(),
        };
        for i in 0..flow.len() {
            let glyphs = match &mut flow[i] {
                Flow::Line(line) => std::mem::take(&mut line.line.glyphs),
                _ => Vec::new(),
            };
            match &flow[i] {
                Flow::NewPage(PageBreak { recto, opening }) => p.page_break(*recto, *opening),
                Flow::Space(space) => {
                    if !p.fresh || (!p.pages.is_empty() && p.y == p.g.top) {
                        // Space at the very top of a page only when a piece asked for it.
                        p.pending_space += space;
                    }
                }
                Flow::Line(line) => p.line(flow, i, line, glyphs),
            }
        }
        while !p.carry.is_empty() {
            p.new_page();
        }
        p.finish_page();
        p
    }

    fn foot_height(&self) -> f32 {
        if self.foot.is_empty() {
            0.0
        } else {
            FOOT_GAP + self.foot.iter().map(|(l, _)| l.leading).sum::<f32>()
        }
    }

    fn page_break(&mut self, recto: bool, opening: Option<usize>) {
        // A piece's notes end before the next piece begins.
        while !self.carry.is_empty() {
            self.new_page();
        }
        if !self.fresh || self.pages.is_empty() {
            self.new_page();
        }
        if recto && self.pages.len() % 2 == 0 {
            if let Some(info) = self.info.last_mut() {
                info.blank = true;
                info.piece = None;
            }
            self.new_page();
        }
        if let Some(piece) = opening {
            self.piece = Some(piece);
            if let Some(info) = self.info.last_mut() {
                info.opening = true;
                info.piece = Some(piece);
            }
        }
        self.pending_space = 0.0;
    }

    fn blank_page(&mut self) {
        self.new_page();
        if let Some(info) = self.info.last_mut() {
            info.blank = true;
        }
        self.finish_page();
    }

    fn new_page(&mut self) {
        self.finish_page();
        self.pages.push(Page {
            width: self.g.width,
            height: self.g.height,
            items: Vec::new(),
        });
        self.info.push(PageInfo {
            piece: self.piece,
            ..PageInfo::default()
        });
        self.starts.push(None);
        self.y = self.g.top;
        self.fresh = true;
        self.pending_space = 0.0;
        // Notes continued from the page before come first, leaving the page at least half
        // its height for text.
        let room = (self.g.text_bottom() - self.g.top) / 2.0;
        let mut first = true;
        while let Some(line) = self.carry.front() {
            if !first && self.foot_height() + line.0.leading > room {
                break;
            }
            first = false;
            self.foot.extend(self.carry.pop_front());
        }
    }

    /// Records where the links of `line` are, the line set from `x` with its baseline at
    /// `baseline` on page `page` in type of `size`.
    fn link_areas(&mut self, page: usize, x: f32, baseline: f32, size: f32, line: &Line) {
        for mark in &line.links {
            self.link_areas.push(LinkArea {
                page,
                rect: [
                    x + mark.x.0,
                    baseline - size,
                    x + mark.x.1,
                    baseline + size * 0.2,
                ],
                target: mark.target.clone(),
            });
        }
    }

    /// Sets the footnotes of the page, bottom-aligned on the text block, under a rule.
    fn finish_page(&mut self) {
        let foot = std::mem::take(&mut self.foot);
        let Some(page_index) = self.pages.len().checked_sub(1) else {
            return;
        };
        if foot.is_empty() {
            return;
        }
        let total: f32 = foot.iter().map(|(l, _)| l.leading).sum();
        let left = self.g.text_left(self.pages.len(), self.rtl_binding);
        let mut baseline = self.g.text_bottom() - total;
        let first_leading = foot[0].0.leading;
        let rtl = self
            .piece
            .and_then(|p| self.piece_dirs.get(p))
            .is_some_and(|d| *d == Direction::Rtl);
        let rule_width = self.g.measure() / 4.0;
        let rule_y = baseline + first_leading - FOOT_GAP * 0.5 - first_leading * 0.8;
        let mut items = vec![Item::Rule {
            x: if rtl {
                left + self.g.measure() - rule_width
            } else {
                left
            },
            y: rule_y,
            width: rule_width,
            thickness: 0.4,
        }];
        for (line, note) in foot {
            baseline += line.leading;
            let size = line.line.glyphs.first().map_or(8.0, |g| g.size);
            // A marker in a note leads to the note it calls, set after it.
            self.note_refs(&line, page_index, left, baseline, size);
            if let Some(id) = note {
                let (x0, x1) = if rtl {
                    let right = left
                        + line.x
                        + line
                            .line
                            .glyphs
                            .iter()
                            .map(|g| g.x + g.advance)
                            .fold(0.0, f32::max);
                    (right - size * 1.6, right)
                } else {
                    let start = left
                        + line.x
                        + line
                            .line
                            .glyphs
                            .iter()
                            .map(|g| g.x)
                            .fold(f32::MAX, f32::min);
                    (start, start + size * 1.6)
                };
                let here = Position {
                    page: page_index,
                    y: baseline - line.leading,
                };
                // The note leads back to its marker, the marker to the note.
                for (at, rect) in self.refs.get(id).into_iter().flatten() {
                    self.links.push(Link {
                        page: page_index,
                        rect: [x0, baseline - size, x1, baseline + size * 0.3],
                        to: *at,
                    });
                    self.links.push(Link {
                        page: at.page,
                        rect: *rect,
                        to: here,
                    });
                }
            }
            let size = line.line.glyphs.first().map_or(8.0, |g| g.size);
            self.link_areas(page_index, left + line.x, baseline, size, &line.line);
            items.push(Item::Line {
                x: left + line.x,
                baseline,
                glyphs: line.line.glyphs,
            });
        }
        self.pages[page_index].items.extend(items);
    }

    /// Height of the lines kept together from `flow[i]` on, with the notes they call. The walk
    /// stops once they are taller than a page's text block: the caller then sets the line on
    /// its own, and walking on (through a heading of thousands of lines, from each of them)
    /// was quadratic.
    fn chain(&self, flow: &[Flow], i: usize) -> (f32, Vec<usize>) {
        let page = self.g.text_bottom() - self.g.top;
        let mut need = 0.0;
        let mut notes = Vec::new();
        let mut j = i;
        let mut space = 0.0;
        while let Some(item) = flow.get(j) {
            match item {
                Flow::Line(l) => {
                    need += space + l.leading;
                    space = 0.0;
                    notes.extend(l.notes.iter().copied());
                    if !l.keep_with_next || need > page {
                        break;
                    }
                }
                Flow::Space(s) => space += s,
                Flow::NewPage(_) => break,
            }
            j += 1;
        }
        (need, notes)
    }

    fn notes_height(&self, notes: &[usize]) -> f32 {
        notes
            .iter()
            .filter_map(|n| self.footnotes.get(*n))
            .flat_map(|n| n.lines.iter().map(|l| l.leading))
            .sum()
    }

    /// Places `flow[i]`, `line`, whose glyphs are `glyphs`.
    fn line(&mut self, flow: &[Flow], i: usize, line: &FlowLine, glyphs: Vec<PlacedGlyph>) {
        let (mut chain, mut chain_notes) = self.chain(flow, i);
        if chain > self.g.text_bottom() - self.g.top {
            // Lines kept together that no page can hold are set as they come.
            chain = line.leading;
            chain_notes = line.notes.clone();
        }
        self.add_nested_notes(&mut chain_notes);
        let gap = if self.foot.is_empty() && !chain_notes.is_empty() {
            FOOT_GAP
        } else {
            0.0
        };
        let bottom = self.g.text_bottom();
        let need = self.pending_space + chain + self.foot_height() + gap;
        // The last note may run on to the next page, if two of its lines stay here.
        let notes_min = match chain_notes.split_last() {
            Some((last, rest)) => {
                self.notes_height(rest)
                    + self
                        .footnotes
                        .get(*last)
                        .map_or(0.0, |n| n.lines.iter().take(2).map(|l| l.leading).sum())
            }
            None => 0.0,
        };
        let fits = self.y + need + notes_min <= bottom + 0.01;
        if self.pages.is_empty() || (!fits && !self.fresh) {
            self.new_page();
        } else if !fits {
            // Space asked for at the top of a page (a piece's opening, the half-title) gives
            // way on a page too short for it and what follows.
            let over = self.y + need + notes_min - bottom;
            self.pending_space = (self.pending_space - over).max(0.0);
        }
        let page = self.pages.len() - 1;
        let left = self.g.text_left(self.pages.len(), self.rtl_binding);
        self.y += self.pending_space + line.leading;
        self.pending_space = 0.0;
        self.fresh = false;
        let baseline = self.y;
        if let Some(mark) = &line.mark {
            if matches!(mark, Mark::Contents { .. }) {
                self.info[page].contents = true;
            }
            self.marks.push((
                mark.clone(),
                Position {
                    page,
                    y: baseline - line.leading,
                },
            ));
        }
        if self.starts[page].is_none() {
            self.starts[page] = line.origin;
        }
        let size = glyphs.first().map_or(10.0, |g| g.size);
        self.note_refs(line, page, left, baseline, size);
        self.link_areas(page, left + line.x, baseline, size, &line.line);
        self.pages[page].items.push(Item::Line {
            x: left + line.x,
            baseline,
            glyphs,
        });
        // Its notes go to the foot, as far as they fit; the rest waits for the next page.
        // After them come the notes their own text calls (a note on a note, numbered where
        // its reference was read, as in the e-book), each once.
        let mut queue: std::collections::VecDeque<usize> = line.notes.iter().copied().collect();
        for id in &line.notes {
            self.mark_noted(*id);
        }
        while let Some(id) = queue.pop_front() {
            let Some(note) = self.footnotes.get(id) else {
                continue;
            };
            for (k, l) in note.lines.iter().enumerate() {
                let gap = if self.foot.is_empty() { FOOT_GAP } else { 0.0 };
                let entry = (l.clone(), (k == 0).then_some(id));
                if self.carry.is_empty()
                    && self.y + self.foot_height() + gap + l.leading <= bottom + 0.01
                {
                    self.foot.push(entry);
                } else {
                    self.carry.push_back(entry);
                }
                for nested in &l.notes {
                    if self.mark_noted(*nested) {
                        queue.push_back(*nested);
                    }
                }
            }
        }
    }

    /// Adds to `notes` the notes their text calls that are not set yet (and those that
    /// these call), which go to the foot after them.
    fn add_nested_notes(&self, notes: &mut Vec<usize>) {
        let mut added = rustc_hash::FxHashSet::default();
        let mut k = 0;
        while let Some(&id) = notes.get(k) {
            k += 1;
            let Some(note) = self.footnotes.get(id) else {
                continue;
            };
            for &nested in note.lines.iter().flat_map(|l| &l.notes) {
                let noted = self.noted.get(nested).copied().unwrap_or(true);
                if !noted && added.insert(nested) {
                    notes.push(nested);
                }
            }
        }
    }

    /// Records that note `id` is set (or queued to be); false if it already was.
    fn mark_noted(&mut self, id: usize) -> bool {
        match self.noted.get_mut(id) {
            Some(noted) if !*noted => {
                *noted = true;
                true
            }
            _ => false,
        }
    }

    /// Records where the note markers of `line`, set on `page` at `left` with its baseline
    /// at `baseline` in type of `size`, are, to link each with its note.
    fn note_refs(&mut self, line: &FlowLine, page: usize, left: f32, baseline: f32, size: f32) {
        for (mark, id) in line.line.notes.iter().zip(&line.notes) {
            let Some(refs) = self.refs.get_mut(*id) else {
                continue;
            };
            refs.push((
                Position {
                    page,
                    y: baseline - line.leading,
                },
                [
                    left + line.x + mark.x.0 - 1.0,
                    baseline - size,
                    left + line.x + mark.x.1 + 1.0,
                    baseline + size * 0.2,
                ],
            ));
        }
    }
}

/// A paragraph style in the book's language.
pub(super) fn style_in(
    lang: &Lang,
    size: f32,
    measure: f32,
    align: Align,
    bold: bool,
) -> ParagraphStyle {
    ParagraphStyle {
        text: Style {
            bold,
            ..Style::plain(lang.clone())
        },
        size,
        dir: lang.direction(),
        measure,
        first_indent: 0.0,
        align,
    }
}

/// Sets `text` as lines into `flow`, kept together (and with what follows, if `keep`).
fn lines_into(
    flow: &mut Vec<Flow>,
    text: &str,
    style: &ParagraphStyle,
    leading: f32,
    fonts: &FontSet,
    keep: bool,
) {
    let inlines = crate::book::language_spans(vec![Inline::Text(text.to_string())], style.dir);
    let lines = typeset(&inlines, style, fonts);
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        let kept = keep || i + 1 < count;
        flow.push(Flow::Line(FlowLine::new(line, 0.0, leading, kept)));
    }
}

/// The front matter up to the contents, as a flow: half-title, blank verso, title page,
/// colophon on its verso, and the break to the next recto, where [`contents`] goes.
fn front_matter(book: &Book, fonts: &FontSet, g: &PageGeometry) -> Vec<Flow> {
    let meta = &book.meta;
    let lang = &meta.language;
    let s = TypeScale::for_lang(lang, g.type_factor);
    let measure = g.measure();
    let mut flow = vec![
        Flow::NewPage(PageBreak {
            recto: true,
            opening: None,
        }),
        // A third of the way down an A5 page; never below the text block of a short one.
        Flow::Space((g.measure() * 0.45).min(g.text_height() * 0.4)),
    ];
    let centred = |size: f32, bold: bool| style_in(lang, size, measure, Align::Center, bold);
    lines_into(
        &mut flow,
        &meta.title,
        &centred(s.heading.size, false),
        s.heading.leading,
        fonts,
        true,
    );
    flow.push(Flow::NewPage(PageBreak {
        recto: true,
        opening: None,
    }));
    title_page(book, fonts, g, &mut flow);
    flow.push(Flow::NewPage(PageBreak {
        recto: false,
        opening: None,
    }));
    colophon_page(book, fonts, g, &mut flow);
    flow.push(Flow::NewPage(PageBreak {
        recto: true,
        opening: None,
    }));
    flow
}

/// The title page: title, subtitle, authors or editors, publisher.
fn title_page(book: &Book, fonts: &FontSet, g: &PageGeometry, flow: &mut Vec<Flow>) {
    let measure = g.measure();
    let meta = &book.meta;
    let lang = &meta.language;
    let s = TypeScale::for_lang(lang, g.type_factor);
    let centred = |t: Type, bold: bool| style_in(lang, t.size, measure, Align::Center, bold);
    let big = Type {
        size: s.title.size * 1.3,
        leading: s.title.leading * 1.3,
    };
    let mut entries: Vec<(String, Type, bool, f32)> = vec![(meta.title.clone(), big, true, 110.0)];
    if let Some(subtitle) = &meta.subtitle {
        entries.push((subtitle.clone(), s.heading, false, 12.0));
    }
    let names = |role: Role| -> Vec<String> {
        meta.contributors
            .iter()
            .filter(|c| c.role == role)
            .map(|c| c.name.clone())
            .collect()
    };
    let authors = names(Role::Author);
    if !authors.is_empty() {
        entries.push((locale::join_names(&authors, lang), s.heading, false, 48.0));
    }
    let words = locale::words(lang);
    for (role, label) in [
        (Role::Editor, words.edited_by),
        (Role::Translator, words.translated_by),
    ] {
        let people = names(role);
        if !people.is_empty() {
            entries.push((
                format!("{label} {}", locale::join_names(&people, lang)),
                s.body,
                false,
                24.0,
            ));
        }
    }
    if let Some(publisher) = &meta.publisher {
        entries.push((publisher.clone(), s.body, false, 96.0));
    }
    // The spaces are made for A5; on a shorter page they shrink with it, and further if
    // the page is still too short for them and the entries' lines.
    let set_entry = |(text, t, bold, space): &(String, Type, bool, f32)| {
        let mut lines = Vec::new();
        lines_into(
            &mut lines,
            text,
            &centred(*t, *bold),
            t.leading,
            fonts,
            true,
        );
        (*space, lines)
    };
    let height = |lines: &[Flow]| -> f32 {
        lines
            .iter()
            .map(|f| match f {
                Flow::Line(l) => l.leading,
                _ => 0.0,
            })
            .sum()
    };
    let mut set: Vec<(f32, Vec<Flow>)> = entries.iter().map(set_entry).collect();
    let mut lines: f32 = set.iter().map(|(_, l)| height(l)).sum();
    // A title too long for a small page is set smaller, down to the size of headings.
    for smaller in [s.title, s.heading] {
        if lines <= g.text_height() {
            break;
        }
        let (text, _, bold, space) = &entries[0];
        set[0] = set_entry(&(text.clone(), smaller, *bold, *space));
        lines = set.iter().map(|(_, l)| height(l)).sum();
    }
    let spaces: f32 = set.iter().map(|(space, _)| space).sum();
    let room = (g.text_height() - lines).max(0.0);
    let shrink = if spaces * g.room() > room {
        room / spaces
    } else {
        g.room()
    };
    for (space, lines) in set {
        flow.push(Flow::Space(space * shrink));
        flow.extend(lines);
    }
}

/// The colophon, in the note size, on the verso of the title page.
fn colophon_page(book: &Book, fonts: &FontSet, g: &PageGeometry, flow: &mut Vec<Flow>) {
    let measure = g.measure();
    let lang = &book.meta.language;
    let s = TypeScale::for_lang(lang, g.type_factor);
    let mut families = vec![crate::text::fonts::Family::Charis];
    if book.meta.language.is_persian() || book.pieces.iter().any(|p| p.lang.is_persian()) {
        families.push(crate::text::fonts::Family::farsi(book.meta.fonts.farsi));
    }
    if book.has_code() {
        families.push(crate::text::fonts::Family::JetBrainsMono);
    }
    let names: Vec<String> = families
        .iter()
        .map(|f| format!("{} ({})", f.name(), f.licence()))
        .collect();
    let c = colophon(book, &names);
    let t = s.note;
    let start = |bold: bool| style_in(lang, t.size, measure, Align::Start, bold);
    lines_into(
        flow,
        c.heading,
        &start(true),
        s.heading.leading,
        fonts,
        true,
    );
    flow.push(Flow::Space(t.leading * 0.5));
    lines_into(flow, &c.title, &start(true), t.leading, fonts, true);
    if let Some(subtitle) = &c.subtitle {
        lines_into(flow, subtitle, &start(false), t.leading, fonts, false);
    }
    // Each piece's credits are set on their own (in parallel), then go into the flow in order.
    let credits: Vec<Vec<Flow>> = c
        .pieces
        .par_iter()
        .map(|piece| {
            let mut flow = vec![Flow::Space(t.leading * 0.5)];
            let in_piece = |bold: bool| ParagraphStyle {
                dir: piece.dir,
                text: Style {
                    lang: piece.lang.clone(),
                    ..start(bold).text
                },
                ..start(bold)
            };
            lines_into(
                &mut flow,
                &piece.title,
                &in_piece(true),
                t.leading,
                fonts,
                true,
            );
            if !piece.credit.is_empty() {
                lines_into(
                    &mut flow,
                    &piece.credit,
                    &in_piece(false),
                    t.leading,
                    fonts,
                    false,
                );
            }
            // A source is a file name or an address: set left to right in an isolate, so
            // that in a Farsi colophon «001_6f….txt» keeps its order (the EPUB sets it in
            // `<code dir="ltr">`).
            if let Some(source) = &piece.source {
                let source = format!("{}: \u{2066}{source}\u{2069}", piece.source_label);
                lines_into(&mut flow, &source, &start(false), t.leading, fonts, false);
            }
            if let Some(note) = &piece.note {
                lines_into(&mut flow, note, &in_piece(false), t.leading, fonts, false);
            }
            flow
        })
        .collect();
    flow.extend(credits.into_iter().flatten());
    flow.push(Flow::Space(t.leading));
    for row in &c.edition {
        let text = format!("{}: {}", row.label, row.value);
        lines_into(flow, &text, &start(false), t.leading, fonts, false);
    }
}

/// The table of contents: each piece's title, dot leaders, its page number on the end side.
fn contents(
    book: &Book,
    fonts: &FontSet,
    g: &PageGeometry,
    piece_pages: &[usize],
    flow: &mut Vec<Flow>,
) {
    let lang = &book.meta.language;
    let measure = g.measure();
    let s = TypeScale::for_lang(lang, g.type_factor);
    let words = locale::words(lang);
    flow.push(Flow::Space(s.title.leading * 3.0));
    lines_into(
        flow,
        words.contents,
        &style_in(lang, s.title.size, measure, Align::Start, true),
        s.title.leading,
        fonts,
        true,
    );
    flow.push(Flow::Space(s.body.leading));
    let rtl = lang.direction() == Direction::Rtl;
    let number_room = s.body.size * 3.0;
    // Each entry is set on its own (in parallel), then they go into the flow in order.
    let entries: Vec<Option<(Vec<Line>, Line)>> = book
        .pieces
        .par_iter()
        .enumerate()
        .map(|(i, piece)| {
            let number = locale::number(piece_pages.get(i).map_or(1, |p| p + 1) as u64, lang);
            let title_style = style_in(
                lang,
                s.body.size,
                measure - number_room,
                Align::Start,
                false,
            );
            let inlines = crate::book::language_spans(
                vec![Inline::Text(piece.meta.title.clone())],
                lang.direction(),
            );
            let mut title = typeset(&inlines, &title_style, fonts);
            let number_style = style_in(lang, s.body.size, measure, Align::End, false);
            let number_line = typeset(&[Inline::Text(number)], &number_style, fonts);
            let (Some(mut last), Some(number_line)) = (title.pop(), number_line.into_iter().next())
            else {
                return None;
            };
            if rtl {
                // The title's lines sit at the right of the measure.
                let shift = number_room;
                for line in title.iter_mut().chain(std::iter::once(&mut last)) {
                    for g in &mut line.glyphs {
                        g.x += shift;
                    }
                }
            }
            let leaders = leaders(&last, &number_line, rtl, s.body.size, fonts);
            last.glyphs.extend(leaders);
            last.glyphs.extend(number_line.glyphs);
            Some((title, last))
        })
        .collect();
    for (i, entry) in entries.into_iter().enumerate() {
        let Some((title, last)) = entry else {
            continue;
        };
        let count = title.len() + 1;
        let leading = s.body.leading * 1.2;
        for (k, line) in title.into_iter().chain(std::iter::once(last)).enumerate() {
            let mut flow_line = FlowLine::new(line, 0.0, leading, k + 1 < count);
            if k == 0 {
                // The whole entry links, down to the descenders of its last line.
                flow_line.mark = Some(Mark::Contents {
                    piece: i,
                    extent: (
                        leading - s.body.size,
                        count as f32 * leading + s.body.size * 0.3,
                    ),
                });
            }
            flow.push(Flow::Line(flow_line));
        }
    }
}

/// Dot leaders between a contents title and its page number, on a grid shared by all
/// entries so that the dots line up down the page. They are drawn, not text: a reader
/// copying the contents gets titles and numbers.
fn leaders(title: &Line, number: &Line, rtl: bool, size: f32, fonts: &FontSet) -> Vec<PlacedGlyph> {
    let Some(first) = number.glyphs.first() else {
        return Vec::new();
    };
    let face = first.face;
    let loaded = fonts.get(face);
    let Some(id) = loaded.glyph_id('.') else {
        return Vec::new();
    };
    let dot = f32::from(loaded.advance(id)) * loaded.scale(size);
    let pitch = size * 0.6;
    let title_left = title.glyphs.iter().map(|g| g.x).fold(f32::MAX, f32::min);
    let title_right = title
        .glyphs
        .iter()
        .map(|g| g.x + g.advance)
        .fold(f32::MIN, f32::max);
    let number_left = number.glyphs.iter().map(|g| g.x).fold(f32::MAX, f32::min);
    let number_right = number
        .glyphs
        .iter()
        .map(|g| g.x + g.advance)
        .fold(f32::MIN, f32::max);
    let (from, to) = if rtl {
        (number_right + size * 0.5, title_left - size * 0.5)
    } else {
        (title_right + size * 0.5, number_left - size * 0.5)
    };
    let mut out = Vec::new();
    let mut k = (from / pitch).ceil();
    while k * pitch + dot <= to {
        out.push(PlacedGlyph {
            face,
            size,
            id,
            x: k * pitch,
            y: 0.0,
            advance: 0.0,
            text: Default::default(),
            rtl: false,
            struck: false,
        });
        k += 1.0;
    }
    out
}

/// Running heads and folios. The body's pages are numbered from 1; the contents carries the
/// front matter's numbers (roman, or Persian abjad letters). Blank pages carry nothing;
/// openings carry a folio but no running head; other body pages carry the book's title on
/// the verso and the piece's on the recto.
fn decorate(
    pages: &mut [Page],
    info: &[PageInfo],
    front_matter: usize,
    book: &Book,
    fonts: &FontSet,
    g: &PageGeometry,
) {
    let lang = &book.meta.language;
    let s = TypeScale::for_lang(lang, g.type_factor);
    let centred = style_in(lang, s.note.size, g.measure(), Align::Center, false);
    // A running head is the same on every page it heads: each is set once, the book's title
    // and every piece's (in parallel), and copied onto its pages.
    let head_of = |title: &str| {
        let inlines =
            crate::book::language_spans(vec![Inline::Text(title.to_string())], lang.direction());
        typeset(&inlines, &centred, fonts)
            .into_iter()
            .next()
            .map(|line| {
                let ascent = line_box(&line.glyphs, fonts).map_or(0.0, |b| -b[1]);
                (line.glyphs, ascent)
            })
    };
    let piece_heads: Vec<Option<(Vec<PlacedGlyph>, f32)>> = book
        .pieces
        .par_iter()
        .map(|p| head_of(&p.meta.title))
        .collect();
    let book_head = head_of(&book.meta.title);
    // Each page's folio is set on its own: in parallel.
    pages
        .par_iter_mut()
        .zip(info)
        .enumerate()
        .for_each(|(i, (page, info))| {
            if info.blank {
                return;
            }
            let body = i >= front_matter;
            let folio = if body {
                Some(locale::number((i - front_matter + 1) as u64, lang))
            } else if info.contents {
                Some(locale::front_matter_number((i + 1) as u64, lang))
            } else {
                None
            };
            let left = g.text_left(i + 1, lang.direction() == Direction::Rtl);
            if let Some(folio) = folio {
                if let Some(line) = typeset(&[Inline::Text(folio)], &centred, fonts)
                    .into_iter()
                    .next()
                {
                    // Below the text block, but never so low that its descenders leave the page.
                    let descent = line_box(&line.glyphs, fonts).map_or(0.0, |b| b[3]);
                    page.items.push(Item::Line {
                        x: left,
                        baseline: (g.text_bottom() + 30.0 * g.room()).min(g.height - descent),
                        glyphs: line.glyphs,
                    });
                }
            }
            if body && !info.opening {
                let recto = (i + 1) % 2 == 1;
                let head = match (recto, info.piece) {
                    (true, Some(p)) => piece_heads.get(p).and_then(Option::as_ref),
                    _ => book_head.as_ref(),
                };
                if let Some((glyphs, ascent)) = head {
                    // Above the text block, but never so high that its capitals leave the page.
                    page.items.push(Item::Line {
                        x: left,
                        baseline: (g.top - 22.0 * g.room()).max(*ascent),
                        glyphs: glyphs.clone(),
                    });
                }
            }
        });
}
