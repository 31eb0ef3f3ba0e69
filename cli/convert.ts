/**
 * `npm run convert -- --data capture.pcapng[.gz] --out packets.csv [--tz ZONE]`: a capture to the users'
 * CSV layout, as tshark would export it. All the logic is in lib/convert-capture.ts.
 */
import { runCli } from './lib/cli-process.ts';
import { runConvert } from './lib/convert-capture.ts';

await runCli('convert', () => runConvert(process.argv.slice(2)));
