//! The typography of every book's PDF, measured from the finished file by the typography
//! report (tests/tools/typography_report.py, on PyMuPDF): the hard limits — no overfull line,
//! no widow, no orphan, at most two hyphenated lines in a row — and the inter-word gaps of
//! justified lines at the reference setting (A5, 20/15 mm margins, 10 pt English, 10.5 pt
//! Farsi body text).

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Each book: its PDF, the report on it, and the build's warnings.
fn reports() -> &'static [(String, Value, String)] {
    static BUILT: OnceLock<Vec<(String, Value, String)>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("typography");
        let _ = std::fs::remove_dir_all(&out);
        book_names()
            .into_iter()
            .filter_map(|name| {
                let dir = repo().join("books").join(&name);
                let o = build_format(&dir, &out, "pdf");
                assert!(
                    o.status.success(),
                    "building {name} failed:\n{}",
                    String::from_utf8_lossy(&o.stderr)
                );
                let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
                let report = report(&out.join(format!("{name}.pdf")))?;
                Some((name, report, stderr))
            })
            .collect()
    })
}

/// Runs the report on `pdf`, or None (a failure under CI) when Python or PyMuPDF is missing.
fn report(pdf: &Path) -> Option<Value> {
    let script = repo().join("tests/tools/typography_report.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg("--details")
        .arg(pdf)
        .output()
        .ok()?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("No module named") {
            missing("PyMuPDF", "pip install pymupdf");
            return None;
        }
        panic!("typography report failed on {}:\n{stderr}", pdf.display());
    }
    Some(serde_json::from_slice(&out.stdout).expect("report JSON"))
}

fn count(report: &Value, key: &str) -> u64 {
    report[key]["count"].as_u64().expect("a count")
}

fn gap(report: &Value, dir: &str, size: &str, stat: &str) -> Option<f64> {
    report["gaps"][dir]["by_size"][size][stat].as_f64()
}

#[test]
fn no_overfull_lines_widows_or_orphans_and_short_hyphen_runs() {
    let all = reports();
    if all.is_empty() {
        return;
    }
    for (name, report, _) in all {
        for key in ["overfull", "widows", "orphans"] {
            assert_eq!(
                count(report, key),
                0,
                "{name}: {key}: {}",
                report[key]["lines"]
            );
        }
        let run = report["max_hyphen_run"].as_u64().expect("max_hyphen_run");
        assert!(run <= 2, "{name}: {run} hyphenated lines in a row");
        assert!(
            report["justified_lines"].as_u64().unwrap_or(0) > 50,
            "{name}: too few lines measured"
        );
    }
}

#[test]
fn farsi_gaps_stay_narrow_thanks_to_kashida() {
    for (name, report, _) in reports() {
        let Some(p95) = gap(report, "rtl", "10.5", "p95") else {
            continue;
        };
        let max = gap(report, "rtl", "10.5", "max").expect("max");
        assert!(p95 <= 3.5, "{name}: Farsi gap p95 {p95} pt");
        assert!(max <= 4.8, "{name}: Farsi gap max {max} pt");
        let kashida = report["kashida"]["total"].as_u64().unwrap_or(0);
        assert!(kashida > 100, "{name}: only {kashida} kashidas");
        // A kashida too short to see is not drawn: the line elongates fewer joins.
        let narrow = report["kashida"]["narrow"].as_u64().unwrap_or(u64::MAX);
        assert_eq!(narrow, 0, "{name}: {narrow} kashidas narrower than 0.1 em");
    }
}

#[test]
fn english_gaps_meet_the_target_on_every_book() {
    // The reference setting's targets: p95 at most 4 pt and no gap past 6 pt at 10 pt.
    let mut measured = 0;
    for (name, report, _) in reports() {
        let Some(p95) = gap(report, "ltr", "10", "p95") else {
            continue;
        };
        let max = gap(report, "ltr", "10", "max").expect("max");
        assert!(p95 <= 4.0, "{name}: English gap p95 {p95} pt");
        assert!(max <= 6.0, "{name}: English gap max {max} pt");
        measured += 1;
    }
    assert!(
        reports().is_empty() || measured >= 2,
        "the English books were not measured"
    );
}

#[test]
fn every_line_looser_than_an_em_was_reported_by_the_build() {
    // Gaps past 6 pt at 10 pt are allowed only where no good break exists, and then the build
    // must say where.
    for (name, report, stderr) in reports() {
        for line in report["details"]["loosest"].as_array().expect("loosest") {
            let max = line["max_gap"].as_f64().unwrap_or(0.0);
            if line["dir"] != "ltr" || max <= 6.0 {
                continue;
            }
            let text = line["text"].as_str().unwrap_or_default();
            let start: String = text.chars().take(30).collect();
            assert!(
                stderr.contains("loose line") && stderr.contains(&start),
                "{name}: `{text}` has a {max} pt gap and no warning:\n{stderr}"
            );
        }
    }
}
