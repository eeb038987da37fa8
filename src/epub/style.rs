//! The stylesheet, and which font faces the book's text needs embedded.

use crate::book::{Block, Book, Inline, Lang};
use crate::text::fonts::{Face, Family};
use crate::text::script::is_arabic_script;
use std::collections::BTreeSet;
use std::fmt::Write;

/// The faces the book's text and generated pages use, so only those are embedded.
pub fn faces_used(book: &Book) -> BTreeSet<Face> {
    let farsi = Family::farsi(book.meta.fonts.farsi);
    let mut scan = Scan {
        farsi,
        faces: BTreeSet::new(),
    };
    // Titles, headings and the generated pages are set in bold; body text in regular.
    let mut titles = vec![book.meta.title.clone()];
    titles.extend(book.meta.subtitle.clone());
    titles.extend(book.pieces.iter().map(|p| p.meta.title.clone()));
    for t in &titles {
        scan.text(t, true, false);
        scan.text(t, false, false);
    }
    for c in &book.meta.contributors {
        scan.text(&c.name, false, false);
    }
    // The colophon and navigation are Latin-capable in every book.
    scan.faces.insert(Face {
        family: Family::Charis,
        bold: false,
        italic: false,
    });
    scan.faces.insert(Face {
        family: Family::Charis,
        bold: true,
        italic: false,
    });
    for piece in &book.pieces {
        let persian = piece.lang.is_persian();
        for a in piece.meta.authors.iter().chain(&piece.meta.translators) {
            scan.text(a, false, false);
        }
        if let Some(note) = &piece.meta.note {
            scan.text(note, false, false);
        }
        scan.blocks(&piece.blocks, &piece.lang, persian);
        for note in &piece.notes {
            scan.blocks(&note.blocks, &piece.lang, persian);
        }
    }
    scan.faces
}

struct Scan {
    farsi: Family,
    faces: BTreeSet<Face>,
}

impl Scan {
    /// Code: Latin in the monospace face (upright), Arabic script in the Farsi face.
    fn code(&mut self, text: &str, bold: bool) {
        for c in text.chars() {
            let family = if is_arabic_script(c) {
                self.farsi
            } else if !c.is_whitespace() {
                Family::JetBrainsMono
            } else {
                continue;
            };
            self.faces.insert(Face {
                family,
                bold,
                italic: false,
            });
        }
    }

    fn text(&mut self, text: &str, bold: bool, italic: bool) {
        for c in text.chars() {
            let family = if is_arabic_script(c) {
                self.farsi
            } else if c.is_alphanumeric() {
                Family::Charis
            } else {
                continue;
            };
            let italic = italic && Face::has_italic(family);
            self.faces.insert(Face {
                family,
                bold,
                italic,
            });
        }
    }

    fn blocks(&mut self, blocks: &[Block], lang: &Lang, persian: bool) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } => self.inlines(content, lang, true, false),
                Block::Paragraph(c) => self.inlines(c, lang, false, false),
                Block::Quote(b) => self.blocks(b, lang, persian),
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(item, lang, persian);
                    }
                }
                Block::Epigraph { quote, attribution } => {
                    // Epigraphs are italic in Latin script.
                    for b in quote {
                        if let Block::Paragraph(c) = b {
                            self.inlines(c, lang, false, !persian);
                        }
                    }
                    if let Some(a) = attribution {
                        self.inlines(a, lang, false, false);
                    }
                }
                Block::Signature(lines) => {
                    for l in lines {
                        self.inlines(l, lang, false, false);
                    }
                }
                Block::Code(code) => self.code(code, false),
                Block::Table { head, rows, .. } => {
                    for c in head {
                        self.inlines(c, lang, true, false);
                    }
                    for row in rows {
                        for c in row {
                            self.inlines(c, lang, false, false);
                        }
                    }
                }
                Block::ThematicBreak => {}
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline], lang: &Lang, bold: bool, italic: bool) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => self.text(t, bold, italic),
                Inline::Code(t) => self.code(t, bold),
                // Persian emphasis is bold, never slanted.
                Inline::Emphasis(c) if lang.is_persian() => self.inlines(c, lang, true, italic),
                Inline::Emphasis(c) => self.inlines(c, lang, bold, !italic),
                Inline::Strong(c) => self.inlines(c, lang, true, italic),
                Inline::Strike(c) => self.inlines(c, lang, bold, italic),
                Inline::Link { content, .. } => self.inlines(content, lang, bold, italic),
                Inline::Span {
                    lang: inner,
                    content,
                    ..
                } => self.inlines(content, inner, bold, italic),
                Inline::NoteRef(_) | Inline::LineBreak | Inline::TaskBox(_) => {}
            }
        }
    }
}

