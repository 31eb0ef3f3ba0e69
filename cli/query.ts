/**
 * `npm run query -- --data FILE --filter EXPR [--filter EXPR ...]`: the workbench's display-filter engine
 * from the command line, for scripts. All the logic is in lib/run-query.ts.
 */
import { runQuery } from './lib/run-query.ts';

const outcome = await runQuery(process.argv.slice(2));
for (const line of outcome.lines) process.stdout.write(`${line}\n`);
for (const line of outcome.errors) process.stderr.write(`${line}\n`);
process.exitCode = outcome.exitCode;
