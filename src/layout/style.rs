//! Page geometry and the type sizes of each kind of block, by language.

use crate::book::{mm, Lang, Paper};

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
    /// How much larger than the reference A5 setting the type is (1 on A5).
    pub type_factor: f32,
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
            type_factor: 1.0,
        }
    }

    /// The geometry of a trim size: margins in the proportions of the reference A5 page
    /// (20 mm inside, 15 mm outside, a deeper foot than head), and type a step larger on
    /// pages much wider than A5 so that lines keep a readable length. The text block is
    /// worked out anew, never scaled.
    pub fn for_paper(paper: &Paper) -> PageGeometry {
        let a5 = PageGeometry::a5();
        let across = paper.width / a5.width;
        let down = paper.height / a5.height;
        // Type grows with the square root of the width, in steps of 5 %, never below A5's.
        let type_factor = ((across.sqrt() * 20.0).round() / 20.0).clamp(1.0, 1.3);
        PageGeometry {
            width: paper.width,
            height: paper.height,
            top: a5.top * down,
            bottom: a5.bottom * down,
            inner: a5.inner * across,
            outer: a5.outer * across,
            type_factor,
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

    /// Height of the text block.
    pub fn text_height(&self) -> f32 {
        self.text_bottom() - self.top
    }

    /// The share of the reference A5 text block's height this page's has, at most 1: the
    /// fixed vertical spaces of the front matter and the distances of running heads and
    /// folios from the text are made for A5, and shrink by it on shorter pages.
    pub fn room(&self) -> f32 {
        (self.text_height() / PageGeometry::a5().text_height()).min(1.0)
    }
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
    /// The scale for `lang`, set `factor` times larger than on the reference A5 page.
    pub fn for_lang(lang: &Lang, factor: f32) -> TypeScale {
        TypeScale::reference(lang).scaled(factor)
    }

    /// Every size, leading and indent `factor` times larger.
    fn scaled(self, factor: f32) -> TypeScale {
        let t = |t: Type| Type {
            size: t.size * factor,
            leading: t.leading * factor,
        };
        TypeScale {
            body: t(self.body),
            title: t(self.title),
            heading: t(self.heading),
            subheading: t(self.subheading),
            quote: t(self.quote),
            note: t(self.note),
            indent: self.indent * factor,
        }
    }

    /// The scale of the reference A5 setting.
    fn reference(lang: &Lang) -> TypeScale {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a5_keeps_the_reference_setting_and_a4_gets_wider_margins_and_larger_type() {
        let a5 = PageGeometry::for_paper(&Paper::A5);
        let reference = PageGeometry::a5();
        assert!((a5.inner - reference.inner).abs() < 0.01);
        assert!((a5.measure() - reference.measure()).abs() < 0.01);
        assert_eq!(a5.type_factor, 1.0);
        let a4 = PageGeometry::for_paper(&"a4".parse().expect("a4"));
        assert!(a4.inner > a5.inner && a4.outer > a5.outer && a4.top > a5.top);
        assert!(a4.type_factor > 1.1 && a4.type_factor <= 1.3);
        // Roughly as many characters per line: the measure grows with the type.
        let chars = |g: &PageGeometry| g.measure() / g.type_factor;
        assert!(chars(&a4) / chars(&a5) < 1.3, "A4 lines far too long");
    }

    #[test]
    fn only_pages_shorter_than_a5_shrink_its_fixed_vertical_spaces() {
        let room = |paper: &str| PageGeometry::for_paper(&paper.parse().expect(paper)).room();
        assert_eq!(room("a5"), 1.0);
        assert_eq!(room("a4"), 1.0);
        assert_eq!(room("70x594mm"), 1.0);
        let short = room("420x100mm");
        assert!(short > 0.4 && short < 0.5, "{short}");
    }
}
