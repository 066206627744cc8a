// The wasm a browser receives for a page, as it receives it: brotli at
// quality 11, window 22, as the server precompresses it (app/src/compress.rs),
// against the budget of 500 kB (issue 31). With `cargo leptos --split`, the
// main bundle serves every page, and a lazy route (app/src/rare_pages.rs)
// adds the files the split manifest lists for it: each page's sum must stay
// within the budget (docs/performance.md, "The wasm budget").
//
//   node end2end/wasm-budget.mjs target/site/pkg
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const BUDGET_BYTES = 500_000;
const dir = process.argv[2] ?? "target/site/pkg";
const files = readdirSync(dir);
const wasm = files.filter((name) => name.endsWith(".wasm"));
// The split's pieces are chunk_N.… and split_….; the main bundle is the rest.
const main = wasm.filter((name) => !name.startsWith("chunk_") && !name.startsWith("split_"));
if (main.length !== 1) {
  console.error(`FAILED: expected one main wasm bundle in ${dir}, found ${main.length}: ${main.join(", ")}`);
  process.exit(1);
}

function sent(name) {
  const raw = readFileSync(join(dir, name));
  return {
    raw: raw.length,
    brotli: brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 22,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }).length,
  };
}

const pages = [{ page: "every page", files: [main[0]] }];
const manifestName = files.find((name) => name.startsWith("__wasm_split_manifest") && name.endsWith(".json"));
if (manifestName) {
  const manifest = JSON.parse(readFileSync(join(dir, manifestName), "utf8"));
  for (const [route, pieces] of Object.entries(manifest)) {
    pages.push({ page: route.replace(/^__|_view_\d+$/g, ""), files: [main[0], ...pieces.map((piece) => `${piece}.wasm`)] });
  }
}

const sizes = new Map();
let failed = false;
for (const { page, files: needed } of pages) {
  let raw = 0;
  let brotli = 0;
  for (const name of needed) {
    if (!sizes.has(name)) sizes.set(name, sent(name));
    raw += sizes.get(name).raw;
    brotli += sizes.get(name).brotli;
  }
  const within = brotli <= BUDGET_BYTES;
  failed ||= !within;
  console.log(
    `${page}: ${needed.length} file(s), ${raw} bytes, ${brotli} bytes brotli: ${within ? "within" : "OVER"} the budget of ${BUDGET_BYTES}`,
  );
}
process.exit(failed ? 1 : 0);
