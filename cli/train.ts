/**
 * `npm run train -- --data FILE --label-column NAME --out MODEL.zip`: by default one model per view (by host
 * pair, by source, by destination: lib/run-train-views.ts); `--key KEY` trains the single model of one view
 * (lib/run-train.ts), the bundle format older sensors read. The choice is made in lib/train-command.ts.
 */
import { runCli } from './lib/cli-process.ts';
import { runTrainCommand } from './lib/train-command.ts';

await runCli('train', () =>
  runTrainCommand(process.argv.slice(2), (line) => {
    process.stderr.write(`${line}\n`);
  }),
);
