/**
 * The breakdown tables against an independent count of the sample's CSV (read here with a deliberately
 * simple splitter, not the app's tokenizer): clicking a row narrows the display filter and the filter bar
 * counts what the row said, tables follow the applied filter, and a table's CSV holds exactly its rows.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { referenceSplit } from '../src/core/test-support/reference-split.ts';
import { parseCount, Workbench } from './helpers/workbench.ts';

/** The sample as columns of text, one entry per packet. */
const sample = ((): { column: (name: string) => string[]; rows: number } => {
  const lines = gunzipSync(readFileSync('public/samples/lab-a/packets.csv.gz'))
    .toString('utf8')
    .split('\n')
    .filter(Boolean);
  const header = referenceSplit(lines[0]);
  const cells = lines.slice(1).map(referenceSplit);
  return {
    column: (name) => {
      const k = header.indexOf(name);
      if (k < 0) throw new Error(`the sample has no ${name}`);
      return cells.map((c) => c[k] ?? '');
    },
    rows: cells.length,
  };
})();

function countBy(values: readonly string[], keep: (i: number) => boolean = () => true): Map<string, number> {
  const m = new Map<string, number>();
  values.forEach((v, i) => {
    if (keep(i)) m.set(v, (m.get(v) ?? 0) + 1);
  });
  return m;
}

const panelOf = (page: Page): Locator => page.getByRole('region', { name: 'Breakdowns' });

/** Opens a tab and waits until it shows the answer for `filter` ('' = all packets). */
async function openTab(page: Page, tab: string, filter: string, table: string): Promise<Locator> {
  const panel = panelOf(page);
  await panel.getByRole('tab', { name: tab, exact: true }).click();
  await expect(panel.getByRole('tab', { name: tab, exact: true })).toHaveAttribute('aria-selected', 'true');
  return waitForTable(page, filter, table);
}

async function waitForTable(page: Page, filter: string, table: string): Promise<Locator> {
  const panel = panelOf(page);
  await expect(panel.getByRole('status', { name: 'Breakdown status' })).toContainText(
    filter === '' ? 'For all packets' : `For filter ${filter} `,
  );
  await expect(panel.getByRole('tabpanel')).toHaveAttribute('aria-busy', 'false');
  const t = panel.getByRole('table', { name: table, exact: true });
  await expect(t).toBeVisible();
  return t;
}

/** A table's body rows as cell texts. */
function readRows(table: Locator): Promise<string[][]> {
  return table.evaluate((t: HTMLTableElement) =>
    [...t.tBodies].flatMap((b) => [...b.rows]).map((r) => [...r.cells].map((c) => (c.textContent ?? '').trim())),
  );
}

async function applyFilter(page: Page, text: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'Display filter' });
  await input.fill(text);
  await input.press('Enter');
}

/** The "Filter result" count: "70,194 of 238,398 packets match …" → 70194. */
async function filterCount(page: Page, filter: string): Promise<number> {
  const status = page.getByRole('status', { name: 'Filter result' });
  await expect(status).toContainText(`match ${filter}`);
  return parseCount((await status.innerText()).split(' of ')[0]);
}

test('talkers, and a port row that narrows the filter to exactly its packets', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();

  // Protocols is the first tab: the root holds every frame, and tcp its packets with a tcp layer.
  const protocols = await waitForTable(page, '', 'Protocol hierarchy');
  const tree = await readRows(protocols);
  expect(tree[0].slice(0, 3)).toEqual(['frame', '100.0%', sample.rows.toLocaleString('en-US')]);
  const stacks = sample.column('frame.protocols');
  const tcpFrames = stacks.filter((s) => s.split(':').includes('tcp')).length;
  expect(tree.find((r) => r[0] === 'tcp')?.[2]).toBe(tcpFrames.toLocaleString('en-US'));

  // Talkers: the top source and its packets, counted from the CSV.
  const sources = await openTab(page, 'Talkers', '', 'Top sources');
  const ipSrc = sample.column('ip.src');
  const src = [...countBy(ipSrc, (i) => ipSrc[i] !== '')].sort((a, b) => b[1] - a[1]);
  const first = (await readRows(sources))[0];
  expect(first.slice(0, 2)).toEqual([src[0][0], src[0][1].toLocaleString('en-US')]);
  await expect(panelOf(page).getByRole('table', { name: 'Top talkers', exact: true })).toBeVisible();
  await expect(panelOf(page).getByRole('table', { name: 'Top destinations', exact: true })).toBeVisible();

  // Ports: the top TCP destination port; a click puts its clause in the filter bar, which counts it.
  const ports = await openTab(page, 'Ports', '', 'TCP destination ports');
  const dport = sample.column('tcp.dstport');
  const [port, packets] = [...countBy(dport, (i) => dport[i] !== '')].sort((a, b) => b[1] - a[1])[0];
  const rows = await readRows(ports);
  expect(rows[0].slice(0, 2)).toEqual([port, packets.toLocaleString('en-US')]);
  expect(rows.at(-1)?.slice(0, 2)).toEqual(['(missing)', dport.filter((p) => p === '').length.toLocaleString('en-US')]);
  await ports.getByRole('button', { name: `Add tcp.dstport == ${port} to the filter` }).click();
  await expect(page.getByRole('textbox', { name: 'Display filter' })).toHaveValue(`tcp.dstport == ${port}`);
  expect(await filterCount(page, `tcp.dstport == ${port}`)).toBe(packets);
  // The tables follow: now every TCP packet shown goes to that port.
  const narrowed = await waitForTable(page, `tcp.dstport == ${port}`, 'TCP destination ports');
  expect((await readRows(narrowed))[0].slice(0, 3)).toEqual([port, packets.toLocaleString('en-US'), '100.0%']);
});

