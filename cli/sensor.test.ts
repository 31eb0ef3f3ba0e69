/**
 * The sensor end to end on lab-a: a model trained here (few epochs), the CSV run through the CLI's logic,
 * every record checked against the project's EVE schema (written to agree with Suricata's), each
 * attack episode looked for among the alerts; and a clean stop on SIGTERM with stdin still open.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { validate, type Schema } from '../src/core/sensor/json-schema.ts';
import { runSensor } from './lib/sensor-run.ts';

const DATA = 'public/samples/lab-a/packets.csv.gz';
const ours = JSON.parse(readFileSync('schemas/eve-alert.schema.json', 'utf8')) as Schema;
const lab = JSON.parse(readFileSync('public/samples/lab-a/episodes.json', 'utf8')) as {
  attacker: { ip: string; mac: string };
  grace_s: number;
  episodes: { id: number; tool: string; variant: string; start: number; end: number }[];
};

interface Rec { timestamp: string; event_type: string; src_ip?: string; dest_ip?: string; alert: { signature: string; metadata: Record<string, string[]> }; flow?: { reason: string } }

const parse = (text: string): Rec[] => text.split('\n').filter((l) => l.startsWith('{') && !l.includes('"event":"stats"')).map((l) => JSON.parse(l) as Rec);
const secondsOf = (ts: string): number => Date.parse(ts.replace(/\.(\d{3})\d*\+0000$/, '.$1Z'));

describe('the sensor CLI on lab-a', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-sensor-'));
  const model = join(dir, 'model.zip');

  beforeAll(() => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/train.ts', '--data', DATA, '--label-column', 'attack', '--out', model, '--epochs', '2'], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`training failed: ${r.stderr.slice(-2000)}`);
  }, 130_000);

  it('alerts on lab-a\'s attack episodes, every record valid EVE', async () => {
    const out = join(dir, 'alerts.jsonl');
    let err = '';
    const code = await runSensor(['--model', model, '--csv', DATA, '--out', out], { stdout: () => {}, stderr: (t) => { err += t; } });
    expect(code, err).toBe(0);
    const records = parse(readFileSync(out, 'utf8'));
    for (const r of records) expect(validate(ours, r), JSON.stringify(r)).toEqual([]);
    const stats = JSON.parse(err.split('\n').filter((l) => l.includes('"event":"stats"')).pop() ?? '{}') as Record<string, number>;
    expect(stats.packets).toBe(238_398);
    expect(stats.malformed_lines).toBe(0);
    const alerts = records.filter((r) => r.event_type === 'alert');
    const attacker = [lab.attacker.ip, lab.attacker.mac];
    const found = lab.episodes.map((e) => {
      const hit = alerts.find((a) => {
        const t = secondsOf(a.timestamp) / 1000;
        return t >= e.start && t <= e.end + lab.grace_s + 5 && (attacker.includes(a.src_ip ?? '') || attacker.includes(a.dest_ip ?? ''));
      });
      return { id: e.id, tool: e.tool, variant: e.variant, alerted: hit !== undefined, as: hit?.alert.metadata.model_class[0] ?? null };
    });
    console.log(`episodes: ${JSON.stringify(found)}; stats: ${JSON.stringify(stats)}`);
    for (const f of found.filter((x) => x.tool === 'hping3' || x.tool === 'nmap')) expect(f.alerted, JSON.stringify(f)).toBe(true);
    expect(records.filter((r) => r.event_type === 'flow').length).toBe(alerts.length);
  }, 120_000);

  it('on SIGTERM with stdin open, closes its alerts and prints stats', async () => {
    // The first ~35 s of lab-a: the capture's first episode (an hping3 SYN flood) is in it.
    const text = gunzipSync(readFileSync(DATA)).toString('utf8');
    const lines = text.split('\n');
    const part = `${lines.slice(0, 100).join('\n')}\nnot,a,packet\n${lines.slice(100, 60_000).join('\n')}\n`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/sensor.ts', '--model', model, '--csv', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdin.on('error', () => {}); // the sensor stops reading on SIGTERM: what is still unsent meets a closed pipe
    child.stdin.write(part);
    const end = Date.now() + 60_000;
    while (Date.now() < end && !parse(stdout).some((r) => r.event_type === 'alert')) await new Promise((r) => setTimeout(r, 200));
    expect(parse(stdout).some((r) => r.event_type === 'alert'), stderr).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const records = parse(stdout);
    const closing = records.filter((r) => r.event_type === 'flow');
    expect(closing.length).toBe(records.filter((r) => r.event_type === 'alert').length);
    expect(closing.some((r) => r.flow?.reason === 'shutdown')).toBe(true);
    for (const r of records) expect(validate(ours, r)).toEqual([]);
    const stats = JSON.parse(stderr.split('\n').filter((l) => l.includes('"event":"stats"')).pop() ?? '{}') as Record<string, number>;
    expect(stats.malformed_lines).toBe(1);
    expect(stderr).toMatch(/skipped line 101: wrong number of fields/);
  }, 90_000);

  it('reads a gzip-compressed CSV from stdin (told by its first bytes)', async () => {
    const text = gunzipSync(readFileSync(DATA)).toString('utf8');
    const part = `${text.split('\n').slice(0, 5001).join('\n')}\n`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/sensor.ts', '--model', model, '--csv', '-', '--out', join(dir, 'gz.jsonl')], { input: gzipSync(part), encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const stats = JSON.parse(r.stderr.split('\n').filter((l) => l.includes('"event":"stats"')).pop() ?? '{}') as Record<string, number>;
    expect(stats.packets).toBe(5000);
    expect(stats.malformed_lines).toBe(0);
  }, 70_000);

  it('reads a capture file with its own dissector: the same records as from its tshark CSV; a cut capture says where', async () => {
    const run = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
      const out = join(dir, `r${Math.random().toString(36).slice(2)}.jsonl`);
      let err = '';
      const code = await runSensor(['--model', model, ...args, '--out', out, '--single-thread'], { stdout: () => {}, stderr: (t) => { err += t; } });
      return { code, out: existsSync(out) ? readFileSync(out, 'utf8') : '', err };
    };
    const fromPcap = await run(['--pcap', 'fixtures/capture/lab-a-slice.pcapng']);
    const fromCsv = await run(['--csv', 'fixtures/capture/lab-a-slice.csv']);
    expect(fromPcap.code, fromPcap.err).toBe(0);
    expect(fromPcap.out.length).toBeGreaterThan(0);
    expect(fromPcap.out).toBe(fromCsv.out);
    const cut = join(dir, 'cut.pcapng');
    writeFileSync(cut, readFileSync('fixtures/capture/lab-a-slice.pcapng').subarray(0, 500_000));
    const partial = await run(['--pcap', cut]);
    expect(partial.code, partial.err).toBe(0);
    expect(partial.err).toMatch(/cut\.pcapng: .*the frames before it are loaded \(byte [\d,]+\)/);
  }, 60_000);
});
