/** axe-core in the browser tests: injected through the DevTools protocol, so the page's CSP stays as it is. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

/** WCAG 2.2 AA, every level up to it. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's WCAG 2.2 AA violations in one document. Frames are left out: the widget's
 * chat frame is another origin and is scanned on its own. The source goes in through
 * evaluate (the DevTools protocol), which the page's script-src does not police, so the
 * test needs no bypassCSP and still sees every CSP violation the page itself causes.
 */
export async function axeViolations(frame: Page | Frame): Promise<AxeViolation[]> {
  const loaded = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  // A script, not an expression: the trailing statement keeps Playwright from treating it as a function.
  if (!loaded) await frame.evaluate(`${AXE_SOURCE}\n;true`);
  return frame.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], iframes: false });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
  }, WCAG_TAGS);
}

/** "state: id (target, target)" lines, for a failure message that says what to fix. */
export function describeViolations(found: Record<string, AxeViolation[]>): string {
  const lines: string[] = [];
  for (const [state, list] of Object.entries(found)) for (const v of list) lines.push(`${state}: ${v.id} [${v.impact}] ${v.help}: ${v.targets.slice(0, 4).join(', ')}${v.targets.length > 4 ? ', …' : ''}`);
  return lines.join('\n');
}
