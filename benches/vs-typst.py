#!/usr/bin/env python3
"""Whole builds against Typst: time and peak memory as ratios, and how both grow with pages.

    python3 benches/vs-typst.py [--runs R] [--sizes 250,500,1000,2000] [--quick] [--keep DIR]

For every book in books/ and for generated large books (benches/large_book.py) of each size,
it times `target/release/pamphlet build DIR --format all` (EPUB and PDF together) and Typst
(the `typst` package from PyPI) compiling the same book to PDF, the Typst source written by
`cargo run --release --example typst_source`. Runs of the two alternate (pamphlet first in
even runs, Typst first in odd ones) so that noise on the machine hits both; each figure is the
median of R runs (5 for the curated books, 3 for the large ones by default). Each run is a
fresh process: its peak RSS is the child's ru_maxrss from wait4(2).

Which Typst figures the ratios use, so that they are not in pamphlet's favour:
- time: Typst's compile call alone, timed inside its process (not the Python interpreter's
  start or `import typst`); the wall time of the whole process is printed too.
- memory: Typst's peak RSS less that of a bare `python3 -c "import typst"` (the interpreter
  and the loaded module), i.e. what compiling added; the raw peak is printed too.

Targets: the mixed book (books/organising-among-workers) in <= 0.20 of Typst's time; the
1000-page book in <= 0.20 of its time and <= 0.25 of its memory. Exit status 0 whatever the
figures: this is a measurement. --quick runs only the mixed book and the 1000-page book, once.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import measure  # benches/measure.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "pamphlet"
EXAMPLE = ROOT / "target" / "release" / "examples" / "typst_source"
FONTS = ROOT / "fonts"
MIXED = "organising-among-workers"
TIME_TARGET = 0.20
MEM_TARGET = 0.25
TARGET_PAGES = 1000

TYPST_RUN = r"""
import json, sys, time
t0 = time.perf_counter()
import typst
t1 = time.perf_counter()
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)
t2 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1e3, "compile_ms": (t2 - t1) * 1e3}))
"""


def run(cmd, **kw):
    """Runs cmd; (wall ms, peak RSS in MB, stdout, stderr, exit status)."""
    r = measure.run(cmd, **kw)
    return r.wall_ms, r.peak_mb, r.stdout, r.stderr, r.status


def pdf_pages(path):
    if not path.exists():
        return None
    if shutil.which("pdfinfo"):
        p = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
        m = re.search(r"^Pages:\s+(\d+)", p.stdout, re.M)
        if m:
            return int(m.group(1))
    return len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))


def build_binaries():
    for cmd in (["cargo", "build", "--release", "--quiet"],
                ["cargo", "build", "--release", "--quiet", "--example", "typst_source"]):
        p = subprocess.run(cmd, cwd=ROOT)
        if p.returncode != 0:
            if BIN.exists() and EXAMPLE.exists():
                print(f"WARNING: `{' '.join(cmd)}` failed; measuring the binaries already built",
                      file=sys.stderr)
            else:
                sys.exit(f"`{' '.join(cmd)}` failed and there is no binary to measure")


class Case:
    def __init__(self, name, book_dir, work, kind):
        self.name, self.dir, self.kind = name, book_dir, kind
        self.out = work / f"{name}-out"
        self.typ = work / f"{name}.typ"
        self.typst_pdf = work / f"{name}-typst.pdf"
        self.pamphlet, self.typst, self.typst_wall = [], [], []
        self.pamphlet_mb, self.typst_mb = [], []
        self.errors = []
        self.out.mkdir(parents=True, exist_ok=True)

    def prepare(self):
        p = subprocess.run([str(EXAMPLE), str(self.dir)], capture_output=True, text=True)
        if p.returncode != 0:
            self.errors.append(f"typst_source failed: {p.stderr.strip()[:2000]}")
            return False
        self.typ.write_text(p.stdout, encoding="utf-8")
        return True

    def run_pamphlet(self, record=True):
        wall, mb, _, err, rc = run([str(BIN), "build", str(self.dir), "--format", "all",
                                    "--out", str(self.out)])
        if rc != 0:
            self.errors.append(f"pamphlet build failed (exit {rc}): {err.strip()[:2000]}")
            return False
        if record:
            self.pamphlet.append(wall)
            self.pamphlet_mb.append(mb)
        return True

    def run_typst(self, record=True):
        wall, mb, out, err, rc = run([sys.executable, "-c", TYPST_RUN, str(self.typ),
                                      str(self.typst_pdf), str(FONTS)])
        if rc != 0:
            self.errors.append(f"typst failed (exit {rc}): {err.strip()[-2000:]}")
            return False
        if record:
            self.typst.append(json.loads(out.strip().splitlines()[-1])["compile_ms"])
            self.typst_wall.append(wall)
            self.typst_mb.append(mb)
        return True

    def measure(self, runs, warm_up):
        if not self.prepare():
            return
        if warm_up and not (self.run_pamphlet(False) and self.run_typst(False)):
            return
        for r in range(runs):
            order = (self.run_pamphlet, self.run_typst) if r % 2 == 0 else (self.run_typst, self.run_pamphlet)
            for step in order:
                if not step():
                    return

    @property
    def ok(self):
        return not self.errors and self.pamphlet and self.typst

    def figures(self, baseline_mb):
        med = statistics.median
        f = {
            "pamphlet_ms": med(self.pamphlet),
            "typst_ms": med(self.typst),
            "typst_wall_ms": med(self.typst_wall),
            "pamphlet_mb": med(self.pamphlet_mb),
            "typst_raw_mb": med(self.typst_mb),
        }
        f["typst_mb"] = max(f["typst_raw_mb"] - baseline_mb, 1e-9)
        f["time_ratio"] = f["pamphlet_ms"] / f["typst_ms"]
        f["mem_ratio"] = f["pamphlet_mb"] / f["typst_mb"]
        f["mem_ratio_raw"] = f["pamphlet_mb"] / f["typst_raw_mb"]
        f["pamphlet_pages"] = pdf_pages(self.out / f"{self.dir.name}.pdf")
        f["typst_pages"] = pdf_pages(self.typst_pdf)
        return f


def fit(xs, ys):
    """Least-squares line y = a + b x; (a, b, worst relative deviation from the line)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    a = my - b * mx
    worst = max(abs(y - (a + b * x)) / y for x, y in zip(xs, ys)) if n else 0.0
    return a, b, worst


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, help="runs per book (default 5 for the curated books, 3 for large ones)")
    ap.add_argument("--sizes", default="250,500,1000,2000", help="pages of the generated books")
    ap.add_argument("--quick", action="store_true", help="only the mixed book and the 1000-page book, once")
    ap.add_argument("--keep", type=Path, help="keep the generated books and outputs in this folder")
    ap.add_argument("--no-build", action="store_true", help="measure the binaries already built")
    args = ap.parse_args()

    import typst  # noqa: F401 -- fail early, and name the version
    typst_version = getattr(typst, "__version__", "?")
    if not args.no_build:
        build_binaries()

    work = args.keep or Path(tempfile.mkdtemp(prefix="vs-typst-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [TARGET_PAGES] if args.quick else sorted(int(s) for s in args.sizes.split(",") if s)
    small_runs = 1 if args.quick else (args.runs or 5)
    large_runs = 1 if args.quick else (args.runs or 3)

    rev = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print(f"pamphlet ({rev or 'no git'}) against Typst {typst_version} (PyPI `typst`, typst.compile(..., "
          f"font_paths=[fonts/], ignore_system_fonts=True)), {time.strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} cores, binary {BIN.relative_to(ROOT)}")

    # What a Typst process costs before it compiles anything.
    base = [run([sys.executable, "-c", "import typst"])[1] for _ in range(3)]
    baseline_mb = statistics.median(base)
    print(f"bare `python3 -c 'import typst'`: {baseline_mb:.1f} MB peak RSS (subtracted from Typst's peak)")

    cases = []
    books = [MIXED] if args.quick else sorted(p.parent.name for p in ROOT.glob("books/*/book.toml"))
    for name in books:
        cases.append((Case(name, ROOT / "books" / name, work, "book"), small_runs, not args.quick))
    for n in sizes:
        d = work / f"large-{n}"
        p = subprocess.run([sys.executable, str(ROOT / "benches" / "large_book.py"), str(d), "--pages", str(n)],
                           capture_output=True, text=True)
        if p.returncode != 0:
            print(f"large_book.py --pages {n} failed: {p.stderr}", file=sys.stderr)
            continue
        cases.append((Case(f"large-{n}", d, work, n), large_runs, False))

    for case, runs, warm in cases:
        print(f"  measuring {case.name} ({runs} run(s))...", file=sys.stderr, flush=True)
        case.measure(runs, warm)

    # The table.
    hdr = (f"{'book':<26} {'pages p/t':>11} {'pamphlet ms':>11} {'typst ms':>9} {'(wall)':>8} "
           f"{'time p/t':>8} {'pamphlet MB':>11} {'typst MB':>9} {'(raw)':>7} {'mem p/t':>7} {'(raw)':>6}  target")
    print()
    print(hdr)
    print("-" * len(hdr))
    results = {}
    verdicts = []
    for case, _, _ in cases:
        if not case.ok:
            print(f"{case.name:<26} FAILED: " + " | ".join(case.errors))
            if case.name == MIXED or case.kind == TARGET_PAGES:
                verdicts.append((case.name, "FAIL (did not build)"))
            continue
        f = case.figures(baseline_mb)
        results[case.name] = (case, f)
        target = ""
        if case.name == MIXED:
            ok = f["time_ratio"] <= TIME_TARGET
            target = f"{'PASS' if ok else 'FAIL'} time <= {TIME_TARGET:.2f}"
            verdicts.append((case.name, target))
        elif case.kind == TARGET_PAGES:
            ok_t = f["time_ratio"] <= TIME_TARGET
            ok_m = f["mem_ratio"] <= MEM_TARGET
            target = (f"{'PASS' if ok_t else 'FAIL'} time <= {TIME_TARGET:.2f}, "
                      f"{'PASS' if ok_m else 'FAIL'} memory <= {MEM_TARGET:.2f}")
            verdicts.append((case.name, target))
        pages = f"{f['pamphlet_pages']}/{f['typst_pages']}"
        print(f"{case.name:<26} {pages:>11} {f['pamphlet_ms']:>11.0f} {f['typst_ms']:>9.0f} {f['typst_wall_ms']:>8.0f} "
              f"{f['time_ratio']:>8.3f} {f['pamphlet_mb']:>11.1f} {f['typst_mb']:>9.1f} {f['typst_raw_mb']:>7.1f} "
              f"{f['mem_ratio']:>7.3f} {f['mem_ratio_raw']:>6.3f}  {target}")
    print()
    print("time p/t = pamphlet (EPUB + PDF, wall) / Typst's compile call (PDF); mem p/t = pamphlet's peak RSS / "
          "(Typst's peak RSS - bare import); (raw) = against Typst's whole process.")

    # Scaling.
    large = [(case, f) for case, f in results.values() if isinstance(case.kind, int)]
    large.sort(key=lambda cf: cf[0].kind)
    if large:
        print()
        print("scaling with pages (generated books):")
        h2 = f"{'pages':>6} {'pamphlet pages':>14} {'ms/page':>8} {'MB':>7} {'typst pages':>11} {'ms/page':>8} {'MB':>7}"
        print(h2)
        for case, f in large:
            print(f"{case.kind:>6} {f['pamphlet_pages']:>14} {f['pamphlet_ms'] / f['pamphlet_pages']:>8.2f} "
                  f"{f['pamphlet_mb']:>7.1f} {f['typst_pages']:>11} {f['typst_ms'] / f['typst_pages']:>8.2f} {f['typst_mb']:>7.1f}")
        if len(large) >= 2:
            (c0, f0), (c1, f1) = large[0], large[-1]
            for tool, pages_key, ms_key, mb_key in (("pamphlet", "pamphlet_pages", "pamphlet_ms", "pamphlet_mb"),
                                                    ("typst", "typst_pages", "typst_ms", "typst_mb")):
                per0 = f0[ms_key] / f0[pages_key]
                per1 = f1[ms_key] / f1[pages_key]
                xs = [f[pages_key] for _, f in large]
                _, tb, tdev = fit(xs, [f[ms_key] for _, f in large])
                ma, mbk, mdev = fit(xs, [f[mb_key] for _, f in large])
                print(f"{tool:>8}: time per page at {c1.kind} / at {c0.kind} pages = {per1 / per0:.2f} "
                      f"(1.0 = linear); time = {tb:.2f} ms/page on a line, worst point {tdev * 100:.0f} % off it; "
                      f"memory = {ma:.0f} MB + {mbk * 1000:.0f} MB per 1000 pages, worst point {mdev * 100:.0f} % off the line; "
                      f"MB per page at {c1.kind} / at {c0.kind} = {(f1[mb_key] / f1[pages_key]) / (f0[mb_key] / f0[pages_key]):.2f}")
            per0 = f0["pamphlet_ms"] / f0["pamphlet_pages"]
            per1 = f1["pamphlet_ms"] / f1["pamphlet_pages"]
            lin = per1 / per0 <= 1.25
            verdicts.append(("scaling", f"{'PASS' if lin else 'FAIL'} pamphlet time per page at {c1.kind} pages "
                                        f"<= 1.25 x that at {c0.kind} ({per1 / per0:.2f})"))

    print()
    print("targets:")
    for name, v in verdicts:
        print(f"  {name:<26} {v}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
