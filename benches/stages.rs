//! Criterion benchmarks of the pipeline's stages on the curated books in `books/`: loading,
//! shaping, paragraph setting, page layout, PDF writing, EPUB writing and the whole build.
//!
//! Books and fonts are loaded once, outside the timed closures; each stage is timed on
//! inputs prepared by the stages before it. Run with `cargo bench --bench stages`.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, SamplingMode};
use pamphlet::book::{self, Block, Book, Direction, Inline, Lang, Role};
use pamphlet::layout::{self, Layout, PageGeometry};
use pamphlet::text::collect::{collect, Collected, Style};
use pamphlet::text::fonts::FontSet;
use pamphlet::text::itemize::{itemize, Item};
use pamphlet::text::line::Align;
use pamphlet::text::paragraph::{typeset, ParagraphStyle};
use pamphlet::text::script::Script;
use pamphlet::text::shape::shape;
use pamphlet::{BuildOptions, Format};
use std::borrow::Cow;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;
use unicode_bidi::{BidiInfo, Level};

/// The curated books: Farsi, English, and English with a Farsi chapter.
const BOOKS: [&str; 3] = [
    "aurora-may-day-2012",
    "letters-and-interview",
    "organising-among-workers",
];

/// Body text sizes of the reference A5 setting (`layout::style::TypeScale`, which is not
/// public): English 10 pt, Persian 10.5 pt, paragraphs indented 12 pt.
const BODY_EN: f32 = 10.0;
const BODY_FA: f32 = 10.5;
const INDENT: f32 = 12.0;

fn book_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("books")
        .join(name)
}

/// A loaded book with its fonts.
struct Loaded {
    name: &'static str,
    book: Book,
    fonts: FontSet,
}

fn load(name: &'static str) -> Loaded {
    let dir = book_dir(name);
    let book = book::load(&dir)
        .book
        .unwrap_or_else(|| panic!("{name} does not load"));
    let fonts = FontSet::load(book.meta.fonts.farsi).expect("bundled fonts");
    Loaded { name, book, fonts }
}

fn load_all() -> Vec<Loaded> {
    BOOKS.iter().map(|&name| load(name)).collect()
}

/// A body paragraph as the layout sets it: justified, on the A5 measure, indented.
fn body_style(lang: &Lang, dir: Direction) -> ParagraphStyle {
    ParagraphStyle {
        text: Style::plain(lang.clone()),
        size: if lang.is_persian() { BODY_FA } else { BODY_EN },
        dir,
        measure: PageGeometry::a5().measure(),
        first_indent: INDENT,
        align: Align::Justify,
    }
}

/// Every top-level paragraph of a book, with the style it is set in.
fn paragraphs(book: &Book) -> Vec<(&[Inline], ParagraphStyle)> {
    book.pieces
        .iter()
        .flat_map(|piece| {
            piece.blocks.iter().filter_map(move |block| match block {
                Block::Paragraph(inlines) => {
                    Some((inlines.as_slice(), body_style(&piece.lang, piece.dir)))
                }
                _ => None,
            })
        })
        .collect()
}

/// The longest paragraph (by plain text) of the pieces in Persian or not, across `books`,
/// with its style and fonts.
fn longest(books: &[Loaded], persian: bool) -> (&[Inline], ParagraphStyle, &FontSet, &'static str) {
    books
        .iter()
        .flat_map(|l| {
            paragraphs(&l.book)
                .into_iter()
                .map(move |(inlines, style)| (inlines, style, &l.fonts, l.name))
        })
        .filter(|(_, style, _, _)| style.text.lang.is_persian() == persian)
        .max_by_key(|(inlines, _, _, _)| Inline::plain_text(inlines).chars().count())
        .expect("a paragraph in each language")
}

/// A paragraph collected, bidi-levelled and itemized, ready to shape: the calls of
/// `text::paragraph::typeset` before its `shape`.
struct Itemized {
    collected: Collected,
    items: Vec<Item>,
}

fn itemized(inlines: &[Inline], style: &ParagraphStyle, fonts: &FontSet) -> Itemized {
    let collected = collect(inlines, &style.text);
    let base = match style.dir {
        Direction::Ltr => Level::ltr(),
        Direction::Rtl => Level::rtl(),
    };
    let bidi = BidiInfo::new(&collected.text, Some(base));
    let default_script = if style.text.lang.is_persian() {
        Script::Arabic
    } else {
        Script::Latin
    };
    let items = itemize(&collected, &bidi.levels, fonts, style.size, default_script);
    Itemized { collected, items }
}

/// The book's authors, as the build gives them to the PDF writer.
fn authors(book: &Book) -> Vec<String> {
    let named: Vec<String> = book
        .meta
        .contributors
        .iter()
        .filter(|c| c.role == Role::Author)
        .map(|c| c.name.clone())
        .collect();
    if !named.is_empty() {
        return named;
    }
    let mut all: Vec<String> = Vec::new();
    for a in book.pieces.iter().flat_map(|p| &p.meta.authors) {
        if !all.contains(a) {
            all.push(a.clone());
        }
    }
    all
}

fn words(inlines: &[Inline]) -> usize {
    Inline::plain_text(inlines).split_whitespace().count()
}

