"""Prints, as JSON, a typography report on a finished PDF: justified lines, word gaps,
overfull lines, widows and orphans, hyphenation and kashida, measured from PyMuPDF's
character boxes and vector paths (points, from the top left of the page).

Usage: typography_report.py FILE.pdf [--details]. Exit status 0 when the report was
printed, 2 when the PDF cannot be read; the limits are for the caller to assert.

The report: pages; lines (text lines, running heads and folios aside); justified_lines;
block (text block [left, right] on odd and even pages); overfull, widows and orphans,
each {count, lines: [{page (1-based), text, ...}]}; hyphenated_lines; max_hyphen_run;
gaps.ltr and gaps.rtl (word gaps of justified lines: count, median, p95, max, min in
points, lines, and the same by_size, keyed by the line's font size); kashida (total,
lines_with_kashida, max_per_line, narrow, mean_per_rtl_justified_line). --details adds
details: hyphenated lines, hyphen_runs (two lines or more), the loosest justified lines
and the lines with kashida.

How it reads the page:
- A line is one PyMuPDF line (one text object). A short piece on the same baseline lying
  wholly on the start side of a wider line (a list number) is joined to that line as its
  marker. A line is right-to-left when most of its letters are Arabic-script.
- Folios are lines of digits (or roman numerals) only, standing apart at the very top or
  foot of a page (outer quarter of its height); a running head is a
  page's topmost line, not larger than the body size, more than the line pitch + 2 pt
  above the line below, and smaller than the body, or repeated (digits aside) at the same
  height on another page, or sharing its baseline with a folio. Both are left out of
  everything else.
- Text block edges are taken per page parity: left = most common line left edge (x0),
  right = most common line right edge (x1), over lines of both directions, to 0.1 pt.
  The start side is left for LTR lines and right for RTL lines; the end side the other.
- A line is justified when its end edge is within 0.5 pt of the block's end edge and it
  has a word gap (headings, larger than the body, are never counted). A word gap is the
  distance along x between the char boxes of two words either side of a run of spaces,
  chars taken in x order (PyMuPDF gives RTL chars mostly in logical order). A char box
  runs to the next glyph's origin, so a stretch written into the advance of the glyph
  before a space would hide in it: a word's end is cut back to where its last glyph's
  own advance ends (the box from page.get_texttrace()).
- A line is overfull when its ink (char boxes and the filled paths drawn on it: kashida,
  marks) passes the block's left or right edge by more than 0.5 pt.
- Footnotes are the lines below a short horizontal rule at the foot of a page that are
  smaller than the body; they form a flow of their own, skipped for widows and orphans.
- Paragraphs, in each page's main flow (top to bottom): a line starts a paragraph when it
  follows a heading (a line larger than the body), follows a short line (end edge not
  flush), sits more than the line pitch (the most common baseline step for its direction
  and size) + 1 pt below the line before, changes direction or size, carries a marker, is
  indented more than 2 pt beyond the line before, or is outdented from a continuation
  line (or by more than 2.5 em from a first line).
- Across a page break a paragraph continues when the last main-flow line of the page is
  end-flush and not a heading, and the first of the next page is no heading, carries no
  marker, has the same direction and size, sits at the usual top baseline (no extra space
  above), is not indented beyond that line and not outdented from it, and, when the last
  line was itself an indented first line, is outdented from it. A widow is a continued
  paragraph's last line alone at the top of a page; an orphan is a paragraph's first line
  alone at the foot of a page with the paragraph going on overleaf.
- Hyphenated lines end (logically) with "-" or U+2010 right after a letter; a run is
  consecutive hyphenated lines in one flow of one page.
- Kashida: a filled path drawn on a right-to-left line (its middle inside the line's
  glyph box) counts as a kashida when it is a flat bar standing on the baseline, as a
  stretched tatweel does: of the commonest such bar height in ems (the tatweel's stroke;
  leader dots have another), height <= 0.15 em (em = the line's font size), bottom
  within
  0.05 em of the baseline, top above it, and within the line's horizontal extent. Vowel
  marks, drawn as paths too, are as short but sit clear above the letters or below the
  baseline, so they are not counted. Kashidas narrower than 0.1 em are counted, and
  also reported apart as `narrow`.
"""
import argparse
import json
import statistics
import sys
import unicodedata
from collections import Counter, defaultdict

