// The README and docs/ as a reader follows them: every relative link names a file of the repository
// and, where it has one, a heading of that file (GitHub's anchors). npm's page has no docs/: it
// resolves the README's relative links against package.json's `repository`, which must be there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pages = ["README.md", ...readdirSync(join(root, "docs")).map((name) => `docs/${name}`)].filter((page) =>
  page.endsWith(".md"),
);

/**
 * GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`.
 * Enough for the headings these pages have: not for repeated headings (GitHub appends `-1`), `_x_`
 * emphasis, or links and HTML in a heading.
 */
const anchor = (heading) =>
  heading
    .toLowerCase()
    .replace(/[`*]/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

/** A Markdown file's text outside its code blocks. */
const prose = (file) => readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");

/** The anchors of a Markdown file's headings. */
function anchors(file) {
  return new Set([...prose(file).matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => anchor(heading.trim())));
}

test("every relative link of the README and docs/ names a file, and a heading of it", () => {
  const broken = [];
  let checked = 0;
  for (const page of pages) {
    for (const [, target] of prose(join(root, page)).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [path, hash] = target.split("#");
      const file = path ? join(root, dirname(page), path) : join(root, page);
      checked++;
      if (!existsSync(file)) broken.push(`${page}: ${target} (no ${relative(root, file)})`);
      else if (hash && file.endsWith(".md") && !anchors(file).has(hash)) broken.push(`${page}: ${target} (no heading)`);
    }
  }
  assert.ok(checked > 30, `links checked: ${checked}`);
  assert.deepEqual(broken, []);
});

test("package.json names the repository, so that npm's page resolves the README's links", () => {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const { url } = manifest.repository;
  assert.match(url, /^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
  const home = url.slice("git+".length, -".git".length);
  assert.equal(manifest.homepage, `${home}#readme`);
  assert.equal(manifest.bugs.url, `${home}/issues`);
});