test('conversations for a filter equal the host pairs counted in the CSV; rows work from the keyboard', async ({
  page,
}) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const filter = 'tcp.dstport == 21';
  await applyFilter(page, filter);
  const table = await openTab(page, 'Conversations', filter, 'Conversations');

  const [ipSrc, ipDst, dport] = ['ip.src', 'ip.dst', 'tcp.dstport'].map((f) => sample.column(f));
  const pair = (i: number): string => [ipSrc[i], ipDst[i]].sort().join(' ');
  const want = countBy(
    ipSrc.map((_, i) => pair(i)),
    (i) => dport[i] === '21' && ipSrc[i] !== '' && ipDst[i] !== '',
  );
  const rows = await readRows(table);
  expect(rows.length).toBe(Math.min(20, want.size));
  for (const r of rows) {
    const [a, b, n] = r;
    expect(parseCount(n), `${a} ↔ ${b}`).toBe(want.get([a, b].sort().join(' ')));
  }
  // Enter on a row's button adds the pair, ANDed to the filter already applied.
  const [a, b] = rows[0];
  await table.getByRole('button', { name: `Add ip.addr == ${a} && ip.addr == ${b} to the filter` }).press('Enter');
  const narrowed = `${filter} && ip.addr == ${a} && ip.addr == ${b}`;
  await expect(page.getByRole('textbox', { name: 'Display filter' })).toHaveValue(narrowed);
  expect(await filterCount(page, narrowed)).toBe(want.get([a, b].sort().join(' ')));

  // A wrong filter shows where it is wrong, and no tables that would answer another filter.
  await applyFilter(page, 'tcp.port == ');
  await expect(panelOf(page).getByRole('status', { name: 'Breakdown status' })).toContainText(/expected a value/i);
  await expect(panelOf(page).getByRole('table')).toHaveCount(0);
});

test('the TCP flags CSV holds exactly the table: its rows sum to the TCP packets', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const table = await openTab(page, 'TCP flags', '', 'TCP flag mix');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panelOf(page).getByRole('button', { name: 'Download TCP flag mix as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('tcp-flag-mix.csv');
  const csv = readFileSync(await download.path(), 'utf8')
    .trimEnd()
    .split('\r\n')
    .map(referenceSplitCsv);
  expect(csv[0]).toEqual(['tcp.flags', 'Flags', 'Packets', '% of TCP', 'Bytes']);
  const body = csv.slice(1);
  expect(body.length).toBe((await readRows(table)).length);

  const flags = sample.column('tcp.flags');
  const want = countBy(flags, (i) => flags[i] !== '');
  const tcpPackets = flags.filter((f) => f !== '').length;
  expect(body.reduce((s, r) => s + Number(r[2]), 0)).toBe(tcpPackets);
  for (const [hex, , packets] of body)
    expect(Number(packets), hex).toBe(want.get(`0x${hex.slice(2).padStart(4, '0')}`));
  const synAck = body.find((r) => r[1] === 'SYN,ACK');
  expect(synAck?.[0]).toBe('0x012');

  // A flag row narrows the filter to that combination.
  await table.getByRole('button', { name: 'Add tcp.flags == 0x012 to the filter' }).click();
  expect(await filterCount(page, 'tcp.flags == 0x012')).toBe(want.get('0x0012'));
});

test('tcp.seq: the most frequent values and a per-stream plot of tcp.seq over time', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadSample();
  const table = await openTab(page, 'tcp.seq', '', 'Frequent tcp.seq values');
  const seq = sample.column('tcp.seq');
  const want = [...countBy(seq, (i) => seq[i] !== '')].sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]));
  const rows = await readRows(table);
  expect(rows.slice(0, 3).map((r) => r.slice(0, 2))).toEqual(
    want.slice(0, 3).map(([v, n]) => [v, n.toLocaleString('en-US')]),
  );
  expect(rows.at(-1)?.[0]).toMatch(/^other \(/);

  const plot = panelOf(page).getByRole('img', { name: 'tcp.seq per stream over time' });
  await expect(plot).toHaveAttribute('data-drawn', /\d/);
  const traces = await plot.evaluate(
    (el: HTMLElement & { data?: { type: string; name: string; x: number[]; y: number[] }[] }) =>
      (el.data ?? []).map((t) => ({ type: t.type, name: t.name, points: t.x.length, ys: t.y.length })),
  );
  const streams = sample.column('tcp.stream');
  const perStream = countBy(streams, (i) => streams[i] !== '' && seq[i] !== '');
  const biggest = [...perStream.values()].sort((a, b) => b - a).slice(0, 20);
  expect(traces.map((t) => t.points)).toEqual(biggest);
  expect(traces.every((t) => t.type === 'scattergl' && t.ys === t.points && /^stream \d+: /.test(t.name))).toBe(true);
});

/** Splits one line of our own CSV (RFC 4180: quoted only where needed, "" inside quotes is a quote). */
function referenceSplitCsv(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}
