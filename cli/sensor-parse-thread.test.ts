/**
 * The sensor parses on a thread of its own (cli/lib/parse-thread.ts) unless --single-thread: both must write
 * the very same records and say the same of bad input (a malformed line, a cut capture, not a capture at
 * all). Small batches, so that many batches are parsed ahead while others are windowed.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSensor } from './lib/sensor-run.ts';
import { defaultModel } from './test-support/default-model.ts';

const SLICE_CSV = 'fixtures/capture/lab-a-slice.csv';
const SLICE_PCAP = 'fixtures/capture/lab-a-slice.pcapng';

interface Run {
  readonly code: number;
  readonly records: string;
  /** What it said of the input on stderr (skipped lines, notes, failures). */
  readonly said: string[];
  readonly stats: Record<string, unknown>;
}

describe('the sensor with its parse thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-parse-thread-'));
  let model = '';

  beforeAll(async () => {
    model = await defaultModel();
  }, 1_800_000);

  const run = async (args: string[]): Promise<Run> => {
    const out = join(dir, `r${Math.random().toString(36).slice(2)}.jsonl`);
    let err = '';
    const io = {
      stdout: () => {},
      stderr: (t: string) => {
        err += t;
      },
    };
    const code = await runSensor(['--model', model, ...args, '--out', out], io);
    const lines = err.split('\n');
    const statsLine = lines.filter((l) => l.startsWith('{"event":"stats"')).pop() ?? '{}';
    const stats = JSON.parse(statsLine) as Record<string, unknown>;
    const said = lines.filter((l) => l.startsWith('sensor: ') && !l.startsWith('sensor: model '));
    return { code, records: existsSync(out) ? readFileSync(out, 'utf8') : '', said, stats };
  };

  const both = async (args: string[]): Promise<{ threaded: Run; single: Run }> => {
    const threaded = await run(args);
    const single = await run([...args, '--single-thread']);
    const where = threaded.stats.stage_threads;
    if (availableParallelism() > 1) expect(where).toMatchObject({ parse: 'parse', classify: 'classifier' });
    expect(single.stats.stage_threads).toMatchObject({ parse: 'main', classify: 'main' });
    return { threaded, single };
  };

  it('writes the records --single-thread writes from a CSV, and lists the same malformed lines', async () => {
    const lines = readFileSync(SLICE_CSV, 'utf8').split('\n');
    const csv = join(dir, 'slice-bad.csv');
    // A line with too few fields early, another late (in a later batch), and a last line cut short.
    const last = lines[lines.length - 2];
    const bad = [
      ...lines.slice(0, 101),
      'not,a,packet',
      ...lines.slice(101, 3000),
      '1,2,3',
      ...lines.slice(3000, -1),
      last.slice(0, 40),
    ];
    writeFileSync(csv, bad.join('\n'));
    const { threaded, single } = await both(['--csv', csv, '--batch-kb', '64']);
    expect(threaded.code, threaded.said.join('\n')).toBe(0);
    expect(threaded.records.split('\n').filter(Boolean).length).toBeGreaterThan(5);
    expect(threaded.records).toBe(single.records);
    expect(threaded.said).toEqual(single.said);
    expect(threaded.said).toContain('sensor: skipped line 102: wrong number of fields');
    expect(threaded.stats.malformed_lines).toBe(3);
    expect(threaded.stats.packets).toBe(single.stats.packets);
  }, 120_000);

  it('writes the records --single-thread writes from a capture, whole and cut short', async () => {
    const { threaded, single } = await both(['--pcap', SLICE_PCAP, '--batch-kb', '64']);
    expect(threaded.code, threaded.said.join('\n')).toBe(0);
    expect(threaded.records.split('\n').filter(Boolean).length).toBeGreaterThan(5);
    expect(threaded.records).toBe(single.records);
    const cut = join(dir, 'cut.pcapng');
    writeFileSync(cut, readFileSync(SLICE_PCAP).subarray(0, 500_000));
    const cutRuns = await both(['--pcap', cut, '--batch-kb', '64']);
    expect(cutRuns.threaded.code).toBe(0);
    expect(cutRuns.threaded.records).toBe(cutRuns.single.records);
    expect(cutRuns.threaded.said).toEqual(cutRuns.single.said);
    expect(cutRuns.threaded.said.join('\n')).toMatch(/cut\.pcapng: .*the frames before it are loaded \(byte [\d,]+\)/);
  }, 120_000);

  it('says where a file is not a capture, as --single-thread does', async () => {
    const notCapture = join(dir, 'not-a-capture.pcap');
    writeFileSync(notCapture, 'frame.number\n1\n');
    const { threaded, single } = await both(['--pcap', notCapture]);
    expect(threaded.code).toBe(1);
    expect(threaded.said).toEqual(single.said);
    const why = `sensor: ${notCapture}: Not a pcap or pcapng capture (unknown magic number). (byte 0)`;
    expect(threaded.said).toContain(why);
  }, 60_000);
});
