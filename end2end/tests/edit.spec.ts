import { test, expect, PROJECT, LEADER, openHydrated, markWindow, windowMark, signIn } from "./fixtures";

// These tests change the demo project of the run's own database. They touch
// rows and dates that the other tests do not read.

test.use({ locale: "nb-NO" });

test.beforeEach(async ({ context, page }) => {
  await context.clearCookies();
  await signIn(page, LEADER);
});

/// Opens a <details> element unless it is open already (a re-render may keep it open).
async function open(details: import("@playwright/test").Locator): Promise<void> {
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator("summary").first().click();
  }
}

const row = (key: string) => `tr[data-activity-key="${key}"]`;
const cell = (key: string, halfYear: string) => `${row(key)} td[data-half-year="${halfYear}"]`;

test("the leader sets planned marks by keyboard, in place, and the past stays as it was", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/plan`);
  await markWindow(page);
  const before = new Date().toISOString();

  const start = page.locator(cell("implementering-av-resultater", "2010-H1"));
  const target = page.locator(cell("implementering-av-resultater", "2010-H2"));
  await expect(target).toHaveAttribute("data-marks", "2");
  await start.click();
  await expect(start).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(target).toBeFocused();
  await page.keyboard.press("5");
  await expect(target).toHaveAttribute("data-state", "saved");
  await expect(target.locator(".planned")).toHaveText("xxxxx");
  await expect(target).toHaveAttribute("aria-label", /5 av 6 kryss/);
  // Down a row and back: arrow keys reach every cell.
  await page.keyboard.press("ArrowDown");
  await expect(page.locator(cell("informasjonsspredning", "2010-H2"))).toBeFocused();
  expect(await windowMark(page), "no page load").toBe("same document");

  await page.reload();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator(cell("implementering-av-resultater", "2010-H2"))).toHaveAttribute("data-marks", "5");

  // As of a moment before the edit, the plan is as it was, and says so.
  await openHydrated(page, `${PROJECT}/plan?as_of=${encodeURIComponent(before)}`);
  await expect(page.locator(".as-of-banner")).toContainText("Viser planen slik den var");
  await expect(page.locator(cell("implementering-av-resultater", "2010-H2"))).toHaveAttribute("data-marks", "2");
  await page.locator(".as-of-banner a").click();
  await expect(page.locator(".as-of-banner")).toHaveCount(0);
  await expect(page.locator(cell("implementering-av-resultater", "2010-H2"))).toHaveAttribute("data-marks", "5");

  // The history tells the edit in the reader's language, newest first.
  await openHydrated(page, `${PROJECT}/history`);
  const newest = page.locator(".history-entry").first();
  await expect(newest.locator("p strong")).toHaveText(/^Planlagte kryss «Implementering av resultater.*» endret$/);
  await page.getByRole("button", { name: "Svenska" }).click();
  await expect(newest.locator("p strong")).toHaveText(/^.+ ”Implementering av resultater.*” ändrad$/);
  await page.getByRole("button", { name: "Bokmål" }).click();
});

test("a refused value keeps the saved one and says why", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/plan/kbt-senteret`);
  const target = page.locator(cell("kbt-rapportering", "2010-H1"));
  await expect(target).toHaveAttribute("data-marks", "0");
  await target.click();
  // 7 is no digit the grid takes: nothing is sent, nothing changes.
  await page.keyboard.press("7");
  await expect(target).toHaveAttribute("data-marks", "0");
  await expect(target).toHaveAttribute("data-state", "idle");
});

test("actual progress is recorded with achievement and comment", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/plan`);
  await page.getByRole("button", { name: "Faktisk" }).click();
  const target = page.locator(cell("etablering-av-samarbeid", "2009-H2"));
  await target.click();
  await page.keyboard.press("1");
  await expect(target).toHaveAttribute("data-state", "saved");
  await expect(target).toHaveAttribute("data-actual", "1");
  await expect(target).toHaveAttribute("data-deviation", "behind");

  await page.keyboard.press("Enter");
  const details = page.locator("aside.details");
  await expect(details.getByRole("heading", { level: 2 })).toContainText("Etablering av samarbeid");
  await details.getByLabel("Måloppnåelse").selectOption("partly");
  await details.getByLabel("Kommentar").fill("Samarbeidsavtalen med NAV er ikke signert.");
  await details.getByRole("button", { name: "Lagre faktisk framdrift" }).click();
  await expect(details.locator(".saved")).toHaveText("Lagret");

  await page.reload();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator(cell("etablering-av-samarbeid", "2009-H2"))).toHaveAttribute("data-actual", "1");
  await page.locator(cell("etablering-av-samarbeid", "2009-H2")).click();
  await page.keyboard.press("Enter");
  await expect(page.locator("aside.details").getByLabel("Kommentar")).toHaveValue("Samarbeidsavtalen med NAV er ikke signert.");
});

test("a new activity starts a sub-project's plan", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/plan/reisverket`);
  await expect(page.locator(".empty")).toBeVisible();
  await page.getByLabel("Ny aktivitet").fill("Kartlegging av arbeidstilbudet");
  await page.getByRole("button", { name: "Legg til" }).click();
  await expect(page.locator("table.plan tbody th .activity-name")).toHaveText(["Kartlegging av arbeidstilbudet"]);
  await page.getByLabel("Ny aktivitet").fill(" ");
  await page.getByRole("button", { name: "Legg til" }).click();
  await expect(page.locator("#new-activity-error")).toContainText("name");
  await expect(page.locator("table.plan tbody tr")).toHaveCount(1);
});

