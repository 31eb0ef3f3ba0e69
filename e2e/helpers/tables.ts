/** Reading accessible tables as text, for tests that compare figures across tables. */
import type { Locator } from '@playwright/test';

/** The body rows of a table, each as its cells' trimmed text (the row header first). */
export function bodyRows(table: Locator): Promise<string[][]> {
  return table.evaluate((t: HTMLTableElement) =>
    [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => (c.textContent ?? '').trim())),
  );
}
