/** `npm run train -- --data FILE --label-column NAME --out MODEL.zip [--views pair,src,dst]`: see lib/run-train.ts, lib/run-train-views.ts. */
import { runTrain } from './lib/run-train.ts';
import { runTrainViews, wantsViews } from './lib/run-train-views.ts';

const argv = process.argv.slice(2);
const log = (line: string): void => { process.stderr.write(`${line}\n`); };
const outcome = wantsViews(argv) ? await runTrainViews(argv, log) : await runTrain(argv, log);
for (const line of outcome.lines) process.stdout.write(`${line}\n`);
for (const line of outcome.errors) process.stderr.write(`${line}\n`);
process.exitCode = outcome.exitCode;
