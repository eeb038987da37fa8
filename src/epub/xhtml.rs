//! The document model rendered as XHTML: blocks, inlines and notes.

use super::pagination::{At, PageBreak};
use super::xml::{escape, lang_attrs};
use crate::book::{Align, Block, Direction, Inline, Lang, LinkTarget, ListKind, ListStyle, Piece};
use crate::locale;
use std::collections::{HashMap, VecDeque};
use std::fmt::Write;
use std::path::Path;

/// The file name of each piece's content document, by the piece's path in the book: where a
/// link to a piece leads.
pub struct PieceFiles<'a>(HashMap<&'a Path, &'a str>);

impl<'a> PieceFiles<'a> {
    /// Pairs the pieces with their documents' file names, in order.
    pub fn new(pieces: &'a [Piece], file_names: impl IntoIterator<Item = &'a str>) -> Self {
        PieceFiles(
            pieces
                .iter()
                .map(|p| p.path.as_path())
                .zip(file_names)
                .collect(),
        )
    }

    /// The `href` of `target` from the document of the piece at `here`; None for a piece
    /// that has no document.
    fn href(&self, target: &LinkTarget, here: &Path) -> Option<String> {
        match target {
            LinkTarget::Web(url) => Some(escape(url)),
            LinkTarget::Piece { path, anchor } => {
                let file = self.0.get(path.as_path())?;
                Some(match anchor {
                    Some(id) if path == here => format!("#{}", escape(id)),
                    Some(id) => format!("{}#{}", escape(file), escape(id)),
                    None => escape(file),
                })
            }
        }
    }
}

/// Renders a piece's body: a chapter section with its header, blocks and notes. `breaks`
/// are the print edition's page breaks in this piece, in page order; each is marked where
/// its page starts. Links to pieces lead to the documents `files` names.
pub fn piece_body(piece: &Piece, breaks: &[PageBreak], files: &PieceFiles<'_>) -> String {
    let mut r = Renderer::new(&piece.lang, piece.notes.len());
    r.links = Some((files, piece.path.as_path()));
    let words = locale::words(&piece.lang);
    r.out.push_str(
        "<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"piece-title\">\n",
    );
    for b in breaks.iter().filter(|b| b.at == At::Opening) {
        r.out.push_str(&b.marker());
        r.out.push('\n');
    }
    r.out.push_str("<header>\n");
    let _ = writeln!(
        r.out,
        "<h1 id=\"piece-title\">{}</h1>",
        escape(&piece.meta.title)
    );
    if !piece.meta.authors.is_empty() {
        let _ = writeln!(
            r.out,
            "<p class=\"byline\">{}</p>",
            escape(&locale::join_names(&piece.meta.authors, &piece.lang))
        );
    }
    if !piece.meta.translators.is_empty() {
        let _ = writeln!(
            r.out,
            "<p class=\"byline translators\">{} {}</p>",
            words.translated_by,
            escape(&locale::join_names(&piece.meta.translators, &piece.lang))
        );
    }
    r.out.push_str("</header>\n");
    r.top_blocks(&piece.blocks, breaks);
    if !piece.notes.is_empty() {
        let _ = writeln!(
            r.out,
            "<section class=\"notes\" aria-labelledby=\"notes-title\">\n<h2 id=\"notes-title\">{}</h2>",
            words.notes
        );
        for (i, note) in piece.notes.iter().enumerate() {
            let n = i + 1;
            let marker = locale::number(n as u64, &piece.lang);
            let _ = writeln!(
                r.out,
                "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-{n}\">"
            );
            let backlink = format!(
                "<a class=\"note-number\" href=\"#nr-{n}\" role=\"doc-backlink\" title=\"{}\">{marker}.</a> ",
                words.back_to_text
            );
            match note.blocks.split_first() {
                Some((Block::Paragraph(first), rest)) => {
                    r.out.push_str("<p>");
                    r.out.push_str(&backlink);
                    r.inlines(first);
                    r.out.push_str("</p>\n");
                    r.blocks(rest);
                }
                _ => {
                    let _ = writeln!(r.out, "<p>{backlink}</p>");
                    r.blocks(&note.blocks);
                }
            }
            r.out.push_str("</aside>\n");
        }
        r.out.push_str("</section>\n");
    }
    r.out.push_str("</section>\n");
    r.out
}

