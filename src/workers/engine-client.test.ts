/** The engine client when its worker dies: nothing waits forever, and the next capture starts a fresh worker. */
import { describe, expect, it, vi } from 'vitest';
import type { PacketTable } from '../core/table/packet-table.ts';
import { EngineClient, EngineStopped } from './engine-client.ts';
import type { EngineRequest } from './engine-messages.ts';
import { FakeWorker } from './fake-worker.ts';

function setup() {
  const workers: { fake: FakeWorker; die: (reason: string) => void }[] = [];
  const client = new EngineClient((onDeath) => {
    const fake = new FakeWorker();
    workers.push({ fake, die: onDeath });
    return fake.asWorker();
  });
  return { client, workers };
}

const table: PacketTable = { rowCount: 0, timeUs: new Float64Array(0), timeNs: new Uint16Array(0), columns: [] };
const lastRequest = (fake: FakeWorker): EngineRequest => fake.posted.at(-1) as EngineRequest;

describe('EngineClient', () => {
  it('a death rejects every question waiting, tells the listeners, and later questions fail at once', async () => {
    const { client, workers } = setup();
    const heard = vi.fn();
    client.onStopped(heard);
    client.load(table, 1);
    const filter = client.filter('tcp');
    const chart = client.chart({ series: [], binUs: null, hoverFields: [], range: null });
    const exported = client.exportCsv(() => undefined);
    workers[0].die('Uncaught Error: boom');

    await expect(filter).rejects.toBeInstanceOf(EngineStopped);
    await expect(chart).rejects.toThrow('The analysis engine stopped: Uncaught Error: boom');
    await expect(exported).rejects.toThrow('The analysis engine stopped');
    expect(heard).toHaveBeenCalledWith(expect.objectContaining({ reason: 'Uncaught Error: boom' }));

    const posted = workers[0].fake.posted.length;
    await expect(client.fingerprint()).rejects.toBeInstanceOf(EngineStopped);
    expect(workers[0].fake.posted).toHaveLength(posted);
  });

  it('the next table starts a fresh worker that answers; a late report from the old one is ignored', async () => {
    const { client, workers } = setup();
    const heard = vi.fn();
    client.onStopped(heard);
    workers[0].die('gone');
    client.load(table, 2);
    expect(workers).toHaveLength(2);
    expect(lastRequest(workers[1].fake)).toMatchObject({ type: 'engine.load', version: 2 });

    const filter = client.filter('udp');
    const req = lastRequest(workers[1].fake);
    if (req.type !== 'engine.filter') throw new Error(`asked ${req.type}`);
    const result = { ok: true, rows: 1, total: 2, ms: 0 };
    workers[1].fake.reply({ type: 'engine.filtered', requestId: req.requestId, version: 2, result });
    await expect(filter).resolves.toMatchObject({ ok: true, rows: 1 });

    workers[0].die('late');
    void client.filter('icmp');
    expect(lastRequest(workers[1].fake)).toMatchObject({ type: 'engine.filter', text: 'icmp' });
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it("a failed question is that question's error, not a death", async () => {
    const { client, workers } = setup();
    const filter = client.filter('tcp');
    const req = lastRequest(workers[0].fake);
    if (req.type !== 'engine.filter') throw new Error(`asked ${req.type}`);
    workers[0].fake.reply({ type: 'engine.failed', requestId: req.requestId, message: 'No capture is open' });
    await expect(filter).rejects.toThrow('No capture is open');
    await expect(filter).rejects.not.toBeInstanceOf(EngineStopped);
  });
});
