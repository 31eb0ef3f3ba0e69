/**
 * Opening pcap/pcapng captures (plain or gzip) in the browser: the capture is dissected in the reader worker
 * into tshark's CSV of the users' fields, so what the app shows for lab-a's slice must equal what it shows
 * for tshark's own CSV of the same slice (fixtures/capture). A truncated capture loads what is complete
 * and says where it was cut; files that are no capture are refused and the open capture stays open.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { parseCount, Workbench } from './helpers/workbench.ts';

const PCAPNG = 'fixtures/capture/lab-a-slice.pcapng';
const CSV = 'fixtures/capture/lab-a-slice.csv';
const FRAMES = 3570;

// tshark wrote frame.time in this zone; the page's zone only changes that column's text, never a count.
test.use({ timezoneId: 'America/New_York' });

async function applyFilter(page: Page, text: string): Promise<string> {
  const input = page.getByRole('textbox', { name: 'Display filter' });
  await input.fill(text);
  await input.press('Enter');
  const status = page.getByRole('status', { name: 'Filter result' });
  await expect
    .poll(async () => {
      const t = await status.innerText();
      return !t.includes('Counting') && t.includes(text.trim());
    })
    .toBe(true);
  return (await status.innerText()).replace(/ \(\d+ ms\)$/, '');
}

function breakdown(page: Page): Locator {
  return page.getByRole('region', { name: 'Breakdowns' });
}

async function readRows(table: Locator): Promise<string[][]> {
  await expect(table).toBeVisible();
  return table.evaluate((t: HTMLTableElement) =>
    [...t.tBodies].flatMap((b) => [...b.rows]).map((r) => [...r.cells].map((c) => (c.textContent ?? '').trim())),
  );
}

/** What the app shows of the open capture: the figures a CSV and its capture must share. */
async function figures(wb: Workbench): Promise<Record<string, unknown>> {
  const page = wb.page;
  // The applied filter outlives a load: set one that every frame matches, and read the breakdown for it.
  const all = await applyFilter(page, 'frame.len >= 0');
  await expect(breakdown(page).getByRole('status', { name: 'Breakdown status' })).toContainText(
    'For filter frame.len >= 0',
  );
  await expect(breakdown(page).getByRole('tabpanel')).toHaveAttribute('aria-busy', 'false');
  const hierarchy = breakdown(page).getByRole('table', { name: 'Protocol hierarchy', exact: true });
  return {
    all,
    rows: await wb.fact('Rows'),
    first: await wb.fact('First packet (UTC)'),
    last: await wb.fact('Last packet (UTC)'),
    hosts: await wb.fact('Hosts'),
    protocols: await wb.readCounts('Protocols'),
    topHosts: await wb.readCounts('Top hosts'),
    columns: (await wb.readTable('Columns')).map((r) => r.join('|')),
    hierarchy: (await readRows(hierarchy)).map((r) => r.slice(0, 3).join('|')),
    seq1: await applyFilter(page, 'tcp.seq == 1'),
    http: await applyFilter(page, 'http.request.method == "GET" && tcp.stream > 3'),
    dns: await applyFilter(page, 'dns.qry.name contains "." || icmp.type == 3'),
    agents: await applyFilter(page, 'http.user_agent contains "Mozilla" || frame.len > 1000'),
  };
}

test("a pcapng shows what tshark's CSV of it shows, and says it is a capture", async ({ page }) => {
  test.setTimeout(180_000);
  const wb = await Workbench.open(page);
  await wb.loadFile(CSV);
  expect(await wb.fact('Rows')).toBe(FRAMES.toLocaleString('en-US'));
  const fromCsv = await figures(wb);
  await expect(wb.table('Capture file')).toHaveCount(0);

  await wb.loadFile(PCAPNG);
  expect(await wb.fact('File')).toBe('lab-a-slice.pcapng');
  expect(await wb.fact('Size')).toMatch(/^1\.2 MB pcapng$/);
  const fromCapture = await figures(wb);
  expect(fromCapture).toEqual(fromCsv);
  expect(parseCount(String(fromCapture.seq1).split(' of ')[0])).toBeGreaterThan(100);

  const report = await wb.readTable('Capture file');
  expect(report[0]).toEqual(['Format', 'pcapng']);
  expect(report[1]).toEqual(['Frames', FRAMES.toLocaleString('en-US')]);
  console.log(`capture report: ${JSON.stringify(report)}`);
});

