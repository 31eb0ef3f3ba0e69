import { describe, expect, it } from 'vitest';
import { corpusIndexFromJson } from '../../src/core/variants/benign-corpus.ts';
import { parseSensorArgs } from './sensor-args.ts';

const base = ['--model', 'm.zip', '--csv', 'x.csv'];

describe('the sensor command line: the alert rules', () => {
  it("defaults to spread views and the bundle's own vote; takes the early vote, a score floor and the old combination", () => {
    const d = parseSensorArgs(base);
    expect(d.ok && [d.args.combine, d.args.voteMin, d.args.voteMinScore]).toEqual(['spread', null, null]);
    const o = parseSensorArgs([...base, '--combine', 'any', '--vote-min', '3', '--vote-min-score=0.9']);
    expect(o.ok && [o.args.combine, o.args.voteMin, o.args.voteMinScore]).toEqual(['any', 3, 0.9]);
  });

  it.each([
    [['--combine', 'all'], /--combine takes spread or any \(got "all"\)/],
    [['--vote-min', '0'], /--vote-min must be a whole number >= 1/],
    [['--vote-min-score', '1.5'], /--vote-min-score must be in \[0, 1\]/],
  ])('refuses %j with a message that says what is wrong', (extra, message) => {
    const r = parseSensorArgs([...base, ...extra]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('the benign corpus index', () => {
  it('reads kinds with their file and whether training uses them', () => {
    expect(corpusIndexFromJson({ kinds: [{ name: 'a', file: 'a.csv.gz', trained: true, what: 'x' }] }).kinds).toEqual([
      { name: 'a', file: 'a.csv.gz', trained: true, what: 'x' },
    ]);
  });

  it.each([
    [{}, /"kinds" list/],
    [
      { kinds: [{ name: 'a', file: '../etc/passwd', trained: true }] },
      /kinds\[0\]\.file must be a file name beside the index/,
    ],
    [{ kinds: [{ name: 'a', file: 'a.csv', trained: 'yes' }] }, /kinds\[0\]\.trained must be true or false/],
  ])('refuses %j, naming the entry', (json, message) => {
    expect(() => corpusIndexFromJson(json)).toThrow(message);
  });
});

describe('train and evaluate: the corpus and the combination', () => {
  it("trains on the project's corpus unless told otherwise, and refuses both at once", async () => {
    const { parseTrainArgs } = await import('./run-train.ts');
    const { DEFAULT_BENIGN_CORPUS } = await import('./benign-corpus.ts');
    const need = ['--data', 'd.csv', '--label-column', 'attack', '--out', 'm.zip'];
    const at = (argv: string[]): string | null | undefined => {
      const p = parseTrainArgs(argv);
      return p.kind === 'run' ? p.args.benignCorpus : undefined;
    };
    expect(at(need)).toBe(DEFAULT_BENIGN_CORPUS);
    expect(at([...need, '--no-benign-corpus'])).toBeNull();
    expect(at([...need, '--benign-corpus', '/x'])).toBe('/x');
    expect(parseTrainArgs([...need, '--no-benign-corpus', '--benign-corpus', '/x'])).toEqual({
      kind: 'usage',
      message: 'give either --benign-corpus or --no-benign-corpus',
    });
  });

  it('evaluate refuses an unknown combination before reading anything', async () => {
    const { runEvaluate } = await import('./run-evaluate.ts');
    const r = await runEvaluate(['--model', 'm.zip', '--data', 'd.csv', '--combine', 'all']);
    expect(r.exitCode).toBe(2);
    expect(r.errors[0]).toBe('evaluate: --combine takes spread or any (got "all")');
  });
});