test("a status statement is recorded", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/schedule`);
  const form = page.locator("form.status-form");
  await form.getByLabel("Dato").fill("2009-05-04");
  await form.getByLabel("Status").selectOption("on_track");
  await form.getByLabel("Tekst").fill("Alle delprosjekter er i gang.");
  await form.getByRole("button", { name: "Legg til status" }).click();
  const added = page.locator(".status-statement", { hasText: "Alle delprosjekter er i gang." });
  await expect(added).toContainText("04.05.2009");
  await expect(added).toContainText("I samsvar med framdriftsplan");
});

test("a baseline is saved and compared with the plan and actual progress", async ({ page, consoleErrors }) => {
  await openHydrated(page, `${PROJECT}/baselines`);
  await expect(page.locator(".baseline-list li")).toHaveCount(2);
  const form = page.locator("form.save-baseline");
  await form.getByLabel("Navn").fill("Styringsgruppemøte november");
  await form.getByLabel("Dato").fill("2011-11-01");
  await form.getByRole("button", { name: "Lagre basisplan" }).click();
  await expect(page.locator(".baseline-list li")).toHaveCount(3);
  await expect(page.locator(".baseline-list")).toContainText("Styringsgruppemøte november");

  // The approved plan against today's: the revised cells, and work behind it.
  await page.getByRole("link", { name: "Godkjent plan" }).click();
  await expect(page.locator("h1 .plan-title")).toHaveText("Godkjent plan");
  await expect(page.locator('dd[data-summary="moved"]')).toContainText("Evaluering av tiltak");
  const cellNow = page.locator(`${row("evaluering-av-tiltak")} td`).last();
  await expect(cellNow).toHaveAttribute("data-baseline", "3");
  await expect(cellNow).toHaveAttribute("data-current", "4");
  const behind = Number(await page.locator('dd[data-summary="behind"]').textContent());
  expect(behind).toBeGreaterThan(0);
});

test("the project's facts, partners, milestones and meeting series are edited in the pages", async ({ page, consoleErrors }) => {
  await openHydrated(page, PROJECT);
  await page.getByText("Endre prosjektets opplysninger").click();
  const facts = page.locator("form.facts-form");
  const goals = facts.getByLabel("Overordnede mål (ett per linje)");
  await goals.fill((await goals.inputValue()) + "\nDele erfaringer over grensen.");
  await facts.getByLabel("Nettside").fill("https://example.org/integrering");
  await facts.getByRole("button", { name: "Lagre" }).click();
  await expect(page.locator(".goals ol").first().locator("li")).toHaveCount(6);
  await expect(page.locator(".goals ol").first().locator("li").last()).toHaveText("Dele erfaringer over grensen.");
  await expect(page.locator('a[href="https://example.org/integrering"]')).toBeVisible();

  // A period that would strand marks is refused, naming the cells.
  const details = page.locator("details.facts-edit");
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator("summary").click();
  }
  await page.locator("form.facts-form").getByLabel("Siste dag").fill("2011-06-30");
  await page.locator("form.facts-form").getByRole("button", { name: "Lagre" }).click();
  await expect(page.locator("form.facts-form .field-error")).toContainText("rapportering@2011-H2");

  const partners = page.locator("form.partner-form");
  await partners.getByLabel("Navn").fill("Jämtlands läns landsting");
  await partners.getByLabel("Side").selectOption("SE");
  await partners.getByRole("button", { name: "Legg til partner" }).click();
  const added = page.locator('ul[data-country=SE] li[data-partner="jaemtlands-laens-landsting"]');
  await expect(added).toContainText("Jämtlands läns landsting");
  await added.getByRole("button").click();
  await expect(added).toHaveCount(0);

  // A sub-project: renamed; a shorter period refused where marks would be stranded.
  const aktivStart = page.locator('li[data-sub-project="aktiv-start"]');
  await aktivStart.locator("summary").click();
  await aktivStart.getByLabel("Navn").fill("Aktiv start – Trondheim kommune");
  await aktivStart.getByRole("button", { name: "Lagre" }).click();
  await expect(page.locator('li[data-sub-project="aktiv-start"] > a')).toHaveText("Aktiv start – Trondheim kommune");
  // Its kind, description and target group.
  const aktiv = page.locator('li[data-sub-project="aktiv-start"]');
  if (!(await aktiv.locator("details").evaluate((d) => (d as HTMLDetailsElement).open))) {
    await aktiv.locator("summary").click();
  }
  await aktiv.getByLabel("Type delprosjekt").selectOption("evaluation");
  await aktiv.getByLabel("Beskrivelse").fill("Tidlig innsats for unge <voksne> & deres familier.");
  await aktiv.getByLabel("Målgruppe").fill("Unge voksne 18–30 år");
  await aktiv.getByRole("button", { name: "Lagre" }).click();
  const moved = page.locator('ul[data-kind="evaluation"] li[data-sub-project="aktiv-start"]');
  await expect(moved.locator(".sub-project-target")).toHaveText("Målgruppe: Unge voksne 18–30 år");
  await expect(moved.locator(".sub-project-description")).toHaveText("Tidlig innsats for unge <voksne> & deres familier.");
  const kbt = page.locator('li[data-sub-project="kbt-senteret"]');
  await kbt.locator("summary").click();
  await kbt.getByLabel("Siste dag").fill("2011-06-30");
  await kbt.getByRole("button", { name: "Lagre" }).click();
  await expect(kbt.locator(".field-error")).toContainText("kbt-rapportering@2011-H2");

  await openHydrated(page, `${PROJECT}/schedule`);
  await page.getByText("Ny milepæl").click();
  const milestone = page.locator(".new-milestone form");
  await milestone.getByLabel("Navn").fill("Sluttkonferanse");
  await milestone.getByLabel("Type").selectOption("seminar");
  await milestone.getByLabel("Planlagt første dag").fill("2011-11-15");
  await milestone.getByLabel("Gjelder").selectOption("");
  await milestone.getByRole("button", { name: "Legg til milepæl" }).click();
  await expect(page.locator('.milestone[data-key="sluttkonferanse"]')).toContainText("15.11.2011");

  await page.getByText("Ny møteserie").click();
  const series = page.locator(".new-series form");
  await series.getByLabel("Navn").fill("Styringsgruppemøte");
  await series.getByLabel("Type").selectOption("steering");
  await series.getByLabel("Hvor ofte").selectOption("half_yearly");
  await series.getByLabel("Første dag").fill("2009-06-01");
  await series.getByLabel("Siste dag").fill("2011-11-30");
  await series.getByRole("button", { name: "Legg til møteserie" }).click();
  await expect(page.locator('.meeting-series[data-key="styringsgruppemote"]')).toContainText("hvert halvår");

  // Archived from the page, listed for restoring, restored.
  const addedMilestone = page.locator('.milestone[data-key="sluttkonferanse"]');
  await addedMilestone.getByText("Endre").click();
  await addedMilestone.getByRole("button", { name: "Arkiver milepælen: Sluttkonferanse" }).click();
  await expect(addedMilestone).toHaveCount(0);
  const archivedMilestones = page.locator(".archived").filter({ hasText: "Arkiverte milepæler" });
  await archivedMilestones.getByRole("button", { name: "Gjenopprett: Sluttkonferanse" }).click();
  await expect(addedMilestone).toContainText("15.11.2011");
  await expect(archivedMilestones).toHaveCount(0);

  const steering = page.locator('.meeting-series[data-key="styringsgruppemote"]');
  await open(steering.locator("details.series-edit"));
  await steering.getByRole("button", { name: "Arkiver møteserien: Styringsgruppemøte" }).click();
  await expect(steering).toHaveCount(0);
  await page.getByRole("button", { name: "Gjenopprett: Styringsgruppemøte" }).click();
  await expect(steering).toContainText("hvert halvår");

  // The series edited; one of its meetings held on another day, with a note.
  await open(steering.locator("details.series-edit"));
  await steering.locator("details.series-edit").getByLabel("Merknad").fill("Styringsgruppen møtes i Steinkjer.");
  await steering.locator("details.series-edit").getByRole("button", { name: "Lagre" }).click();
  await expect(steering.locator(".note")).toHaveText("Styringsgruppen møtes i Steinkjer.");
  const meeting = steering.locator('li[data-date="2009-06-01"]');
  const dates = steering.locator("details.occurrences-list");
  await open(dates);
  await meeting.getByLabel("holdt").check();
  await expect(meeting).toHaveAttribute("data-held", "true");
  await open(dates);
  await open(meeting.locator("details.outcome-edit"));
  await meeting.getByLabel("Faktisk dato").fill("2009-06-03");
  await meeting.getByLabel("Merknad om møtet").fill("Flyttet til onsdag");
  await meeting.getByRole("button", { name: "Lagre møtet" }).click();
  await expect(meeting).toContainText("03.06.2009");
  await expect(meeting).toContainText("Flyttet til onsdag");
  await expect(meeting).toHaveAttribute("data-held", "true");
});
