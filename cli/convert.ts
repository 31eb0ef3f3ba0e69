/**
 * `npm run convert -- --data capture.pcapng[.gz] --out packets.csv [--tz ZONE]`: a capture to the users'
 * CSV layout, as tshark would export it. All the logic is in lib/convert-capture.ts.
 */
import { runConvert } from './lib/convert-capture.ts';

const outcome = await runConvert(process.argv.slice(2));
for (const line of outcome.lines) process.stdout.write(`${line}\n`);
for (const line of outcome.errors) process.stderr.write(`${line}\n`);
process.exitCode = outcome.exitCode;
