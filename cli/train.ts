/** `npm run train -- --data FILE --label-column NAME --out MODEL.zip`: see lib/run-train.ts. */
import { runTrain } from './lib/run-train.ts';

const outcome = await runTrain(process.argv.slice(2), (line) => process.stderr.write(`${line}\n`));
for (const line of outcome.lines) process.stdout.write(`${line}\n`);
for (const line of outcome.errors) process.stderr.write(`${line}\n`);
process.exitCode = outcome.exitCode;
