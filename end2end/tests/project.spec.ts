import { test, expect, PROJECT, openHydrated } from "./fixtures";

test.use({ locale: "nb-NO" });

test.beforeEach(async ({ context }) => {
  await context.clearCookies();
});

test("the overview shows period, goals, partners by country and sub-projects", async ({ page, consoleErrors }) => {
  await openHydrated(page, "/");
  await page.getByRole("link", { name: "Integrering av mennesker med psykiske problemer" }).click();
  await expect(page).toHaveURL(new RegExp(`${PROJECT}$`));

  await expect(page.locator("h1")).toHaveText("Integrering av mennesker med psykiske problemer");
  // The newest statement is the demo's illustrative one, and the page says so.
  await expect(page.locator(".status")).toContainText("Risiko for forsinkelse");
  await expect(page.locator(".illustrative-note")).toContainText("illustrerende");

  // The seeds' facts, as of the day of their status report: the editing
  // tests of this run may have changed the project since.
  await openHydrated(page, `${PROJECT}?as_of=2009-03-23`);
  await expect(page.locator(".as-of-banner")).toContainText("23.03.2009");
  await expect(page.locator(".project-period")).toHaveText("01.12.2008–30.11.2011");
  await expect(page.locator(".goals ol").first().locator("li")).toHaveCount(5);
  await expect(page.locator(".goals ol").nth(1).locator("li")).toHaveCount(4);
  await expect(page.locator("ul[data-country=NO] li")).toHaveCount(7);
  await expect(page.locator("ul[data-country=SE] li")).toHaveCount(4);
  await expect(page.locator("ul[data-country=SE]")).toContainText("Mittuniversitetet");
  await expect(page.locator(".sub-projects li")).toHaveCount(9);
  await expect(page.locator(".status")).toContainText("I samsvar med framdriftsplan");
});

test("milestones and meetings are listed with Norwegian dates", async ({ page, consoleErrors }) => {
  // As of the seeds' date: editing tests may add milestones to this run's data.
  await openHydrated(page, `${PROJECT}/schedule?as_of=2009-03-23`);
  const milestones = page.locator(".milestone");
  await expect(milestones).toHaveCount(3);
  await expect(milestones.nth(0)).toContainText("23.–24.03.2009");
  await expect(milestones.nth(0)).toContainText("Oppstartsamling");
  await expect(milestones.nth(1)).toContainText("26.–27.10.2009");
  await expect(milestones.nth(2)).toContainText("19.–20.11.2009");
  await expect(milestones.nth(2)).toContainText("Interregseminar");
  await expect(page.locator(".meeting-series")).toHaveCount(3);
  await expect(page.locator(".meeting-series").first()).toContainText("hvert kvartal");

  await page.getByRole("button", { name: "Svenska" }).click();
  await expect(milestones.nth(2)).toContainText("19–20 november 2009");
});

test("an unknown project shows an error, not a blank page", async ({ page }) => {
  const response = await page.goto(`/p/no-such-project/plan`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("alert")).toContainText("Fant ikke det du lette etter");
});

test.describe("a Swedish browser", () => {
  test.use({ locale: "sv-SE" });

  test("gets the Swedish interface on its first visit", async ({ page, context, consoleErrors }) => {
    await context.clearCookies();
    await openHydrated(page, `${PROJECT}/plan`);
    await expect(page.locator("table.plan thead th").nth(1)).toHaveText("2008 halvår 2");
    await expect(page.getByRole("button", { name: "Svenska" })).toHaveAttribute("aria-pressed", "true");
  });
});
