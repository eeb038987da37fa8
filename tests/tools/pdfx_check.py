#!/usr/bin/env python3
"""Checks a PDF against the PDF/X-4 (ISO 15930-7) requirements pamphlet's print edition
implements, with pikepdf (qpdf) as the independent reader.

Usage: pdfx_check.py FILE.pdf
Prints one line per failed requirement and exits 1 if any failed, 0 if all passed.

Covered: version header at most 1.6; no encryption; a document ID in the trailer; an info
dictionary with a title, creation and modification dates and /Trapped True or False; XMP
metadata with pdfxid:GTS_PDFXVersion "PDF/X-4", pdf:Trapped, dc:title, xmp:CreateDate and
xmp:ModifyDate matching the info dictionary, xmpMM:DocumentID, xmpMM:VersionID and
xmpMM:RenditionClass; exactly one GTS_PDFX output intent with an output condition identifier
and an embedded ICC output ('prtr') profile of ICC version 2 or 4; a TrimBox on every page,
BleedBox inside MediaBox and TrimBox inside BleedBox; every font embedded (pages and forms);
no JavaScript, no actions (/OpenAction, /AA, annotation /A), no annotations other than
PrinterMark and TrapNet inside the bleed box; no RGB or Lab colour in content streams, and
text filled in gray or CMYK black only.
"""

import re
import sys

import pikepdf


def boxes(page):
    def rect(key, fallback=None):
        value = page.obj.get(key)
        if value is None:
            return fallback
        return [float(v) for v in value]

    media = rect("/MediaBox")
    bleed = rect("/BleedBox", None)
    trim = rect("/TrimBox", None)
    return media, bleed, trim


def inside(inner, outer, slack=0.01):
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def fonts_of(resources, seen):
    """Every font dictionary reachable from a resource dictionary, forms included."""
    if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
        return
    seen.add(resources.objgen)
    for _, font in (resources.get("/Font") or {}).items():
        yield font
    for _, xobject in (resources.get("/XObject") or {}).items():
        if xobject.get("/Subtype") == "/Form":
            yield from fonts_of(xobject.get("/Resources"), seen)


def embedded(font):
    if font.get("/Subtype") == "/Type0":
        return all(embedded(d) for d in font.get("/DescendantFonts", []))
    if font.get("/Subtype") == "/Type3":
        return True
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def xmp_value(xml, name):
    # Element form <ns:Name>value</ns:Name> or attribute form ns:Name="value".
    m = re.search(r"<%s>(.*?)</%s>" % (name, name), xml, re.S)
    if m:
        inner = re.sub(r"<[^>]+>", " ", m.group(1))
        return " ".join(inner.split())
    m = re.search(r'%s="([^"]*)"' % name, xml)
    return m.group(1) if m else None


def pdf_date_key(date):
    # D:YYYYMMDDHHmmSS... → YYYY-MM-DD
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", str(date))
    return "-".join(g for g in m.groups() if g) if m else None


def check_colour(pdf, problems):
    rgb_ops = {"rg", "RG"}
    for number, page in enumerate(pdf.pages, start=1):
        streams = [page]
        resources = page.obj.get("/Resources")
        for _, x in ((resources or {}).get("/XObject") or {}).items():
            if x.get("/Subtype") == "/Form":
                streams.append(x)
        for s in streams:
            fill = ("g", (0.0,))
            try:
                instructions = pikepdf.parse_content_stream(s)
            except Exception as e:  # noqa: BLE001
                problems.append(f"page {number}: content stream unreadable: {e}")
                return
            for operands, operator in instructions:
                op = str(operator)
                if op in rgb_ops:
                    problems.append(f"page {number}: RGB colour ({op}) in a content stream")
                    return
                if op in ("cs", "CS") and operands and str(operands[0]) in (
                    "/DeviceRGB",
                    "/CalRGB",
                    "/Lab",
                ):
                    problems.append(f"page {number}: colour space {operands[0]} used")
                    return
                if op in ("g", "k"):
                    fill = (op, tuple(float(o) for o in operands))
                if op in ("sc", "scn"):
                    fill = ("sc", tuple(float(o) for o in operands if not isinstance(o, pikepdf.Name)))
                if op in ("Tj", "TJ", "'", '"'):
                    black = fill == ("g", (0.0,)) or fill == ("k", (0.0, 0.0, 0.0, 1.0))
                    if not black:
                        problems.append(f"page {number}: text filled {fill}, not gray or K black")
                        return


