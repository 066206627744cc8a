import AxeBuilder from "@axe-core/playwright";
import { test, expect, PROJECT, LEADER, openHydrated, signIn } from "./fixtures";

// Every page, checked by axe-core against WCAG 2.2 A and AA once hydrated,
// as the project leader sees it (with every edit form), and the sign-in page.
test.use({ locale: "nb-NO" });

test("/login has no accessibility violations", async ({ page, consoleErrors }) => {
  await openHydrated(page, "/login");
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

const pages = [
  "/",
  PROJECT,
  `${PROJECT}?as_of=2009-03-23`,
  `${PROJECT}/plan`,
  `${PROJECT}/plan/kbt-senteret`,
  `${PROJECT}/plan?as_of=2009-03-23`,
  `${PROJECT}/schedule`,
  `${PROJECT}/timeline`,
  `${PROJECT}/report`,
  `${PROJECT}/timeline?as_of=2009-03-20&sub=all`,
  `${PROJECT}/baselines`,
  `${PROJECT}/baselines/godkjent-plan`,
  `${PROJECT}/history`,
  `${PROJECT}/access`,
  "/account",
];

for (const path of pages) {
  test(`${path} has no accessibility violations`, async ({ page, consoleErrors }) => {
    await signIn(page, LEADER);
    await openHydrated(page, path);
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
      .analyze();
    const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
    expect(found, path).toEqual([]);
    await expect(page.locator("h1"), `${path}: one level-one heading`).toHaveCount(1);
  });
}

// Error pages: an unknown page, project, sub-project and baseline, and a
// private project asked for without signing in. Each is a page of its own
// with one level-one heading (axe's best practice page-has-heading-one).
const errorPages: [string, RegExp][] = [
  ["/nope", /Siden finnes ikke/],
  ["/p/nope", /Siden finnes ikke/],
  ["/p/nope/gantt", /Siden finnes ikke/],
  [`${PROJECT}/plan/nope`, /Siden finnes ikke/],
  [`${PROJECT}/baselines/nope`, /Siden finnes ikke/],
  ["/p/privat/plan", /Logg inn for å se dette/],
];

for (const [path, heading] of errorPages) {
  test(`the error page ${path} has one heading and no accessibility violations`, async ({ page, consoleErrors }) => {
    const answer = await page.goto(path);
    expect(answer?.status(), path).toBeGreaterThanOrEqual(400);
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(page.locator("h1")).toHaveText(heading);
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
      .analyze();
    const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
    expect(found, path).toEqual([]);
  });
}

test("the details of a cell pass too, and the grid works by keyboard alone", async ({ page, consoleErrors }) => {
  await signIn(page, LEADER);
  await openHydrated(page, `${PROJECT}/plan`);
  // Tab into the grid: the first cell is its one tab stop.
  const first = page.locator("#cell-0-0");
  await first.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("aside.details")).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(page.locator("aside.details")).toHaveCount(0);
  await expect(first).toBeFocused();
});
