import { test as base, expect, Page } from "@playwright/test";

export const PROJECT = "/p/interreg-integrering";

/// Every test page fails on an uncaught error or console error: a broken
/// hydration shows up there first.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      // A refused write (4xx) is an answer the page shows, not a failure;
      // a 5xx or any other error is.
      if (message.type() === "error" && !/status of 4\d\d/.test(message.text())) {
        errors.push(`console: ${message.text()}`);
      }
    });
    await use(errors);
    expect(errors, "no errors in the browser").toEqual([]);
  },
});

export { expect };

/// Opens a page and waits until the browser has taken it over.
export async function openHydrated(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/// Leaves a mark on the window; it survives client-side navigation and is
/// gone after a full page load.
export async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { framdriftMark: string }).framdriftMark = "same document";
  });
}

export async function windowMark(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as { framdriftMark?: string }).framdriftMark);
}

/// The demo accounts (README, "Demo accounts"); all share one password.
export const DEMO_PASSWORD = "framdrift-demo";
export const LEADER = "leder@demo.framdrift.no";
export const SUB_PROJECT_LEADER = "delprosjekt@demo.framdrift.no";
export const PARTNER = "partner@demo.framdrift.no";
export const ADMIN = "admin@demo.framdrift.no";

/// Signs in through the sign-in page, as a person would, and waits until
/// the header names them.
export async function signIn(page: Page, email: string): Promise<void> {
  await openHydrated(page, "/login");
  await page.getByLabel(/E-postadresse|E-postadress|Email address/).fill(email);
  await page.getByLabel(/^(Passord|Lösenord|Password)$/).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: /^(Logg inn|Logga in|Sign in)$/ }).click();
  await expect(page.locator(`.signed-in-as[data-user="${email}"]`)).toBeVisible();
}
