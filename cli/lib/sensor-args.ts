/** The command line of `npm run sensor`, checked into options (or a usage error). */
import { DEFAULT_VIEW_COMBINE, VIEW_COMBINES, type ViewCombine } from '../../src/core/detect/view-combine.ts';
import { DEFAULT_MIN_SCORE } from '../../src/core/detect/vote.ts';
import { availableParallelism } from 'node:os';
import { SENSOR_DEFAULTS } from '../../src/core/sensor/sensor.ts';
import { parseCliArgs } from './cli-args.ts';

export const SENSOR_USAGE = `usage: npm run sensor -- --model MODEL.zip (--csv FILE|- | --pcap FILE|- | --live IFACE) [options]

Classifies windows of packets per group with a model bundle and writes alerts as Suricata EVE JSON lines
(an "alert" record when a group's vote fires, a "flow" record with flow.alerted when it has been quiet).
A stats line (JSON) goes to stderr at the end and on SIGUSR1; SIGINT/SIGTERM stop cleanly, closing alerts.

  --model FILE            the model bundle (.zip)
  --csv FILE|-            a tshark CSV (header line first; plain or .gz), or - for stdin
  --pcap FILE|-           a capture (pcap or pcapng, plain or .gz), or - for stdin (tcpdump -w - | ...),
                          read by the workbench's own dissector
  --live IFACE            capture on an interface: dumpcap -w - (or tcpdump) into the workbench's dissector
  --out FILE              write records here (default stdout)
  --vote-k K              predictions per group that vote (default: the bundle's)
  --vote-threshold T      fires when malicious share > T (default: the bundle's)
  --vote-min N            predictions a group needs before it may fire (default: K, a full vote)
  --vote-min-score X      the vote's score (its class's mean probability over the K windows) it needs
                          to fire (default ${DEFAULT_MIN_SCORE})
  --combine RULE          spread: the pair view votes on everything, the source and destination views
                          only on traffic spread over many pairs (a random-source flood, a sweep);
                          any: every view on everything (default ${DEFAULT_VIEW_COMBINE})
  --quiet-s S             an alert closes after S seconds without firing (default ${SENSOR_DEFAULTS.quietS})
  --max-groups N          groups tracked at most, all views together; least recently seen evicted
                          first (default 32000: ~190 bytes for a group's first packet, ~2 KB with a ring)
  --stride S              classify every S-th window of each group (default ${SENSOR_DEFAULTS.stride}, as evaluation
                          measures it; 1: every window; the vote spans K·S packets)
  --idle-s S              groups idle this long are forgotten (default ${SENSOR_DEFAULTS.idleS})
  --batch-kb KB           input bytes per batch before it is classified (default 1024)
  --classifier-threads N  classify on N threads (default: one per core beyond the first; the
                          views of a batch, and the next batch, are classified side by side)
  --single-thread         parse and classify on the main thread (default: each on threads of their
                          own, so one batch is classified while the next is parsed)
  --capture-tool PATH     what --live captures with: dumpcap or tcpdump (default: dumpcap on PATH, else
                          tcpdump)
  -h, --help              this text

Exit status: 0 finished (also when stdout's reader has gone, as with | head); 1 input, model, capture,
writing the records or a thread failed; 2 the command line is wrong.`;

export const DEFAULT_MAX_GROUPS = SENSOR_DEFAULTS.maxGroups;

export type SensorInput =
  | { readonly kind: 'csv'; readonly path: string }
  | { readonly kind: 'pcap'; readonly path: string }
  | { readonly kind: 'live'; readonly iface: string };

export interface SensorArgs {
  readonly model: string;
  readonly input: SensorInput;
  readonly out: string | null;
  readonly voteK: number | null;
  readonly voteThreshold: number | null;
  readonly voteMin: number | null;
  readonly voteMinScore: number | null;
  readonly combine: ViewCombine;
  readonly quietS: number;
  readonly maxGroups: number;
  readonly stride: number;
  readonly idleS: number;
  readonly batchBytes: number;
  readonly singleThread: boolean;
  /** Classifier threads (unless singleThread). */
  readonly classifierThreads: number;
  /** What --live captures with (null: dumpcap, else tcpdump, whichever is on PATH). */
  readonly captureTool: string | null;
}

export type ParsedSensorArgs =
  | { readonly ok: true; readonly args: SensorArgs }
  | { readonly ok: false; readonly help: boolean; readonly error: string };

