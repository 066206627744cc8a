import AxeBuilder from "@axe-core/playwright";
import { test, expect, PROJECT, LEADER, openHydrated, markWindow, windowMark, signIn } from "./fixtures";

// The Gantt chart of plan against actual: the demo's seed activities with
// planned and actual bars; zoom, filters and the as-of date in the URL;
// keyboard labels; the plan page's edits showing up; 10,000 activities.

test.use({ locale: "nb-NO", viewport: { width: 1920, height: 1080 } });

const GANTT = `${PROJECT}/gantt`;
const line = (key: string) => `.g-line[data-key="${key}"]`;

async function openChart(page: import("@playwright/test").Page, path: string): Promise<void> {
  await openHydrated(page, path);
  await expect(page.locator(".gantt")).toHaveAttribute("data-ready", "true");
}

async function noAxeViolations(page: import("@playwright/test").Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`)).toEqual([]);
}

test("the demo Gantt shows the seed activities with planned and actual bars", async ({ page, consoleErrors }) => {
  await openChart(page, `${GANTT}?as_of=2009-07-01`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Integrering av mennesker med psykiske problemer");
  const start = page.locator(line("oppstart-og-organisering"));
  await expect(start.locator(".g-title")).toHaveText("Oppstart og organisering");
  const firstHalf = start.locator('[data-half-year="2008-H2"]');
  await expect(firstHalf.locator('[data-bar="planned"]')).toHaveText("x");
  await expect(firstHalf.locator('[data-bar="actual"]')).toHaveText("x");
  for (const name of ["Informasjonsspredning", "Rapportering", "Etablering av samarbeid"]) {
    await expect(page.locator(".g-title", { hasText: name }).first()).toBeVisible();
  }
  // Sub-projects are groups, with their activities under them.
  await expect(page.locator('.g-group[data-group="kbt-senteret"] .g-toggle')).toHaveAttribute("aria-expanded", "true");
  await expect(page.locator(line("kbt-metaevaluering"))).toHaveCount(1);
  // Milestones, and the day shown.
  await expect(page.getByRole("link", { name: /^Oppstartsamling, 23\.–24\.03\.2009: Holdt/ })).toHaveCount(1);
  await expect(page.locator(".as-of-banner")).toBeVisible();
  await expect(page.getByRole("link", { name: "SVG" })).toHaveAttribute("href", `${GANTT}.svg?as_of=2009-07-01`);
  await expect(page.getByRole("link", { name: "PNG" })).toHaveAttribute("href", `${GANTT}.png?as_of=2009-07-01`);
  // The chart on paper, with the same view: the browser shows the PDF.
  const a3 = page.getByRole("link", { name: "PDF A3" });
  await expect(a3).toHaveAttribute("href", `${GANTT}.pdf?as_of=2009-07-01&paper=a3`);
  const pdf = await page.request.get((await a3.getAttribute("href")) ?? "");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await expect(page.getByRole("link", { name: "PDF A4" })).toHaveAttribute("href", `${GANTT}.pdf?as_of=2009-07-01`);
  // The plan for spreadsheets and documents, with the same day.
  await expect(page.getByRole("link", { name: "XLSX", exact: true })).toHaveAttribute("href", `${PROJECT}/plan.xlsx?as_of=2009-07-01&lang=nb`);
  const text = page.getByRole("link", { name: "Tekst", exact: true });
  await expect(text).toHaveAttribute("href", `${PROJECT}/plan.txt?as_of=2009-07-01&lang=nb`);
  const answer = await page.request.get((await text.getAttribute("href")) ?? "");
  expect(answer.status()).toBe(200);
  expect(await answer.text()).toContain("Oppstart og organisering\tx\txxx");
  const csv = await page.request.get((await page.getByRole("link", { name: "CSV", exact: true }).getAttribute("href")) ?? "");
  expect(csv.headers()["content-disposition"]).toContain("attachment");
  await noAxeViolations(page);
});

test("zoom, a filter and the as-of date change the chart without a reload and survive one", async ({ page, consoleErrors }) => {
  await openChart(page, GANTT);
  await markWindow(page);
  await expect(page.locator(".g-axis-cell.tick")).toHaveCount(0);

  await page.getByLabel("Tidsakse").selectOption("quarters");
  await expect(page).toHaveURL(/zoom=quarters/);
  await expect(page.locator(".g-axis-cell.tick", { hasText: "1. kv. 2009" })).toBeVisible();

  await page.getByLabel("Partner (delprosjektene den leder)").selectOption("kbt-senteret");
  await expect(page).toHaveURL(/partner=kbt-senteret/);
  await expect(page.locator(line("oppstart-og-organisering"))).toHaveCount(0);
  await expect(page.locator(line("kbt-metaevaluering"))).toHaveCount(1);

  await page.getByLabel("Per dato").fill("2009-03-23");
  await expect(page).toHaveURL(/as_of=2009-03-23/);
  await expect(page.locator(".as-of-banner")).toContainText("23.03.2009");
  expect(await windowMark(page), "no page load").toBe("same document");

  // A group closes and opens again, also without a reload.
  const toggle = page.locator('.g-group[data-group="kbt-senteret"] .g-toggle');
  await toggle.click();
  await expect(page).toHaveURL(/closed=kbt-senteret/);
  await expect(page.locator(line("kbt-metaevaluering"))).toHaveCount(0);
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(page.locator(line("kbt-metaevaluering"))).toHaveCount(1);
  expect(await windowMark(page), "no page load").toBe("same document");

  await page.reload();
  await expect(page.locator(".gantt")).toHaveAttribute("data-ready", "true");
  expect(await windowMark(page), "a new page").toBeUndefined();
  await expect(page.getByLabel("Tidsakse")).toHaveValue("quarters");
  await expect(page.getByLabel("Partner (delprosjektene den leder)")).toHaveValue("kbt-senteret");
  await expect(page.getByLabel("Per dato")).toHaveValue("2009-03-23");
  await expect(page.locator(".g-axis-cell.tick", { hasText: "1. kv. 2009" })).toBeVisible();
  await expect(page.locator(line("oppstart-og-organisering"))).toHaveCount(0);
  await expect(page.locator(".as-of-banner")).toContainText("23.03.2009");

  // Project months, as EU plans count them.
  await page.getByLabel("Tidsakse").selectOption("project-months");
  await expect(page.locator(".g-axis-cell.tick", { hasText: /^M36$/ })).toHaveCount(1);
  await noAxeViolations(page);
});

test("the keyboard reaches the bars, each with its label", async ({ page, consoleErrors }) => {
  await openChart(page, `${GANTT}?as_of=2009-07-01`);
  await page.locator(".gantt-scroll").focus();
  let focused = "";
  for (let i = 0; i < 80 && !focused.includes("g-cell"); i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement?.className ?? "");
  }
  const first = page.locator(`${line("oppstart-og-organisering")} .g-cell`).first();
  await expect(first).toBeFocused();
  await expect(first).toHaveAttribute("aria-label", "Oppstart og organisering, 2008 2. halvår: planlagt x, faktisk x");
  // The label shows on focus, for those who see the screen.
  await expect(first.locator(".g-tip")).toBeVisible();
  await expect(first.locator(".g-tip")).toHaveText("Oppstart og organisering, 2008 2. halvår: planlagt x, faktisk x");

  await page.keyboard.press("ArrowRight");
  const second = page.locator(`${line("oppstart-og-organisering")} .g-cell`).nth(1);
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute("aria-label", /^Oppstart og organisering, 2009 1\. halvår: planlagt/);
  await page.keyboard.press("ArrowDown");
  await expect(page.locator(`${line("beskrive-utgangspunktet")} .g-cell`).first()).toBeFocused();
});

test("progress recorded on the plan page shows up in the Gantt", async ({ page, consoleErrors }) => {
  const target = 'tr[data-activity-key="kbt-dokumentasjon"] td[data-half-year="2010-H2"]';
  await signIn(page, LEADER);
  await openHydrated(page, `${PROJECT}/plan/kbt-senteret`);
  await page.getByRole("button", { name: "Faktisk" }).click();
  // A value the cell does not hold yet (a rerun on the same database).
  const marks = (await page.locator(target).getAttribute("data-actual")) === "3" ? 4 : 3;
  await page.locator(target).click();
  await page.keyboard.press(String(marks));
  await expect(page.locator(target)).toHaveAttribute("data-state", "saved");

  await page.getByRole("link", { name: "Gantt-diagram" }).click();
  await expect(page.locator(".gantt")).toHaveAttribute("data-ready", "true");
  const cell = page.locator(`${line("kbt-dokumentasjon")} [data-half-year="2010-H2"]`);
  await expect(cell.locator('[data-bar="actual"]')).toHaveText("x".repeat(marks));
  await expect(cell).toHaveAttribute("aria-label", new RegExp(`faktisk ${"x".repeat(marks)}(,|$)`));
});

test("in a 10,000-activity project, scrolling to the last activity shows it", async ({ page, request, consoleErrors }) => {
  const response = await request.get("/api/v1/projects/huge/plan");
  expect(response.ok()).toBe(true);
  const plan: { rows: { key: string; name: string }[] } = await response.json();
  expect(plan.rows).toHaveLength(10_000);
  const last = plan.rows[plan.rows.length - 1];

  await openChart(page, "/p/huge/gantt");
  await expect(page.locator(".gantt")).toHaveAttribute("data-lines", "10000");
  // Too tall for a PNG (the server would refuse it): the SVG only, and why.
  await expect(page.getByRole("link", { name: "SVG" })).toBeVisible();
  await expect(page.getByRole("link", { name: "PNG" })).toHaveCount(0);
  await expect(page.locator(".gantt-links")).toContainText("PNG bare for om lag 190 aktiviteter");
  // 625 pages of A4 are more than a PDF holds: refused before drawing, by name.
  const pdf = await request.get("/p/huge/gantt.pdf");
  expect(pdf.status()).toBe(400);
  expect(await pdf.text()).toContain("sub");
  const held = await page.locator(".g-line").count();
  expect(held).toBeLessThan(100);

  // The page scrolled to the chart (which then fills the screen), the chart to its end.
  await page.locator(".gantt").evaluate((chart) => chart.scrollIntoView());
  await page.locator(".gantt-scroll").evaluate((box) => box.scrollTo(0, box.scrollHeight));
  const lastLine = page.locator('.g-line[data-line="9999"]');
  await expect(lastLine).toHaveAttribute("data-key", last.key);
  await expect(lastLine.locator(".g-title")).toHaveText(last.name);
  await expect(lastLine).toBeInViewport();
  await expect(page.locator(".g-pending")).toHaveCount(0);
  expect(await page.locator(".g-line").count()).toBeLessThan(100);
});

test("zoomed in wider than the screen, the chart holds only the half-years in view", async ({ page, request, consoleErrors }) => {
  const response = await request.get("/api/v1/projects/huge/plan");
  expect(response.ok()).toBe(true);
  const plan: {
    columns: string[];
    rows: { key: string; marks: number[]; actual: ({ marks: number } | null)[] }[];
  } = await response.json();
  const columns = plan.columns;
  expect(columns).toHaveLength(20);
  // The half-years of a line's bars, as the chart draws them (no baseline).
  const bars = (row: (typeof plan.rows)[number]) =>
    columns.filter((_, c) => row.marks[c] > 0 || (row.actual[c]?.marks ?? 0) > 0);
  // Bars between a line's first and last (those two always stay: the
  // line's tab stop, Home and End), among the lines first on screen.
  const middle = plan.rows.slice(0, 20).flatMap((row) =>
    bars(row).slice(1, -1).map((half) => ({ key: row.key, half, column: columns.indexOf(half) })),
  );
  const farRight = middle.filter((bar) => bar.column >= 6);
  const atTheEnd = middle.filter((bar) => bar.column >= 18);
  expect(farRight.length, "the generated plan has bars far to the right").toBeGreaterThan(0);
  expect(atTheEnd.length, "and in its last half-years").toBeGreaterThan(0);

  // Months: 540 px a half-year, 10,800 px in all; the screen shows about 3.
  await openChart(page, "/p/huge/gantt?zoom=months");
  const bar = (b: { key: string; half: string }) => page.locator(`${line(b.key)} [data-half-year="${b.half}"]`);
  for (const b of farRight) await expect(bar(b), `${b.key} ${b.half}`).toHaveCount(0);
  const heldAtStart = await page.locator(".g-cell").count();

  // Scrolled to the right end: the last half-years' bars are there, the
  // first ones' gone.
  await page.locator(".gantt").evaluate((chart) => chart.scrollIntoView());
  await page.locator(".gantt-scroll").evaluate((box) => box.scrollTo(box.scrollWidth, 0));
  // Whether a bar lies within the scrolled box's width, beside the names.
  const inViewAcross = (b: { key: string; half: string }) =>
    bar(b).evaluate((element) => {
      const box = element.closest(".gantt-scroll")!.getBoundingClientRect();
      const rect = element.getBoundingClientRect();
      return rect.right > box.left + 300 && rect.left < box.right;
    });
  for (const b of atTheEnd) {
    await expect(bar(b), `${b.key} ${b.half}`).toHaveCount(1);
    expect(await inViewAcross(b), `${b.key} ${b.half}`).toBe(true);
  }
  for (const b of middle.filter((b) => b.column <= 12)) await expect(bar(b), `${b.key} ${b.half}`).toHaveCount(0);
  expect(await page.locator(".g-cell").count()).toBeLessThan(heldAtStart + atTheEnd.length + 40);

  // The keyboard walks into half-years not yet in the page.
  await page.locator(".gantt-scroll").evaluate((box) => box.scrollTo(0, 0));
  const target = farRight[0];
  const walk = bars(plan.rows.find((row) => row.key === target.key)!).indexOf(target.half);
  await page.locator(`${line(target.key)} [data-i="0"]`).focus();
  for (let i = 1; i <= walk; i++) {
    await page.keyboard.press("ArrowRight");
    await expect(page.locator(`${line(target.key)} [data-i="${i}"]`)).toBeFocused();
  }
  await expect(bar(target)).toBeFocused();
  expect(await inViewAcross(target)).toBe(true);
});

test("hundreds of milestones share markers where they crowd, and none is lost", async ({ page, request, consoleErrors }) => {
  const response = await request.get("/api/v1/projects/huge/schedule");
  expect(response.ok()).toBe(true);
  const schedule: { milestones: unknown[] } = await response.json();
  const total = schedule.milestones.length;
  expect(total).toBeGreaterThan(100);

  await openChart(page, "/p/huge/gantt");
  const markers = page.locator(".g-milestone");
  expect(await markers.count()).toBeLessThan(total / 2);
  // Every milestone is counted by exactly one marker.
  const counted = await markers.evaluateAll((all) =>
    all.reduce((sum, marker) => sum + Number(marker.getAttribute("data-count") ?? "1"), 0),
  );
  expect(counted).toBe(total);
  // No marker covers another of its lane.
  const covered = await markers.evaluateAll((all) =>
    ["upper", "lower"].flatMap((lane) => {
      const boxes = all
        .filter((m) => m.classList.contains(lane))
        .map((m) => m.getBoundingClientRect())
        .sort((a, b) => a.left - b.left);
      return boxes.slice(1).filter((box, i) => box.left < boxes[i].right).map((box) => `${lane} ${box.left}`);
    }),
  );
  expect(covered).toEqual([]);
  // A group says what it holds, on focus too.
  const group = page.locator(".g-milestone.group").first();
  await expect(group).toHaveAttribute("aria-label", /^\d+ milepæler, [\d.–]+: Milepæl \d+, Milepæl \d+/);
  await group.focus();
  await expect(group.locator(".g-tip")).toBeVisible();
  await noAxeViolations(page);
});

// Issue 27: on a projector the demo's chart fits the screen: the names
// column takes what its names need up to a limit, the half-years share the
// rest, and a name cut short shows whole on hover and on focus.
test("the demo chart fills a 1920×1080 screen without scrolling sideways, names whole on focus", async ({ page, consoleErrors }) => {
  await openChart(page, GANTT);
  const scroller = page.locator(".gantt-scroll");
  const widths = await scroller.evaluate((e) => ({ client: e.clientWidth, scroll: e.scrollWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  // The half-years use the width: the last one ends at the chart's right edge.
  const last = page.locator(".g-axis-cell", { hasText: "2011 2. halvår" });
  const chart = await scroller.boundingBox();
  const lastBox = await last.boundingBox();
  expect(chart!.x + widths.client - (lastBox!.x + lastBox!.width)).toBeLessThan(8);
  // The names column gave way to the half-years, but not below its floor;
  // the longest name is cut, and whole while a bar of its line has the focus.
  const names = await page.locator(".g-activity .g-name").first().boundingBox();
  expect(names!.width).toBeGreaterThanOrEqual(400);
  const longest = page.locator(line("nav-involvering"));
  const title = longest.locator(".g-title");
  expect(await title.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
  await longest.locator(".g-cell").first().focus();
  expect(await title.evaluate((e) => e.scrollWidth <= e.getBoundingClientRect().width + 1)).toBe(true);
  await expect(title).toHaveText("Involvering av samarbeidspartnere/kontakt mot tiltaksarrangører");
  // A group's long name is whole while its button holds the focus.
  const toggle = page.locator('.g-group[data-group="kbt-senteret"] .g-toggle');
  await toggle.focus();
  const whole = await toggle.evaluate((e) => e.scrollWidth <= e.getBoundingClientRect().width + 1);
  expect(whole).toBe(true);
});
