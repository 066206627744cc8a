import AxeBuilder from "@axe-core/playwright";
import { test, expect, PROJECT, LEADER, openHydrated, signIn } from "./fixtures";

// The leader's access page: a role for someone without an account (who
// then chooses a password through the invitation), and a share link made,
// opened and revoked. By keyboard where a person would type.

test.use({ locale: "nb-NO" });

test.beforeEach(async ({ context }) => {
  await context.clearCookies();
});

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

test("the leader invites a sub-project leader, who chooses a password and signs in", async ({ page, browser, consoleErrors }) => {
  await signIn(page, LEADER);
  await openHydrated(page, PROJECT);
  await page.getByRole("link", { name: "Tilgang: medlemmer og delingslenker" }).click();
  await expect(page.getByRole("heading", { name: "Tilgang", level: 1 })).toBeVisible();
  await expect(page.locator("table.members")).toContainText("Demo Prosjektleder");

  // A fresh address per run: the e2e database is reused across retries.
  const email = `invitert-${Date.now()}@levanger.kommune.no`;
  const form = page.locator("form.add-member");
  await form.getByLabel("E-postadresse").fill(email);
  await form.getByLabel("Navn (for nye personer)").fill("Ingrid Invitert");
  await form.getByLabel("Rolle", { exact: true }).selectOption("sub_project_leader");
  await form.getByLabel("Delprosjekt", { exact: true }).selectOption("reisverket");
  await form.getByRole("button", { name: "Gi rolle" }).press("Enter");
  const invitation = await form.locator("[data-invitation]").textContent();
  expect(invitation).toMatch(/\/welcome\/fdl_/);
  await expect(page.locator("table.members")).toContainText(email);
  await expect(page.locator("table.members tr", { hasText: email }).locator(".badge")).toHaveText("Invitert, har ikke valgt passord");

  // The invited person, in a browser of their own.
  const theirs = await browser.newContext({ locale: "nb-NO" });
  const invited = await theirs.newPage();
  await invited.goto(invitation!);
  await expect(invited.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(invited.getByText("Du er invitert til prosjektet")).toBeVisible();
  await expect(invited.getByLabel("E-postadresse")).toHaveValue(email);
  const axe = await new AxeBuilder({ page: invited }).withTags(WCAG).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`), "/welcome").toEqual([]);
  await invited.getByLabel("Nytt passord (minst 10 tegn)").fill("kort");
  // The browser's own check (minlength) stops a short password first;
  // typed long enough, it goes through.
  await invited.getByLabel("Nytt passord (minst 10 tegn)").fill("et langt nok passord");
  await invited.getByLabel("Nytt passord (minst 10 tegn)").press("Enter");
  await expect(invited.locator(`.signed-in-as[data-user="${email}"]`)).toHaveText("Ingrid Invitert");
  // The link works once.
  await invited.goto(invitation!);
  await expect(invited.getByRole("alert")).toBeVisible();
  await theirs.close();

  await page.reload();
  await expect(page.locator("table.members tr", { hasText: email }).locator(".badge")).toHaveCount(0);

  // Given another role now that they have a password: no link, only word
  // that they will see the project when they sign in.
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await form.getByLabel("E-postadresse").fill(email);
  await form.getByLabel("Rolle", { exact: true }).selectOption("partner");
  await form.getByRole("button", { name: "Gi rolle" }).press("Enter");
  await expect(form.getByRole("status")).toContainText(`${email} har allerede en konto`);
  await expect(form.locator("[data-invitation]")).toHaveCount(0);
});

test("the leader makes a share link, it opens the project, and revoked it opens nothing", async ({ page, browser, consoleErrors }) => {
  await signIn(page, LEADER);
  await openHydrated(page, `${PROJECT}/access`);
  const label = `Styringsgruppen ${Date.now()}`;
  const form = page.locator("form.new-share-link");
  await form.getByLabel("Beskrivelse").fill(label);
  await form.getByLabel("Beskrivelse").press("Enter");
  const url = await form.locator("[data-share-url]").textContent();
  expect(url).toMatch(/\/s\/fds_/);
  const row = page.locator("table.share-links tr", { hasText: label });
  await expect(row).toContainText("Virker");

  const guest = await browser.newContext({ locale: "nb-NO" });
  const guestPage = await guest.newPage();
  await guestPage.goto(url!);
  await expect(guestPage).toHaveURL(/\/p\/interreg-integrering$/);

  await row.getByRole("button", { name: `Trekk tilbake ${label}` }).click();
  await expect(row).toContainText("Trukket tilbake");
  const fresh = await browser.newContext({ locale: "nb-NO" });
  const response = await (await fresh.newPage()).goto(url!);
  expect(response?.status()).toBe(404);
  await guest.close();
  await fresh.close();
});

test("a partner has no access page", async ({ page, consoleErrors }) => {
  await signIn(page, "partner@demo.framdrift.no");
  await openHydrated(page, PROJECT);
  await expect(page.getByRole("link", { name: "Tilgang: medlemmer og delingslenker" })).toHaveCount(0);
  const response = await page.goto(`${PROJECT}/access`);
  expect(response?.status()).toBe(403);
});

test("a person makes an API token on their account page and revokes it", async ({ page, consoleErrors }) => {
  await signIn(page, LEADER);
  await page.locator(`.signed-in-as[data-user="${LEADER}"]`).click();
  await expect(page.getByRole("heading", { name: "Min konto" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const label = `Rapport ${Date.now()}`;
  const form = page.locator("form.new-api-token");
  await form.getByLabel("Beskrivelse").fill(label);
  await form.getByLabel("Beskrivelse").press("Enter");
  const token = await form.locator("[data-api-token-secret]").textContent();
  expect(token).toMatch(/^fdt_/);
  const status = await page.evaluate(async (token) => {
    const r = await fetch("/api/v1/projects/interreg-integrering/access", { headers: { authorization: `Bearer ${token}` } });
    return r.status;
  }, token);
  expect(status).toBe(200);
  await page.getByRole("button", { name: `Trekk tilbake ${label}` }).click();
  await expect(page.locator("table.api-tokens")).not.toContainText(label);
});