def check(path):
    problems = []
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return ["encrypted"]
    version = pdf.pdf_version
    if tuple(int(x) for x in version.split(".")) > (1, 6):
        problems.append(f"version header is {version}, PDF/X-4 needs 1.6 at most")
    if pdf.is_encrypted:
        problems.append("encrypted")
    trailer_id = pdf.trailer.get("/ID")
    if trailer_id is None or len(trailer_id) != 2:
        problems.append("no document ID in the trailer")

    info = pdf.trailer.get("/Info") or {}
    if not str(info.get("/Title", "")).strip():
        problems.append("info dictionary has no /Title")
    for key in ("/CreationDate", "/ModDate"):
        if key not in info:
            problems.append(f"info dictionary has no {key}")
    trapped = info.get("/Trapped")
    if trapped not in (pikepdf.Name("/True"), pikepdf.Name("/False")):
        problems.append(f"info /Trapped is {trapped}, must be /True or /False")

    root = pdf.Root
    metadata = root.get("/Metadata")
    if metadata is None:
        problems.append("no XMP metadata stream in the catalog")
    else:
        xml = metadata.read_bytes().decode("utf-8", "replace")
        if xmp_value(xml, "pdfxid:GTS_PDFXVersion") != "PDF/X-4":
            problems.append("XMP pdfxid:GTS_PDFXVersion is not PDF/X-4")
        xmp_trapped = xmp_value(xml, "pdf:Trapped")
        if trapped is not None and xmp_trapped != str(trapped)[1:]:
            problems.append(f"XMP pdf:Trapped {xmp_trapped} does not match info {trapped}")
        for name in ("dc:title", "xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass"):
            if not xmp_value(xml, name):
                problems.append(f"XMP has no {name}")
        for name, key in (("xmp:CreateDate", "/CreationDate"), ("xmp:ModifyDate", "/ModDate")):
            value = xmp_value(xml, name)
            if not value:
                problems.append(f"XMP has no {name}")
            elif key in info and not value.startswith(pdf_date_key(info[key]) or "?"):
                problems.append(f"XMP {name} {value} does not match info {key} {info[key]}")

    intents = [i for i in root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
    if len(intents) != 1:
        problems.append(f"{len(intents)} GTS_PDFX output intents, PDF/X-4 needs exactly one")
    else:
        intent = intents[0]
        if not str(intent.get("/OutputConditionIdentifier", "")).strip():
            problems.append("output intent has no /OutputConditionIdentifier")
        profile = intent.get("/DestOutputProfile")
        if profile is None:
            problems.append("output intent has no embedded /DestOutputProfile")
        else:
            data = profile.read_bytes()
            if len(data) < 128 or data[36:40] != b"acsp":
                problems.append("output profile is not an ICC profile")
            else:
                if data[12:16] != b"prtr":
                    problems.append(f"output profile class is {data[12:16]!r}, not an output ('prtr') profile")
                if data[8] not in (2, 4):
                    problems.append(f"output profile is ICC version {data[8]}, not 2 or 4")
                n = {b"CMYK": 4, b"GRAY": 1, b"RGB ": 3}.get(bytes(data[16:20]))
                if n is not None and int(profile.get("/N", 0)) != n:
                    problems.append("output profile /N does not match its colour space")

    if "/OpenAction" in root or "/AA" in root:
        problems.append("catalog has an action (/OpenAction or /AA)")
    names = root.get("/Names") or {}
    if "/JavaScript" in names:
        problems.append("document has JavaScript")

    seen = set()
    for number, page in enumerate(pdf.pages, start=1):
        media, bleed, trim = boxes(page)
        if trim is None:
            problems.append(f"page {number}: no TrimBox")
            continue
        outer = bleed if bleed is not None else media
        if bleed is not None and not inside(bleed, media):
            problems.append(f"page {number}: BleedBox {bleed} outside MediaBox {media}")
        if not inside(trim, outer):
            problems.append(f"page {number}: TrimBox {trim} outside BleedBox {outer}")
        if "/AA" in page.obj:
            problems.append(f"page {number}: page has actions (/AA)")
        for annot in page.obj.get("/Annots", []):
            if "/A" in annot:
                problems.append(f"page {number}: annotation with an action")
            if annot.get("/Subtype") not in ("/PrinterMark", "/TrapNet"):
                r = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
                if r[2] > outer[0] and r[0] < outer[2] and r[3] > outer[1] and r[1] < outer[3]:
                    problems.append(f"page {number}: {annot.get('/Subtype')} annotation inside the bleed box")
        for font in fonts_of(page.obj.get("/Resources"), seen):
            if not embedded(font):
                problems.append(f"page {number}: font {font.get('/BaseFont')} not embedded")
    check_colour(pdf, problems)
    return problems


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    if not problems:
        print("PDF/X-4: all checked requirements met")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
