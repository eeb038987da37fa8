//! Page geometry and the type sizes of each kind of block, by language.

use crate::book::Lang;

/// The page and its margins, in points.
#[derive(Debug, Clone, Copy)]
pub struct PageGeometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Top margin.
    pub top: f32,
    /// Bottom margin (the folio sits in it).
    pub bottom: f32,
    /// Margin on the binding side.
    pub inner: f32,
    /// Margin on the outer side.
    pub outer: f32,
}

impl PageGeometry {
    /// A5 with book margins: 20 mm inside, 15 mm outside, the foot deeper than the head
    /// (the reference setting the typography is measured at).
    pub fn a5() -> PageGeometry {
        PageGeometry {
            width: 419.53,
            height: 595.28,
            top: 54.0,
            bottom: 68.0,
            inner: mm(20.0),
            outer: mm(15.0),
        }
    }

    /// Width of the text block.
    pub fn measure(&self) -> f32 {
        self.width - self.inner - self.outer
    }

    /// Left edge of the text block on page `number` (1-based). A book bound on the left
    /// has its inner margin on the left of odd (recto) pages; a right-to-left book, bound on
    /// the right, mirrors that.
    pub fn text_left(&self, number: usize, rtl_binding: bool) -> f32 {
        let recto = number % 2 == 1;
        if recto != rtl_binding {
            self.inner
        } else {
            self.outer
        }
    }

    /// Bottom edge of the text block, from the top of the page.
    pub fn text_bottom(&self) -> f32 {
        self.height - self.bottom
    }
}

/// Millimetres in points.
pub fn mm(millimetres: f32) -> f32 {
    millimetres * 72.0 / 25.4
}

/// Size and leading of one kind of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Type {
    /// Font size.
    pub size: f32,
    /// Distance between baselines.
    pub leading: f32,
}

/// The type scale of a language: Persian is set a little smaller on a taller line, as its
/// letters are larger on the body and need room above and below.
#[derive(Debug, Clone, Copy)]
pub struct TypeScale {
    /// Running text.
    pub body: Type,
    /// Piece titles.
    pub title: Type,
    /// Section headings (`##`).
    pub heading: Type,
    /// Subsection headings (`###`).
    pub subheading: Type,
    /// Quotes, epigraphs.
    pub quote: Type,
    /// Notes.
    pub note: Type,
    /// Paragraph indent.
    pub indent: f32,
}

impl TypeScale {
    /// The scale for `lang`.
    pub fn for_lang(lang: &Lang) -> TypeScale {
        if lang.is_persian() {
            TypeScale {
                body: Type {
                    size: 10.5,
                    leading: 19.0,
                },
                title: Type {
                    size: 17.0,
                    leading: 28.0,
                },
                heading: Type {
                    size: 12.5,
                    leading: 21.0,
                },
                subheading: Type {
                    size: 11.0,
                    leading: 19.0,
                },
                quote: Type {
                    size: 10.0,
                    leading: 18.0,
                },
                note: Type {
                    size: 9.0,
                    leading: 16.0,
                },
                indent: 12.0,
            }
        } else {
            TypeScale {
                body: Type {
                    size: 10.0,
                    leading: 13.5,
                },
                title: Type {
                    size: 18.0,
                    leading: 23.0,
                },
                heading: Type {
                    size: 12.0,
                    leading: 15.5,
                },
                subheading: Type {
                    size: 10.5,
                    leading: 13.5,
                },
                quote: Type {
                    size: 9.5,
                    leading: 12.5,
                },
                note: Type {
                    size: 8.5,
                    leading: 11.0,
                },
                indent: 12.0,
            }
        }
    }
}