/// The path of a face's file inside the EPUB, relative to the package document.
pub fn font_href(face: Face) -> String {
    format!("fonts/{}", face.file_name())
}

/// The stylesheet: `@font-face` rules for the embedded faces, then the book's styles.
pub fn stylesheet(faces: &BTreeSet<Face>, farsi: Family, tasks: bool) -> String {
    let mut css = String::new();
    for face in faces {
        let _ = writeln!(
            css,
            "@font-face {{ font-family: \"{}\"; font-weight: {}; font-style: {}; src: url(\"../{}\") format(\"truetype\"); }}",
            face.family.name(),
            if face.bold { 700 } else { 400 },
            if face.italic { "italic" } else { "normal" },
            font_href(*face)
        );
    }
    let latin = Family::Charis.name();
    let arabic = farsi.name();
    let code = if faces.iter().any(|f| f.family == Family::JetBrainsMono) {
        // Code in the monospace face, embedded only when the book has code (a file name in
        // the colophon stays in the text face, as in the PDF); never hyphenated or
        // justified, a word longer than the line broken rather than run off it. The
        // language selectors outrank a bare `code` (a `:lang()` rule sets the text face on
        // every element inside it), so they are named with it.
        format!(
            "code, pre, :lang(en) code, :lang(en) pre, :lang(fa) code, :lang(fa) pre, :lang(ar) code, :lang(ar) pre {{ font-family: \"{}\", \"{arabic}\", monospace; hyphens: none; -epub-hyphens: none; }}\n\
             code {{ font-size: 0.9em; }}\n\
             pre code {{ font-size: 1em; }}\n\
             pre {{ text-align: start; overflow-wrap: break-word; }}\n\
             .colophon code {{ font-family: inherit; }}\n",
            Family::JetBrainsMono.name()
        )
    } else {
        String::new()
    };
    // Task items in a bulleted list show their box instead of a bullet.
    let tasks = if tasks {
        "ul > li.task { list-style-type: none; }\n\
         ul > li.task input[type=\"checkbox\"] { margin: 0 0.4em 0 0; margin-inline-start: -1.4em; margin-inline-end: 0.4em; }\n"
    } else {
        ""
    };
    let _ = write!(
        css,
        r#"
html {{ font-family: "{latin}", "{arabic}", serif; }}
:lang(fa), :lang(ar) {{ font-family: "{arabic}", "{latin}", sans-serif; }}
:lang(en) {{ font-family: "{latin}", "{arabic}", serif; }}
body {{ margin: 0 4%; line-height: 1.45; orphans: 2; widows: 2; }}
body:lang(fa), section:lang(fa) {{ line-height: 1.9; }}
p {{ margin: 0; text-indent: 1.2em; text-align: justify; hyphens: auto; -epub-hyphens: auto; }}
:lang(fa) p, p:lang(fa) {{ hyphens: none; -epub-hyphens: none; }}
h1 + p, h2 + p, h3 + p, header + p, hr + p, blockquote + p, ul + p, ol + p, .signature, li p:first-child {{ text-indent: 0; }}
h1, h2, h3, h4 {{ font-weight: 700; line-height: 1.25; text-align: start; hyphens: none; page-break-after: avoid; break-after: avoid; }}
h1 {{ font-size: 1.6em; margin: 2em 0 0.4em; }}
h2 {{ font-size: 1.2em; margin: 1.6em 0 0.6em; }}
h3 {{ font-size: 1.05em; margin: 1.2em 0 0.4em; }}
header {{ margin-bottom: 1.5em; }}
.byline {{ text-indent: 0; font-size: 1.05em; margin-top: 0.3em; }}
.translators {{ font-size: 0.95em; }}
em {{ font-style: italic; }}
:lang(fa) em, em:lang(fa), :lang(ar) em, em:lang(ar) {{ font-style: normal; font-weight: 700; }}
:lang(fa) :lang(en) em, :lang(en) em {{ font-style: italic; }}
strong {{ font-weight: 700; }}
blockquote {{ margin: 1em 0; margin-inline-start: 1.5em; margin-inline-end: 0; }}
blockquote p {{ text-indent: 0; }}
blockquote p + p {{ text-indent: 1.2em; }}
.epigraph {{ margin: 1em 0 1.5em; margin-inline-start: 20%; font-size: 0.95em; }}
.epigraph p {{ font-style: italic; }}
:lang(fa) .epigraph p {{ font-style: normal; }}
.epigraph p.attribution {{ font-style: normal; text-align: end; margin-top: 0.4em; text-indent: 0; }}
.signature {{ text-align: end; margin-top: 1em; }}
ul, ol {{ margin: 0.6em 0; padding-inline-start: 2em; padding-inline-end: 0; }}
li {{ margin: 0.3em 0; text-align: justify; }}
ol.lower-alpha {{ list-style-type: lower-alpha; }}
ol.upper-alpha {{ list-style-type: upper-alpha; }}
ol.lower-roman {{ list-style-type: lower-roman; }}
ol.upper-roman {{ list-style-type: upper-roman; }}
:lang(fa) ol.decimal, ol.decimal:lang(fa) {{ list-style-type: persian; }}
hr.section-break {{ border: none; margin: 1.2em 0; text-align: center; }}
hr.section-break::after {{ content: "*\2003*\2003*"; }}
pre {{ white-space: pre-wrap; font-size: 0.85em; }}
{code}{tasks}table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border-bottom: 1px solid #777; padding: 0.2em 0.5em; text-align: start; }}
.align-center {{ text-align: center; }}
.align-end {{ text-align: end; }}
a {{ color: inherit; }}
a[epub|type~="noteref"] {{ vertical-align: super; font-size: 0.7em; line-height: 0; text-decoration: none; padding: 0 0.1em; }}
.notes {{ margin-top: 2em; border-top: 1px solid #777; font-size: 0.9em; }}
.notes h2 {{ font-size: 1em; }}
.notes p {{ text-indent: 0; }}
.note-number {{ text-decoration: none; }}
.cover, .titlepage {{ text-align: center; margin-top: 20%; }}
.cover img {{ max-width: 100%; max-height: 100vh; }}
.cover-title, .titlepage .title {{ font-size: 2em; margin: 0 0 0.5em; }}
.cover p, .titlepage p {{ text-indent: 0; text-align: center; margin: 0.5em 0; }}
.subtitle, .cover-subtitle {{ font-size: 1.2em; }}
.publisher, .cover-publisher {{ margin-top: 3em; }}
.colophon {{ font-size: 0.9em; }}
.colophon p {{ text-indent: 0; }}
.colophon dl {{ margin: 1em 0; }}
.colophon dt {{ font-weight: 700; margin-top: 0.6em; }}
.colophon dd {{ margin-inline-start: 1.5em; margin-inline-end: 0; }}
nav ol {{ list-style-type: none; padding-inline-start: 1em; }}
nav li {{ text-align: start; }}
"#
    );
    css
}
