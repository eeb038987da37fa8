//! `pamphlet import` judged against the curated books: each seed's import is compared
//! paragraph by paragraph with the pieces curated from it, and the figures are printed.

mod common;

use common::*;
use pamphlet::edit::import::{import, ImportOptions, Language};
use pamphlet::edit::review::Concern;
use std::collections::HashMap;

/// The bodies of the curated pieces made from `source`, each piece once.
fn curated(source: &str) -> Vec<String> {
    let mut bodies: Vec<String> = Vec::new();
    let mut titles = Vec::new();
    for name in book_names() {
        let book = load_book(&name);
        for piece in &book.pieces {
            if piece.meta.source.as_deref() == Some(source) && !titles.contains(&piece.meta.title) {
                titles.push(piece.meta.title.clone());
                let file =
                    std::fs::read_to_string(repo().join("books").join(&name).join(&piece.path))
                        .expect("piece");
                bodies.push(body(&file).to_string());
            }
        }
    }
    bodies
}

fn body(file: &str) -> &str {
    let rest = file.strip_prefix("+++\n").expect("front matter");
    let end = rest.find("\n+++\n").expect("front matter end");
    &rest[end + 5..]
}

/// Paragraphs of Markdown: each line outside fences, lines ending in `\` joined, reduced to
/// lower-case words (quotes, markup and ZWNJ gone) so that only the text is compared.
fn paragraphs(markdown: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in markdown.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with(":::") || t == "* * *" {
            continue;
        }
        pending.push_str(t.trim_end_matches('\\'));
        pending.push(' ');
        if t.ends_with('\\') {
            continue;
        }
        let words: Vec<String> = std::mem::take(&mut pending)
            .replace('\u{200C}', "")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if !words.is_empty() {
            out.push(words);
        }
    }
    out
}