import fitz  # PyMuPDF

TOL = 0.5  # flush / overfull tolerance, points
HYPHENS = "-\u2010"


def is_arabic(ch):
    o = ord(ch)
    return (0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF
            or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF)


def is_ink(ch):
    """A char whose box counts for the line's extent: no spaces, no format controls."""
    return not ch.isspace() and unicodedata.category(ch) != "Cf"


def mode(values, step=0.1):
    """The most common value to `step`, refined to the median of values near it."""
    if not values:
        return None
    counts = Counter(round(v / step) for v in values)
    top = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0] * step
    near = [v for v in values if abs(v - top) <= 0.3]
    return statistics.median(near) if near else top


def stats(values):
    if not values:
        return {"count": 0, "median": None, "p95": None, "max": None, "min": None}
    v = sorted(values)
    k = 0.95 * (len(v) - 1)
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    p95 = v[lo] + (v[hi] - v[lo]) * (k - lo)
    return {"count": len(v), "median": round(statistics.median(v), 2), "p95": round(p95, 2),
            "max": round(v[-1], 2), "min": round(v[0], 2)}


def add_steps(steps, flow):
    """Baseline steps between neighbouring lines of the same direction and size."""
    for a, b in zip(flow, flow[1:]):
        step = b.baseline - a.baseline
        if a.rtl == b.rtl and a.size == b.size and 0.8 * b.size < step < 3 * b.size:
            steps[(b.rtl, b.size)].append(step)


def size_key(size):
    return f"{round(size, 1):g}"


class Line:
    def __init__(self, page, chars, spans):
        self.page = page
        self.chars = chars  # (c, x0, y0, x1, y1, origin_y, x1 of the glyph's own advance)
        self.text = "".join(c[0] for c in chars if unicodedata.category(c[0]) != "Cf").strip()
        ink = [c for c in chars if is_ink(c[0])] or chars
        self.x0 = min(c[1] for c in ink)
        self.x1 = max(c[3] for c in ink)
        self.top = min(c[2] for c in chars)
        self.bottom = max(c[4] for c in chars)
        self.baseline = statistics.median(c[5] for c in chars)
        weights = Counter()
        bold = 0
        for span in spans:
            n = len(span["chars"])
            weights[round(span["size"], 1)] += n
            if span["flags"] & 16 or "bold" in span["font"].lower():
                bold += n
        self.size = weights.most_common(1)[0][0]
        self.bold = bold * 2 > sum(weights.values())
        arabic = sum(1 for c in chars if c[0].isalpha() and is_arabic(c[0]))
        other = sum(1 for c in chars if c[0].isalpha() and not is_arabic(c[0]))
        if arabic + other == 0:
            arabic = sum(1 for c in chars if is_arabic(c[0]))
            other = sum(1 for c in chars if c[0].isalnum() and not is_arabic(c[0]))
        self.rtl = arabic > other
        self.markers = []
        self.drawings = []
        self.kashida = 0
        self.narrow_kashida = 0
        self.flat_bars = []
        self.kind = "body"  # body, folio, head, note
        self.heading = False
        self.first = False
        self.indented = False

    def gaps(self):
        """Word gaps: between the boxes of words either side of a run of spaces, in x order,
        a word ending where its last glyph's own advance ends."""
        chars = sorted(self.chars, key=lambda c: (c[1] + c[3]) / 2)
        words, cur = [], None
        for c in chars:
            if c[0].isspace():
                cur = None
            elif unicodedata.category(c[0]) == "Cf":
                continue
            elif cur is None:
                cur = [c[1], c[6]]
                words.append(cur)
            else:
                cur[0] = min(cur[0], c[1])
                cur[1] = max(cur[1], c[6])
        return [b[0] - a[1] for a, b in zip(words, words[1:])]

    def logical_end(self):
        """The last two ink chars in reading order."""
        ink = sorted((c for c in self.chars if is_ink(c[0])), key=lambda c: (c[1] + c[3]) / 2)
        if self.rtl:
            ink.reverse()
        return "".join(c[0] for c in ink[-2:])

    def ink_box(self):
        x0 = min([self.x0] + [m.x0 for m in self.markers] + [r.x0 for r in self.drawings])
        x1 = max([self.x1] + [m.x1 for m in self.markers] + [r.x1 for r in self.drawings])
        return x0, x1

    def entry(self, **extra):
        return {"page": self.page + 1, "text": self.text, **extra}


