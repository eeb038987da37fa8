//! Trim sizes: the named papers pamphlets are printed on and any `W×H` in mm or inches
//! (the layout works out each one's margins and type).

use std::str::FromStr;

/// A trim size, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paper {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// The named sizes: name, width and height in points.
const NAMED: [(&str, f32, f32); 7] = [
    ("a6", 297.64, 419.53),
    ("a5", 419.53, 595.28),
    ("a4", 595.28, 841.89),
    ("a3", 841.89, 1190.55),
    ("half-letter", 396.0, 612.0),
    ("letter", 612.0, 792.0),
    ("tabloid", 792.0, 1224.0),
];

/// The smallest page the book's type fits on with sensible margins: 70 mm wide, 100 mm high.
const SMALLEST: (f32, f32) = (198.43, 283.46);
/// The largest page pamphlet sets: A2.
const LARGEST: (f32, f32) = (1190.55, 1683.78);

/// Why a paper size was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaperError {
    /// Neither a name nor `W×H` with a unit.
    #[error("unknown paper size `{0}`: use a5, a4, letter, half-letter, or a size like 148x210mm or 5.5x8.5in")]
    Unknown(String),
    /// A size out of range.
    #[error("paper size `{0}` is out of range: pages must be between 70 × 100 mm and A2")]
    OutOfRange(String),
}

impl Paper {
    /// A5, the default.
    pub const A5: Paper = Paper {
        width: 419.53,
        height: 595.28,
    };
}

impl Default for Paper {
    fn default() -> Self {
        Paper::A5
    }
}

/// The sheet two pages of `width` × `height` are printed on side by side for a
/// saddle-stitched booklet, landscape: the next size up when there is one (A5 → A4,
/// half-letter → letter; A5 is 148 mm wide and A4 297 mm long, so the named sheet is used,
/// not twice the page), else exactly two pages wide.
pub fn booklet_sheet(width: f32, height: f32) -> (f32, f32) {
    NAMED
        .iter()
        .find(|(_, w, h)| (h - 2.0 * width).abs() < 4.0 && (w - height).abs() < 4.0)
        .map_or((2.0 * width, height), |(_, w, h)| (*h, *w))
}

/// Millimetres in points.
pub const fn mm(millimetres: f32) -> f32 {
    millimetres * 72.0 / 25.4
}

/// Points in millimetres.
pub fn to_mm(points: f32) -> f32 {
    points * 25.4 / 72.0
}

impl FromStr for Paper {
    type Err = PaperError;

    fn from_str(s: &str) -> Result<Paper, PaperError> {
        let written = s.trim().to_ascii_lowercase();
        let key = written.replace(['_', ' '], "-");
        let key = match key.as_str() {
            "us-letter" => "letter",
            "halfletter" | "half-us-letter" | "statement" => "half-letter",
            other => other,
        };
        if let Some((_, width, height)) = NAMED.iter().find(|(n, _, _)| *n == key) {
            return Ok(Paper {
                width: *width,
                height: *height,
            });
        }
        let unknown = || PaperError::Unknown(s.trim().to_string());
        let compact: String = written.chars().filter(|c| !c.is_whitespace()).collect();
        let (numbers, points_per_unit) = if let Some(n) = compact.strip_suffix("mm") {
            (n, mm(1.0))
        } else if let Some(n) = compact.strip_suffix("in") {
            (n, 72.0)
        } else {
            return Err(unknown());
        };
        let (w, h) = numbers.split_once(['x', '×', '*']).ok_or_else(unknown)?;
        let parse = |n: &str| n.parse::<f32>().ok().filter(|v| v.is_finite());
        let (Some(w), Some(h)) = (parse(w), parse(h)) else {
            return Err(unknown());
        };
        let (width, height) = (w * points_per_unit, h * points_per_unit);
        if width < SMALLEST.0 - 0.5
            || height < SMALLEST.1 - 0.5
            || width > LARGEST.0 + 0.5
            || height > LARGEST.1 + 0.5
        {
            return Err(PaperError::OutOfRange(s.trim().to_string()));
        }
        Ok(Paper { width, height })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_measured_sizes_are_read() {
        assert_eq!("A5".parse::<Paper>(), Ok(Paper::A5));
        assert_eq!("US Letter".parse::<Paper>().map(|p| p.width), Ok(612.0));
        assert_eq!("half-letter".parse::<Paper>().map(|p| p.height), Ok(612.0));
        let custom: Paper = "140 x 216 mm".parse().expect("custom");
        assert!((custom.width - mm(140.0)).abs() < 0.01);
        assert!((custom.height - mm(216.0)).abs() < 0.01);
        let inches: Paper = "5.5×8.5in".parse().expect("inches");
        assert_eq!((inches.width, inches.height), (396.0, 612.0));
    }

    #[test]
    fn nonsense_and_absurd_sizes_are_refused() {
        assert!(matches!("b7".parse::<Paper>(), Err(PaperError::Unknown(_))));
        assert!(matches!(
            "148x210".parse::<Paper>(),
            Err(PaperError::Unknown(_))
        ));
        assert!(matches!(
            "NaNx210mm".parse::<Paper>(),
            Err(PaperError::Unknown(_))
        ));
        assert!(matches!(
            "10x10mm".parse::<Paper>(),
            Err(PaperError::OutOfRange(_))
        ));
        assert!(matches!(
            "2000x3000mm".parse::<Paper>(),
            Err(PaperError::OutOfRange(_))
        ));
    }

    #[test]
    fn booklets_go_on_the_next_size_up() {
        let a4: Paper = "a4".parse().expect("a4");
        assert_eq!(
            booklet_sheet(Paper::A5.width, Paper::A5.height),
            (a4.height, a4.width)
        );
        let half: Paper = "half-letter".parse().expect("half-letter");
        assert_eq!(booklet_sheet(half.width, half.height), (792.0, 612.0));
        // No named sheet fits two 6 × 9 in pages: twice the page.
        assert_eq!(booklet_sheet(432.0, 648.0), (864.0, 648.0));
    }
}
