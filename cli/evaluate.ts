/** `npm run evaluate -- --model MODEL.zip --data FILE [--label-column NAME] [--episodes FILE]`: see lib/run-evaluate.ts. */
import { runEvaluate } from './lib/run-evaluate.ts';

const outcome = await runEvaluate(process.argv.slice(2), (line) => process.stderr.write(`${line}\n`));
for (const line of outcome.lines) process.stdout.write(`${line}\n`);
for (const line of outcome.errors) process.stderr.write(`${line}\n`);
process.exitCode = outcome.exitCode;