def read_pages(doc):
    pages = []
    for pno, page in enumerate(doc):
        # Where each glyph's own advance ends (MuPDF's text trace boxes a glyph by the font's
        # advance, its text boxes by the pen's move to the next glyph).
        natural = {}
        for span in page.get_texttrace():
            for u, _, origin, bbox in span["chars"]:
                natural[(chr(u), round(origin[0], 2), round(origin[1], 2))] = bbox[2]
        lines = []
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                spans = [s for s in line["spans"] if s["chars"]]
                chars = []
                for s in spans:
                    for c in s["chars"]:
                        x0, y0, x1, y1 = c["bbox"]
                        key = (c["c"], round(c["origin"][0], 2), round(c["origin"][1], 2))
                        chars.append((c["c"], x0, y0, x1, y1, c["origin"][1],
                                      min(x1, natural.get(key, x1))))
                if not chars or not any(is_ink(c[0]) for c in chars):
                    continue
                lines.append(Line(pno, chars, spans))
        drawings, rules = [], []
        for d in page.get_drawings():
            r = d["rect"]
            if "f" in (d.get("type") or "") and d.get("fill") is not None:
                drawings.append(r)
            if r.height <= 1.5 and r.width >= 10:
                rules.append(r)
        pages.append({"rect": page.rect, "lines": lines, "drawings": drawings, "rules": rules})
    return pages


def is_number(text):
    t = "".join(ch for ch in text if is_ink(ch))
    if not t:
        return False
    if all(unicodedata.category(ch) == "Nd" for ch in t):
        return True
    return len(t) <= 6 and all(ch in "ivxlcdmIVXLCDM" for ch in t)


def classify_margins(pages):
    """Marks folios and running heads."""
    for p in pages:
        lines = p["lines"]
        if not lines:
            continue
        height = p["rect"].height
        lo = max(l.baseline for l in lines)
        hi = min(l.baseline for l in lines)
        for l in lines:
            if not is_number(l.text):
                continue
            apart = all(abs(o.baseline - l.baseline) > 2 * l.size
                        for o in lines if o is not l and abs(o.baseline - l.baseline) > 1)
            if apart and ((abs(l.baseline - lo) < 1 and l.baseline > 0.75 * height)
                          or (abs(l.baseline - hi) < 1 and l.baseline < 0.25 * height)):
                l.kind = "folio"
    sizes = Counter(l.size for p in pages for l in p["lines"] if l.kind == "body")
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    steps = defaultdict(list)
    for p in pages:
        body_lines = [l for l in p["lines"] if l.kind == "body"]
        add_steps(steps, sorted(body_lines, key=lambda l: l.baseline))
    pitch = {k: mode(v) for k, v in steps.items()}
    tops = []
    for p in pages:
        rest = sorted((l for l in p["lines"] if l.kind == "body"), key=lambda l: l.baseline)
        first = rest[0] if rest else None
        below = [l for l in rest if first and l.baseline > first.baseline + 0.5]
        if below and first.size <= body + 0.05 and below[0].baseline - first.baseline \
                > (pitch.get((below[0].rtl, below[0].size)) or 1.3 * below[0].size) + 2:
            tops.append(first)
        else:
            tops.append(None)
    key = lambda l: ("".join(ch for ch in l.text if not ch.isdigit()).strip(), round(l.baseline))
    seen = Counter(key(t) for t in tops if t is not None)
    for p, t in zip(pages, tops):
        if t is None:
            continue
        folio = any(l.kind == "folio" and abs(l.baseline - t.baseline) < 1 for l in p["lines"])
        if t.size < body - 0.3 or seen[key(t)] > 1 or folio:
            for l in p["lines"]:
                if l.kind == "body" and abs(l.baseline - t.baseline) < 1:
                    l.kind = "head"


