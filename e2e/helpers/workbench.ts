/**
 * Drives the workbench the way a user does, finding everything by ARIA role and accessible name (as Zui's
 * test-app.ts does), and waits on the page's idle hook (window.__nids) instead of sleeping.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** What the tests read of the page's test hook (src/ui/test-hook.ts). */
interface Hook {
  status(): 'idle' | 'loading' | 'error';
  captureVersion(): number;
}
type HookWindow = Window & { __nids?: Hook };

export type Outcome = 'loaded' | 'error' | 'idle';

export class Workbench {
  private constructor(readonly page: Page) {}

  static async open(page: Page): Promise<Workbench> {
    await page.goto('/');
    await page.waitForFunction(() => (window as HookWindow).__nids !== undefined);
    return new Workbench(page);
  }

  get header(): Locator {
    return this.page.getByRole('banner');
  }
  get summary(): Locator {
    return this.page.getByRole('region', { name: 'Capture summary' });
  }
  get alert(): Locator {
    return this.page.getByRole('alert');
  }
  get progressbar(): Locator {
    return this.page.getByRole('progressbar');
  }
  get fileInput(): Locator {
    return this.page.getByLabel('Open capture file');
  }

  async status(): Promise<ReturnType<Hook['status']>> {
    return (await this.page.evaluate(() => (window as HookWindow).__nids!.status())) as ReturnType<Hook['status']>;
  }

  captureVersion(): Promise<number> {
    return this.page.evaluate(() => (window as HookWindow).__nids!.captureVersion());
  }

  /** Clicks "Open sample capture" in the header; returns the capture version before, for waitForLoad. */
  async startSample(): Promise<number> {
    const before = await this.captureVersion();
    await this.header.getByRole('button', { name: 'Open sample capture' }).click();
    return before;
  }

  /** Chooses a file in the (hidden) file input, as the "Open capture…" dialog would. */
  async startFile(path: string): Promise<number> {
    const before = await this.captureVersion();
    await this.fileInput.setInputFiles(path);
    return before;
  }

  /** Waits until the load started after capture version `before` has ended, and says how. */
  async waitForLoad(before: number, timeout = 110_000): Promise<Outcome> {
    const handle = await this.page.waitForFunction(
      (v) => {
        const h = (window as HookWindow).__nids!;
        const s = h.status();
        if (s === 'loading') return false;
        return h.captureVersion() !== v ? 'loaded' : s;
      },
      before,
      { timeout, polling: 50 },
    );
    const outcome = (await handle.jsonValue()) as Outcome;
    // The summary renders at transition priority, a moment after the store has the new capture.
    const version = await this.captureVersion();
    if (version > 0) await expect(this.summary).toHaveAttribute('data-capture-version', String(version));
    return outcome;
  }

  async loadSample(): Promise<void> {
    expect(await this.waitForLoad(await this.startSample()), 'sample load').toBe('loaded');
  }

  async loadFile(path: string): Promise<void> {
    expect(await this.waitForLoad(await this.startFile(path)), `load of ${path}`).toBe('loaded');
  }

  /** Opens a file that must be refused; returns the alert's text. */
  async loadFileExpectingError(path: string): Promise<string> {
    expect(await this.waitForLoad(await this.startFile(path)), `load of ${path}`).toBe('error');
    await expect(this.alert).toBeVisible();
    return this.alert.innerText();
  }

  table(name: string): Locator {
    return this.summary.getByRole('table', { name, exact: true });
  }

  /** A summary table's body as rows of cell texts (row headers included, in column order). */
  async readTable(name: string): Promise<string[][]> {
    const table = this.table(name);
    await expect(table).toBeVisible();
    return table.evaluate((t: HTMLTableElement) =>
      [...t.tBodies].flatMap((b) => [...b.rows]).map((r) => [...r.cells].map((c) => (c.textContent ?? '').trim())),
    );
  }

  /** A value/count table ("attack values", "Protocols") as value → count. */
  async readCounts(name: string): Promise<Record<string, number>> {
    const rows = await this.readTable(name);
    return Object.fromEntries(rows.map((r) => [r[0], parseCount(r[1])]));
  }

  /** One row of the "Capture facts" table, e.g. fact('Rows') → "238,398". */
  async fact(label: string): Promise<string> {
    const row = (await this.readTable('Capture facts')).find((r) => r[0] === label);
    if (!row) throw new Error(`no fact "${label}" in the capture summary`);
    return row[1];
  }
}

/** "238,398" → 238398. */
export function parseCount(text: string): number {
  const n = Number(text.replaceAll(',', ''));
  if (!Number.isFinite(n)) throw new Error(`not a count: "${text}"`);
  return n;
}
