/**
 * Makes a random-source flood from a real one (issue 8): cuts a time range out of a labelled lab capture,
 * gives every attacker packet in it a random source address (src/core/variants/rand-source.ts: checksums
 * recomputed, replies readdressed, MACs kept), and exports the result with tshark in the users' CSV layout
 * with the lab's ground truth appended (attack/alert by the lab's own rule, from its episodes.json).
 *
 *   npx tsx scripts/make-rand-source.ts --capture capture.pcapng[.gz] --episodes episodes.json \
 *     --from EPOCH_S --to EPOCH_S --out OUT (writes OUT.pcapng and OUT.csv.gz) [--seed 1] [--shift-s S]
 *
 * --shift-s moves the result S seconds later (labels follow), so it can be appended to the lab's own capture.
 *
 * Needs editcap and tshark (Debian's tshark package). fixtures/rand-source/README.md says how the committed
 * fixture was made.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { splitTsharkLine } from '../cli/lib/convert-compare.ts';
import { USERS_FIELDS } from '../src/core/ingest/pcap/users-layout.ts';
import { ipv4Number, randomiseSources, shiftTimes } from '../src/core/variants/rand-source.ts';

interface Episode {
  readonly tool: string;
  readonly start: number;
  readonly end: number;
}
interface Lab {
  readonly attacker: { readonly ip: string; readonly mac: string };
  readonly grace_s: number;
  readonly episodes: readonly Episode[];
}

const { values: v } = parseArgs({
  options: {
    capture: { type: 'string' },
    episodes: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    'shift-s': { type: 'string' },
  },
});
if (!v.capture || !v.episodes || !v.from || !v.to || !v.out) {
  console.error(
    'usage: npx tsx scripts/make-rand-source.ts --capture C --episodes E --from S --to S --out OUT [--seed N]',
  );
  process.exit(2);
}
const lab = JSON.parse(readFileSync(v.episodes, 'utf8')) as Lab;
const from = Number(v.from),
  to = Number(v.to);
const dir = mkdtempSync(join(tmpdir(), 'rand-source-'));
let bytes = readFileSync(v.capture);
if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
writeFileSync(join(dir, 'in.pcapng'), bytes);

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return r.stdout;
};
const iso = (s: number): string => new Date(s * 1000).toISOString().replace('T', ' ').replace('Z', '');
run('editcap', ['-A', iso(from), '-B', iso(to), join(dir, 'in.pcapng'), join(dir, 'cut.pcapng')], {
  ...process.env,
  TZ: 'UTC',
});

const cut = new Uint8Array(readFileSync(join(dir, 'cut.pcapng')));
const { bytes: made, report } = randomiseSources(cut, {
  attacker: ipv4Number(lab.attacker.ip),
  fromUs: from * 1e6,
  toUs: to * 1e6,
  seed: Number(v.seed ?? 1),
});
const shift = Number(v['shift-s'] ?? '0');
if (shift) shiftTimes(made, shift);
writeFileSync(`${v.out}.pcapng`, made);

const fields: readonly string[] = USERS_FIELDS;
const csv = run(
  'tshark',
  [
    '-r',
    `${v.out}.pcapng`,
    '-T',
    'fields',
    '-E',
    'header=y',
    '-E',
    'separator=,',
    '-E',
    'quote=d',
    '-E',
    'occurrence=f',
    ...fields.flatMap((f) => ['-e', f]),
  ],
  { ...process.env, TZ: 'America/New_York' },
);
const lines = csv.split('\n').filter((l) => l.length > 0);
const col = (name: string): number => fields.indexOf(name);
const [iTime, iSrc, iDst, iEthSrc, iEthDst] = [
  col('frame.time_epoch'),
  col('ip.src'),
  col('ip.dst'),
  col('eth.src'),
  col('eth.dst'),
];
const out: string[] = [`${lines[0]},alert,attack`];
const counts = new Map<string, number>();
for (const line of lines.slice(1)) {
  const cells = splitTsharkLine(line);
  const t = Number(cells[iTime]);
  const touches =
    [cells[iSrc], cells[iDst]].includes(lab.attacker.ip) || [cells[iEthSrc], cells[iEthDst]].includes(lab.attacker.mac);
  const ep = touches ? lab.episodes.find((e) => t - shift >= e.start && t - shift <= e.end + lab.grace_s) : undefined;
  const attack = ep ? ep.tool : 'benign';
  counts.set(attack, (counts.get(attack) ?? 0) + 1);
  out.push(`${line},"${attack === 'benign' ? 'benign' : 'suspicious'}","${attack}"`);
}
writeFileSync(`${v.out}.csv.gz`, gzipSync(`${out.join('\n')}\n`, { level: 9 }));
console.log(JSON.stringify({ ...report, shiftS: shift, rows: out.length - 1, labels: Object.fromEntries(counts) }));