def join_markers(pages):
    for p in pages:
        body = [l for l in p["lines"] if l.kind == "body"]
        keep = []
        for l in sorted(body, key=lambda l: -(l.x1 - l.x0)):
            host = None
            for k in keep:
                if abs(k.baseline - l.baseline) > 0.5 or (l.x1 - l.x0) > 4 * k.size:
                    continue
                if (not k.rtl and l.x1 <= k.x0 + 0.1) or (k.rtl and l.x0 >= k.x1 - 0.1):
                    host = k
                    break
            if host:
                host.markers.append(l)
                l.kind = "marker"
            else:
                keep.append(l)
        p["lines"] = [l for l in p["lines"] if l.kind != "marker"]


def block_edges(pages):
    """(left, right) of the text block for each page parity (1 = odd physical page)."""
    xs = {0: ([], []), 1: ([], [])}
    for i, p in enumerate(pages):
        for l in p["lines"]:
            if l.kind in ("body", "note"):
                xs[(i + 1) % 2][0].append(l.x0)
                xs[(i + 1) % 2][1].append(l.x1)
    edges = {k: (mode(v[0]), mode(v[1])) for k, v in xs.items()}
    width = pages[0]["rect"].width if pages else 0
    for k in (0, 1):
        o = 1 - k
        left, right = edges[k]
        if left is None:
            left = width - edges[o][1] if edges[o][1] is not None else 0.0
        if right is None:
            right = width - edges[o][0] if edges[o][0] is not None else width
        edges[k] = (left, right)
    return edges


def find_notes(pages, body_size, edges):
    for i, p in enumerate(pages):
        left, right = edges[(i + 1) % 2]
        measure = right - left
        rules = [r for r in p["rules"] if r.width <= 0.6 * measure
                 and (abs(r.x0 - left) < 2 or abs(r.x1 - right) < 2)]
        if not rules:
            continue
        rule = max(rules, key=lambda r: r.y0)
        below = [l for l in p["lines"] if l.kind == "body" and l.top >= rule.y1 - 2]
        above = [l for l in p["lines"] if l.kind == "body" and l.baseline < rule.y0]
        if below and above and all(l.size < body_size[l.rtl] - 0.2 for l in below):
            for l in below:
                l.kind = "note"


def attach_drawings(pages):
    for p in pages:
        lines = [l for l in p["lines"] if l.kind in ("body", "note")]
        for r in p["drawings"]:
            if r.height > 40 or r.width > 0.5 * p["rect"].width:
                continue
            cy = (r.y0 + r.y1) / 2
            best = None
            for l in lines:
                if not (l.top <= cy <= l.bottom):
                    continue
                if r.x1 < l.x0 - l.size or r.x0 > l.x1 + l.size:
                    continue
                d = abs(cy - (l.baseline - 0.25 * l.size))
                if best is None or d < best[0]:
                    best = (d, l)
            if best is None:
                continue
            l = best[1]
            l.drawings.append(r)
            em = l.size
            if (l.rtl and r.height <= 0.15 * em and r.width > 0
                    and l.x0 - TOL <= r.x0 and r.x1 <= l.x1 + TOL
                    and r.y0 < l.baseline and abs(r.y1 - l.baseline) <= 0.05 * em):
                l.flat_bars.append(r)


def count_kashida(lines):
    """Counts the flat bars of each line that are kashidas. A stretched tatweel keeps the
    font's stroke as its height, whatever its width: the same fraction of an em at every
    size. A leader or full-stop dot drawn as a path is a flat shape too, but of another
    height. So the commonest bar height (in ems) is the tatweel's, and only bars of that
    height count."""
    heights = Counter(round(r.height / l.size, 3) for l in lines for r in l.flat_bars)
    if not heights:
        return
    stroke = heights.most_common(1)[0][0]
    for l in lines:
        for r in l.flat_bars:
            if abs(r.height / l.size - stroke) <= 0.005:
                l.kashida += 1
                if r.width < 0.1 * l.size:
                    l.narrow_kashida += 1