export function parseSensorArgs(argv: readonly string[]): ParsedSensorArgs {
  const parsed = parseCliArgs(argv, {
    model: { type: 'string' },
    csv: { type: 'string' },
    pcap: { type: 'string' },
    live: { type: 'string' },
    out: { type: 'string' },
    'vote-k': { type: 'string' },
    'vote-threshold': { type: 'string' },
    'vote-min': { type: 'string' },
    'vote-min-score': { type: 'string' },
    combine: { type: 'string' },
    'quiet-s': { type: 'string' },
    'max-groups': { type: 'string' },
    stride: { type: 'string' },
    'idle-s': { type: 'string' },
    'batch-kb': { type: 'string' },
    'capture-tool': { type: 'string' },
    'single-thread': { type: 'boolean' },
    'classifier-threads': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) return { ok: false, help: false, error: parsed.error };
  const v: Record<string, string | boolean | undefined> = parsed.values;
  if (v.help) return { ok: false, help: true, error: '' };
  const fail = (error: string): ParsedSensorArgs => ({ ok: false, help: false, error });
  if (typeof v.model !== 'string') return fail('give --model');
  const inputs: SensorInput[] = [];
  if (typeof v.csv === 'string') inputs.push({ kind: 'csv', path: v.csv });
  if (typeof v.pcap === 'string') inputs.push({ kind: 'pcap', path: v.pcap });
  if (typeof v.live === 'string') inputs.push({ kind: 'live', iface: v.live });
  if (inputs.length !== 1) return fail('give exactly one of --csv, --pcap, --live');
  const num = (name: string, def: number | null, ok: (x: number) => boolean, what: string): number | null | string => {
    const raw = v[name];
    if (typeof raw !== 'string') return def;
    const x = Number(raw);
    return raw.trim() !== '' && ok(x) ? x : `--${name} must be ${what} (got ${JSON.stringify(raw)})`;
  };
  const voteK = num('vote-k', null, (x) => Number.isInteger(x) && x >= 1, 'a whole number >= 1');
  const voteThreshold = num('vote-threshold', null, (x) => x >= 0 && x < 1, 'in [0, 1)');
  const voteMin = num('vote-min', null, (x) => Number.isInteger(x) && x >= 1, 'a whole number >= 1');
  const voteMinScore = num('vote-min-score', null, (x) => x >= 0 && x <= 1, 'in [0, 1]');
  const quietS = num('quiet-s', SENSOR_DEFAULTS.quietS, (x) => x >= 0, 'a number of seconds >= 0');
  const maxGroups = num('max-groups', DEFAULT_MAX_GROUPS, (x) => Number.isInteger(x) && x >= 1, 'a whole number >= 1');
  const stride = num(
    'stride',
    SENSOR_DEFAULTS.stride,
    (x) => Number.isInteger(x) && x >= 1 && x <= 1000,
    'a whole number from 1 to 1000',
  );
  const idleS = num('idle-s', SENSOR_DEFAULTS.idleS, (x) => x > 0, 'a number of seconds > 0');
  const batchKb = num('batch-kb', 1024, (x) => x > 0, 'a number > 0');
  const classifierThreads = num(
    'classifier-threads',
    Math.max(1, availableParallelism() - 1),
    (x) => Number.isInteger(x) && x >= 1 && x <= 64,
    'a whole number from 1 to 64',
  );
  for (const x of [
    voteK,
    voteThreshold,
    voteMin,
    voteMinScore,
    quietS,
    maxGroups,
    stride,
    idleS,
    batchKb,
    classifierThreads,
  ])
    if (typeof x === 'string') return fail(x);
  const combine = v.combine ?? DEFAULT_VIEW_COMBINE;
  if (!VIEW_COMBINES.includes(combine as ViewCombine))
    return fail(`--combine takes ${VIEW_COMBINES.join(' or ')} (got ${JSON.stringify(combine)})`);
  return {
    ok: true,
    args: {
      model: v.model,
      input: inputs[0],
      out: typeof v.out === 'string' ? v.out : null,
      voteK: voteK as number | null,
      voteThreshold: voteThreshold as number | null,
      voteMin: voteMin as number | null,
      voteMinScore: voteMinScore as number | null,
      combine: combine as ViewCombine,
      quietS: quietS as number,
      maxGroups: maxGroups as number,
      stride: stride as number,
      idleS: idleS as number,
      batchBytes: Math.round((batchKb as number) * 1024),
      singleThread: v['single-thread'] === true,
      classifierThreads: classifierThreads as number,
      captureTool: typeof v['capture-tool'] === 'string' ? v['capture-tool'] : null,
    },
  };
}
