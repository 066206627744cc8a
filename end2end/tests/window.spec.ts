import AxeBuilder from "@axe-core/playwright";
import { test, expect, ADMIN, openHydrated, signIn } from "./fixtures";

// A plan of 1,000 activities, generated and imported by scripts/test.sh
// (`server generate --activities 1000 --key stor`): the grid holds only the
// rows in view, fetches the others as they come near, and the keyboard
// reaches every row.

const PLAN = "/p/stor/plan";
const ROWS = 1000;

test.use({ locale: "nb-NO", viewport: { width: 1920, height: 1080 } });

type ApiPlan = { columns: string[]; rows: { key: string; name: string; marks: number[] }[] };

async function wholePlan(request: import("@playwright/test").APIRequestContext): Promise<ApiPlan> {
  const response = await request.get("/api/v1/projects/stor/plan");
  expect(response.ok()).toBe(true);
  return response.json();
}

test("a plan of 1,000 activities holds only the rows in view", async ({ page, request, consoleErrors }) => {
  const plan = await wholePlan(request);
  expect(plan.rows).toHaveLength(ROWS);
  await openHydrated(page, PLAN);
  const grid = page.getByRole("grid");
  await expect(grid).toHaveAttribute("aria-rowcount", String(ROWS + 1));
  const held = page.locator("table.plan tbody tr[data-activity-key]");
  await expect(held.first()).toHaveAttribute("data-activity-key", plan.rows[0].key);
  const count = await held.count();
  expect(count).toBeGreaterThan(10);
  expect(count).toBeLessThan(100);

  // Scrolled to the end: once scrolling stops, the last rows are there, in order.
  await page.locator(".table-scroll").evaluate((box) => box.scrollTo(0, box.scrollHeight));
  const last = page.locator(`tr[aria-rowindex="${ROWS + 1}"]`);
  await expect(last).toHaveAttribute("data-activity-key", plan.rows[ROWS - 1].key);
  await expect(page.locator(`tr[aria-rowindex="${ROWS}"]`)).toHaveAttribute("data-activity-key", plan.rows[ROWS - 2].key);
  await expect(page.locator("tr.pending-row")).toHaveCount(0);
  expect(await held.count()).toBeLessThan(100);

  // And in the middle.
  await page.locator(".table-scroll").evaluate((box) => box.scrollTo(0, box.scrollHeight / 2));
  await expect(page.locator("tr.pending-row")).toHaveCount(0);
  const middle = page.locator(`tr[aria-rowindex="${ROWS / 2 + 1}"]`);
  await expect(middle).toHaveAttribute("data-activity-key", plan.rows[ROWS / 2 - 1].key);
  await expect(middle.locator(".activity-name")).toHaveText(plan.rows[ROWS / 2 - 1].name);

  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test("the keyboard moves and edits across rows that were out of view", async ({ page, request, consoleErrors }) => {
  const plan = await wholePlan(request);
  // Nobody leads the generated project: the administrator edits it.
  await signIn(page, ADMIN);
  await openHydrated(page, PLAN);
  await page.locator("#cell-0-0").click();
  await expect(page.locator("#cell-0-0")).toBeFocused();

  // Down past the rows the server rendered, one key at a time.
  for (let i = 0; i < 75; i++) await page.keyboard.press("ArrowDown");
  await expect(page.locator("#cell-75-0")).toBeFocused();
  await expect(page.locator("tr").filter({ has: page.locator("#cell-75-0") })).toHaveAttribute(
    "data-activity-key",
    plan.rows[75].key,
  );
  // Page Down moves a screenful; Ctrl+End goes to the last cell of the last row.
  await page.keyboard.press("PageDown");
  const afterPage = await page.evaluate(() => document.activeElement?.id ?? "");
  expect(Number(afterPage.split("-")[1])).toBeGreaterThan(85);
  await page.keyboard.press("Control+End");
  const lastColumn = plan.columns.length - 1;
  const lastCell = page.locator(`#cell-${ROWS - 1}-${lastColumn}`);
  await expect(lastCell).toBeFocused();

  // A digit there saves, without a reload, what the API then reports.
  const wanted = plan.rows[ROWS - 1].marks[lastColumn] === 4 ? 2 : 4;
  await page.keyboard.press(String(wanted));
  await expect(lastCell).toHaveAttribute("data-state", "saved");
  await expect(lastCell).toHaveAttribute("data-marks", String(wanted));
  const after = await wholePlan(request);
  expect(after.rows[ROWS - 1].marks[lastColumn]).toBe(wanted);

  // Ctrl+Home goes back to the first cell, far above.
  await page.keyboard.press("Control+Home");
  await expect(page.locator("#cell-0-0")).toBeFocused();

  // Scrolled away with the mouse wheel, the keys go on from the same cell.
  await page.locator(".table-scroll").evaluate((box) => box.scrollTo(0, box.scrollHeight / 2));
  await expect(page.locator("#cell-0-0")).toHaveCount(0);
  await page.keyboard.press("ArrowDown");
  await expect(page.locator("#cell-1-0")).toBeFocused();

  // After a reload the saved marks are there, at the end of the plan.
  await page.reload();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.locator("#cell-0-0").click();
  await page.keyboard.press("Control+End");
  await expect(lastCell).toBeFocused();
  await expect(lastCell).toHaveAttribute("data-marks", String(wanted));
});

/// Replaces the print dialog with a note of what it would print: the rows
/// in the page, and whether the print stylesheet hides the navigation.
async function catchPrinting(page: import("@playwright/test").Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { print: () => void; printed?: { rows: number; pending: number } };
    w.print = () => {
      w.printed = {
        rows: document.querySelectorAll("[data-window-row]:not(.pending-row):not(.g-pending)").length,
        pending: document.querySelectorAll(".pending-row, .g-pending").length,
      };
      window.dispatchEvent(new Event("afterprint"));
    };
  });
}