def report(path, details):
    try:
        doc = fitz.open(path)
        if doc.needs_pass:
            raise RuntimeError("encrypted")
        pages = read_pages(doc)
    except Exception as e:  # any failure to read is reported the same way
        print(f"cannot read {path}: {e}", file=sys.stderr)
        sys.exit(2)

    classify_margins(pages)
    join_markers(pages)
    all_lines = [l for p in pages for l in p["lines"] if l.kind == "body"]
    sizes = {d: Counter(l.size for l in all_lines if l.rtl == d) for d in (False, True)}
    anysize = Counter(l.size for l in all_lines).most_common(1)
    fallback = anysize[0][0] if anysize else 10.0
    body_size = {d: sizes[d].most_common(1)[0][0] if sizes[d] else fallback for d in (False, True)}
    edges = block_edges(pages)
    find_notes(pages, body_size, edges)
    attach_drawings(pages)
    count_kashida([l for p in pages for l in p["lines"]])

    # Per-line geometry.
    lines = []
    for i, p in enumerate(pages):
        left, right = edges[(i + 1) % 2]
        for l in p["lines"]:
            if l.kind not in ("body", "note"):
                continue
            l.heading = l.size >= body_size[l.rtl] + 0.3
            l.s = (right - l.x1) if l.rtl else (l.x0 - left)
            l.e = (l.x0 - left) if l.rtl else (right - l.x1)
            l.word_gaps = l.gaps()
            l.justified = abs(l.e) <= TOL and bool(l.word_gaps) and not l.heading
            x0, x1 = l.ink_box()
            l.over = max(left - x0, x1 - right)
            l.over_side = "left" if left - x0 >= x1 - right else "right"
            lines.append(l)

    # Line pitch per direction and size; the usual top of the text.
    steps = defaultdict(list)
    flows = []  # (page index, kind, lines)
    for i, p in enumerate(pages):
        for kind in ("body", "note"):
            flow = sorted((l for l in p["lines"] if l.kind == kind),
                          key=lambda l: (l.baseline, l.x0))
            flows.append((i, kind, flow))
            add_steps(steps, flow)
    pitch_of = {k: mode(v) for k, v in steps.items()}

    def pitch(l):
        return pitch_of.get((l.rtl, l.size)) or 1.3 * l.size

    main = {i: fl for i, kind, fl in flows if kind == "body"}
    tops = [fl[0].baseline - pitch(fl[0]) for fl in main.values() if fl]
    top = mode(tops, 0.5) if tops else 0.0

    # Paragraph starts within each flow.
    def starts(prev, cur):
        if cur.heading or prev.heading or cur.markers:
            return True
        if cur.rtl != prev.rtl or abs(cur.size - prev.size) > 0.25:
            return True
        if prev.e > TOL:
            return True
        if cur.baseline - prev.baseline > pitch(cur) + 1.0:
            return True
        if cur.s > prev.s + 2:
            return True
        if cur.s < prev.s - 2 and (not prev.first or prev.s - cur.s > 2.5 * cur.size):
            return True
        return False

    for _, _, flow in flows:
        for j, l in enumerate(flow):
            if j == 0:
                l.first = True  # provisionally; settled across the page break below
                continue
            prev = flow[j - 1]
            l.first = starts(prev, l)
            l.indented = l.first and not l.markers and not l.heading and not prev.heading \
                and l.s > prev.s + 2

    # Base inset of continuation lines per direction and size, to tell an indented first line.
    base = defaultdict(list)
    for _, _, flow in flows:
        for l in flow:
            if not l.first and not l.heading:
                base[(l.rtl, l.size)].append(l.s)
    base_inset = {k: mode(v) for k, v in base.items()}
    for _, _, flow in flows:
        for l in flow:
            b = base_inset.get((l.rtl, l.size))
            if l.first and not l.markers and not l.heading and b is not None and l.s > b + 2:
                l.indented = True

    def continues(last, nxt):
        if last.heading or nxt.heading or nxt.markers or last.e > TOL:
            return False
        if nxt.rtl != last.rtl or abs(nxt.size - last.size) > 0.25:
            return False
        if nxt.baseline - pitch(nxt) > top + 1.0:
            return False
        if nxt.s > last.s + 2:
            return False
        if last.first:
            if last.indented and nxt.s > last.s - 2:
                return False
            if last.s - nxt.s > 2.5 * nxt.size:
                return False
        elif nxt.s < last.s - 2:
            return False
        return True

    widows, orphans = [], []
    n = len(pages)
    for i in range(n):
        fl = main.get(i, [])
        if not fl:
            continue
        nxt_flow = main.get(i + 1, [])
        last = fl[-1]
        if not nxt_flow or not continues(last, nxt_flow[0]):
            continue
        f = nxt_flow[0]
        f.first = False
        if last.first:
            orphans.append(last.entry())
        # f ends its paragraph when the next line starts one, or it is short at the foot.
        if len(nxt_flow) > 1:
            ends = starts(f, nxt_flow[1])
        else:
            after = main.get(i + 2, [])
            ends = not (after and continues(f, after[0]))
        if ends:
            widows.append(f.entry())

    # Hyphenation.
    hyphenated, runs = [], []
    for i, kind, flow in flows:
        run = []
        for l in flow + [None]:
            end = l.logical_end() if l is not None and not l.heading else ""
            if len(end) == 2 and end[1] in HYPHENS and end[0].isalpha():
                hyphenated.append(l.entry())
                run.append(l)
            else:
                if run:
                    runs.append(run)
                run = []
    max_run = max((len(r) for r in runs), default=0)

    # Gaps.
    gaps = {}
    for name, rtl in (("ltr", False), ("rtl", True)):
        js = [l for l in lines if l.justified and l.rtl == rtl]
        g = stats([x for l in js for x in l.word_gaps])
        g["lines"] = len(js)
        by = defaultdict(list)
        for l in js:
            by[size_key(l.size)].extend(l.word_gaps)
        g["by_size"] = {k: stats(v) for k, v in sorted(by.items(), key=lambda kv: -float(kv[0]))}
        gaps[name] = g

    rtl_just = [l for l in lines if l.justified and l.rtl]
    kashida = {
        "total": sum(l.kashida for l in lines),
        "lines_with_kashida": sum(1 for l in lines if l.kashida),
        "max_per_line": max((l.kashida for l in lines), default=0),
        "narrow": sum(l.narrow_kashida for l in lines),
        "mean_per_rtl_justified_line": round(sum(l.kashida for l in rtl_just) / len(rtl_just), 2)
        if rtl_just else 0.0,
    }

    overfull = [l.entry(side=l.over_side, by=round(l.over, 2)) for l in lines if l.over > TOL]
    out = {
        "file": path,
        "pages": len(pages),
        "lines": len(lines),
        "justified_lines": sum(1 for l in lines if l.justified),
        "block": {"odd": [round(v, 2) for v in edges[1]], "even": [round(v, 2) for v in edges[0]]},
        "overfull": {"count": len(overfull), "lines": overfull},
        "widows": {"count": len(widows), "lines": widows},
        "orphans": {"count": len(orphans), "lines": orphans},
        "hyphenated_lines": len(hyphenated),
        "max_hyphen_run": max_run,
        "gaps": gaps,
        "kashida": kashida,
    }
    if details:
        loose = sorted((l for l in lines if l.justified), key=lambda l: -max(l.word_gaps))[:20]
        out["details"] = {
            "hyphenated": hyphenated,
            "hyphen_runs": [dict(r[0].entry(), length=len(r)) for r in runs if len(r) > 1],
            "loosest": [l.entry(dir="rtl" if l.rtl else "ltr", size=l.size,
                                max_gap=round(max(l.word_gaps), 2), gaps=len(l.word_gaps))
                        for l in loose],
            "kashida": [l.entry(count=l.kashida) for l in lines if l.kashida],
        }
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf")
    ap.add_argument("--details", action="store_true", help="list the lines behind each figure")
    args = ap.parse_args()
    json.dump(report(args.pdf, args.details), sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
