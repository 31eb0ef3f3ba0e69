/**
 * `npm run query -- --data FILE --filter EXPR [--filter EXPR ...]`: the workbench's display-filter engine
 * from the command line, for scripts. All the logic is in lib/run-query.ts.
 */
import { runCli } from './lib/cli-process.ts';
import { runQuery } from './lib/run-query.ts';

await runCli('query', () => runQuery(process.argv.slice(2)));