async function printed(page: import("@playwright/test").Page) {
  return page.evaluate(() => (window as unknown as { printed?: { rows: number; pending: number } }).printed);
}

test("Ctrl+P prints the whole plan of 1,000 rows, not only those in view", async ({ page, consoleErrors }) => {
  await catchPrinting(page);
  await openHydrated(page, PLAN);
  expect(await page.locator("table.plan tbody tr[data-activity-key]").count()).toBeLessThan(100);
  await page.keyboard.press("Control+p");
  await expect.poll(() => printed(page)).toEqual({ rows: ROWS, pending: 0 });
  // After printing, the page holds the rows in view again.
  await expect.poll(() => page.locator("table.plan tbody tr[data-activity-key]").count()).toBeLessThan(100);

  // The page's print button does the same.
  await page.evaluate(() => delete (window as unknown as { printed?: unknown }).printed);
  await page.getByRole("button", { name: "Skriv ut", exact: true }).click();
  await expect.poll(() => printed(page)).toEqual({ rows: ROWS, pending: 0 });
});

test("printing from the browser's menu prints the rows loaded, and says so", async ({ page, consoleErrors }) => {
  await openHydrated(page, PLAN);
  // The dialog does not wait for rows: here they never come.
  await page.route("**/rpc/**", () => {});
  await page.emulateMedia({ media: "print" });
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  const note = page.locator(".print-note");
  await expect(note).toBeVisible();
  await expect(note).toContainText("Ctrl+P");
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator("tr.pending-row").first()).toBeHidden();
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await expect(note).toHaveCount(0);
});

test("Ctrl+P prints the whole Gantt chart of 1,000 lines", async ({ page, consoleErrors }) => {
  await catchPrinting(page);
  await openHydrated(page, "/p/stor/gantt");
  await expect(page.locator(".gantt")).toHaveAttribute("data-ready", "true");
  const lines = Number(await page.locator(".gantt").getAttribute("data-lines"));
  expect(lines).toBeGreaterThanOrEqual(ROWS);
  await page.keyboard.press("Control+p");
  await expect.poll(() => printed(page)).toEqual({ rows: lines, pending: 0 });
  // On paper the chart is scaled to A4 landscape's width (1,032 CSS pixels
  // between the margins); on screen it fills the 1,920 pixels.
  const content = page.locator(".gantt-content");
  expect((await content.boundingBox())?.width ?? 0).toBeGreaterThan(1500);
  await page.emulateMedia({ media: "print" });
  await expect.poll(async () => (await content.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1033);
  const pdf = await page.pdf({ preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
});
