// Page timings in headless Chromium against a running server:
//   node bench/pages.mjs http://127.0.0.1:3100 /p/small/plan /p/mid/plan /p/huge/plan
// For each page: from the start of navigation (the page's own clock) until the
// browser has taken the page over (`body[data-hydrated]`), the HTML's size,
// and the renderer's JavaScript heap then. Median and 95th percentile over
// BENCH_PAGE_RUNS loads, each in a fresh page (the browser's cache kept, as
// for a returning reader).
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
        if (document.body?.dataset.hydrated) {
          window.__hydratedAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
    });
    const response = await page.goto(base + path, { waitUntil: "commit" });
    await page.waitForSelector("body[data-hydrated]", { timeout: 60_000 });
    const elapsed = Math.round(await page.evaluate(() => window.__hydratedAt));
    html = (await response.body()).length;
    const session = await context.newCDPSession(page);
    await session.send("Performance.enable");
    const { metrics } = await session.send("Performance.getMetrics");
    heap = metrics.find((m) => m.name === "JSHeapUsedSize").value;
    // Scrolled to the end at once: how long until the last rows are there.
    scrolls.push(
      await page.evaluate(async () => {
        const box = document.querySelector(".table-scroll");
        const rows = Number(document.querySelector("table.plan")?.getAttribute("aria-rowcount") ?? 0);
        if (!box) return 0;
        const start = performance.now();
        box.scrollTo(0, box.scrollHeight);
        await new Promise((done) => {
          const check = () =>
            document.querySelector(`tr[aria-rowindex="${rows}"][data-activity-key]`) && !document.querySelector("tr.pending-row")
              ? done()
              : requestAnimationFrame(check);
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
await browser.close();
