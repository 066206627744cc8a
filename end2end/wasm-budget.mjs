// The wasm bundle as browsers receive it: brotli at quality 11, window 22,
// as the server precompresses it (app/src/compress.rs). Fails past the
// budget, so a page that brings much code into the browser is noticed when
// it is written (README, "Speed"; docs/performance.md).
//
//   node end2end/wasm-budget.mjs target/site/pkg
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const BUDGET_BYTES = 500_000;
const dir = process.argv[2] ?? "target/site/pkg";
const bundles = readdirSync(dir).filter((name) => name.endsWith(".wasm"));
if (bundles.length === 0) {
  console.error(`FAILED: no wasm bundle in ${dir}`);
  process.exit(1);
}
let failed = false;
for (const name of bundles) {
  const raw = readFileSync(join(dir, name));
  const sent = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 22,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  }).length;
  const verdict = sent <= BUDGET_BYTES ? "within" : "OVER";
  console.log(
    `${name}: ${raw.length} bytes, ${sent} bytes brotli: ${verdict} the budget of ${BUDGET_BYTES}`,
  );
  failed ||= sent > BUDGET_BYTES;
}
process.exit(failed ? 1 : 0);
