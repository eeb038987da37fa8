//! The document model rendered as XHTML: blocks, inlines and notes.

use super::xml::{escape, lang_attrs};
use crate::book::{Align, Block, Direction, Inline, Lang, ListKind, ListStyle, Piece};
use crate::locale;
use std::fmt::Write;

/// Renders a piece's body: a chapter section with its header, blocks and notes.
pub fn piece_body(piece: &Piece) -> String {
    let mut r = Renderer {
        lang: &piece.lang,
        out: String::new(),
        refs_seen: vec![0; piece.notes.len()],
    };
    let words = locale::words(&piece.lang);
    r.out.push_str("<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"piece-title\">\n<header>\n");
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
    r.blocks(&piece.blocks);
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
    let mut r = Renderer {
        lang,
        out: String::new(),
        refs_seen: Vec::new(),
    };
    r.inlines(inlines);
    r.out
}

struct Renderer<'a> {
    lang: &'a Lang,
    out: String,
    /// How many references to each note have been written (for unique ids).
    refs_seen: Vec<usize>,
}

impl Renderer<'_> {
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
                    self.out.push_str("<li>");
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
            Block::Table { align, head, rows } => {
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
            Inline::Text(t) => self.out.push_str(&escape(t)),
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
            Inline::Code(c) => {
                let _ = write!(self.out, "<code dir=\"ltr\">{}</code>", escape(c));
            }
            Inline::Link { url, content } => {
                let _ = write!(self.out, "<a href=\"{}\">", escape(url));
                self.inlines(content);
                self.out.push_str("</a>");
            }
            Inline::NoteRef(n) => {
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
            Inline::LineBreak => self.out.push_str("<br/>"),
            Inline::Span { lang, dir, content } => {
                let _ = write!(self.out, "<span {}>", lang_attrs(lang, *dir));
                self.inlines(content);
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
        let html = piece_body(&piece);
        assert!(html.contains("href=\"#fn-1\""), "{html}");
        assert!(html.contains(">۱</a>"), "{html}");
        assert!(html.contains("role=\"doc-backlink\""));
        assert!(html.contains("id=\"nr-1\""));
    }
}
