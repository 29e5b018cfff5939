// The citation oracle: citeproc-js (npm `citeproc`, the CSL processor of Zotero and
// Mendeley) formats CSL-JSON items with a CSL style and locale file, one item at a time
// (as briefbook does: a claim page cites one claim, so nothing is sorted, disambiguated
// or substituted across items).
//
// Input on stdin: {"style": path, "locale": path, "items": [CSL-JSON item, ...]}, and
// optionally "lang" (the engine's language, default en-US) and "locales" (a folder of
// locales-<lang>.xml files, from which any other locale citeproc-js asks for is read:
// its fallback to en-US for a term the chosen locale lacks).
// Output on stdout: {id: {"text": ..., "html": ...}, ...}, the bibliography entry of
// each item with citeproc-js's own outer markup (div.csl-entry, trailing newline) removed.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require(path.join(__dirname, "..", "..", "node_modules", "citeproc"));

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const style = fs.readFileSync(input.style, "utf8");
const locale = fs.readFileSync(input.locale, "utf8");
const items = {};
for (const item of input.items) items[item.id] = item;

const lang = input.lang || "en-US";
function retrieveLocale(wanted) {
  if (wanted === lang || !input.locales) return locale;
  const file = path.join(input.locales, `locales-${wanted}.xml`);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
}

const sys = {
  retrieveLocale,
  retrieveItem: (id) => items[id],
};

const engines = {};
function entry(format, id) {
  // One engine per output format; updateItems() replaces the items it holds, so each
  // bibliography has the one item.
  if (!engines[format]) {
    engines[format] = new CSL.Engine(sys, style, lang, true);
    engines[format].setOutputFormat(format);
  }
  const engine = engines[format];
  engine.updateItems([id]);
  const [, entries] = engine.makeBibliography();
  let text = entries.join("").trim();
  if (format === "html") text = text.replace(/^<div class="csl-entry">/, "").replace(/<\/div>$/, "");
  return text;
}

const out = {};
for (const id of Object.keys(items)) out[id] = { text: entry("text", id), html: entry("html", id) };
process.stdout.write(JSON.stringify(out));
