//! The print editions, judged by tools nobody here wrote: the boxes of every page for every
//! paper size (pdfinfo), PDF/X-4 with an independent checker (pikepdf), and the booklet
//! folded on paper — half-sheets cut out with pdftotext's crop options and put in the order
//! folding the printed sheets gives.

mod common;

use common::{missing, pamphlet, repo};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// One book's PDFs: reading edition, print edition, booklet.
struct Editions {
    name: String,
    reading: PathBuf,
    print: PathBuf,
    booklet: PathBuf,
}

/// Builds `book` with `args` into `out`, panicking with its output on failure.
fn build(book: &str, out: &Path, args: &[&str]) {
    let dir = repo().join("books").join(book);
    let mut all = vec![
        "build",
        dir.to_str().expect("utf-8"),
        "--format",
        "pdf",
        "--out",
        out.to_str().expect("utf-8"),
    ];
    all.extend_from_slice(args);
    let o = pamphlet(&all);
    assert!(
        o.status.success(),
        "pamphlet {all:?} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every book's editions, built once.
fn editions() -> &'static [Editions] {
    static BUILT: OnceLock<Vec<Editions>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("print-editions");
        let _ = std::fs::remove_dir_all(&out);
        common::book_names()
            .into_iter()
            .map(|name| {
                build(&name, &out, &["--print", "--impose", "booklet"]);
                Editions {
                    reading: out.join(format!("{name}.pdf")),
                    print: out.join(format!("{name}-print.pdf")),
                    booklet: out.join(format!("{name}-booklet.pdf")),
                    name,
                }
            })
            .collect()
    })
}

/// Runs a poppler tool, or None (a failure under CI) when poppler is missing.
fn poppler(tool: &str, args: &[&str]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(o) => {
            assert!(o.status.success(), "{tool} {args:?} failed");
            Some(String::from_utf8_lossy(&o.stdout).into_owned())
        }
        Err(_) => {
            missing(tool, "bash .ci/install-tools (poppler-utils)");
            None
        }
    }
}

