"""Prints, as JSON, each page's text lines with their boxes (from PyMuPDF's character boxes)
and the box of its ink (from a MuPDF rendering at 144 dpi), in points from the top left."""
import json
import sys

import fitz  # PyMuPDF

pages = []
with fitz.open(sys.argv[1]) as doc:
    for page in doc:
        lines = []
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                chars = [c for span in line["spans"] for c in span["chars"]]
                if not chars:
                    continue
                lines.append({
                    "x0": min(c["bbox"][0] for c in chars),
                    "x1": max(c["bbox"][2] for c in chars),
                    "y": line["spans"][0]["origin"][1],
                    "size": max(span["size"] for span in line["spans"]),
                    "text": "".join(c["c"] for c in chars),
                })
        pix = page.get_pixmap(dpi=144, colorspace=fitz.csGRAY)
        w, h, data = pix.width, pix.height, pix.samples
        xs, ys = [], []
        for y in range(h):
            row = data[y * w:(y + 1) * w]
            dark = [x for x, v in enumerate(row) if v < 128]
            if dark:
                xs += [dark[0], dark[-1]]
                ys.append(y)
        ink = None
        if xs:
            ink = [min(xs) / 2, min(ys) / 2, (max(xs) + 1) / 2, (max(ys) + 1) / 2]
        pages.append({"width": page.rect.width, "height": page.rect.height, "lines": lines, "ink": ink})
json.dump(pages, sys.stdout, ensure_ascii=False)
