/** `npm run evaluate -- --model MODEL.zip --data FILE [--label-column NAME] [--episodes FILE]`: see lib/run-evaluate.ts. */
import { runCli } from './lib/cli-process.ts';
import { runEvaluate } from './lib/run-evaluate.ts';

await runCli('evaluate', () => runEvaluate(process.argv.slice(2), (line) => process.stderr.write(`${line}\n`)));
