/**
 * Every CLI's command line through the one parser (cli-args.ts): `--opt=value` means what `--opt value`
 * means, an unknown option or a stray argument is refused with a message that names it and the usage
 * (exit 2), and parseArgs' own wording is put plainly.
 */
import { describe, expect, it } from 'vitest';
import { argsErrorWords, parseCliArgs } from './cli-args.ts';
import { parseConvertArgs, runConvert } from './convert-capture.ts';
import { runEvaluate } from './run-evaluate.ts';
import { parseQueryArgs, runQuery } from './run-query.ts';
import { parseTrainArgs } from './run-train.ts';
import { parseSensorArgs } from './sensor-args.ts';
import { runSensor } from './sensor-run.ts';
import { runTrainCommand } from './train-command.ts';

const TRAIN = ['--data', 'd.csv', '--label-column', 'attack', '--out', 'm.zip'];

/** argv with every `--opt value` pair written `--opt=value`. */
function withEquals(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (argv[i].startsWith('--') && next !== undefined && !next.startsWith('--')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

describe('the shared parser', () => {
  const options = {
    data: { type: 'string', short: 'd' },
    help: { type: 'boolean' },
    f: { type: 'string', multiple: true },
  } as const;

  it.each([
    [['--data'], '--data needs a value'],
    [['-d'], '--data needs a value'],
    [['--data', '--help'], '--data needs a value (one that starts with a dash: --data=VALUE)'],
    [['--help=yes'], '--help takes no value'],
    [['--bogus', 'x'], 'unknown option --bogus'],
    [['stray'], 'unexpected argument "stray" (each value follows its option: --opt VALUE or --opt=VALUE)'],
  ])('refuses %j: %s', (argv, words) => {
    expect(parseCliArgs(argv, options)).toEqual({ ok: false, error: words });
  });

  it('takes --opt=value, a value that starts with a dash that way, and - (stdin) as a value', () => {
    const values = { data: 'x.csv', f: ['a', 'b'] };
    expect(parseCliArgs(['--data=x.csv', '-f', 'a', '--f=b'], options)).toEqual({ ok: true, values });
    expect(parseCliArgs(['--data=-x'], options)).toEqual({ ok: true, values: { data: '-x' } });
    expect(parseCliArgs(['--data', '-'], options)).toEqual({ ok: true, values: { data: '-' } });
  });

  it('keeps the message of an error it does not know', () => {
    expect(argsErrorWords(new Error('something else'))).toBe('something else');
  });
});

describe('--opt=value is --opt value in every CLI', () => {
  it.each([
    ['query', parseQueryArgs, ['--data', 'x.csv', '--filter', 'tcp', '--filter', 'udp']],
    ['convert', parseConvertArgs, ['--data', 'x.pcap', '--out', 'x.csv', '--tz', 'UTC']],
    ['sensor', parseSensorArgs, ['--model', 'm.zip', '--pcap', '-', '--vote-k', '3', '--combine', 'any', '--out', 'a']],
    ['train (views)', parseTrainArgs, [...TRAIN, '--views', 'dst', '--layout', 'shared', '--epochs', '3']],
    ['train (one view)', parseTrainArgs, [...TRAIN, '--key', 'src', '--size', '6']],
  ] as const)('%s', (_, parse, argv) => {
    const spaced = (parse as (a: string[]) => unknown)([...argv]);
    expect(spaced).not.toHaveProperty('error');
    expect(spaced).not.toMatchObject({ kind: 'usage' });
    expect((parse as (a: string[]) => unknown)(withEquals(argv))).toEqual(spaced);
  });

  it('train: --key=src trains the one view, --views=dst the views given', () => {
    const what = (argv: string[]): unknown => {
      const p = parseTrainArgs([...TRAIN, ...argv]);
      if (p.kind !== 'run') return p;
      return { key: p.args.keyGiven ? p.args.key : null, views: p.args.views.map((v) => v.name) };
    };
    expect(what(['--key=src'])).toMatchObject({ key: 'src' });
    expect(what(['--views=dst'])).toEqual({ key: null, views: ['dst'] });
    expect(what([])).toEqual({ key: null, views: ['pair', 'src', 'dst'] });
    expect(what(['--key=src', '--views=dst'])).toEqual({ kind: 'usage', message: 'give either --views or --key' });
    expect(what(['--views=dst', '--views=src'])).toEqual({ kind: 'usage', message: '--views is given twice' });
  });

  it('evaluate: --combine=all is refused as --combine all is', async () => {
    const spaced = await runEvaluate(['--model', 'm.zip', '--data', 'd.csv', '--combine', 'all']);
    expect(await runEvaluate(['--model=m.zip', '--data=d.csv', '--combine=all'])).toEqual(spaced);
    expect(spaced.exitCode).toBe(2);
  });
});

describe('an unknown option, in every CLI: its name, the usage, exit 2', () => {
  const sensor = async (argv: string[]): Promise<{ errors: string[]; exitCode: number }> => {
    let err = '';
    const exitCode = await runSensor(argv, {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
    });
    return { errors: err.split('\n'), exitCode };
  };
  it.each([
    ['query', () => runQuery(['--data', 'x.csv', '--filter', 'tcp', '--bogus'])],
    ['convert', () => runConvert(['--data', 'x.pcap', '--out', 'x.csv', '--bogus'])],
    ['sensor', () => sensor(['--model', 'm.zip', '--csv', 'x.csv', '--bogus'])],
    ['evaluate', () => runEvaluate(['--model', 'm.zip', '--data', 'x.csv', '--bogus'])],
    ['train', () => runTrainCommand(['--data', 'x.csv', '--label-column', 'a', '--out', 'm.zip', '--bogus'])],
  ] as const)('%s', async (cli, run) => {
    const r = await run();
    expect(r.exitCode).toBe(2);
    expect(r.errors[0]).toBe(`${cli}: unknown option --bogus`);
    expect(r.errors.join('\n')).toMatch(new RegExp(`usage: npm run ${cli} --`));
  });
});
