#!/usr/bin/env python3
"""Hostile inputs at three sizes: does time and memory grow in proportion to the input?

    python3 benches/hostile-sizes.py [--runs R] [--scale S] [--only NAME,...] [--keep DIR]

Each case is a book generated at sizes ×1, ×2 and ×4 of its unit count (×S with --scale),
run with the release binary (`target/release/pamphlet`, built first) as a fresh process R
times (3 by default); each figure is the median of the runs: wall time, and peak RSS (the
child's ru_maxrss from wait4(2); the books are written by another process, as a child's peak
counts that of the process it was spawned from), and CPU time (its user + system time, from the same call)
beside the wall time: the machines here are shared, and the wall time of a run counts the
time others had the cores. The cases are the inputs that were once quadratic or
worse:

- repeated text: "very long note " × N on one line, `check` (and `build`);
- repeated paragraphs: a 14-word paragraph + a different word, × N, on one line, `check`
  (N separate repeats: at most 20 are reported, the rest counted);
- many notes: N footnote references in one paragraph, each with its note, `build`;
- long subtitle: the book's subtitle N words long (titles and headings have a length
  limit; the subtitle does not and is set on the title page and in the colophon), `build`;
- title refused: a title of N characters (megabytes), refused by `check` and `build`;
- deep nesting: N blocks each nested 10 deep (quotes in lists in quotes), `build` (10 is
  the deepest nesting of quotes and lists a book may have, `book::MAX_NESTING`);
- huge paragraph: one English paragraph of N words, `build`; and a Farsi one with digits
  and English words (thousands of bidi and script runs), `build`.

For each case and command it prints, per size, the CPU and wall time and peak memory, and per
doubling the ratios of CPU time and memory (2.00 is proportional). The verdict is "linear"
when the CPU time per unit at ×4 is
within LINEAR_FACTOR (1.5) of that at ×1, and the memory per unit likewise; otherwise
"NOT LINEAR". (A process's fixed cost — loading fonts, about 20 MB — makes small sizes look
dearer per unit, never cheaper, so the factor errs toward calling growth superlinear only
when it is.) Exit status 0 whatever the figures: this is a measurement.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import measure  # benches/measure.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "pamphlet"
LINEAR_FACTOR = 1.5
SIZES = (1, 2, 4)
NESTING = 10

MANIFEST = (
    'title = "{title}"\n{extra}language = "en"\n'
    'identifier = "urn:uuid:12345678-1234-4234-8234-123456789abc"\n'
    'date = "2026-01-01"\npieces = ["a.md"]\n'
)
FRONT = '+++\ntitle = "A piece"\nlang = "{lang}"\nsource = "seed.txt"\n+++\n\n'


def write_book(folder, body, title="Hostile sizes", extra="", lang="en"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.toml").write_text(MANIFEST.format(title=title, extra=extra), encoding="utf-8")
    (folder / "a.md").write_text(FRONT.format(lang=lang) + body, encoding="utf-8")


def repeated_text(n, folder):
    write_book(folder, "very long note " * n + "\n")


def repeated_paragraphs(n, folder):
    paragraph = "The workers of the factory met on Monday and decided to strike until paid"
    write_book(folder, "".join(f"{paragraph} n{i} " for i in range(n)) + "\n")


def many_notes(n, folder):
    refs = "".join(f"x[^n{i}] " for i in range(n))
    notes = "".join(f"[^n{i}]: Note {i}.\n" for i in range(n))
    write_book(folder, f"{refs}\n\n{notes}")


def long_subtitle(n, folder):
    write_book(folder, "Text.\n", extra=f'subtitle = "{"subtitle " * n}"\n')


def title_refused(n, folder):
    write_book(folder, "Text.\n", title="t" * n)


def deep_nesting(n, folder):
    # Quotes and lists alternating, NESTING levels in all, each block ending in a paragraph.
    blocks = []
    for i in range(n):
        lines, prefix = [], ""
        for level in range(NESTING):
            prefix += "> " if level % 2 == 0 else "- "
        lines.append(f"{prefix}Block {i}, nested {NESTING} deep, with a few words of text.")
        blocks.append("\n".join(lines))
    write_book(folder, "\n\n".join(blocks) + "\n")


def huge_paragraph(n, folder):
    write_book(folder, " ".join(["word"] * n) + "\n")


def huge_farsi_paragraph(n, folder):
    cycle = ["کارگران", "۱۲", "work", "3", "سازمان"]
    write_book(folder, " ".join(cycle[i % 5] for i in range(n)) + "\n", lang="fa")


# name, generator, unit, base count, commands, expected exit status
CASES = [
    ("repeated text", repeated_text, "repetitions", 40_000, ("check", "build"), 0),
    ("repeated paragraphs", repeated_paragraphs, "paragraphs", 20_000, ("check",), 0),
    ("many notes", many_notes, "notes", 25_000, ("build",), 0),
    ("long subtitle", long_subtitle, "words", 10_000, ("build",), 0),
    ("title refused", title_refused, "characters", 2_500_000, ("check", "build"), 1),
    ("deep nesting", deep_nesting, "blocks", 1_000, ("build",), 0),
    ("huge paragraph", huge_paragraph, "words", 100_000, ("build",), 0),
    ("huge Farsi paragraph", huge_farsi_paragraph, "words", 50_000, ("build",), 0),
]


def measure_case(case, command, scale, runs, work):
    name, generate, unit, base, _, expected = case
    rows = []
    for size in SIZES:
        n = max(1, int(base * size * scale))
        folder = work / f"{name.replace(' ', '-')}-{n}"
        if not folder.exists():
            # Written by a process of its own: a child's ru_maxrss counts the peak of the
            # process it was spawned from, and this one must stay small to measure by.
            subprocess.run([sys.executable, __file__, "--generate", name, str(n), str(folder)],
                           check=True)
        cmd = [str(BIN), command, str(folder)]
        if command == "build":
            cmd += ["--out", str(folder / "out")]
        walls, times, peaks = [], [], []
        for _ in range(runs):
            r = measure.run(cmd)
            if r.status != expected:
                sys.exit(f"{name}, {command} at {n} {unit}: exit {r.status}, expected {expected}\n"
                         f"{r.stderr[-2000:]}")
            walls.append(r.wall_ms)
            times.append(r.cpu_ms)
            peaks.append(r.peak_mb)
        rows.append((n, statistics.median(times), statistics.median(peaks),
                     statistics.median(walls)))
    return rows


def verdict(rows):
    (n1, t1, m1, _), (n4, t4, m4, _) = rows[0], rows[-1]
    time_factor = (t4 / n4) / (t1 / n1)
    memory_factor = (m4 / n4) / (m1 / n1)
    ok = time_factor <= LINEAR_FACTOR and memory_factor <= LINEAR_FACTOR
    return ok, time_factor, memory_factor


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply every case's unit count (e.g. 0.25 for a quick look)")
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--keep", help="generate the books into DIR and keep them")
    parser.add_argument("--no-build", action="store_true",
                        help="measure target/release/pamphlet as it is")
    parser.add_argument("--generate", nargs=3, metavar=("CASE", "N", "DIR"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        name, n, folder = args.generate
        generate = next(case[1] for case in CASES if case[0] == name)
        generate(int(n), Path(folder))
        return
    if not args.no_build:
        if subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT).returncode != 0:
            sys.exit("`cargo build --release` failed")
    if not BIN.exists():
        sys.exit(f"no binary at {BIN}")
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hostile-sizes-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"pamphlet {BIN}, median of {args.runs} run(s); ratio = ×2 over ×1, ×4 over ×2 "
          f"(2.00 is proportional); linear = CPU time and memory per unit at ×4 within "
          f"{LINEAR_FACTOR}× of ×1\n")
    print("| case | command | units | CPU (ms) | wall (ms) | peak RSS (MB) | CPU ratio | memory ratio | verdict |")
    print("|---|---|---|---|---|---|---|---|---|")
    all_linear = True
    try:
        for case in CASES:
            name, _, unit, _, commands, _ = case
            if only and name not in only:
                continue
            for command in commands:
                rows = measure_case(case, command, args.scale, args.runs, work)
                ok, tf, mf = verdict(rows)
                all_linear &= ok
                for k, (n, t, m, w) in enumerate(rows):
                    if k == 0:
                        ratios = "", ""
                    else:
                        ratios = f"{t / rows[k - 1][1]:.2f}", f"{m / rows[k - 1][2]:.2f}"
                    judged = ""
                    if k == len(rows) - 1:
                        judged = (("linear" if ok else "NOT LINEAR")
                                  + f" (per unit ×{tf:.2f} CPU, ×{mf:.2f} memory)")
                    print(f"| {name if k == 0 else ''} | {command if k == 0 else ''} | "
                          f"{n:,} {unit} | {t:,.0f} | {w:,.0f} | {m:,.1f} | {ratios[0]} | {ratios[1]} | "
                          f"{judged} |", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n{'every case grows linearly' if all_linear else 'SOME CASE GROWS FASTER THAN LINEARLY'}")


if __name__ == "__main__":
    main()
