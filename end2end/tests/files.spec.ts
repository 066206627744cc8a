import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, ADMIN, LEADER, PARTNER, PROJECT, openHydrated, signIn } from "./fixtures";

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const DOWNLOAD = /^(Last ned eksport|Ladda ner export|Download the export) \(TOML\)$/;
const FILE_TO_MERGE = /^(Fil å slå sammen med prosjektet|Fil att slå samman med projektet|File to merge onto the project)$/;
const PREVIEW = /^(Forhåndsvis sammenslåing|Förhandsgranska sammanslagning|Preview the merge)$/;
const MERGE = /^(Slå sammen|Slå samman|Merge)$/;
const EXCHANGE_FILE = /^(Utvekslingsfil|Utbytesfil|Exchange file)$/;
const CREATE_FROM_FILE = /^(Opprett fra fil|Skapa från fil|Create from file)$/;

function toml(name: string, text: string) {
  return { name, mimeType: "application/toml", buffer: Buffer.from(text, "utf-8") };
}

/** The plan's grid as a reader sees it, row by row. */
async function planText(page: import("@playwright/test").Page, path: string): Promise<string[]> {
  await openHydrated(page, path);
  await expect(page.locator("table.plan").first()).toBeVisible();
  return page.locator("table.plan tbody tr").allInnerTexts();
}

test("a leader downloads the export, and it reads back as a project with the same plan and past", async ({ page, consoleErrors }) => {
  await signIn(page, LEADER);
  await openHydrated(page, PROJECT);
  const axe = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`), "overview with files").toEqual([]);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: DOWNLOAD }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("interreg-integrering.toml");
  const exported = await readFile(await download.path(), "utf-8");
  expect(exported).toContain('key = "interreg-integrering"');
  expect(exported).toContain("[[history]]");

  // The held plan merged onto itself changes nothing, and the preview says so.
  await page.getByLabel(FILE_TO_MERGE).setInputFiles(toml("plan.toml", exported));
  await page.getByRole("button", { name: PREVIEW }).click();
  await expect(page.locator(".merge-preview")).toContainText(
    /Fila endrer ingenting|Filen ändrar ingenting|The file changes nothing/,
  );

  // The same file under another key, uploaded from the project list by an
  // administrator, is a project with the same plan, now and in the past.
  // The project's key, in its body and in the history's changes of it.
  // Private, so that the public list (other tests read it) does not show
  // the demo twice.
  const copy = exported
    .replaceAll('key = "interreg-integrering"', 'key = "interreg-kopi"')
    .replace("public = true", "public = false");
  await signIn(page, ADMIN);
  await openHydrated(page, "/");
  await page.getByLabel(EXCHANGE_FILE).setInputFiles(toml("kopi.toml", copy));
  await page.getByRole("button", { name: CREATE_FROM_FILE }).click();
  await expect(page).toHaveURL(/\/p\/interreg-kopi$/);
  for (const view of ["/plan", "/plan?as_of=2009-06-30"]) {
    const original = await planText(page, `${PROJECT}${view}`);
    const copied = await planText(page, `/p/interreg-kopi${view}`);
    expect(copied, view).toEqual(original);
    expect(original.length, view).toBeGreaterThan(3);
  }
});

test("a merge is previewed record by record, then applied as one change", async ({ page, consoleErrors }) => {
  const file = (name: string, second: string) => `format = "framdrift/2"

[project]
key = "sammenslaing"
name = "${name}"
funding_programme = "Interreg IV A"
period = { start = "2012-01-01", end = "2013-12-31" }

[[activities]]
key = "forste"
name = "Første aktivitet"
marks = { "2012-H1" = 2 }

[[activities]]
key = "andre"
name = "${second}"
marks = { "2012-H2" = 3 }
`;
  await signIn(page, ADMIN);
  await openHydrated(page, "/");
  await page.getByLabel(EXCHANGE_FILE).setInputFiles(toml("ny.toml", file("Sammenslåing", "Andre aktivitet")));
  await page.getByRole("button", { name: CREATE_FROM_FILE }).click();
  await expect(page).toHaveURL(/\/p\/sammenslaing$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sammenslåing");

  await page.getByLabel(FILE_TO_MERGE).setInputFiles(toml("endret.toml", file("Sammenslåing 2012–2013", "Andre aktivitet, endret")));
  await page.getByRole("button", { name: PREVIEW }).click();
  const preview = page.locator(".merge-preview");
  await expect(preview.locator("ul.changed")).toContainText("Sammenslåing 2012–2013");
  await expect(preview.locator("ul.changed")).toContainText("Andre aktivitet, endret");
  const axe = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`), "merge preview").toEqual([]);
  // Nothing is saved before the merge is applied.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sammenslåing");

  await preview.getByRole("button", { name: MERGE }).click();
  await expect(page.locator(".merge-done")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sammenslåing 2012–2013");
  // One change set holds both changes.
  await openHydrated(page, "/p/sammenslaing/history");
  const latest = page.locator("main li").filter({ hasText: "Sammenslåing 2012–2013" }).first();
  await expect(latest).toContainText('→ "Sammenslåing 2012–2013"');
  await expect(latest).toContainText('→ "Andre aktivitet, endret"');
});

test("a bad file is refused by line and field, and nothing is created", async ({ page, consoleErrors }) => {
  await signIn(page, ADMIN);
  await openHydrated(page, "/");
  await page.getByLabel(EXCHANGE_FILE).setInputFiles(toml("feil.toml", '[project]\nkey = "feil"\nname = \n'));
  await page.getByRole("button", { name: CREATE_FROM_FILE }).click();
  const problems = page.locator(".file-problems");
  await expect(problems).toContainText(/(Linje|Rad|Line) 3/);
  await expect(problems).toContainText(/Ingenting er lagret|Ingenting har sparats|Nothing was saved/);
  const axe = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`), "file problems").toEqual([]);
  await expect(page).toHaveURL(/\/$/);
  const answer = await page.request.get("/api/v1/projects/feil");
  expect(answer.status()).toBe(404);
});

test("partners are offered neither the export nor a merge", async ({ page, consoleErrors }) => {
  await signIn(page, PARTNER);
  await openHydrated(page, PROJECT);
  await expect(page.getByRole("link", { name: DOWNLOAD })).toHaveCount(0);
  await expect(page.getByLabel(FILE_TO_MERGE)).toHaveCount(0);
  const answer = await page.request.get(`/api/v1${PROJECT.replace("/p/", "/projects/")}/export`);
  expect(answer.status()).toBe(403);
});
