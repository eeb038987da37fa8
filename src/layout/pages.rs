//! Pages: the book's flow cut into pages, with a title page and folios.

use super::blocks::BlockSetter;
use super::flow::{Flow, FlowLine};
use super::style::{PageGeometry, TypeScale};
use super::{Item, Layout, Page};
use crate::book::{Book, Inline, Role};
use crate::locale;
use crate::text::collect::Style;
use crate::text::fonts::FontSet;
use crate::text::line::Align;
use crate::text::paragraph::{typeset, ParagraphStyle};

/// Typesets a whole book on `geometry`.
pub fn layout(book: &Book, fonts: &FontSet, geometry: PageGeometry) -> Layout {
    let mut setter = BlockSetter::new(fonts, geometry.measure());
    title_page(book, &mut setter);
    for piece in &book.pieces {
        setter.piece(piece);
    }
    let rtl_binding = book.meta.language.direction() == crate::book::Direction::Rtl;
    let mut pages = paginate(&setter.flow, &geometry, rtl_binding);
    folios(&mut pages, book, fonts, &geometry);
    Layout { pages }
}

/// The title page: title, subtitle, authors or editors, publisher, set in the book's language.
fn title_page(book: &Book, setter: &mut BlockSetter<'_>) {
    let meta = &book.meta;
    let lang = &meta.language;
    let dir = lang.direction();
    let s = TypeScale::for_lang(lang);
    let mut lines: Vec<(String, f32, f32, bool, f32)> = vec![(
        meta.title.clone(),
        s.title.size * 1.3,
        s.title.leading * 1.3,
        true,
        120.0,
    )];
    if let Some(subtitle) = &meta.subtitle {
        lines.push((
            subtitle.clone(),
            s.heading.size,
            s.heading.leading,
            false,
            12.0,
        ));
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
        lines.push((
            locale::join_names(&authors, lang),
            s.heading.size,
            s.heading.leading,
            false,
            48.0,
        ));
    }
    let words = locale::words(lang);
    for (role, label) in [
        (Role::Editor, words.edited_by),
        (Role::Translator, words.translated_by),
    ] {
        let people = names(role);
        if !people.is_empty() {
            lines.push((
                format!("{label} {}", locale::join_names(&people, lang)),
                s.body.size,
                s.body.leading,
                false,
                24.0,
            ));
        }
    }
    if let Some(publisher) = &meta.publisher {
        lines.push((publisher.clone(), s.body.size, s.body.leading, false, 96.0));
    }
    for (text, size, leading, bold, space) in lines {
        setter.flow.push(Flow::Space(space));
        let inlines = crate::book::language_spans(vec![Inline::Text(text)], dir);
        let style = ParagraphStyle {
            text: Style {
                bold,
                italic: false,
                scale: 1.0,
                rise: 0.0,
                lang: lang.clone(),
            },
            size,
            dir,
            measure: setter.measure,
            first_indent: 0.0,
            align: Align::Center,
        };
        for line in typeset(&inlines, &style, setter.fonts) {
            setter.flow.push(Flow::Line(FlowLine {
                line,
                x: 0.0,
                leading,
                keep_with_next: true,
            }));
        }
    }
}

/// Cuts the flow into pages. A line goes on the current page if its baseline fits above the
/// text block's bottom; a heading (kept with what follows) moves to the next page rather than
/// end one.
fn paginate(flow: &[Flow], g: &PageGeometry, rtl_binding: bool) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut y = f32::INFINITY; // baseline of the last line; infinity: no page open
    let mut fresh = true; // nothing on the current page yet
    let mut pending_space = 0.0;
    let new_page = |pages: &mut Vec<Page>| {
        pages.push(Page {
            width: g.width,
            height: g.height,
            items: Vec::new(),
        });
    };
    let mut i = 0;
    while i < flow.len() {
        match &flow[i] {
            Flow::NewPage => {
                if !fresh || pages.is_empty() {
                    new_page(&mut pages);
                    y = g.top;
                    fresh = true;
                }
                pending_space = 0.0;
            }
            Flow::Space(space) => {
                if !fresh {
                    pending_space += space;
                } else if !pages.is_empty() && y == g.top {
                    // Space at the very top of a page that a piece asked for (its opening).
                    pending_space += space;
                }
            }
            Flow::Line(line) => {
                // How deep the run of lines kept together with this one reaches.
                let mut need = pending_space + line.leading;
                let mut j = i;
                while let Flow::Line(l) = &flow[j] {
                    if !l.keep_with_next {
                        break;
                    }
                    j += 1;
                    match flow.get(j) {
                        Some(Flow::Line(next)) => need += next.leading,
                        Some(Flow::Space(s)) => {
                            need += s;
                            j += 1;
                            if let Some(Flow::Line(next)) = flow.get(j) {
                                need += next.leading;
                            }
                            break;
                        }
                        _ => break,
                    }
                }
                if pages.is_empty() || (y + need > g.text_bottom() && !fresh) {
                    new_page(&mut pages);
                    y = g.top;
                    pending_space = 0.0;
                }
                let number = pages.len();
                let left = g.text_left(number, rtl_binding);
                y += pending_space + line.leading;
                pending_space = 0.0;
                fresh = false;
                let page = pages.last_mut().expect("a page is open");
                page.items.push(Item::Line {
                    x: left + line.x,
                    baseline: y,
                    glyphs: line.line.glyphs.clone(),
                });
            }
        }
        i += 1;
    }
    pages
}

/// Page numbers at the foot of every page but the title page, in the book's digits.
fn folios(pages: &mut [Page], book: &Book, fonts: &FontSet, g: &PageGeometry) {
    let lang = &book.meta.language;
    let s = TypeScale::for_lang(lang);
    for (i, page) in pages.iter_mut().enumerate().skip(1) {
        let number = locale::number(i as u64 + 1, lang);
        let style = ParagraphStyle {
            text: Style {
                bold: false,
                italic: false,
                scale: 1.0,
                rise: 0.0,
                lang: lang.clone(),
            },
            size: s.note.size,
            dir: lang.direction(),
            measure: g.width,
            first_indent: 0.0,
            align: Align::Center,
        };
        if let Some(line) = typeset(&[Inline::Text(number)], &style, fonts)
            .into_iter()
            .next()
        {
            page.items.push(Item::Line {
                x: 0.0,
                baseline: g.height - g.bottom + 30.0,
                glyphs: line.glyphs,
            });
        }
    }
}
