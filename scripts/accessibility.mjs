// Accessibility check of an HTML plan: axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) run
// in headless Chromium. Exits 1 when any violation is serious or critical.
//
//   cd scripts && npm install && node accessibility.mjs ../examples/south-west-app.plan.html
//
// CHROMIUM=/path/to/browser picks the browser (default: /usr/bin/chromium).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const plan = process.argv[2];
if (!plan) {
  console.error("usage: node accessibility.mjs PLAN.html");
  process.exit(2);
}
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(resolve(plan)).href);
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } }),
  );
  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const violation of results.violations) {
    counts[violation.impact] = (counts[violation.impact] || 0) + 1;
    console.log(`${violation.impact}: ${violation.id}: ${violation.help} (${violation.nodes.length} element(s))`);
    for (const node of violation.nodes.slice(0, 3)) console.log(`    ${node.target.join(" ")}`);
  }
  console.log(
    `axe-core ${results.testEngine.version}: ${results.passes.length} rules passed, ` +
      `${results.violations.length} violated (critical ${counts.critical}, serious ${counts.serious}, ` +
      `moderate ${counts.moderate}, minor ${counts.minor}), ${results.incomplete.length} need review`,
  );
  process.exitCode = counts.critical + counts.serious > 0 ? 1 : 0;
} finally {
  await browser.close();
}
