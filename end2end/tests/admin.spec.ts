import AxeBuilder from "@axe-core/playwright";
import { test, expect, ADMIN, PARTNER, openHydrated, signIn } from "./fixtures";

// The administration page: an account invited, its open session ended at
// once when it is disabled, and enabled again; every change listed. With a
// fresh account per run, so that no other test's people are touched.

test.use({ locale: "nb-NO" });

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

test("an administrator invites a person, disables the account and its open session ends at once", async ({ page, browser, consoleErrors }) => {
  await signIn(page, ADMIN);
  await openHydrated(page, "/");
  await page.getByRole("link", { name: "Administrasjon" }).click();
  await expect(page.getByRole("heading", { name: "Administrasjon", level: 1 })).toBeVisible();
  await expect(page.locator(`tr[data-account="${ADMIN}"]`)).toContainText("administrator");
  await expect(page.locator(`tr[data-account="leder@demo.framdrift.no"]`)).toContainText("Prosjektleder");
  const axe = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`), "/admin").toEqual([]);

  const email = `admin-invitert-${Date.now()}@example.no`;
  const form = page.locator("form.invite-form");
  await form.getByLabel("E-postadresse").fill(email);
  await form.getByLabel("Navn").fill("Astrid Administrert");
  await form.getByRole("button", { name: "Inviter" }).press("Enter");
  const link = await page.locator("[data-one-time-link]").textContent();
  expect(link).toMatch(/\/welcome\/fdl_/);
  const row = page.locator(`tr[data-account="${email}"]`);
  await expect(row).toContainText("intet passord ennå");

  // The invited person chooses a password, in a browser of their own.
  const theirs = await browser.newContext({ locale: "nb-NO" });
  const invited = await theirs.newPage();
  await invited.goto(link!);
  await expect(invited.locator("body")).toHaveAttribute("data-hydrated", "true");
  await invited.getByLabel("Nytt passord (minst 10 tegn)").fill("et langt nok passord");
  await invited.getByLabel("Nytt passord (minst 10 tegn)").press("Enter");
  await expect(invited.locator(`.signed-in-as[data-user="${email}"]`)).toHaveText("Astrid Administrert");
  await openHydrated(invited, "/account");
  await expect(invited.locator('table.sessions tr[data-session="current"]')).toContainText("Denne nettleseren");

  // Disabled: their next request is no longer signed in.
  await page.reload();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await row.getByRole("button", { name: "Deaktiver", exact: true }).click();
  await expect(row).toContainText("deaktivert");
  await invited.reload();
  await expect(invited.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(invited.locator(".signed-in-as")).toHaveCount(0);

  await row.getByRole("button", { name: "Aktiver", exact: true }).click();
  await expect(row).toContainText("aktiv ·");
  const changes = page.locator("ul.account-changes");
  await expect(changes).toContainText(`deaktivert · ${email}`);
  await expect(changes).toContainText(`aktivert igjen · ${email}`);
  await expect(changes).toContainText(`invitert · ${email}`);
  await theirs.close();
});

test("the administration page is refused to everyone else", async ({ page }) => {
  await signIn(page, PARTNER);
  const answer = await page.goto("/admin");
  expect(answer?.status()).toBe(403);
  await expect(page.getByRole("button", { name: "Inviter" })).toHaveCount(0);
});
