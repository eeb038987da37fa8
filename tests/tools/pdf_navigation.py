"""Prints, as JSON, what PyMuPDF finds of a PDF's navigation: the outline (get_toc), the page
labels, each page's label, text lines and links (with the text under each link's area), the
catalog's viewer settings, and what is wrong with the outline's links and counts by the PDF
specification (section 12.3.3). Positions are in points from the page's top left, as PyMuPDF
gives them."""
import json
import sys

import fitz  # PyMuPDF


def kind(k):
    return {
        fitz.LINK_NONE: "none",
        fitz.LINK_GOTO: "goto",
        fitz.LINK_URI: "uri",
        fitz.LINK_LAUNCH: "launch",
        fitz.LINK_NAMED: "named",
        fitz.LINK_GOTOR: "gotor",
    }.get(k, str(k))


def target(dest):
    to = dest.get("to")
    return {
        "kind": kind(dest.get("kind")),
        "page": dest.get("page"),
        "uri": dest.get("uri"),
        "y": None if to is None else to.y,
    }


def outline_problems(doc):
    """The outline's /First, /Last, /Next, /Prev, /Parent and /Count, checked item by item."""
    problems = []

    def ref(xref, key):
        kind_, value = doc.xref_get_key(xref, key)
        return int(value.split()[0]) if kind_ == "xref" else None

    def count(xref):
        kind_, value = doc.xref_get_key(xref, "Count")
        return int(value) if kind_ == "int" else None

    seen = set()

    def shown(node, root):
        """How many items under `node` show when it is open; checks its children."""
        children, prev, child = [], None, ref(node, "First")
        while child is not None:
            if child in seen:
                problems.append(f"{child}: reached twice")
                break
            seen.add(child)
            if ref(child, "Parent") != node:
                problems.append(f"{child}: /Parent is not {node}")
            if ref(child, "Prev") != prev:
                problems.append(f"{child}: /Prev is not {prev}")
            children.append(child)
            prev, child = child, ref(child, "Next")
        if children and ref(node, "Last") != children[-1]:
            problems.append(f"{node}: /Last is not {children[-1]}")
        total = 0
        for c in children:
            under = shown(c, False)
            total += 1 + (under if (count(c) or 0) > 0 else 0)
        n = count(node)
        if root:
            if n != (total or None):
                problems.append(f"outline root: /Count {n}, {total} items visible")
        elif children and n not in (total, -total):
            problems.append(f"{node}: /Count {n} for {total} items under it")
        elif not children and n not in (None, 0):
            problems.append(f"{node}: /Count {n} without children")
        if not children and ref(node, "Last") is not None:
            problems.append(f"{node}: /Last without /First")
        return total

    root = ref(doc.pdf_catalog(), "Outlines")
    if root is not None:
        shown(root, True)
    return problems


out = {"toc": [], "labels": [], "pages": [], "catalog": {}}
with fitz.open(sys.argv[1]) as doc:
    for level, title, _page, dest in doc.get_toc(simple=False):
        entry = {"level": level, "title": title, "collapse": bool(dest.get("collapse", False))}
        entry.update(target(dest))
        out["toc"].append(entry)
    out["labels"] = doc.get_page_labels()
    catalog = doc.pdf_catalog()
    for key in ["PageLayout", "PageMode", "ViewerPreferences/Direction",
                "ViewerPreferences/DisplayDocTitle"]:
        kind_, value = doc.xref_get_key(catalog, key)
        out["catalog"][key] = None if kind_ == "null" else value
    for page in doc:
        lines = []
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                spans = line["spans"]
                if not spans:
                    continue
                lines.append({
                    "top": line["bbox"][1],
                    "baseline": spans[0]["origin"][1],
                    "x0": line["bbox"][0],
                    "x1": line["bbox"][2],
                    "text": "".join(s["text"] for s in spans),
                })
        links = []
        for link in page.get_links():
            entry = {"rect": list(link["from"]), "text": page.get_textbox(link["from"])}
            entry.update(target(link))
            links.append(entry)
        out["pages"].append({
            "label": page.get_label(),
            "height": page.rect.height,
            "text": page.get_text(),
            "lines": lines,
            "links": links,
        })
    out["outline_problems"] = outline_problems(doc)
json.dump(out, sys.stdout, ensure_ascii=False)
