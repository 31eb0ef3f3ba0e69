/**
 * `npm run train -- --data FILE --label-column NAME --out MODEL.zip`: by default one model per view (by host
 * pair, by source, by destination: lib/run-train-views.ts); `--key KEY` trains the single model of one view
 * (lib/run-train.ts), the bundle format older sensors read.
 */
import { runTrain } from './lib/run-train.ts';
import { DEFAULT_VIEWS_ARG, runTrainViews, wantsViews } from './lib/run-train-views.ts';

const argv = process.argv.slice(2);
const log = (line: string): void => { process.stderr.write(`${line}\n`); };
const single = argv.includes('--key') || argv.includes('-h') || argv.includes('--help');
const outcome = wantsViews(argv) ? await runTrainViews(argv, log)
  : single ? await runTrain(argv, log)
    : await runTrainViews([...argv, '--views', DEFAULT_VIEWS_ARG], log);
for (const line of outcome.lines) process.stdout.write(`${line}\n`);
for (const line of outcome.errors) process.stderr.write(`${line}\n`);
process.exitCode = outcome.exitCode;
