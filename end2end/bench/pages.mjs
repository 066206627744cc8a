// Page timings in headless Chromium against a running server:
//   node bench/pages.mjs http://127.0.0.1:3100 /p/small/plan /p/mid/plan /p/huge/plan
// For each page: from the start of navigation until the browser has taken the
// page over (`body[data-hydrated]`), the HTML's size, and the renderer's
// JavaScript heap then. Median and 95th percentile over BENCH_PAGE_RUNS loads,
// each in a fresh page (the browser's cache kept, as for a returning reader).
import { chromium } from "@playwright/test";

const [base = "http://127.0.0.1:3100", ...paths] = process.argv.slice(2);
const runs = Number(process.env.BENCH_PAGE_RUNS ?? 10);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

for (const path of paths) {
  const times = [];
  let heap = 0;
  let html = 0;
  for (let i = 0; i <= runs; i++) {
    const page = await context.newPage();
    const start = Date.now();
    const response = await page.goto(base + path, { waitUntil: "commit" });
    await page.waitForSelector("body[data-hydrated]", { timeout: 60_000 });
    const elapsed = Date.now() - start;
    html = (await response.body()).length;
    const session = await context.newCDPSession(page);
    const { metrics } = await session.send("Performance.getMetrics");
    heap = metrics.find((m) => m.name === "JSHeapUsedSize").value;
    await page.close();
    if (i > 0) times.push(elapsed); // the first load warms the server and the cache
  }
  console.log(
    `${path.padEnd(28)} hydrated: median ${quantile(times, 0.5)} ms, p95 ${quantile(times, 0.95)} ms;` +
      ` HTML ${(html / 1024).toFixed(0)} KB; JS heap ${(heap / 1048576).toFixed(1)} MB (n=${times.length})`,
  );
}
await browser.close();
