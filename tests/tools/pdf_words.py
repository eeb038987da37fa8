"""Prints, as JSON, each page's trim box and its words with their boxes (PyMuPDF's word boxes,
in points from the top left), without clipping the words to the page: a word drawn off the
page is listed where it was drawn."""
import json
import sys

import fitz  # PyMuPDF

FLAGS = fitz.TEXTFLAGS_WORDS & ~fitz.TEXT_MEDIABOX_CLIP

pages = []
with fitz.open(sys.argv[1]) as doc:
    for page in doc:
        trim = page.trimbox
        pages.append({
            "trim": [trim.x0, trim.y0, trim.x1, trim.y1],
            "words": [
                {"text": w[4], "box": [w[0], w[1], w[2], w[3]]}
                for w in page.get_text("words", flags=FLAGS)
            ],
        })
json.dump(pages, sys.stdout)