/// Every page's boxes from `pdfinfo -box`: page number → box name → [x0, y0, x1, y1].
fn page_boxes(pdf: &Path) -> Option<Vec<std::collections::BTreeMap<String, [f64; 4]>>> {
    let out = poppler(
        "pdfinfo",
        &["-box", "-f", "1", "-l", "100000", pdf.to_str()?],
    )?;
    let mut pages: Vec<std::collections::BTreeMap<String, [f64; 4]>> = Vec::new();
    for line in out.lines() {
        // "Page    1 MediaBox:     0.00     0.00   419.53   595.28"
        let Some(rest) = line.strip_prefix("Page") else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let (Some(number), Some(name)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(number) = number.parse::<usize>() else {
            continue;
        };
        let values: Vec<f64> = words.filter_map(|w| w.parse().ok()).collect();
        if values.len() != 4 {
            continue;
        }
        if pages.len() < number {
            pages.resize(number, Default::default());
        }
        pages[number - 1].insert(
            name.trim_end_matches(':').to_string(),
            [values[0], values[1], values[2], values[3]],
        );
    }
    Some(pages)
}

fn size(b: &[f64; 4]) -> (f64, f64) {
    (b[2] - b[0], b[3] - b[1])
}

const MM: f64 = 72.0 / 25.4;

#[test]
fn every_paper_size_gets_its_trim_bleed_and_media_boxes() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("paper-sizes");
    let _ = std::fs::remove_dir_all(&out);
    let sizes: [(&str, f64, f64); 6] = [
        ("a5", 148.0 * MM, 210.0 * MM),
        ("a4", 210.0 * MM, 297.0 * MM),
        ("letter", 612.0, 792.0),
        ("half-letter", 396.0, 612.0),
        ("140x216mm", 140.0 * MM, 216.0 * MM),
        ("6x9in", 432.0, 648.0),
    ];
    let mut page_counts = Vec::new();
    for (paper, w, h) in sizes {
        let dir = out.join(paper);
        build(
            "letters-and-interview",
            &dir,
            &["--paper", paper, "--print"],
        );
        let Some(print) = page_boxes(&dir.join("letters-and-interview-print.pdf")) else {
            return;
        };
        let Some(reading) = page_boxes(&dir.join("letters-and-interview.pdf")) else {
            return;
        };
        assert_eq!(print.len(), reading.len(), "{paper}: page counts differ");
        page_counts.push((paper, reading.len()));
        for (i, boxes) in print.iter().enumerate() {
            let at = format!("{paper}, print page {}", i + 1);
            let trim = boxes.get("TrimBox").expect("TrimBox");
            let bleed = boxes.get("BleedBox").expect("BleedBox");
            let media = boxes.get("MediaBox").expect("MediaBox");
            let (tw, th) = size(trim);
            assert!(
                (tw - w).abs() < 0.1 && (th - h).abs() < 0.1,
                "{at}: trim {tw} × {th}"
            );
            // 3 mm of bleed on every side, and room for the marks beyond it.
            for k in 0..2 {
                assert!(
                    (trim[k] - bleed[k] - 3.0 * MM).abs() < 0.05,
                    "{at}: bleed {bleed:?}"
                );
                assert!((bleed[k + 2] - trim[k + 2] - 3.0 * MM).abs() < 0.05, "{at}");
                assert!(bleed[k] - media[k] >= 5.0 * MM, "{at}: no room for marks");
                assert!(media[k + 2] - bleed[k + 2] >= 5.0 * MM, "{at}: no room");
            }
        }
        for (i, boxes) in reading.iter().enumerate() {
            let (mw, mh) = size(boxes.get("MediaBox").expect("MediaBox"));
            assert!(
                (mw - w).abs() < 0.1 && (mh - h).abs() < 0.1,
                "{paper}, reading page {}: media {mw} × {mh} is not the trim",
                i + 1
            );
        }
    }
    // The text block is set anew for each size, not scaled: on A4 the lines are longer in
    // proportion to the page, and hold more words than on A5.
    let measured = |paper: &str| text_block(&out.join(paper).join("letters-and-interview.pdf"));
    let (Some((a5_width, a5_words)), Some((a4_width, a4_words))) = (measured("a5"), measured("a4"))
    else {
        return;
    };
    let ratio = a4_width / a5_width;
    assert!(
        (ratio - 210.0 / 148.0).abs() < 0.1,
        "A4 text block {a4_width} pt against A5 {a5_width} pt"
    );
    assert!(
        a4_words > a5_words,
        "{a4_words} words per line on A4, {a5_words} on A5 ({page_counts:?})"
    );
}

/// The widest line and the most words on a line of the middle page of `pdf`, from
/// `pdftotext -bbox-layout`.
fn text_block(pdf: &Path) -> Option<(f64, usize)> {
    let pages = page_boxes(pdf)?.len();
    let n = (pages / 2 + 1).to_string();
    let html = poppler(
        "pdftotext",
        &["-bbox-layout", "-f", &n, "-l", &n, pdf.to_str()?, "-"],
    )?;
    let number = |tag: &str, key: &str| -> Option<f64> {
        let at = tag.find(&format!("{key}=\""))? + key.len() + 2;
        tag[at..].split('"').next()?.parse().ok()
    };
    let mut widest: f64 = 0.0;
    let mut most = 0;
    for line in html.split("<line ").skip(1) {
        let (Some(x0), Some(x1)) = (number(line, "xMin"), number(line, "xMax")) else {
            continue;
        };
        widest = widest.max(x1 - x0);
        let words = line
            .split("</line>")
            .next()
            .unwrap_or("")
            .matches("<word ")
            .count();
        most = most.max(words);
    }
    Some((widest, most))
}

