// Page timings in headless Chromium against a running server:
//   node bench/pages.mjs http://127.0.0.1:3100 /p/small/plan /p/mid/gantt …
// For each page: from the start of navigation (the page's own clock) until the
// browser has taken the page over (`body[data-hydrated]`; for a Gantt chart,
// until the chart says `data-ready`), the HTML's size, and the renderer's
// JavaScript heap then. Median and 95th percentile over BENCH_PAGE_RUNS
// loads, each in a fresh page (the browser's cache kept, as for a returning
// reader). Then the bytes a first visit (empty cache) and a repeat visit
// transfer, headers included, as the browser counts them.
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
  const scrolls = [];
  let heap = 0;
  let html = 0;
  for (let i = 0; i <= runs; i++) {
    const page = await context.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const chart = document.querySelector(".gantt");
        if (document.body?.dataset.hydrated && (!chart || chart.dataset.ready)) {
          window.__hydratedAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated", "data-ready"] });
    });
    const response = await page.goto(base + path, { waitUntil: "commit" });
    await page.waitForSelector("body[data-hydrated]", { timeout: 60_000 });
    await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000 });
    const elapsed = Math.round(await page.evaluate(() => window.__hydratedAt));
    html = (await response.body()).length;
    const session = await context.newCDPSession(page);
    await session.send("Performance.enable");
    const { metrics } = await session.send("Performance.getMetrics");
    heap = metrics.find((m) => m.name === "JSHeapUsedSize").value;
    // Scrolled to the end at once: how long until the last rows are there.
    scrolls.push(
      await page.evaluate(async () => {
        const chart = document.querySelector(".gantt");
        const box = document.querySelector(chart ? ".gantt-scroll" : ".table-scroll");
        if (!box) return 0;
        const lines = Number(chart?.dataset.lines ?? 0);
        const rows = Number(document.querySelector("table.plan")?.getAttribute("aria-rowcount") ?? 0);
        const arrived = chart
          ? () => document.querySelector(`.g-line[data-line="${lines - 1}"]:not(.g-pending)`) && !document.querySelector(".g-pending")
          : () => document.querySelector(`tr[aria-rowindex="${rows}"][data-activity-key]`) && !document.querySelector("tr.pending-row");
        const start = performance.now();
        box.scrollTo(0, box.scrollHeight);
        await new Promise((done) => {
          const check = () => (arrived() ? done() : requestAnimationFrame(check));
          check();
        });
        return performance.now() - start;
      }),
    );
    await page.close();
    if (i > 0) times.push(elapsed); // the first load warms the server and the cache
  }
  console.log(
    `${path.padEnd(28)} hydrated: median ${quantile(times, 0.5)} ms, p95 ${quantile(times, 0.95)} ms;` +
      ` HTML ${(html / 1024).toFixed(0)} KB; JS heap ${(heap / 1048576).toFixed(1)} MB;` +
      ` scrolled to the end, last rows there in ${quantile(scrolls, 0.5).toFixed(0)} ms (n=${times.length})`,
  );
}

// Bytes on the wire: a first visit with an empty cache, then a repeat visit.
const transferred = async (page) =>
  page.evaluate(() =>
    [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].reduce(
      (sum, entry) => sum + entry.transferSize,
      0,
    ),
  );
for (const path of paths.slice(0, 1)) {
  const fresh = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await fresh.newPage();
  await page.goto(base + path);
  await page.waitForSelector("body[data-hydrated]", { timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  const first = await transferred(page);
  const again = await fresh.newPage();
  await again.goto(base + path);
  await again.waitForSelector("body[data-hydrated]", { timeout: 60_000 });
  await again.waitForLoadState("networkidle");
  const repeat = await transferred(again);
  console.log(`${path.padEnd(28)} first visit ${(first / 1024).toFixed(0)} KB, repeat visit ${(repeat / 1024).toFixed(0)} KB on the wire`);
  await fresh.close();
}
await browser.close();
