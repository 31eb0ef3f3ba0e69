/** `npm run sensor -- --model MODEL.zip (--csv FILE|- | --pcap FILE | --live IFACE)`: see lib/sensor-run.ts. */
import { runSensor } from './lib/sensor-run.ts';

const code = await runSensor(process.argv.slice(2), {
  stdout: (text) => { process.stdout.write(text); },
  stderr: (text) => { process.stderr.write(text); },
});
// Explicit: a destroyed stdin or tfjs' wasm threads must not keep a finished sensor alive. Waits for stdout to drain.
process.stdout.write('', () => process.exit(code));