/// Runs the PDF/X-4 checker: Ok with its report, or Err with the failures; None (a failure
/// under CI) when Python or pikepdf is missing.
fn pdfx_check(pdf: &Path) -> Option<Result<String, String>> {
    let probe = Command::new("python3")
        .args(["-c", "import pikepdf"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        missing("pikepdf", "bash .ci/install-tools (pip install pikepdf)");
        return None;
    }
    let o = Command::new("python3")
        .arg(repo().join("tests/tools/pdfx_check.py"))
        .arg(pdf)
        .output()
        .expect("run pdfx_check.py");
    let report = String::from_utf8_lossy(&o.stdout).into_owned();
    Some(if o.status.success() {
        Ok(report)
    } else {
        Err(report)
    })
}

#[test]
fn print_editions_are_pdfx4_and_reading_editions_are_not() {
    for e in editions() {
        let Some(print) = pdfx_check(&e.print) else {
            return;
        };
        if let Err(problems) = print {
            panic!("{}: the print edition fails PDF/X-4:\n{problems}", e.name);
        }
        let Some(reading) = pdfx_check(&e.reading) else {
            return;
        };
        let problems = reading.expect_err("the reading edition passed the PDF/X-4 checker");
        assert!(
            problems.contains("output intent") && problems.contains("TrimBox"),
            "{}: {problems}",
            e.name
        );
    }
}

/// The text of a rectangle of page `page` (1-based), in points from the top-left corner.
fn text_in(pdf: &Path, page: usize, rect: [f64; 4]) -> Option<String> {
    let n = page.to_string();
    let [x, y, w, h] = rect.map(|v| format!("{}", v.round() as i64));
    let text = poppler(
        "pdftotext",
        &[
            "-r",
            "72",
            "-f",
            &n,
            "-l",
            &n,
            "-x",
            &x,
            "-y",
            &y,
            "-W",
            &w,
            "-H",
            &h,
            pdf.to_str()?,
            "-",
        ],
    )?;
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The reading order folding gives: each signature's sheets nested, outermost first. A
/// sheet printed duplex and turned over its short edge has behind each half of its front
/// the opposite half of its back. A left-bound booklet opens on the outermost sheet's
/// front-right half; a right-bound one on its front-left.
fn folded_order(
    halves: &[[String; 4]], // per sheet: front-left, front-right, back-left, back-right
    per_signature: usize,
    rtl: bool,
) -> Vec<String> {
    let (cover, behind_cover, other, behind_other) = if rtl { (0, 3, 1, 2) } else { (1, 2, 0, 3) };
    let mut order = Vec::new();
    for signature in halves.chunks(per_signature) {
        for sheet in signature {
            order.push(sheet[cover].clone());
            order.push(sheet[behind_cover].clone());
        }
        for sheet in signature.iter().rev() {
            order.push(sheet[behind_other].clone());
            order.push(sheet[other].clone());
        }
    }
    order
}

/// Checks that folding `booklet`'s sheets gives `reading`'s pages in order, blanks after.
fn check_fold(name: &str, reading: &Path, booklet: &Path, sheets_per_signature: Option<usize>) {
    let Some(reading_boxes) = page_boxes(reading) else {
        return;
    };
    let Some(sheet_boxes) = page_boxes(booklet) else {
        return;
    };
    let pages = reading_boxes.len();
    assert_eq!(
        sheet_boxes.len(),
        2 * pages.div_ceil(4),
        "{name}: {} sheet sides for {pages} pages",
        sheet_boxes.len()
    );
    let (sw, sh) = size(sheet_boxes[0].get("MediaBox").expect("MediaBox"));
    let (pw, ph) = size(reading_boxes[0].get("MediaBox").expect("MediaBox"));
    // The next size up, landscape: A5 pages on A4.
    assert!(
        (sw - 297.0 * MM).abs() < 1.0 && (sh - 210.0 * MM).abs() < 1.0,
        "{name}: sheet {sw} × {sh}"
    );
    let (left, right) = (sw / 2.0 - pw, sw / 2.0);
    let top = (sh - ph) / 2.0;
    let mut halves = Vec::new();
    for sheet in 0..sheet_boxes.len() / 2 {
        let side = |page: usize, x: f64| text_in(booklet, page, [x, top, pw, ph]);
        let (front, back) = (2 * sheet + 1, 2 * sheet + 2);
        let (Some(fl), Some(fr), Some(bl), Some(br)) = (
            side(front, left),
            side(front, right),
            side(back, left),
            side(back, right),
        ) else {
            return;
        };
        halves.push([fl, fr, bl, br]);
    }
    let mut expected = Vec::new();
    for page in 1..=pages {
        let Some(text) = text_in(reading, page, [0.0, 0.0, pw, ph]) else {
            return;
        };
        expected.push(text);
    }
    let rtl = name == "aurora-may-day-2012";
    let order = folded_order(&halves, sheets_per_signature.unwrap_or(halves.len()), rtl);
    assert!(
        expected.iter().filter(|t| !t.is_empty()).count() > pages / 2,
        "{name}: too little text extracted to compare"
    );
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(
            &order[i],
            want,
            "{name}: folded page {} is not reading page {}",
            i + 1,
            i + 1
        );
    }
    for (i, extra) in order.iter().enumerate().skip(pages) {
        assert!(
            extra.is_empty(),
            "{name}: padding page {} is not blank",
            i + 1
        );
    }
}

#[test]
fn folding_the_booklet_gives_the_pages_in_reading_order_bound_on_the_right_side() {
    for e in editions() {
        if e.name == "letters-and-interview" {
            continue;
        }
        check_fold(&e.name, &e.reading, &e.booklet, None);
    }
}

#[test]
fn a_long_booklet_folds_in_signatures() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("booklet-signatures");
    let _ = std::fs::remove_dir_all(&out);
    let name = "organising-among-workers";
    build(
        name,
        &out,
        &["--impose", "booklet", "--signature", "16", "--creep", "0.5"],
    );
    check_fold(
        name,
        &out.join(format!("{name}.pdf")),
        &out.join(format!("{name}-booklet.pdf")),
        Some(4),
    );
}

