import { test, expect, PROJECT, LEADER, PARTNER, openHydrated, signIn } from "./fixtures";

// Who sees which controls, and what a share link opens. The demo accounts
// come from the server itself, started in demo mode by FRAMDRIFT_DEMO=1 as
// scripts/run.sh starts it (no subcommand); the private projects "privat"
// and "hemmelig" and the share link of "privat" from scripts/test.sh.

test.use({ locale: "nb-NO" });

test.beforeEach(async ({ context }) => {
  await context.clearCookies();
});

const editControls = [
  ".facts-edit",
  ".sub-project-edit",
  ".milestone-edit",
  ".new-milestone",
  ".new-series",
  ".outcome-edit",
];

/// The write a script on the page would send: refused unless the session may.
async function writeFromPage(page: import("@playwright/test").Page): Promise<number> {
  return page.evaluate(async (project) => {
    const response = await fetch(`/api/v1/projects/${project}/status-statements`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ date: "2009-09-01", status: "on_track", text: "Fra siden." }),
    });
    return response.status;
  }, "interreg-integrering");
}

test("the demo leader signs in, edits, signs out, and the edit pages then refuse", async ({ page, consoleErrors }) => {
  await signIn(page, LEADER);
  await openHydrated(page, `${PROJECT}/plan`);
  await expect(page.getByRole("button", { name: "Faktisk" })).toBeVisible();
  const target = 'tr[data-activity-key="videreutvikle-prosjektplan"] td[data-half-year="2011-H1"]';
  const marks = (await page.locator(target).getAttribute("data-marks")) === "2" ? 3 : 2;
  await page.locator(target).click();
  await page.keyboard.press(String(marks));
  await expect(page.locator(target)).toHaveAttribute("data-state", "saved");
  await openHydrated(page, PROJECT);
  await expect(page.locator(".facts-edit")).toHaveCount(1);

  await page.getByRole("button", { name: "Logg ut" }).click();
  await expect(page.getByRole("link", { name: "Logg inn" })).toBeVisible();
  await openHydrated(page, `${PROJECT}/plan`);
  await expect(page.getByRole("button", { name: "Faktisk" })).toHaveCount(0);
  await expect(page.locator(target)).toHaveAttribute("data-marks", String(marks));
  expect(await writeFromPage(page)).toBe(401);
  await openHydrated(page, PROJECT);
  for (const control of editControls) await expect(page.locator(control)).toHaveCount(0);
});

test("a partner reads the whole project and finds no edit control", async ({ page, consoleErrors }) => {
  await signIn(page, PARTNER);
  await openHydrated(page, `${PROJECT}/plan`);
  await expect(page.locator('tr[data-activity-key="rapportering"]')).toBeVisible();
  await expect(page.getByRole("button", { name: "Faktisk" })).toHaveCount(0);
  for (const path of [PROJECT, `${PROJECT}/schedule`, `${PROJECT}/baselines`]) {
    await openHydrated(page, path);
    for (const control of editControls) await expect(page.locator(control), path).toHaveCount(0);
    await expect(page.locator("main form"), path).toHaveCount(0);
  }
  expect(await writeFromPage(page)).toBe(403);
});

test("a share link shows its project's Gantt and no other private project", async ({ page, consoleErrors }) => {
  const path = process.env.FRAMDRIFT_E2E_SHARE_PATH;
  expect(path, "scripts/test.sh creates the link").toBeTruthy();
  await page.goto(path!);
  await expect(page).toHaveURL(/\/p\/privat$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("link", { name: "Gantt-diagram" }).click();
  await expect(page.locator(".gantt")).toHaveAttribute("data-ready", "true");
  await expect(page.locator('[data-bar="planned"]').first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Faktisk" })).toHaveCount(0);

  await openHydrated(page, "/");
  await expect(page.locator('main a[href="/p/privat"]')).toBeVisible();
  await expect(page.locator('main a[href="/p/hemmelig"]')).toHaveCount(0);
  const other = await page.goto("/p/hemmelig/gantt");
  expect(other?.status()).toBe(401);
  await expect(page.getByRole("alert")).toContainText("logge inn");
});