/// Reading each book folder into the model, and loading its fonts (the build's first
/// steps, before any typesetting).
fn loading(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(30);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    for name in BOOKS {
        let dir = book_dir(name);
        g.bench_function(BenchmarkId::new("book", name), |b| {
            b.iter(|| book::load(black_box(&dir)))
        });
    }
    let farsi = load(BOOKS[0]).book.meta.fonts.farsi;
    g.bench_function(BenchmarkId::new("fonts", format!("{farsi:?}")), |b| {
        b.iter(|| FontSet::load(black_box(farsi)).expect("bundled fonts"))
    });
    g.finish();
}

/// HarfBuzz shaping of itemized runs: the longest English and Farsi paragraphs, and every
/// top-level paragraph of each book.
fn shaping(c: &mut Criterion) {
    let books = load_all();
    let mut g = c.benchmark_group("shaping");
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    for (persian, label) in [(false, "longest-en"), (true, "longest-fa")] {
        let (inlines, style, fonts, from) = longest(&books, persian);
        let p = itemized(inlines, &style, fonts);
        let id = BenchmarkId::new(label, format!("{from}-{}w", words(inlines)));
        g.bench_function(id, |b| {
            b.iter(|| shape(black_box(&p.collected.text), black_box(&p.items), fonts))
        });
    }
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(30);
    for l in &books {
        let all: Vec<Itemized> = paragraphs(&l.book)
            .iter()
            .map(|(inlines, style)| itemized(inlines, style, &l.fonts))
            .collect();
        g.bench_function(BenchmarkId::new("all-paragraphs", l.name), |b| {
            b.iter(|| {
                for p in &all {
                    black_box(shape(
                        black_box(&p.collected.text),
                        black_box(&p.items),
                        &l.fonts,
                    ));
                }
            })
        });
    }
    g.finish();
}

/// A paragraph through the whole text engine (collect, bidi, itemize, shape, total-fit
/// breaking, justification, placing): the longest English and Farsi paragraphs, and every
/// top-level paragraph of each book.
fn paragraph(c: &mut Criterion) {
    let books = load_all();
    let mut g = c.benchmark_group("paragraph");
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    for (persian, label) in [(false, "longest-en"), (true, "longest-fa")] {
        let (inlines, style, fonts, from) = longest(&books, persian);
        let id = BenchmarkId::new(label, format!("{from}-{}w", words(inlines)));
        g.bench_function(id, |b| {
            b.iter(|| typeset(black_box(inlines), black_box(&style), fonts))
        });
    }
    // A whole book's paragraphs take up to a tenth of a second: fewer, flat samples.
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(20);
    for l in &books {
        let all = paragraphs(&l.book);
        g.bench_function(BenchmarkId::new("all-paragraphs", l.name), |b| {
            b.iter(|| {
                for (inlines, style) in &all {
                    black_box(typeset(black_box(inlines), style, &l.fonts));
                }
            })
        });
    }
    g.finish();
}

/// A group for the stages that take tens of milliseconds or more per book.
fn slow_group<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    g
}

/// Each book typeset and made into A5 pages.
fn page_layout(c: &mut Criterion) {
    let books = load_all();
    let mut g = slow_group(c, "layout");
    for l in &books {
        g.bench_function(l.name, |b| {
            b.iter(|| layout::layout(black_box(&l.book), &l.fonts, PageGeometry::a5()))
        });
    }
    g.finish();
}

fn laid_out(books: &[Loaded]) -> Vec<Layout> {
    books
        .iter()
        .map(|l| layout::layout(&l.book, &l.fonts, PageGeometry::a5()))
        .collect()
}

/// Each book's A5 layout written as a PDF. The layout is handed over owned, as the build
/// hands it over when no other output still holds it; the copy is made outside the timing.
fn pdf_writing(c: &mut Criterion) {
    let books = load_all();
    let layouts = laid_out(&books);
    let mut g = slow_group(c, "pdf");
    for (l, laid) in books.iter().zip(&layouts) {
        let authors = authors(&l.book);
        g.bench_function(l.name, |b| {
            b.iter_batched(
                || laid.clone(),
                |own| {
                    pamphlet::pdf::write(Cow::Owned(own), &l.book.meta, &authors, &l.fonts)
                        .expect("pdf")
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// Each book written as an EPUB, with the page map of its A5 layout.
fn epub_writing(c: &mut Criterion) {
    let books = load_all();
    let layouts = laid_out(&books);
    let mut g = slow_group(c, "epub");
    for (l, laid) in books.iter().zip(&layouts) {
        let page_map = laid.page_map(l.book.pieces.len());
        g.bench_function(l.name, |b| {
            b.iter(|| {
                pamphlet::epub::write(black_box(&l.book), black_box(&page_map)).expect("epub")
            })
        });
    }
    g.finish();
}

/// `pamphlet::build` of each book, EPUB and PDF, into a temporary folder: loading, checking,
/// layout, both writers (side by side) and the files written.
fn whole_build(c: &mut Criterion) {
    let out = tempfile::tempdir().expect("temporary folder");
    let options = BuildOptions {
        out_dir: Some(out.path().to_path_buf()),
        format: Format::All,
        paper: None,
        print: false,
        booklet: None,
        progress: Default::default(),
    };
    let mut g = slow_group(c, "build");
    g.measurement_time(Duration::from_secs(5));
    for name in BOOKS {
        let dir = book_dir(name);
        g.bench_function(name, |b| {
            b.iter(|| pamphlet::build(black_box(&dir), &options).expect("build"))
        });
    }
    g.finish();
}

criterion_group!(
    stages,
    loading,
    shaping,
    paragraph,
    page_layout,
    pdf_writing,
    epub_writing,
    whole_build
);
criterion_main!(stages);
