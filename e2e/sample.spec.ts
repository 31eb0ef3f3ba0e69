import { expect, test } from '@playwright/test';
import { parseCount, Workbench } from './helpers/workbench.ts';

test('the sample capture loads with its ground-truth counts', async ({ page }) => {
  const wb = await Workbench.open(page);
  await expect(page).toHaveTitle('nids-workbench');
  await expect(page.getByRole('region', { name: 'No capture open' })).toBeVisible();

  await wb.loadSample();

  expect(await wb.fact('File')).toBe('lab-a/packets.csv.gz');
  expect(await wb.fact('Rows')).toBe('238,398');
  expect(await wb.fact('Time field')).toBe('frame.time_epoch');
  expect(await wb.readCounts('attack values')).toEqual({
    benign: 36_212,
    hping3: 191_964,
    hydra: 4_871,
    nmap: 4_595,
    ping: 756,
  });
  expect(await wb.readCounts('alert values')).toEqual({ benign: 36_212, suspicious: 202_186 });

  // 7.9 minutes of capture: 471.5 s from the first frame to the last.
  const duration = await wb.fact('Duration');
  expect(duration).toContain('(7.9 min)');
  expect(parseFloat(duration)).toBeGreaterThan(471);
  expect(parseFloat(duration)).toBeLessThan(473);
  expect(await wb.fact('First packet (UTC)')).toBe('2026-11-22T20:12:33.952647Z');

  // A clean export: nothing skipped, no bad values; every column is a known tshark field but the labels.
  const skipped = await wb.readTable('Skipped lines');
  expect(
    skipped.every((r) => r[1] === '0'),
    JSON.stringify(skipped),
  ).toBe(true);
  const columns = await wb.readTable('Columns');
  expect(columns).toHaveLength(59);
  expect(columns.filter((c) => c[2] === 'no').map((c) => c[0])).toEqual(['alert', 'attack']);
  const protocols = await wb.readCounts('Protocols');
  expect(protocols.eth).toBe(238_398);
  // The victim's interface sees four IP hosts: victim, attacker and the two clients.
  expect(parseCount(await wb.fact('Hosts'))).toBe(4);
  expect(Object.keys(await wb.readCounts('Top hosts')).sort()).toEqual([
    '10.20.30.101',
    '10.20.30.103',
    '10.20.30.110',
    '10.20.30.111',
  ]);

  // The header names the open capture.
  await expect(wb.header).toContainText('lab-a/packets.csv.gz');
});

// The preview server (like many) sends the .csv.gz with Content-Encoding: gzip, so "Open sample capture"
// gets the CSV text; opened from disk, the same file goes through the pipeline's gzip path.
test('the sample .csv.gz opened from disk gives the same counts', async ({ page }) => {
  const wb = await Workbench.open(page);
  await wb.loadFile('public/samples/lab-a/packets.csv.gz');
  expect(await wb.fact('File')).toBe('packets.csv.gz');
  expect(await wb.fact('Size')).toBe('5.8 MB gzip, 78.0 MB of text');
  expect(await wb.fact('Rows')).toBe('238,398');
  expect(await wb.readCounts('attack values')).toEqual({
    benign: 36_212,
    hping3: 191_964,
    hydra: 4_871,
    nmap: 4_595,
    ping: 756,
  });
});
