import AxeBuilder from "@axe-core/playwright";
import { test, expect, ADMIN, PARTNER, openHydrated, signIn } from "./fixtures";

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const NEW_PROJECT = /^(Nytt prosjekt|Nytt projekt|New project)$/;

test("an administrator creates a project, which opens at once and stays private", async ({ page, browser, consoleErrors }) => {
  await signIn(page, ADMIN);
  await openHydrated(page, "/");
  await page.getByRole("link", { name: NEW_PROJECT }).click();
  await expect(page).toHaveURL(/\/projects\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: NEW_PROJECT })).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`), "/projects/new").toEqual([]);

  // The key follows the name, and a key that is not one is said at once.
  await page.getByLabel(/^(Navn|Namn|Name)$/).fill("Erfaringsdeling Østfold 2012");
  const key = page.getByLabel(/^(Nøkkel|Nyckel|Key) \(/);
  await expect(key).toHaveValue("erfaringsdeling-ostfold-2012");
  await key.fill("Ugyldig nøkkel");
  await expect(page.getByRole("alert")).toContainText(/2–48/);
  // Another project's key is said to be taken as it is typed.
  await key.fill("interreg-integrering");
  await expect(page.getByRole("alert")).toContainText(/allerede|redan|already/);
  await key.fill("erfaringsdeling-2012");
  await expect(page.getByRole("alert")).toHaveCount(0);

  await page.getByLabel(/^(Finansiering|Funding programme)$/).fill("Interreg IV A");
  await page.getByLabel(/^(Første dag|Första dag|First day)$/).fill("2012-01-01");
  await page.getByLabel(/^(Siste dag|Sista dag|Last day)$/).fill("2013-12-31");
  await page.getByRole("button", { name: /^(Opprett prosjekt|Skapa projekt|Create project)$/ }).click();
  await expect(page).toHaveURL(/\/p\/erfaringsdeling-2012$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Erfaringsdeling Østfold 2012");

  // Not public: a reader without an account is asked to sign in.
  const anonymous = await browser.newPage();
  const answer = await anonymous.goto("/p/erfaringsdeling-2012");
  expect(answer?.status()).toBe(401);
  await anonymous.close();
});

test("only administrators are offered to create a project", async ({ page, consoleErrors }) => {
  await signIn(page, PARTNER);
  await openHydrated(page, "/");
  await expect(page.getByRole("link", { name: NEW_PROJECT })).toHaveCount(0);
  await openHydrated(page, "/projects/new");
  await expect(page.getByRole("button", { name: /^(Opprett prosjekt|Skapa projekt|Create project)$/ })).toHaveCount(0);
  await expect(page.getByText(/ikke lov|inte behörighet|may not/)).toBeVisible();
});

test("a leader makes a project private and public again; an administrator archives and restores it", async ({ page, browser, consoleErrors }) => {
  const file = `format = "framdrift/2"

[project]
key = "synlighet"
name = "Synlighetsprosjekt"
funding_programme = "Interreg IV A"
period = { start = "2012-01-01", end = "2013-12-31" }
public = true

[[activities]]
name = "Oppstart"
marks = { "2012-H1" = 2 }
`;
  await signIn(page, ADMIN);
  await openHydrated(page, "/");
  await page.getByLabel(/^(Utvekslingsfil|Utbytesfil|Exchange file)$/).setInputFiles({
    name: "synlighet.toml",
    mimeType: "application/toml",
    buffer: Buffer.from(file, "utf-8"),
  });
  await page.getByRole("button", { name: /^(Opprett fra fil|Skapa från fil|Create from file)$/ }).click();
  await expect(page).toHaveURL(/\/p\/synlighet$/);

  const anonymous = await browser.newPage();
  expect((await anonymous.goto("/p/synlighet"))?.status()).toBe(200);

  // Private: the next request of a reader without an account is refused.
  await page.getByRole("button", { name: /^(Gjør prosjektet privat|Gör projektet privat|Make the project private)$/ }).click();
  await expect(page.locator(".project-visibility")).toContainText(/^(Privat|Private)/);
  expect((await anonymous.goto("/p/synlighet"))?.status()).toBe(401);
  await openHydrated(anonymous, "/");
  await expect(anonymous.getByRole("link", { name: "Synlighetsprosjekt" })).toHaveCount(0);

  await page.getByRole("button", { name: /^(Gjør prosjektet offentlig|Gör projektet offentligt|Make the project public)$/ }).click();
  await expect(page.locator(".project-visibility")).toContainText(/^(Offentlig|Public)/);
  expect((await anonymous.goto("/p/synlighet"))?.status()).toBe(200);

  // Archived: gone from the list of everyone but members and administrators,
  // and still readable.
  await page.getByRole("button", { name: /^(Arkiver prosjektet|Arkivera projektet|Archive the project)$/ }).click();
  await expect(page.locator(".archived-banner")).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`), "an archived project").toEqual([]);
  await openHydrated(anonymous, "/");
  await expect(anonymous.getByRole("link", { name: "Synlighetsprosjekt" })).toHaveCount(0);
  expect((await anonymous.goto("/p/synlighet"))?.status()).toBe(200);
  await openHydrated(page, "/");
  const listed = page.getByRole("listitem").filter({ hasText: "Synlighetsprosjekt" });
  await expect(listed).toContainText(/arkivert|arkiverat|archived/);

  await openHydrated(page, "/p/synlighet");
  await page.getByRole("button", { name: /^(Gjenopprett prosjektet|Återställ projektet|Restore the project)$/ }).click();
  await expect(page.locator(".archived-banner")).toHaveCount(0);
  await openHydrated(anonymous, "/");
  await expect(anonymous.getByRole("link", { name: "Synlighetsprosjekt" })).toBeVisible();
  await anonymous.close();
});