/// Renders inlines alone (titles, attributions) in a language.
pub fn inline_html(inlines: &[Inline], lang: &Lang) -> String {
    let mut r = Renderer::new(lang, 0);
    r.inlines(inlines);
    r.out
}

struct Renderer<'a> {
    lang: &'a Lang,
    out: String,
    /// Where links to pieces lead, and the path of the piece being written; None where the
    /// text is not a piece's (a contents entry), whose links are written as their text.
    links: Option<(&'a PieceFiles<'a>, &'a Path)>,
    /// How many references to each note have been written (for unique ids).
    refs_seen: Vec<usize>,
    /// Page break markers still to be placed in the paragraph being written, with the
    /// number of words before each, in order.
    pending: VecDeque<(usize, String)>,
    /// Words of the paragraph begun so far, counted as the layout counts them: runs of
    /// non-whitespace in the text the engine sets (note markers and the bidi isolates
    /// around language spans included).
    words: usize,
    /// The last character counted was not whitespace.
    in_word: bool,
}

impl<'a> Renderer<'a> {
    fn new(lang: &'a Lang, notes: usize) -> Renderer<'a> {
        Renderer {
            lang,
            out: String::new(),
            links: None,
            refs_seen: vec![0; notes],
            pending: VecDeque::new(),
            words: 0,
            in_word: false,
        }
    }
}

impl Renderer<'_> {
    /// A piece's top-level blocks, with the page breaks that fall before or inside them.
    fn top_blocks(&mut self, blocks: &[Block], breaks: &[PageBreak]) {
        for (i, block) in blocks.iter().enumerate() {
            for b in breaks.iter().filter(|b| b.at == At::Block(i)) {
                self.out.push_str(&b.marker());
                self.out.push('\n');
            }
            self.pending = breaks
                .iter()
                .filter_map(|b| match b.at {
                    At::Word { block, words } if block == i => Some((words, b.marker())),
                    _ => None,
                })
                .collect();
            self.words = 0;
            self.in_word = false;
            self.block(block);
            // Only a paragraph takes breaks inside it, and it places them all; should any be
            // left, they follow the block rather than go missing from the page list.
            if !self.pending.is_empty() {
                self.flush_breaks();
                self.out.push('\n');
            }
        }
        // Breaks past the last block (the layout and the model disagree): still marked, at
        // the end of the text, so that the page list never points nowhere.
        for b in breaks.iter().filter(|b| match b.at {
            At::Block(i) | At::Word { block: i, .. } => i >= blocks.len(),
            At::Opening => false,
        }) {
            self.out.push_str(&b.marker());
            self.out.push('\n');
        }
    }

    /// Counts one character of the paragraph's set text, placing the page breaks that
    /// come before it if it begins a word.
    fn count(&mut self, whitespace: bool) {
        if whitespace {
            self.in_word = false;
            return;
        }
        if self.in_word {
            return;
        }
        self.in_word = true;
        while self
            .pending
            .front()
            .is_some_and(|(before, _)| *before <= self.words)
        {
            if let Some((_, marker)) = self.pending.pop_front() {
                self.out.push_str(&marker);
            }
        }
        self.words += 1;
    }

    /// Writes text, escaped, counting its words while page breaks wait to be placed.
    fn text(&mut self, text: &str) {
        if self.pending.is_empty() {
            self.out.push_str(&escape(text));
            return;
        }
        let mut buf = [0u8; 4];
        for c in text.chars() {
            self.count(c.is_whitespace());
            self.out.push_str(&escape(c.encode_utf8(&mut buf)));
        }
    }

