//! Mixed Farsi and English paragraphs, of any direction, set on any measure.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod checks;

use arbitrary::Arbitrary;
use checks::{ParagraphCase, Part};
use libfuzzer_sys::fuzz_target;

const FARSI: &[&str] = &[
    "کارگران",
    "انقلاب",
    "می‌کند",
    "سازمان‌ها",
    "«طلوع»",
    "الله",
    "لا",
    "بین‌المللی",
    "کمونیست",
    "ـ",
    "ۀ",
    "اِعمال",
    "هٔ",
    "تر",
    "ها",
    "ی",
    "پ",
    "سوسیالیسم",
    "مبارزه",
];
const ENGLISH: &[&str] = &[
    "the",
    "workers",
    "internationalist",
    "Bretton",
    "Woods",
    "radical-socialist",
    "a",
    "https://example.org/a/very/long/path/without/any/break",
    "fi",
    "ffl",
    "Duterte-Marcos",
    "supercalifragilisticexpialidocious",
    "I",
    "—",
    "e\u{301}",
];
const PUNCTUATION: &[&str] = &[
    ".", ",", "،", "؛", "؟", "!", ":", "(", ")", "«", "»", "“", "”", "-", "–", "—", "/", "…", "[",
    "]",
];

#[derive(Debug, Arbitrary)]
enum Fragment {
    Farsi(u8),
    English(u8),
    Digits(u32, bool),
    Punctuation(u8),
    Zwnj,
    Space,
    Spaces(u8),
    Any(String),
}

impl Fragment {
    fn text(&self) -> String {
        let pick = |list: &[&str], i: u8| list[usize::from(i) % list.len()].to_string();
        match self {
            Fragment::Farsi(i) => pick(FARSI, *i),
            Fragment::English(i) => pick(ENGLISH, *i),
            Fragment::Digits(n, persian) => {
                let s = n.to_string();
                if *persian {
                    s.chars()
                        .map(|c| char::from_u32(0x06F0 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
                        .collect()
                } else {
                    s
                }
            }
            Fragment::Punctuation(i) => pick(PUNCTUATION, *i),
            Fragment::Zwnj => "\u{200C}".into(),
            Fragment::Space => " ".into(),
            Fragment::Spaces(n) => " ".repeat(usize::from(n % 8)),
            Fragment::Any(s) => s.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Kind {
    Text,
    Emphasis,
    Strong,
    Code,
    Span,
    Note(u8),
    Break,
}

#[derive(Arbitrary)]
struct Input {
    parts: Vec<(Kind, Vec<Fragment>)>,
    rtl: bool,
    farsi: bool,
    naskh: bool,
    measure: u16,
    indent: u8,
    size: u8,
    align: u8,
}

impl Input {
    fn case(&self) -> ParagraphCase {
        let measure = 1.0 + f32::from(self.measure % 6000) / 10.0;
        ParagraphCase {
            parts: self
                .parts
                .iter()
                .map(|(kind, fragments)| {
                    let text: String = fragments.iter().map(Fragment::text).collect();
                    match kind {
                        Kind::Text => Part::Text(text),
                        Kind::Emphasis => Part::Emphasis(text),
                        Kind::Strong => Part::Strong(text),
                        Kind::Code => Part::Code(text),
                        Kind::Span => Part::Span(text),
                        Kind::Note(n) => Part::Note(*n),
                        Kind::Break => Part::Break,
                    }
                })
                .collect(),
            rtl: self.rtl,
            farsi: self.farsi,
            naskh: self.naskh,
            measure,
            indent: (f32::from(self.indent) / 4.0).min(measure / 2.0),
            size: 6.0 + f32::from(self.size % 25),
            align: self.align % 4,
        }
    }
}

/// `cargo fuzz fmt` prints an input as the case file `tests/fuzz_cases.rs` reads.
impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.case().to_text())
    }
}

fuzz_target!(|input: Input| {
    checks::paragraph_layout(&input.case());
});
