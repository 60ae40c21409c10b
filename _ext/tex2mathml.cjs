// TeX to MathML with Temml, for every formula of a build in one process.
// stdin: a JSON list of {"tex": "...", "display": true|false};
// stdout: a JSON list, one {"mathml": "..."} or {"error": "..."} per formula, in order.
// The folder holding Temml's node_modules is the first argument.
"use strict";
const path = require("path");
const temml = require(path.join(process.argv[2], "temml", "dist", "temml.cjs"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ tex, display }) => {
    try {
      return { mathml: temml.renderToString(tex, { displayMode: display, throwOnError: true, xml: false }) };
    } catch (error) {
      return { error: error.message };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