    /// Places the breaks left when a paragraph ends (the layout counted more words than
    /// its text has): at its end, so that each is still in the paragraph it belongs to.
    fn flush_breaks(&mut self) {
        while let Some((_, marker)) = self.pending.pop_front() {
            self.out.push_str(&marker);
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, id, content } => {
                let level = (*level).clamp(2, 6);
                let _ = write!(self.out, "<h{level} id=\"{}\">", escape(id));
                self.inlines(content);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::Paragraph(content) => {
                self.out.push_str("<p>");
                self.inlines(content);
                self.flush_breaks();
                self.out.push_str("</p>\n");
            }
            Block::Quote(blocks) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks);
                self.out.push_str("</blockquote>\n");
            }
            Block::List { kind, items } => {
                let tag = match kind {
                    ListKind::Bullet => {
                        self.out.push_str("<ul>\n");
                        "ul"
                    }
                    ListKind::Ordered { style, start } => {
                        let (class, html_type) = match style {
                            ListStyle::Decimal => ("decimal", None),
                            ListStyle::LowerAlpha => ("lower-alpha", Some("a")),
                            ListStyle::UpperAlpha => ("upper-alpha", Some("A")),
                            ListStyle::LowerRoman => ("lower-roman", Some("i")),
                            ListStyle::UpperRoman => ("upper-roman", Some("I")),
                        };
                        let _ = write!(self.out, "<ol class=\"{class}\"");
                        if let Some(t) = html_type {
                            let _ = write!(self.out, " type=\"{t}\"");
                        }
                        if *start != 1 {
                            let _ = write!(self.out, " start=\"{start}\"");
                        }
                        self.out.push_str(">\n");
                        "ol"
                    }
                };
                for item in items {
                    // A task item in a bulleted list shows its box instead of a bullet.
                    let task = matches!(
                        item.first(),
                        Some(Block::Paragraph(content)) if matches!(content.first(), Some(Inline::TaskBox(_)))
                    );
                    self.out
                        .push_str(if task { "<li class=\"task\">" } else { "<li>" });
                    // A one-paragraph item is written without <p>, as a tight list reads.
                    match item.as_slice() {
                        [Block::Paragraph(content)] => self.inlines(content),
                        blocks => {
                            self.out.push('\n');
                            self.blocks(blocks);
                        }
                    }
                    self.out.push_str("</li>\n");
                }
                let _ = writeln!(self.out, "</{tag}>");
            }
            Block::ThematicBreak => self.out.push_str("<hr class=\"section-break\"/>\n"),
            Block::Epigraph { quote, attribution } => {
                self.out.push_str("<blockquote class=\"epigraph\" epub:type=\"epigraph\" role=\"doc-epigraph\">\n");
                self.blocks(quote);
                if let Some(attribution) = attribution {
                    self.out.push_str("<p class=\"attribution\">— ");
                    self.inlines(attribution);
                    self.out.push_str("</p>\n");
                }
                self.out.push_str("</blockquote>\n");
            }
            Block::Signature(lines) => {
                self.out.push_str("<p class=\"signature\">");
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str("<br/>");
                    }
                    self.inlines(line);
                }
                self.out.push_str("</p>\n");
            }
            Block::Code(code) => {
                let _ = writeln!(
                    self.out,
                    "<pre dir=\"ltr\"><code>{}</code></pre>",
                    escape(code)
                );
            }
            Block::Table {
                align, head, rows, ..
            } => {
                self.out.push_str("<table>\n");
                if !head.is_empty() {
                    self.out.push_str("<thead><tr>");
                    for (i, cell) in head.iter().enumerate() {
                        self.cell("th", align.get(i).copied().unwrap_or(Align::None), cell);
                    }
                    self.out.push_str("</tr></thead>\n");
                }
                self.out.push_str("<tbody>\n");
                for row in rows {
                    self.out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        self.cell("td", align.get(i).copied().unwrap_or(Align::None), cell);
                    }
                    self.out.push_str("</tr>\n");
                }
                self.out.push_str("</tbody>\n</table>\n");
            }
        }
    }

    fn cell(&mut self, tag: &str, align: Align, content: &[Inline]) {
        let class = match align {
            Align::None => "",
            Align::Start => " class=\"align-start\"",
            Align::Center => " class=\"align-center\"",
            Align::End => " class=\"align-end\"",
        };
        let _ = write!(self.out, "<{tag}{class}>");
        self.inlines(content);
        let _ = write!(self.out, "</{tag}>");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(t) => self.text(t),
            Inline::Emphasis(c) => {
                self.out.push_str("<em>");
                self.inlines(c);
                self.out.push_str("</em>");
            }
            Inline::Strong(c) => {
                self.out.push_str("<strong>");
                self.inlines(c);
                self.out.push_str("</strong>");
            }
            Inline::Strike(c) => {
                self.out.push_str("<del>");
                self.inlines(c);
                self.out.push_str("</del>");
            }
            Inline::TaskBox(done) => {
                // A box that shows its state and cannot be changed, named for readers
                // that speak it.
                let words = locale::words(self.lang);
                let (checked, name) = if *done {
                    (" checked=\"checked\"", words.done)
                } else {
                    ("", words.not_done)
                };
                let _ = write!(
                    self.out,
                    "<input type=\"checkbox\" disabled=\"disabled\"{checked} aria-label=\"{}\"/> ",
                    escape(name)
                );
            }
            Inline::Code(c) => {
                if !self.pending.is_empty() && c.starts_with(|ch: char| !ch.is_whitespace()) {
                    // A break before the code's first word goes before the element.
                    self.count(false);
                }
                self.out.push_str("<code dir=\"ltr\">");
                self.text(c);
                self.out.push_str("</code>");
            }
            Inline::Link { target, content } => {
                let href = self
                    .links
                    .and_then(|(files, here)| files.href(target, here));
                match href {
                    Some(href) => {
                        let _ = write!(self.out, "<a href=\"{href}\">");
                        self.inlines(content);
                        self.out.push_str("</a>");
                    }
                    None => self.inlines(content),
                }
            }
            Inline::NoteRef(n) => {
                // The layout sets the marker's digits in the text: they count.
                if !self.pending.is_empty() {
                    self.count(false);
                }
                let seen = self.refs_seen.get(n - 1).copied().unwrap_or(0);
                if let Some(count) = self.refs_seen.get_mut(n - 1) {
                    *count += 1;
                }
                let id = if seen == 0 {
                    format!("nr-{n}")
                } else {
                    format!("nr-{n}-{}", seen + 1)
                };
                let marker = locale::number(*n as u64, self.lang);
                let _ = write!(
                    self.out,
                    "<a epub:type=\"noteref\" role=\"doc-noteref\" id=\"{id}\" href=\"#fn-{n}\" aria-label=\"{} {marker}\">{marker}</a>",
                    locale::words(self.lang).note
                );
            }
            Inline::LineBreak => {
                if !self.pending.is_empty() {
                    self.count(true);
                }
                self.out.push_str("<br/>");
            }
            Inline::Span { lang, dir, content } => {
                // The layout sets a span between bidi isolates, which are not whitespace.
                if !self.pending.is_empty() {
                    self.count(false);
                }
                let _ = write!(self.out, "<span {}>", lang_attrs(lang, *dir));
                self.inlines(content);
                if !self.pending.is_empty() {
                    self.count(false);
                }
                self.out.push_str("</span>");
            }
        }
    }
}