test('a gzip-compressed capture and a classic pcap open the same way', async ({ page }, info) => {
  const gz = info.outputPath('lab-a-slice.pcapng.gz');
  writeFileSync(gz, gzipSync(readFileSync(PCAPNG)));
  const wb = await Workbench.open(page);
  await wb.loadFile(gz);
  expect(await wb.fact('Rows')).toBe(FRAMES.toLocaleString('en-US'));
  expect(await wb.fact('Size')).toMatch(/ gzip pcapng, 1\.2 MB decompressed$/);
  expect(await applyFilter(page, 'tcp.flags.syn == 1')).toMatch(/^[1-9][\d,]* of 3,570 packets match/);

  // A pcap (Linux cooked capture) named with no telling extension: told by its magic number.
  const renamed = info.outputPath('any-capture.bin');
  writeFileSync(renamed, readFileSync('fixtures/pcap/any.pcap'));
  await wb.loadFile(renamed);
  const expected = readFileSync('fixtures/pcap/any.pcap.csv', 'utf8').split('\n').filter(Boolean).length - 1;
  expect(await wb.fact('Rows')).toBe(expected.toLocaleString('en-US'));
  expect((await wb.readTable('Capture file'))[0]).toEqual(['Format', 'pcap']);
});

test('a truncated capture loads the frames before the cut and says where it was cut', async ({ page }, info) => {
  const whole = readFileSync(PCAPNG);
  const cut = info.outputPath('cut.pcapng');
  writeFileSync(cut, whole.subarray(0, 600_001));
  const wb = await Workbench.open(page);
  await wb.loadFile(cut);
  const rows = parseCount(await wb.fact('Rows'));
  expect(rows).toBeGreaterThan(1000);
  expect(rows).toBeLessThan(FRAMES);
  const report = await wb.readTable('Capture file');
  expect(report[1]).toEqual(['Frames', rows.toLocaleString('en-US')]);
  const line = report.find((r) => r[0].startsWith('capture cut at byte'));
  expect(line?.[0]).toMatch(/^capture cut at byte [\d,]+: the frames before it are loaded$/);
  const at = parseCount(/byte ([\d,]+)/.exec(line?.[0] ?? '')?.[1] ?? 'x');
  expect(at).toBeLessThanOrEqual(600_001);
  expect(at).toBeGreaterThan(590_000);
  const problems = await wb.readTable('Capture problems');
  expect(problems.some((r) => r[0] === `byte ${at.toLocaleString('en-US')}` && r[1] === 'truncated')).toBe(true);
});

test('files that are no capture are refused with a clear message, and the open capture stays', async ({
  page,
}, info) => {
  const png = info.outputPath('picture.pcap');
  writeFileSync(
    png,
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  );
  const empty = info.outputPath('empty.pcapng');
  writeFileSync(empty, Buffer.alloc(0));
  const header = info.outputPath('header-only.pcapng');
  writeFileSync(header, readFileSync(PCAPNG).subarray(0, 10));
  const gz = gzipSync(readFileSync(PCAPNG));
  const cutGz = info.outputPath('cut.pcapng.gz');
  writeFileSync(cutGz, gz.subarray(0, gz.length >> 1));
  const cases: readonly { file: string; says: RegExp; where?: RegExp }[] = [
    { file: cutGz, says: /the gzip data is corrupt or truncated/i, where: /at compressed byte [\d,]+/ },
    { file: png, says: /looks like a PNG image/i },
    { file: empty, says: /the file is empty/i },
    { file: header, says: /section header block is cut short/i, where: /at byte 0/ },
    { file: 'fixtures/bad/capture.pcapng', says: /the pcapng capture holds no complete frame/i },
  ];
  const wb = await Workbench.open(page);
  await wb.loadFile(PCAPNG);
  const version = await wb.captureVersion();
  for (const c of cases) {
    const text = await wb.loadFileExpectingError(c.file);
    console.log(`${c.file}: ${text.replaceAll('\n', ' | ')}`);
    expect(text).toMatch(c.says);
    if (c.where) expect(text).toMatch(c.where);
    expect(await wb.captureVersion()).toBe(version);
    expect(await wb.fact('File')).toBe('lab-a-slice.pcapng');
    expect(await wb.fact('Rows')).toBe(FRAMES.toLocaleString('en-US'));
    await wb.alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(wb.alert).toHaveCount(0);
  }
});

