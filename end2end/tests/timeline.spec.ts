import { test, expect, PROJECT, SUB_PROJECT_LEADER, openHydrated, signIn } from "./fixtures";

// The timeline for partners and its calendar feed, as a reader uses them:
// coming up first, filters by keyboard, the feed behind its link.
test.use({ locale: "nb-NO" });

test("the timeline lists what is coming up before what happened", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/timeline?as_of=2009-03-20`);
  await expect(page.getByRole("heading", { level: 1, name: "Tidslinje" })).toBeVisible();
  const coming = page.locator("section[aria-labelledby=timeline-coming]");
  const past = page.locator("section[aria-labelledby=timeline-past]");
  await expect(coming.getByRole("heading", { name: "Kommer de neste 90 dagene" })).toBeVisible();
  // The start gathering of seed 003, on its days, is the first thing coming up.
  const first = coming.locator("li.timeline-entry").first();
  await expect(first).toContainText("Oppstartsamling");
  await expect(first.locator("time")).toHaveText("23.–24.03.2009");
  await expect(past).toContainText("Prosjektet starter");
  await expect(past).not.toContainText("Oppstartsamling");
});

test("the filter works by keyboard and is kept in the address", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/timeline?as_of=2009-03-20&sub=all`);
  await expect(page.locator(".timeline")).toContainText(["Samarbeidsmøte i Stjørdal"]);
  const kind = page.getByLabel("Type");
  await kind.focus();
  await kind.selectOption({ label: "Milepæler" });
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Vis" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/kind=milestone/);
  await expect(page).toHaveURL(/as_of=2009-03-20/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator("li.timeline-entry").first()).toContainText("Oppstartsamling");
  await expect(page.locator("li.timeline-entry[data-kind=meeting]")).toHaveCount(0);
  await expect(page.getByLabel("Type")).toHaveValue("milestone");
});

test("a sub-project's leader sees their own sub-project chosen", async ({ page, consoleErrors }) => {
  await signIn(page, SUB_PROJECT_LEADER);
  await openHydrated(page, `${PROJECT}/timeline`);
  await expect(page.getByLabel("Delprosjekt")).toHaveValue("mine");
  await expect(page.locator(".timeline-body")).toContainText("Samarbeidsmøte i Stjørdal");
  await expect(page.locator(".timeline-body")).not.toContainText("Samarbeidsmøte med NAV");
});

test("the calendar feed is behind the timeline's link", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/timeline?sub=stjordal`);
  const link = page.getByRole("link", { name: /Abonner i kalenderen/ });
  const href = await link.getAttribute("href");
  expect(href).toContain("/calendar.ics?sub=stjordal");
  const answer = await page.request.get(href!);
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const feed = await answer.text();
  expect(feed).toContain("SUMMARY:Oppstartsamling");
  expect(feed).toContain("DTSTART;VALUE=DATE:20090323");
  expect(feed).toContain("DTEND;VALUE=DATE:20090325");
});

test("a private project's feed works through its share link", async ({ page }) => {
  const share = process.env.FRAMDRIFT_E2E_SHARE_PATH;
  expect(share, "the test run made a share link").toBeTruthy();
  expect((await page.request.get("/p/privat/calendar.ics")).status()).toBe(401);
  const answer = await page.request.get(`${share}/calendar.ics`);
  expect(answer.status()).toBe(200);
  expect(await answer.text()).toContain("BEGIN:VCALENDAR");
});

test("printed, the timeline is its list without navigation or controls", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/timeline?as_of=2009-03-20&sub=all`);
  await page.emulateMedia({ media: "print" });
  for (const hidden of [".site-header", ".project-nav", ".timeline-filter", ".timeline-feed"]) {
    await expect(page.locator(hidden), hidden).toBeHidden();
  }
  await expect(page.getByRole("heading", { level: 1, name: "Tidslinje" })).toBeVisible();
  await expect(page.locator("li.timeline-entry").first()).toBeVisible();
  // Chromium prints it: a PDF of at least one page.
  const pdf = await page.pdf({ format: "A4" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
});

test("the project's tabs lead to the timeline and the presentation in the page", async ({ page, consoleErrors }) => {
  // Client-side navigation asks the server functions with an empty filter
  // and query: both must be read as the defaults.
  await openHydrated(page, PROJECT);
  await page.getByRole("link", { name: "Tidslinje", exact: true }).click();
  await expect(page).toHaveURL(/\/timeline$/);
  await expect(page.locator("li.timeline-entry").first()).toBeVisible();
  await page.getByRole("link", { name: "Presentasjon", exact: true }).click();
  await expect(page).toHaveURL(/\/present$/);
  await expect(page.locator("article.slide")).toHaveAttribute("data-slide", "title");
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("article.slide")).toHaveAttribute("data-slide", "since");
});