/// Plain metadata text (a note, a description, rights) as XHTML, with runs in the other
/// direction isolated as in the body text.
pub fn plain_text(text: &str, lang: &Lang) -> String {
    let spans = crate::book::language_spans(vec![Inline::Text(text.to_string())], lang.direction());
    inline_html(&spans, lang)
}

/// Direction attributes for an element whose language may differ from its document's.
pub fn lang_dir_if_different(lang: &Lang, dir: Direction, doc_lang: &Lang) -> String {
    if lang == doc_lang {
        String::new()
    } else {
        format!(" {}", lang_attrs(lang, dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::PieceMeta;

    #[test]
    fn persian_note_markers_and_backlinks() {
        let piece = Piece {
            meta: PieceMeta {
                title: "عنوان".into(),
                ..PieceMeta::default()
            },
            lang: Lang::persian(),
            dir: Direction::Rtl,
            path: "a.md".into(),
            blocks: vec![Block::Paragraph(vec![
                Inline::Text("متن".into()),
                Inline::NoteRef(1),
            ])],
            notes: vec![crate::book::Note {
                label: "x".into(),
                blocks: vec![Block::Paragraph(vec![Inline::Text("یادداشت".into())])],
            }],
        };
        let html = alone(&piece, &[]);
        assert!(html.contains("href=\"#fn-1\""), "{html}");
        assert!(html.contains(">۱</a>"), "{html}");
        assert!(html.contains("role=\"doc-backlink\""));
        assert!(html.contains("id=\"nr-1\""));
    }

    /// A piece's body written as a book of that piece alone would have it.
    fn alone(piece: &Piece, breaks: &[PageBreak]) -> String {
        piece_body(piece, breaks, &PieceFiles::new(&[], []))
    }

    fn page(number: usize, at: At) -> PageBreak {
        PageBreak {
            number,
            label: number.to_string(),
            piece: 0,
            at,
        }
    }

    fn marker(number: usize) -> String {
        page(number, At::Opening).marker()
    }

    fn english(blocks: Vec<Block>) -> Piece {
        Piece {
            meta: PieceMeta {
                title: "Title".into(),
                ..PieceMeta::default()
            },
            lang: Lang::english(),
            dir: Direction::Ltr,
            path: "a.md".into(),
            blocks,
            notes: vec![crate::book::Note {
                label: "x".into(),
                blocks: vec![Block::Paragraph(vec![Inline::Text("A note.".into())])],
            }],
        }
    }

    #[test]
    fn page_breaks_at_the_opening_and_before_blocks() {
        let piece = english(vec![
            Block::Paragraph(vec![Inline::Text("First.".into())]),
            Block::List {
                kind: ListKind::Bullet,
                items: vec![vec![Block::Paragraph(vec![Inline::Text("Item".into())])]],
            },
        ]);
        let html = alone(&piece, &[page(1, At::Opening), page(2, At::Block(1))]);
        assert!(
            html.contains(&format!(
                "aria-labelledby=\"piece-title\">\n{}\n<header>",
                marker(1)
            )),
            "{html}"
        );
        assert!(
            html.contains(&format!("<p>First.</p>\n{}\n<ul>", marker(2))),
            "{html}"
        );
        assert_eq!(
            marker(12),
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-12\" aria-label=\"12\"/>"
        );
    }

    #[test]
    fn page_breaks_inside_a_paragraph_count_words_as_the_layout_sets_them() {
        // As set: `One two three four1 five [six seven] eight nine`, the brackets standing
        // for the isolates around the span, which are not spaces: the note marker is part
        // of its word, and so are the isolates.
        let piece = english(vec![Block::Paragraph(vec![
            Inline::Text("One two ".into()),
            Inline::Emphasis(vec![Inline::Text("three four".into())]),
            Inline::NoteRef(1),
            Inline::Text(" five ".into()),
            Inline::Span {
                lang: Lang::persian(),
                dir: Direction::Rtl,
                content: vec![Inline::Text("six seven".into())],
            },
            Inline::Text(" eight".into()),
            Inline::LineBreak,
            Inline::Text("nine".into()),
        ])]);
        let at = |number, words| page(number, At::Word { block: 0, words });
        let html = alone(&piece, &[at(2, 3), at(3, 5), at(4, 7), at(5, 8)]);
        assert!(
            html.contains(&format!("<em>three {}four</em>", marker(2))),
            "{html}"
        );
        assert!(
            html.contains(&format!("five {}<span lang=\"fa\"", marker(3))),
            "{html}"
        );
        assert!(html.contains(&format!(" {}eight", marker(4))), "{html}");
        assert!(
            html.contains(&format!("<br/>{}nine</p>", marker(5))),
            "{html}"
        );
        // A note marker standing alone is a word of its own.
        let piece = english(vec![Block::Paragraph(vec![
            Inline::Text("a ".into()),
            Inline::NoteRef(1),
            Inline::Text(" b".into()),
        ])]);
        let html = alone(&piece, &[at(2, 1), at(3, 2)]);
        assert!(
            html.contains(&format!("<p>a {}<a epub:type=\"noteref\"", marker(2))),
            "{html}"
        );
        assert!(html.contains(&format!("</a> {}b</p>", marker(3))), "{html}");
    }

    #[test]
    fn page_breaks_past_the_text_are_still_written() {
        let piece = english(vec![Block::Paragraph(vec![Inline::Text(
            "Two words".into(),
        )])]);
        let html = alone(
            &piece,
            &[
                page(2, At::Word { block: 0, words: 5 }),
                page(3, At::Block(4)),
            ],
        );
        assert!(
            html.contains(&format!("Two words{}</p>\n{}\n", marker(2), marker(3))),
            "{html}"
        );
    }
}
