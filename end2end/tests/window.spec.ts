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
