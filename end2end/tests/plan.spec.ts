import { test, expect, PROJECT, openHydrated, markWindow, windowMark } from "./fixtures";

test.use({ locale: "nb-NO" });

test.beforeEach(async ({ context }) => {
  // Start every test in the default language, whatever an earlier test chose.
  await context.clearCookies();
});

test("the project plan shows the seed's rows and marks", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/plan`);
  const table = page.locator("table.plan");
  const headings = table.locator("thead th");
  await expect(headings).toHaveText([
    "Aktiviteter",
    "2008 2. halvår",
    "2009 1. halvår",
    "2009 2. halvår",
    "2010 1. halvår",
    "2010 2. halvår",
    "2011 1. halvår",
    "2011 2. halvår",
  ]);
  await expect(table.locator("tbody th .activity-name")).toHaveText([
    "Oppstart og organisering",
    "Beskrive utgangspunktet",
    "Videreutvikle prosjektplan og evalueringsdesign",
    "Etablering av samarbeid",
    "Evaluering av tiltak",
    "Implementering av resultater",
    "Informasjonsspredning",
    "Rapportering",
  ]);
  const startUp = table.locator("tbody tr").filter({ hasText: "Oppstart og organisering" });
  await expect(startUp.locator("td .planned")).toHaveText(["x", "xxx", "", "", "", "", ""]);
  // Done as planned in 2008 H2 (seed 000, 23.03.2009) and, illustratively, 2009 H1.
  await expect(startUp.locator("td").first()).toHaveAttribute("data-actual", "1");
  const reporting = table.locator("tbody tr").filter({ hasText: "Rapportering" }).locator("td");
  await expect(reporting.locator(".planned")).toHaveText(["", "xx", "xx", "xx", "xx", "xx", "xxxx"]);
  await expect(reporting.last()).toHaveAttribute("aria-label", "2011 2. halvår: 4 av 6 kryss");
});

test("switching to a sub-project's plan happens in place", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/plan`);
  await markWindow(page);

  await page.locator(".plan-scopes").getByRole("link", { name: /^KBT-senteret/ }).click();
  await expect(page).toHaveURL(/\/plan\/kbt-senteret$/);
  await expect(page.locator(".plan-title")).toHaveText(/^KBT-senteret/);
  await expect(page, "the browser tab names the plan").toHaveTitle(/^Framdriftsplan – KBT-senteret/);
  const table = page.locator("table.plan");
  await expect(table.locator("thead th").nth(1)).toHaveText("2009 1. halvår");
  const dissemination = table.locator("tbody tr").filter({ hasText: "Informasjonsspredning" }).locator("td .planned");
  await expect(dissemination).toHaveText(["", "xxx", "xxxxxx", "xxxxx", "xxxx", "xxxxxx"]);
  await expect(page.locator(".plan-scopes a[aria-current=page]")).toHaveText(/^KBT-senteret/);

  await page.locator(".plan-scopes").getByRole("link", { name: "Hele prosjektet" }).click();
  await expect(page).toHaveURL(/\/plan$/);
  await expect(table.locator("tbody th .activity-name").first()).toHaveText("Oppstart og organisering");
  await expect(table.locator("tbody tr")).toHaveCount(8);

  expect(await windowMark(page), "no full page load happened").toBe("same document");
});

test("switching the language happens in place and is remembered", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/plan/nav-sor-trondelag`);
  await markWindow(page);
  const firstColumn = page.locator("table.plan thead th").nth(1);
  await expect(firstColumn).toHaveText("2008 2. halvår");

  await page.getByRole("button", { name: "Svenska" }).click();
  await expect(firstColumn).toHaveText("2008 halvår 2");
  await expect(page.locator(".project-nav")).toContainText("Tidplan");
  await expect(page.getByRole("button", { name: "Svenska" })).toHaveAttribute("aria-pressed", "true");

  await page.getByRole("button", { name: "English" }).click();
  await expect(firstColumn).toHaveText("H2 2008");
  await expect(page.locator("table.plan thead th").first()).toHaveText("Activities");
  expect(await windowMark(page), "no full page load happened").toBe("same document");

  // The server renders the next full page load in the chosen language.
  await page.reload();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(firstColumn).toHaveText("H2 2008");
});

// Issue 27: the plan uses the screen's width. The demo's three plans fit a
// projector (1920×1080) and a laptop (1280×720) without sideways scrolling;
// a plan wider than its box keeps the activity names and the half-years in
// view while it scrolls.
for (const [width, height] of [[1920, 1080], [1280, 720]]) {
  test(`the demo's plans fit ${width}×${height} without scrolling sideways`, async ({ page, consoleErrors }) => {
    await page.setViewportSize({ width, height });
    for (const path of [`${PROJECT}/plan`, `${PROJECT}/plan/nav-sor-trondelag`, `${PROJECT}/plan/kbt-senteret`]) {
      await openHydrated(page, path);
      const box = page.locator(".table-scroll");
      const widths = await box.evaluate((e) => ({ client: e.clientWidth, scroll: e.scrollWidth, page: document.documentElement.scrollWidth }));
      expect(widths.scroll, `${path}: the grid fits its box`).toBeLessThanOrEqual(widths.client);
      expect(widths.page, `${path}: the page does not scroll sideways`).toBeLessThanOrEqual(width);
      // Every half-year's heading is on screen, whole.
      for (const heading of await page.locator("table.plan thead th").all()) {
        const rect = await heading.boundingBox();
        expect(rect && rect.x + rect.width <= width, path).toBeTruthy();
      }
    }
  });
}

test("a plan wider than its box keeps the names and the half-years in view", async ({ page, consoleErrors }) => {
  await page.setViewportSize({ width: 900, height: 600 });
  await openHydrated(page, `${PROJECT}/plan`);
  const box = page.locator(".table-scroll");
  const overflow = await box.evaluate((e) => e.scrollWidth - e.clientWidth);
  expect(overflow, "at 900 pixels the plan is wider than its box").toBeGreaterThan(0);
  const name = page.locator("tbody th", { hasText: "Rapportering" });
  const heading = page.locator("thead th").nth(3);
  const nameBefore = await name.boundingBox();
  const headingBefore = await heading.boundingBox();
  await box.evaluate((e) => { e.scrollLeft = e.scrollWidth; e.scrollTop = e.scrollHeight; });
  // Scrolled to the far right and the bottom: the name has not moved
  // sideways, the heading not down.
  await expect.poll(async () => (await name.boundingBox())?.x).toBe(nameBefore?.x);
  expect((await heading.boundingBox())?.y).toBe(headingBefore?.y);
  expect(await box.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
});

test("the plan page offers its plan as XLSX, CSV and text, with its sub-project", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/plan/kbt-senteret`);
  const xlsx = page.getByRole("link", { name: "XLSX", exact: true });
  await expect(xlsx).toHaveAttribute("href", `${PROJECT}/plan.xlsx?sub=kbt-senteret&lang=nb`);
  const answer = await page.request.get((await xlsx.getAttribute("href")) ?? "");
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  // An XLSX is a zip file.
  expect((await answer.body()).subarray(0, 2).toString()).toBe("PK");
  // In Swedish, the links follow the language.
  await page.getByRole("button", { name: "Svenska" }).click();
  await expect(page.getByRole("link", { name: "Text", exact: true })).toHaveAttribute("href", `${PROJECT}/plan.txt?sub=kbt-senteret&lang=sv`);
});
