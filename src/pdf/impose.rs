//! Booklet imposition: which page goes on which half of which side of which sheet, for
//! saddle-stitched booklets printed duplex (flipped on the short edge), folded and nested —
//! in one signature or several.

/// How to impose a booklet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Imposition {
    /// Pages per folded signature (a multiple of 4); `None` for one signature holding the
    /// whole book.
    pub signature: Option<usize>,
    /// Creep compensation: how far, in points, the innermost sheet of a signature moves its
    /// pages towards the fold, the outer sheets proportionally less (0 for none).
    pub creep: f32,
}

/// Why an imposition cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImposeError {
    /// A signature must fold from whole sheets.
    #[error(
        "a signature of {0} pages cannot be folded from sheets: use a multiple of 4 (8, 16, 32…)"
    )]
    Signature(usize),
    /// Creep beyond reason.
    #[error("creep of {0:.2} mm is out of range: use 0 to 5 mm (about the paper's thickness times the sheets)")]
    Creep(f32),
}

impl Imposition {
    /// Checks the options.
    pub fn validate(&self) -> Result<(), ImposeError> {
        if let Some(n) = self.signature {
            if n < 4 || n % 4 != 0 {
                return Err(ImposeError::Signature(n));
            }
        }
        let mm = crate::book::to_mm(self.creep);
        if !(0.0..=5.0).contains(&mm) {
            return Err(ImposeError::Creep(mm));
        }
        Ok(())
    }
}

/// One side of a sheet: the pages on its left and right halves (indices into the book's
/// pages; `None` for a blank page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    /// Left half.
    pub left: Option<usize>,
    /// Right half.
    pub right: Option<usize>,
}

/// A printed sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sheet {
    /// The side printed first (outside of the fold for the outermost sheet).
    pub front: Side,
    /// The other side, printed after flipping the sheet on its short edge.
    pub back: Side,
    /// Which signature the sheet belongs to (0-based).
    pub signature: usize,
    /// How deep in its signature the sheet sits: 0 outermost.
    pub depth: usize,
    /// Sheets in its signature.
    pub of: usize,
}

/// The sheets for a book of `pages` pages. Pages are padded with blanks to a multiple of 4,
/// the blanks at the end of the book (where the back cover's inside would follow). A book
/// bound on the left (`rtl` false) has its first page on the right half of the first
/// sheet's front; a right-to-left book, bound on the right, mirrors every sheet.
pub fn plan(pages: usize, signature: Option<usize>, rtl: bool) -> Vec<Sheet> {
    let padded = pages.div_ceil(4).max(1) * 4;
    let per = signature.unwrap_or(padded).max(4);
    let page = |i: usize| (i < pages).then_some(i);
    let mut sheets = Vec::with_capacity(padded / 4);
    let mut start = 0;
    let mut signature_index = 0;
    while start < padded {
        let n = per.min(padded - start);
        let of = n / 4;
        for depth in 0..of {
            // Outermost sheet first: its front carries the signature's last and first
            // pages, its back the second and second-last; each deeper sheet the next pair.
            let first = start + 2 * depth;
            let last = start + n - 1 - 2 * depth;
            let (front, back) = if rtl {
                (
                    Side {
                        left: page(first),
                        right: page(last),
                    },
                    Side {
                        left: page(last - 1),
                        right: page(first + 1),
                    },
                )
            } else {
                (
                    Side {
                        left: page(last),
                        right: page(first),
                    },
                    Side {
                        left: page(first + 1),
                        right: page(last - 1),
                    },
                )
            };
            sheets.push(Sheet {
                front,
                back,
                signature: signature_index,
                depth,
                of,
            });
        }
        start += n;
        signature_index += 1;
    }
    sheets
}

/// How far a page on `sheet` moves towards the fold to make up for creep.
pub fn creep_shift(sheet: &Sheet, creep: f32) -> f32 {
    if sheet.of <= 1 {
        0.0
    } else {
        creep * sheet.depth as f32 / (sheet.of - 1) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Folds the sheets as a binder would and reads the pages in order: each signature's
    /// sheets nested, outermost first, read front-right, back-left, …, back-right,
    /// front-left for a left-bound book (mirrored for a right-bound one).
    fn fold(sheets: &[Sheet], rtl: bool) -> Vec<Option<usize>> {
        let mut order = Vec::new();
        let signatures = sheets
            .iter()
            .map(|s| s.signature)
            .max()
            .map_or(0, |m| m + 1);
        for sig in 0..signatures {
            let nested: Vec<&Sheet> = sheets.iter().filter(|s| s.signature == sig).collect();
            let (outer_first, outer_second): (Vec<_>, Vec<_>) = nested
                .iter()
                .map(|s| {
                    if rtl {
                        ((s.front.left, s.back.right), (s.back.left, s.front.right))
                    } else {
                        ((s.front.right, s.back.left), (s.back.right, s.front.left))
                    }
                })
                .unzip();
            for (a, b) in &outer_first {
                order.push(*a);
                order.push(*b);
            }
            for (a, b) in outer_second.iter().rev() {
                order.push(*a);
                order.push(*b);
            }
        }
        order
    }

    #[test]
    fn eight_pages_fold_into_reading_order() {
        let sheets = plan(8, None, false);
        assert_eq!(sheets.len(), 2);
        assert_eq!(
            sheets[0].front,
            Side {
                left: Some(7),
                right: Some(0)
            }
        );
        assert_eq!(
            sheets[0].back,
            Side {
                left: Some(1),
                right: Some(6)
            }
        );
        let expected: Vec<Option<usize>> = (0..8).map(Some).collect();
        assert_eq!(fold(&sheets, false), expected);
    }

    #[test]
    fn right_bound_books_mirror_every_sheet() {
        let ltr = plan(12, None, false);
        let rtl = plan(12, None, true);
        for (l, r) in ltr.iter().zip(&rtl) {
            assert_eq!((l.front.left, l.front.right), (r.front.right, r.front.left));
            assert_eq!((l.back.left, l.back.right), (r.back.right, r.back.left));
        }
        let expected: Vec<Option<usize>> = (0..12).map(Some).collect();
        assert_eq!(fold(&rtl, true), expected);
    }

    #[test]
    fn blanks_pad_the_end_and_signatures_split_long_books() {
        let sheets = plan(22, Some(8), false);
        assert_eq!(sheets.len(), 6); // 24 pages: 8 + 8 + 8
        assert_eq!(sheets.iter().filter(|s| s.signature == 2).count(), 2);
        let order = fold(&sheets, false);
        assert_eq!(&order[..22], &(0..22).map(Some).collect::<Vec<_>>()[..]);
        assert_eq!(&order[22..], &[None, None]);
        // A signature size the book does not fill leaves a smaller last signature.
        let sheets = plan(20, Some(16), false);
        assert_eq!(sheets.iter().filter(|s| s.signature == 1).count(), 1);
        assert_eq!(fold(&sheets, false), (0..20).map(Some).collect::<Vec<_>>());
    }

    #[test]
    fn creep_grows_towards_the_centre_sheet() {
        let sheets = plan(16, None, false);
        let shifts: Vec<f32> = sheets.iter().map(|s| creep_shift(s, 3.0)).collect();
        assert_eq!(shifts, vec![0.0, 1.0, 2.0, 3.0]);
        assert!(Imposition {
            signature: Some(6),
            creep: 0.0
        }
        .validate()
        .is_err());
        assert!(Imposition {
            signature: Some(16),
            creep: 2.0
        }
        .validate()
        .is_ok());
    }
}
