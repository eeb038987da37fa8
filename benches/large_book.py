#!/usr/bin/env python3
"""Writes a large test book of about N A5 pages, mixed English and Farsi, for benchmarks.

    python3 benches/large_book.py OUT_DIR --pages N

OUT_DIR becomes a pamphlet book folder (book.toml and pieces). The pieces cycle through the
curated texts of books/*/ (each text once, however many books hold it), alternating English
and Farsi, each copy keeping its text's front matter (its `source`, authors, date, note) under a
title and file name of its own. A short text is repeated inside its copy, parts parted by
`* * *`, so that every piece runs to about 24 pages.

The words are the curated ones, but no paragraph is printed twice: from its second use on, a
paragraph has a few pairs of neighbouring plain words swapped (about one pair in 30 words,
chosen by a generator seeded with the copy). A book of one text repeated would let either
program reuse earlier work (Typst memoizes the layout of identical paragraphs), which a real
1,000-page book would not allow. The same N always writes the same files.

Pages per piece are estimated from the bytes of text per page of the curated books as pamphlet
sets them (English ~1,900, Farsi ~2,500 bytes of UTF-8 per A5 page, headings and section
breaks included), pieces opening on rectos; the book aims 3 % over N so as not to fall short.
"""

import argparse
import hashlib
import math
import random
import re
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BYTES_PER_PAGE = {"en": 1875.0, "fa": 2540.0}
PIECE_PAGES = 24
FRONT_PAGES = 8  # half-title, title, colophon, contents opening
PIECES_PER_CONTENTS_PAGE = 16
# A word that may be swapped with its neighbour: letters (and ZWNJ) only, no markup.
PLAIN = re.compile(r"^(?:[^\W\d_]|\u200c)+$")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def curated_texts():
    """The curated pieces, each distinct text once: (lang, front matter lines, body, stem)."""
    seen = set()
    texts = []
    for toml in sorted(ROOT.glob("books/*/book.toml")):
        book = toml.parent
        listed = re.search(r"pieces\s*=\s*\[(.*?)\]", toml.read_text(encoding="utf-8"), re.S)
        names = re.findall(r'"([^"]+)"', listed.group(1)) if listed else []
        for name in names:
            raw = (book / name).read_text(encoding="utf-8")
            m = re.match(r"\+\+\+\n(.*?)\n\+\+\+\n(.*)\Z", raw, re.S)
            if not m:
                sys.exit(f"{book / name}: no +++ front matter")
            front, body = m.group(1), m.group(2)
            digest = hashlib.sha256(body.encode()).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            lang = re.search(r'^lang\s*=\s*"([^"]+)"', front, re.M)
            lang = lang.group(1) if lang else "en"
            stem = re.sub(r"^\d+-", "", Path(name).stem)
            texts.append((lang, front.split("\n"), body.strip("\n"), stem))
    return texts


def interleave(texts):
    """English and Farsi texts alternating, each language in its curated order."""
    en = [t for t in texts if t[0] != "fa"]
    fa = [t for t in texts if t[0] == "fa"]
    order = []
    for i in range(max(len(en), len(fa))):
        if i < len(en):
            order.append(en[i])
        if i < len(fa):
            order.append(fa[i])
    return order


def vary(paragraph, rng):
    """The paragraph with about one pair of neighbouring plain words in 30 swapped."""
    words = paragraph.split(" ")
    candidates = [i for i in range(1, len(words) - 1)
                  if PLAIN.match(words[i]) and PLAIN.match(words[i + 1])]
    if not candidates:
        return paragraph
    swaps = max(1, len(words) // 30)
    for i in rng.sample(candidates, min(swaps, len(candidates))):
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def body_copy(body, rng):
    """A copy of a piece's body in which no paragraph is the same as before."""
    out = []
    for line in body.split("\n"):
        # Headings, fences and blank lines as they are; text lines varied.
        if line.strip() and not line.lstrip().startswith(("#", "```", "|", "+++")):
            prefix = re.match(r"^(\s*(?:[-*+>]|\d+[.)]|[a-zA-Z][.)])?\s*)", line).group(1)
            line = prefix + vary(line[len(prefix):], rng)
        out.append(line)
    return "\n".join(out)


def estimate_pages(lang, nbytes):
    return nbytes / BYTES_PER_PAGE.get(lang, BYTES_PER_PAGE["en"])


def toml_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(out_dir, pages):
    texts = interleave(curated_texts())
    if not texts:
        sys.exit("no curated pieces found under books/")
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.md"):
        old.unlink()
    uses = {}  # how many times each text has been printed so far
    pieces = []
    estimated = FRONT_PAGES
    i = 0
    while estimated < pages * 1.03:
        lang, front, body, stem = texts[i % len(texts)]
        number = i + 1
        per_copy = estimate_pages(lang, len(body.encode()))
        repeats = max(1, round(PIECE_PAGES / per_copy))
        parts = []
        for _ in range(repeats):
            n = uses.get(stem, 0)
            uses[stem] = n + 1
            if n == 0:
                parts.append(body)
            else:
                parts.append(body_copy(body, random.Random(f"{pages}:{stem}:{n}")))
        text = "\n\n* * *\n\n".join(parts)
        label = str(number).translate(PERSIAN_DIGITS) if lang == "fa" else str(number)
        new_front = []
        for line in front:
            m = re.match(r'^title\s*=\s*"(.*)"\s*$', line)
            if m:
                line = f'title = "{m.group(1)} ({label})"'
            new_front.append(line)
        name = f"{number:04d}-{stem}.md"
        (out_dir / name).write_text("+++\n" + "\n".join(new_front) + "\n+++\n\n" + text + "\n",
                                    encoding="utf-8")
        pieces.append(name)
        # A piece opens on a recto: its last leaf's verso is often blank.
        estimated += math.ceil(repeats * per_copy / 2) * 2
        estimated += 1 / PIECES_PER_CONTENTS_PAGE
        i += 1
    ident = uuid.uuid5(uuid.NAMESPACE_URL, f"pamphlet:large-book:{pages}")
    toml = [
        f'title = "A Large Test Book of {pages} Pages"',
        'subtitle = "Curated English and Farsi texts, repeated for benchmarks"',
        'language = "en"',
        f'identifier = "urn:uuid:{ident}"',
        'date = "2026-11-22"',
        'publisher = "pamphlet editions"',
        f'description = "A generated book of about {pages} A5 pages for benchmarks: the curated '
        'texts of this repository, English and Farsi, each used several times."',
        'rights = "The texts are reproduced as their publishers circulated them, for free '
        'distribution."',
        "pieces = [",
        *[f"  {toml_string(p)}," for p in pieces],
        "]",
        "",
        "[[contributors]]",
        'name = "pamphlet editors"',
        'role = "editor"',
        "",
        "[fonts]",
        'farsi = "vazirmatn"',
        "",
    ]
    (out_dir / "book.toml").write_text("\n".join(toml), encoding="utf-8")
    return len(pieces), estimated


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--pages", type=int, default=1000, help="about how many A5 pages (default 1000)")
    args = ap.parse_args()
    n, est = generate(args.out_dir, args.pages)
    print(f"{args.out_dir}: {n} pieces, about {est:.0f} pages", file=sys.stderr)


if __name__ == "__main__":
    main()