/// Dice similarity of two bags of words.
fn similarity(a: &[String], b: &[String]) -> f64 {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for w in a {
        *counts.entry(w).or_default() += 1;
    }
    let mut common = 0;
    for w in b {
        if let Some(n) = counts.get_mut(w.as_str()) {
            if *n > 0 {
                *n -= 1;
                common += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()).max(1) as f64
}

/// How close one paragraph must be to count as the same paragraph.
const SAME: f64 = 0.8;

struct Comparison {
    curated: usize,
    imported: usize,
    matched: usize,
    mean: f64,
}

/// Compares the import of `seed` with its curated pieces and prints the differences.
fn compare(seed_name: &str, language: Language) -> Option<Comparison> {
    let text = seed(seed_name)?;
    let imported = import(
        &text,
        &ImportOptions {
            language,
            title: None,
            source: seed_name.to_string(),
            debris: vec![],
        },
    );
    let got = paragraphs(body(&imported.markdown));
    let want: Vec<Vec<String>> = curated(seed_name)
        .iter()
        .flat_map(|b| paragraphs(b))
        .collect();
    assert!(!want.is_empty(), "no curated piece names {seed_name}");
    let best: Vec<f64> = want
        .iter()
        .map(|w| got.iter().map(|g| similarity(w, g)).fold(0.0, f64::max))
        .collect();
    let matched = best.iter().filter(|&&s| s >= SAME).count();
    let mean = best.iter().sum::<f64>() / best.len() as f64;
    println!(
        "{seed_name}: curated {} paragraphs, imported {}, {matched} matched (≥ {SAME}), mean similarity {mean:.3}",
        want.len(),
        got.len()
    );
    for (w, s) in want.iter().zip(&best) {
        if *s < SAME {
            let head: Vec<&str> = w.iter().take(10).map(String::as_str).collect();
            println!("  differs ({s:.2}): {}", head.join(" "));
        }
    }
    Some(Comparison {
        curated: want.len(),
        imported: got.len(),
        matched,
        mean,
    })
}

#[test]
fn english_seeds_import_close_to_their_curated_pieces() {
    // (seed, share of curated paragraphs that must be matched)
    for (name, share) in [
        ("000_81fffbea098199c7.txt", 0.9),
        ("003_3f9441f4e41b3d69.txt", 0.9),
        ("004_8dca83688104d47a.txt", 0.9),
        // Several pieces run together, some cut off; the book keeps two of them.
        ("002_530bc9186ff093da.txt", 0.9),
    ] {
        let Some(c) = compare(name, Language::English) else {
            return;
        };
        assert!(
            c.matched as f64 >= share * c.curated as f64,
            "{name}: {} of {} paragraphs matched",
            c.matched,
            c.curated
        );
        assert!(c.imported >= c.matched, "{name}");
    }
}

#[test]
fn farsi_seed_imports_close_to_its_curated_pieces() {
    let Some(c) = compare("001_6fdcba8eb6688cd3.txt", Language::Farsi) else {
        return;
    };
    // The PDF's columns are interleaved in the preface and its numbers moved: what a tool
    // cannot put back is on the review list; the rest must come out as the book has it.
    // Measured: 25 of 33 paragraphs, mean similarity 0.83.
    assert!(c.mean >= 0.8, "mean similarity {:.3}", c.mean);
    assert!(
        c.matched * 4 >= c.curated * 3,
        "{} of {}",
        c.matched,
        c.curated
    );
}

/// Page-break splits of seed 004: a line ending mid-sentence, then (after blank lines) one
/// starting in lower case.
fn page_break_splits(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines
        .windows(2)
        .filter(|w| {
            !w[0].ends_with(['.', '!', '?', ':', ';', '"', ')'])
                && w[1].chars().next().is_some_and(char::is_lowercase)
                && !w[1].starts_with(|c: char| {
                    c.is_ascii_lowercase() && w[1][1..].starts_with([')', '.'])
                })
        })
        .map(|w| {
            let tail: Vec<&str> = w[0].split_whitespace().rev().take(2).collect();
            let head: Vec<&str> = w[1].split_whitespace().take(2).collect();
            (
                tail.into_iter().rev().collect::<Vec<_>>().join(" "),
                head.join(" "),
            )
        })
        .collect()
}

#[test]
fn every_page_break_split_of_seed_004_is_rejoined() {
    let Some(text) = seed("004_8dca83688104d47a.txt") else {
        return;
    };
    let splits = page_break_splits(&text);
    assert!(
        splits.len() >= 3,
        "the seed has page-break splits: {splits:?}"
    );
    let md = import(
        &text,
        &ImportOptions {
            language: Language::English,
            title: None,
            source: "004_8dca83688104d47a.txt".into(),
            debris: vec![],
        },
    )
    .markdown;
    let joined: Vec<_> = splits
        .iter()
        .filter(|(tail, head)| md.contains(&format!("{tail} {head}")))
        .collect();
    println!(
        "seed 004: {} of {} page-break splits rejoined",
        joined.len(),
        splits.len()
    );
    assert_eq!(joined.len(), splits.len(), "{splits:?}");
}

#[test]
fn farsi_import_reviews_what_a_tool_cannot_fix() {
    let Some(text) = seed("001_6fdcba8eb6688cd3.txt") else {
        return;
    };
    let imported = import(
        &text,
        &ImportOptions {
            language: Language::Farsi,
            title: Some("سرمایه‌داری".into()),
            source: "001_6fdcba8eb6688cd3.txt".into(),
            debris: vec!["طلوع (آرورا)".into()],
        },
    );
    let review = &imported.review;
    let at = |line: usize, f: &dyn Fn(&Concern) -> bool| {
        review.iter().any(|r| r.line == line && f(&r.concern))
    };
    // «Bretton Woods» and «۱۹۷۱» moved by the extractor, on line 66 of the seed.
    assert!(at(66, &|c| *c == Concern::MixedLine), "{review:#?}");
    assert!(review.iter().any(|r| r.concern == Concern::Unreadable));
    assert!(review
        .iter()
        .any(|r| matches!(r.concern, Concern::Repeated { .. })));
    assert!(review
        .iter()
        .any(|r| r.concern == Concern::Dropped && r.excerpt.contains("ادامه در صفحه بعد")));
    let md = &imported.markdown;
    assert!(md.contains("انقلاب") && !md.contains("انقلب "));
    assert!(md.contains("می‌کند") && !md.contains("میکند"));
    assert!(!md.contains('ك') && !md.contains('ي'));
    assert!(md.contains("«پیشرفته»"), "« » spacing");
}

#[test]
fn import_into_a_book_writes_piece_and_review_and_never_overwrites_without_force() {
    let Some(_) = seed("003_3f9441f4e41b3d69.txt") else {
        return;
    };
    let book = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        book.path().join("debris.txt"),
        "# extra debris\nDevelop International Communist Mass Leaders Amidst Growing Fascism\n",
    )
    .expect("debris");
    let file = seeds_dir().join("003_3f9441f4e41b3d69.txt");
    let args = [
        "import",
        file.to_str().expect("path"),
        "--lang",
        "en",
        "--into",
        book.path().to_str().expect("path"),
    ];
    let out = pamphlet(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let piece = book.path().join("003_3f9441f4e41b3d69.md");
    let list = book.path().join("003_3f9441f4e41b3d69.review.txt");
    let md = std::fs::read_to_string(&piece).expect("piece written");
    assert!(md.contains("source = \"003_3f9441f4e41b3d69.txt\""));
    assert!(md.contains("- Workers in El Salvador"));
    assert!(md.contains("::: signature\nICWP Steering Committee\n:::"));
    let review = std::fs::read_to_string(&list).expect("review written");
    assert!(
        review.contains("dropped debris: Print Friendly, PDF & Email"),
        "{review}"
    );
    assert!(
        review.contains("line 1: dropped debris: Develop International"),
        "the book's debris list: {review}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("003_3f9441f4e41b3d69.txt:line 87: dropped debris"),
        "{stderr}"
    );

    // The piece exists: refused, untouched.
    std::fs::write(&piece, "edited by hand").expect("edit");
    let again = pamphlet(&args);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&piece).expect("piece"),
        "edited by hand"
    );
    // With --force: replaced, the old one kept.
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(pamphlet(&forced).status.success());
    assert_eq!(std::fs::read_to_string(&piece).expect("piece"), md);
    let bak = book.path().join("003_3f9441f4e41b3d69.md.bak");
    assert_eq!(
        std::fs::read_to_string(bak).expect("backup"),
        "edited by hand"
    );

    // The imported piece is a valid piece of a book.
    std::fs::write(
        book.path().join("book.toml"),
        manifest(&["003_3f9441f4e41b3d69.md"]),
    )
    .expect("manifest");
    let check = pamphlet(&["check", book.path().to_str().expect("path")]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn import_names_a_missing_or_binary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = pamphlet(&[
        "import",
        dir.path().join("nope.txt").to_str().expect("path"),
        "--lang",
        "en",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope.txt"));
    let binary = dir.path().join("bin.txt");
    std::fs::write(&binary, b"text\n\xff\xfe\n").expect("write");
    let out = pamphlet(&["import", binary.to_str().expect("path"), "--lang", "fa"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bin.txt") && err.contains("line 2"), "{err}");
}

#[test]
fn every_seed_imports_to_a_piece_that_checks_clean() {
    let book = tempfile::tempdir().expect("temp dir");
    let mut names = Vec::new();
    for (seed_name, language) in [
        ("000_81fffbea098199c7.txt", Language::English),
        ("001_6fdcba8eb6688cd3.txt", Language::Farsi),
        ("002_530bc9186ff093da.txt", Language::English),
        ("003_3f9441f4e41b3d69.txt", Language::English),
        ("004_8dca83688104d47a.txt", Language::English),
    ] {
        let Some(text) = seed(seed_name) else {
            return;
        };
        let options = ImportOptions {
            language,
            title: None,
            source: seed_name.into(),
            debris: vec![],
        };
        let name = seed_name.replace(".txt", ".md");
        std::fs::write(book.path().join(&name), import(&text, &options).markdown).expect("write");
        names.push(name);
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    std::fs::write(book.path().join("book.toml"), manifest(&names)).expect("manifest");
    // Errors would stop a build; warnings (text repeated in the raw scrape, which the review
    // list names for the editor) are the editor's to resolve.
    let problems = pamphlet::check(book.path()).expect("check runs");
    let errors: Vec<_> = problems
        .iter()
        .filter(|d| d.severity == pamphlet::book::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
