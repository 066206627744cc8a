import AxeBuilder from "@axe-core/playwright";
import { test, expect, PROJECT, openHydrated } from "./fixtures";

// The period report, as the project leader writes the Interreg progress
// report from it: a half-year chosen by keyboard, its text copied into a
// form, its PDF.
test.use({ locale: "nb-NO" });

async function noAxeViolations(page: import("@playwright/test").Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`)).toEqual([]);
}

test("the report of a half-year, chosen by keyboard, copied as text and as a PDF", async ({ page, context, consoleErrors }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openHydrated(page, `${PROJECT}/report?period=2009-H1`);
  await expect(page.getByRole("heading", { level: 1, name: "Periodisk rapport" })).toBeVisible();
  const report = page.locator("article.report");
  await expect(report.getByRole("heading", { name: "Rapport for 2009 1. halvår" })).toBeVisible();
  // The seeds' status of 23.03.2009, and plan against actual per activity.
  await expect(report).toContainText("23.03.2009 · I samsvar med framdriftsplan: Prosjektet utvikler seg i samsvar med framdriftsplan.");
  const row = report.getByRole("row", { name: /^Oppstart og organisering/ }).first();
  await expect(row).toContainText("xxx");
  await expect(row).toContainText("Fullt oppnådd");
  await noAxeViolations(page);

  // Copy as text: what lands in the clipboard is the report without markup.
  await page.getByRole("button", { name: "Kopier som tekst" }).click();
  await expect(page.locator(".report-copy [role=status]")).toHaveText("Kopiert.");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain("Rapport for 2009 1. halvår");
  expect(copied).toContain("- Oppstart og organisering: planlagt xxx, faktisk xxx, Fullt oppnådd");
  expect(copied).not.toContain("<");

  // The PDF with the same period.
  const pdfLink = page.getByRole("link", { name: "Rapporten som PDF" });
  await expect(pdfLink).toHaveAttribute("href", /\/report\.pdf\?period=2009-H1&lang=nb$/);
  const pdf = await page.request.get((await pdfLink.getAttribute("href")) ?? "");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");

  // Another half-year by keyboard: the address keeps it.
  const period = page.getByLabel("Periode");
  await period.focus();
  await period.selectOption({ label: "2009 2. halvår" });
  // Then a baseline to compare with, and the button.
  await page.keyboard.press("Tab");
  const baseline = page.getByLabel("Sammenlign med basisplan");
  await expect(baseline).toBeFocused();
  await baseline.selectOption({ label: "Godkjent plan (01.12.2008)" });
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Vis" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/period=2009-H2/);
  await expect(page).toHaveURL(/baseline=godkjent-plan/);
  await expect(page.locator("table.report-table th", { hasText: "Basisplan" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator("article.report")).toHaveAttribute("data-period", "2009-H2");
  await expect(page.locator("article.report")).toContainText("Interregseminar");
  await noAxeViolations(page);
});
