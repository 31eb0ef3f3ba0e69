/** The fleet's command lines: each role's options, the sensor's where a role takes them, and words for mistakes. */
import { describe, expect, it } from 'vitest';
import { parseFleetArgs } from './fleet-args.ts';

const INPUT = ['--model', 'm.zip', '--pcap', 'c.pcapng'];

describe('fleet command lines', () => {
  it('reads the one-machine fleet with the sensor options and its defaults', () => {
    const p = parseFleetArgs('fleet', [...INPUT, '--workers', '3', '--quiet-s', '5', '--out', 'eve.json']);
    expect(p.ok).toBe(true);
    if (!p.ok || p.command.kind !== 'fleet') return;
    expect(p.command.nodes).toBe(3);
    expect(p.command.workers).toBe(3);
    expect(p.command.shards).toBe(12);
    expect(p.command.backlogBytes).toBe(256 * 2 ** 20);
    expect(p.command.sensor.quietS).toBe(5);
    expect(p.command.sensor.out).toBe('eve.json');
    expect(p.command.killWorkerAt).toBeNull();
  });

  it('reads each role', () => {
    const nats = ['--nats', 'nats://10.0.0.5:4222,nats://10.0.0.6:4222', '--run', 'site1'];
    const c = parseFleetArgs('capture', [...nats, ...INPUT, '--shards', '16', '--backlog-mb=64']);
    expect(
      c.ok && c.command.kind === 'capture' && [c.command.urls.length, c.command.shards, c.command.backlogBytes],
    ).toEqual([2, 16, 64 * 2 ** 20]);
    const w = parseFleetArgs('worker', [...nats, '--model', 'm.zip', '--shards', '0, 2,4', '--name', 'w7']);
    expect(w.ok && w.command.kind === 'worker' && [w.command.shards, w.command.name]).toEqual([[0, 2, 4], 'w7']);
    const a = parseFleetArgs('alerts', ['--run', 'site1', '--out', 'eve.json']);
    expect(a.ok && a.command.kind === 'alerts' && [a.command.urls, a.command.out]).toEqual([
      ['nats://127.0.0.1:4222'],
      'eve.json',
    ]);
  });

  it('says what is wrong', () => {
    const error = (role: Parameters<typeof parseFleetArgs>[0], argv: string[]): string => {
      const p = parseFleetArgs(role, argv);
      return p.ok ? '' : p.error;
    };
    expect(error('worker', ['--model', 'm.zip', '--shards', '0'])).toMatch(/give --run/);
    expect(error('alerts', ['--run', 'a.b'])).toMatch(/--run takes/);
    expect(error('worker', ['--run', 'r', '--model', 'm.zip', '--shards', 'one'])).toMatch(
      /--shards takes shard numbers/,
    );
    expect(error('worker', ['--run', 'r', '--model', 'm.zip'])).toMatch(/give --shards/);
    expect(error('alerts', ['--run', 'r', '--pcap', 'x'])).toMatch(/unknown option --pcap/);
    expect(error('fleet', [...INPUT, '--nodes', '2'])).toMatch(/1 or 3/);
    expect(error('fleet', [...INPUT, '--workers', '1', '--kill-worker-at', '3'])).toMatch(/--workers 2/);
    expect(error('fleet', [...INPUT, '--nodes', '1', '--kill-node-at', '3'])).toMatch(/--nodes 3/);
    expect(error('fleet', ['--model', 'm.zip'])).toMatch(/exactly one of --csv, --pcap, --live/);
    expect(error('capture', ['--run', 'r', ...INPUT, '--nats', 'http://x'])).toMatch(/nats:\/\/HOST:PORT/);
    expect(error('capture', ['--run', 'r', ...INPUT, '--backlog-mb', '0'])).toMatch(/--backlog-mb/);
    expect(parseFleetArgs('fleet', ['--help'])).toEqual({ ok: false, help: true, error: '' });
  });
});