test('a big capture shows progress and Cancel keeps the capture already open', async ({ page }, info) => {
  test.setTimeout(180_000);
  // The slice's frames 40 times over, times shifted (the benchmark's maker): about 50 MB.
  const big = info.outputPath('big.pcapng');
  execFileSync('npx', ['tsx', 'scripts/make-large-pcap.ts', '--copies', '40', PCAPNG, big], { stdio: 'ignore' });
  const wb = await Workbench.open(page);
  await wb.loadFile(PCAPNG);
  const version = await wb.captureVersion();

  await wb.startFile(big);
  await expect(wb.progressbar).toBeVisible();
  await expect(wb.progressbar).toHaveAccessibleName('Loading big.pcapng');
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(await wb.waitForLoad(version)).toBe('idle');
  await expect(wb.progressbar).toHaveCount(0);
  await expect(wb.alert).toHaveCount(0);
  expect(await wb.captureVersion()).toBe(version);
  expect(await wb.fact('File')).toBe('lab-a-slice.pcapng');
  expect(await wb.fact('Rows')).toBe(FRAMES.toLocaleString('en-US'));
});

test('a capture dropped on the page opens like a picked one', async ({ page }) => {
  const wb = await Workbench.open(page);
  const base64 = readFileSync('fixtures/pcap/lo.pcapng').toString('base64');
  const dataTransfer = await page.evaluateHandle((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'dropped.pcapng'));
    return dt;
  }, base64);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByText('Drop to open')).toBeVisible();
  await expect(page.getByText(/a pcap or pcapng capture/)).toBeVisible();
  const before = await wb.captureVersion();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  expect(await wb.waitForLoad(before)).toBe('loaded');
  expect(await wb.fact('File')).toBe('dropped.pcapng');
  const expected = readFileSync('fixtures/pcap/lo.pcapng.csv', 'utf8').split('\n').filter(Boolean).length - 1;
  expect(await wb.fact('Rows')).toBe(expected.toLocaleString('en-US'));
});

test('frames cut by the snapshot length load, and the summary counts them with their frame numbers', async ({
  page,
}) => {
  const wb = await Workbench.open(page);
  await wb.loadFile('fixtures/pcap/lo-snaplen60.pcap');
  expect(await wb.fact('Rows')).toBe('42');
  const report = await wb.readTable('Capture file');
  expect(report.slice(0, 2)).toEqual([
    ['Format', 'pcap'],
    ['Frames', '42'],
  ]);
  expect(report).toContainEqual(['frames cut by the snapshot length: dissected as far as captured', '42']);
  const problems = await wb.readTable('Capture problems');
  expect(problems[0]).toEqual(['frame 1', 'snaplen-cut', '60 of 74 bytes captured']);
  expect(problems.length).toBe(20); // the first 20 of the kind are listed
  // Dissected as far as captured: the IP and TCP headers fit in 60 bytes, so their fields are there.
  expect(await applyFilter(page, 'tcp.port == 18080')).toMatch(/^[1-9][\d,]* of 42 packets match/);
});

test('a pcapng block of an unknown type is skipped and counted, with its offset', async ({ page }, info) => {
  const lo = readFileSync('fixtures/pcap/lo.pcapng');
  // Little-endian blocks: section header, then interface description; the unknown block goes after them.
  const shb = lo.readUInt32LE(4);
  const at = shb + lo.readUInt32LE(shb + 4);
  const unknown = Buffer.alloc(16);
  unknown.writeUInt32LE(0x0badf00d, 0); // no registered block type
  unknown.writeUInt32LE(16, 4);
  unknown.writeUInt32LE(16, 12);
  const file = info.outputPath('unknown-block.pcapng');
  writeFileSync(file, Buffer.concat([lo.subarray(0, at), unknown, lo.subarray(at)]));
  const wb = await Workbench.open(page);
  await wb.loadFile(file);
  expect(await wb.fact('Rows')).toBe('42');
  expect(await wb.readTable('Capture file')).toContainEqual(['block of an unknown type skipped', '1']);
  const problems = await wb.readTable('Capture problems');
  expect(problems[0].slice(0, 2)).toEqual([`byte ${at.toLocaleString('en-US')}`, 'unknown-block']);
});