#[test]
fn an_impossible_signature_is_refused() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("booklet-refused");
    let dir = repo().join("books/letters-and-interview");
    let o = pamphlet(&[
        "build",
        dir.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--impose",
        "booklet",
        "--signature",
        "6",
    ]);
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("multiple of 4"), "{stderr}");
    assert!(!out.exists(), "a refused build wrote {}", out.display());
}

#[test]
fn the_manifest_sets_paper_and_print_marks_and_names_a_bad_size() {
    let mut toml = common::manifest(&["a.md"]);
    toml.push_str("paper = \"half-letter\"\n\n[print]\nbleed = 5\n");
    let book = common::ScratchBook::new(&[
        ("book.toml", toml.as_str()),
        ("a.md", &common::piece("Some text to print.")),
    ]);
    let out = book.path().join("out");
    let o = pamphlet(&["build", book.arg(), "--format", "pdf"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // `[print]` asks for the print edition on every build.
    let Some(pages) = page_boxes(&out.join(format!(
        "{}-print.pdf",
        book.path().file_name().expect("name").to_string_lossy()
    ))) else {
        return;
    };
    let trim = pages[0].get("TrimBox").expect("TrimBox");
    let bleed = pages[0].get("BleedBox").expect("BleedBox");
    assert_eq!(size(trim).0.round(), 396.0, "half-letter trim {trim:?}");
    assert!(
        (trim[0] - bleed[0] - 5.0 * MM).abs() < 0.05,
        "bleed {bleed:?}"
    );

    let mut bad = common::manifest(&["a.md"]);
    bad.push_str("paper = \"b7\"\n");
    let book = common::ScratchBook::new(&[
        ("book.toml", bad.as_str()),
        ("a.md", &common::piece("Text.")),
    ]);
    let o = pamphlet(&["build", book.arg()]);
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("book.toml:6") && stderr.contains("unknown paper size `b7`"),
        "{stderr}"
    );
    assert!(!book.path().join("out").exists());
}
