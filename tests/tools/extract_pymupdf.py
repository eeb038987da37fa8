"""Prints the text of each page of a PDF as PyMuPDF extracts it, pages separated by form feeds."""
import sys

import fitz  # PyMuPDF

with fitz.open(sys.argv[1]) as doc:
    sys.stdout.write("\f".join(page.get_text("text") for page in doc))
