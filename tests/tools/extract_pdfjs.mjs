// Prints the text of each page of a PDF as pdf.js extracts it, pages separated by form feeds.
// The pdfjs-dist folder comes from PDFJS_DIST (default: /opt/pamphlet-tools/node_modules/pdfjs-dist).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const dist = process.env.PDFJS_DIST || "/opt/pamphlet-tools/node_modules/pdfjs-dist";
const pdfjs = await import(pathToFileURL(`${dist}/legacy/build/pdf.mjs`).href);
const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await pdfjs.getDocument({ data, verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const content = await page.getTextContent();
  pages.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
}
process.stdout.write(pages.join("\f"));
