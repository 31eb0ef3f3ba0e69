/**
 * `npm run train`: a bundle of views (those of --views, by default pair, src and dst), or with --key the
 * single model of one view, the bundle format older sensors read. Decided from the parsed command line, so
 * `--key=src` and `--views=dst` mean what `--key src` and `--views dst` do.
 */
import type { CliOutcome } from './report-json.ts';
import { notRun, parseTrainArgs, trainOneView } from './run-train.ts';
import { trainViewsOf } from './run-train-views.ts';

type Log = (line: string) => void;

export async function runTrainCommand(argv: readonly string[], log: Log = () => {}): Promise<CliOutcome> {
  const parsed = parseTrainArgs(argv);
  if (parsed.kind !== 'run') return notRun(parsed);
  return parsed.args.keyGiven ? trainOneView(parsed.args, log) : trainViewsOf(parsed.args, log);
}
