// The EDTF reference of the test suite (npm `edtf`): for each input string on stdin
// (a JSON list), whether it parses and its earliest and latest days (UTC, YYYY-MM-DD;
// null for an open end). Output: a JSON object, input → {ok, min, max} or {ok: false}.
"use strict";
const fs = require("fs");
const path = require("path");
const edtf = require(path.join(__dirname, "..", "..", "node_modules", "edtf")).default;

function day(ms) {
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  return `${String(y).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
}

const out = {};
for (const text of JSON.parse(fs.readFileSync(0, "utf8"))) {
  try {
    const value = edtf(text);
    out[text] = { ok: true, min: day(value.min), max: day(value.max) };
  } catch (error) {
    out[text] = { ok: false };
  }
}
process.stdout.write(JSON.stringify(out));
