"""Prints, as JSON, each page of a PDF as PyMuPDF reads it: the folio (the text set below
the text block, where the page number is printed) and the text lines inside the text block,
top to bottom, each with its baseline, its largest font size and its text. Pieces of a
line that PyMuPDF returns separately (runs of another direction, a note marker) are joined,
in their order along the line from its start side.

Usage: pdf_page_tops.py PDF TOP BOTTOM
TOP and BOTTOM bound the text block: baselines above TOP (the running head) and below
BOTTOM (the folio) are not text lines.
"""
import json
import sys

import fitz  # PyMuPDF


def is_rtl(text):
    for c in text:
        if "\u0590" <= c <= "\u08ff" or "\ufb1d" <= c <= "\ufefc":
            return True
        if c.isalpha():
            return False
    return False


def main():
    path, top, bottom = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    pages = []
    with fitz.open(path) as doc:
        for page in doc:
            segments = []
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    spans = [s for s in line["spans"] if s["text"]]
                    if not spans:
                        continue
                    segments.append({
                        "y": spans[0]["origin"][1],
                        "x0": line["bbox"][0],
                        "x1": line["bbox"][2],
                        "size": max(s["size"] for s in spans),
                        "text": "".join(s["text"] for s in spans),
                    })
            folio = [s for s in segments if s["y"] > bottom]
            body = sorted((s for s in segments if top < s["y"] <= bottom), key=lambda s: s["y"])
            lines = []
            for s in body:
                if lines and abs(lines[-1][0]["y"] - s["y"]) < 1.0:
                    lines[-1].append(s)
                else:
                    lines.append([s])
            out = []
            for group in lines:
                rtl = is_rtl("".join(s["text"] for s in group))
                group.sort(key=lambda s: -s["x1"] if rtl else s["x0"])
                out.append({
                    "y": group[0]["y"],
                    "size": max(s["size"] for s in group),
                    "text": " ".join(s["text"] for s in group),
                })
            pages.append({
                "folio": " ".join(s["text"] for s in folio).strip() or None,
                "lines": out,
            })
    json.dump(pages, sys.stdout, ensure_ascii=False)


main()
