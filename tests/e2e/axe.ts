import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** axe-core's default rule set (WCAG 2.x A/AA and best practices) finds nothing on the page. */
export async function expectNoViolations(page: Page, state: string): Promise<void> {
  // Colours are measured as they are drawn: a dialog still fading in, or a button still turning
  // to the dark scheme's colours, would read as low contrast. Wait for every finite animation and
  // transition to end (the loading spinner turns forever and is left out).
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
  );
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
  }));
  expect.soft(violations, `axe violations on ${state}`).toEqual([]);
}
