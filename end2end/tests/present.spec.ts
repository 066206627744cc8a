import AxeBuilder from "@axe-core/playwright";
import { Page } from "@playwright/test";
import { test, expect, PROJECT, openHydrated } from "./fixtures";

// The presentation for the steering meeting, as a clicker drives it on a
// projector (1920×1080) and on a laptop (1280×720).
test.use({ locale: "nb-NO" });

const START = `${PROJECT}/present?as_of=2009-07-31`;

/// The smallest font size (px) of any text on the slide and its footer.
async function smallestText(page: Page): Promise<number> {
  return page.evaluate(() => {
    let smallest = Infinity;
    const walker = document.createTreeWalker(document.querySelector(".present")!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement!;
      if (!node.textContent!.trim() || element.closest(".visually-hidden")) continue;
      const style = getComputedStyle(element);
      if (style.display === "none" || style.visibility === "hidden") continue;
      smallest = Math.min(smallest, parseFloat(style.fontSize));
    }
    return smallest;
  });
}

async function counter(page: Page): Promise<[number, number]> {
  const text = (await page.locator(".present-counter").textContent()) ?? "";
  const [at, of] = text.split("/").map((n) => parseInt(n.trim(), 10));
  return [at, of];
}

for (const [width, height, least] of [
  [1920, 1080, 24],
  [1280, 720, 16],
] as const) {
  test(`every slide by keyboard at ${width}×${height}: legible, whole, accessible`, async ({ page, consoleErrors }) => {
    await page.setViewportSize({ width, height });
    await openHydrated(page, START);
    await expect(page.locator(".present-counter")).toHaveText(/^1 \/ \d+$/);
    await expect(page.locator(".site-header")).toBeHidden();
    const kinds: string[] = [];
    let count = 0;
    for (let number = 1; ; number++) {
      await expect(page.locator(".present-counter")).toHaveText(new RegExp(`^${number} / \\d+$`));
      // As many rows as the screen has room for: the slide count follows.
      await expect(page.locator(".present")).toHaveAttribute("data-settled", "true");
      [, count] = await counter(page);
      if (number > 1) await expect(page).toHaveURL(new RegExp(`slide=${number}(&|$)`));
      const slide = page.locator("article.slide");
      kinds.push((await slide.getAttribute("data-slide")) ?? "");
      expect(await smallestText(page), `slide ${number}`).toBeGreaterThanOrEqual(least);
      // Nothing scrolls, and a chart ends above the slide's foot.
      const fits = await page.evaluate(() => {
        const root = document.documentElement;
        const body = document.querySelector(".slide-body")!.getBoundingClientRect();
        const chart = document.querySelector(".slide-chart")?.getBoundingClientRect();
        return root.scrollHeight <= window.innerHeight && root.scrollWidth <= window.innerWidth && (!chart || chart.bottom <= body.bottom + 1);
      });
      expect(fits, `slide ${number} fits the screen`).toBe(true);
      const axe = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
        .withRules(["color-contrast-enhanced"])
        .analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.help}`), `slide ${number}`).toEqual([]);
      if (number >= count) break;
      await page.keyboard.press(["ArrowRight", " ", "PageDown"][number % 3]);
    }
    expect(count).toBeGreaterThanOrEqual(6);
    expect(kinds[0]).toBe("title");
    expect(kinds[1]).toBe("since");
    expect(kinds).toContain("overview");
    expect(kinds).toContain("sub-project");
    expect(kinds).toContain("deviations");
    expect(kinds[kinds.length - 1]).toBe("coming-up");
    await page.screenshot({ path: `test-results/present-${width}x${height}-last.png` });

    // Back, to the start and to the end.
    await page.keyboard.press("ArrowLeft");
    await expect(page.locator(".present-counter")).toHaveText(`${count - 1} / ${count}`);
    await page.keyboard.press("PageUp");
    await expect(page.locator(".present-counter")).toHaveText(`${count - 2} / ${count}`);
    await page.keyboard.press("Home");
    await expect(page.locator(".present-counter")).toHaveText(`1 / ${count}`);
    await page.keyboard.press("End");
    await expect(page.locator(".present-counter")).toHaveText(`${count} / ${count}`);
  });
}

test("the slide is kept on reload, and the keys change baseline, size and view", async ({ page, consoleErrors }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openHydrated(page, `${START}&slide=3`);
  await expect(page.locator("article.slide")).toHaveAttribute("data-slide", "overview");
  await page.reload();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator("article.slide")).toHaveAttribute("data-slide", "overview");

  // b: the first baseline, then the next.
  await page.keyboard.press("b");
  await expect(page).toHaveURL(/baseline=godkjent-plan/);
  await expect(page.locator(".slide-lead")).toContainText("Godkjent plan");
  await expect(page.locator(".slide-legend")).toContainText("basisplan");

  // + makes everything larger; - back.
  const before = await smallestText(page);
  await page.keyboard.press("+");
  await expect.poll(() => smallestText(page)).toBeGreaterThan(before);
  await page.keyboard.press("-");
  await expect.poll(() => smallestText(page)).toBe(before);

  // ? shows the keys.
  await page.keyboard.press("?");
  await expect(page.locator(".present-keys")).toBeVisible();
  await expect(page.locator(".present-keys")).toContainText("Page Down");

  // The presentation on paper, with the same view: every slide a 16:9 page.
  const pdfLink = page.getByRole("link", { name: "Presentasjonen som PDF" });
  await expect(pdfLink).toHaveAttribute("href", /\/present\.pdf\?as_of=2009-07-31&baseline=godkjent-plan&lang=nb$/);
  const pdf = await page.request.get((await pdfLink.getAttribute("href")) ?? "");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");

  // Esc: back to the chart with the same view.
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/\/gantt\?as_of=2009-07-31&baseline=godkjent-plan/);
});
