/** The train client when its worker dies: the run ends with why, requests fail, and the next use starts afresh. */
import { describe, expect, it, vi } from 'vitest';
import type { TrainingCopy } from './engine-messages.ts';
import { FakeWorker } from './fake-worker.ts';
import { TrainClient } from './train-client.ts';
import type { TrainOptions } from './train-messages.ts';

const copy = (): TrainingCopy =>
  ({
    table: { rowCount: 0, timeUs: new Float64Array(0), timeNs: new Float64Array(0), columns: [] },
    labels: new Uint8Array(0),
    classNames: [],
    fingerprint: 'f',
  }) as unknown as TrainingCopy;

describe('TrainClient', () => {
  it('a worker death fails the run and every request with why; the next use starts a fresh worker', async () => {
    const workers: { fake: FakeWorker; die: (reason: string) => void }[] = [];
    const client = new TrainClient((onDeath) => {
      const fake = new FakeWorker();
      workers.push({ fake, die: onDeath });
      return fake.asWorker();
    });
    const events = vi.fn();
    const jobId = client.train(copy(), 'a.csv', {} as TrainOptions, 'auto', events);
    const imported = client.importBundle(new Uint8Array(4), 'auto');
    workers[0].die(`it ended without reporting an error`);

    const message = 'The training worker stopped: it ended without reporting an error';
    expect(events).toHaveBeenCalledWith({ type: 'train.failed', jobId, message });
    await expect(imported).rejects.toThrow('The training worker stopped');
    client.stop(jobId);
    expect(workers).toHaveLength(2);
  });

  it('gives a fresh worker the trained and imported models back before it evaluates one', async () => {
    const workers: { fake: FakeWorker; die: (reason: string) => void }[] = [];
    const client = new TrainClient((onDeath) => {
      const fake = new FakeWorker();
      workers.push({ fake, die: onDeath });
      return fake.asWorker();
    });
    const trained = new Uint8Array([1, 2, 3]);
    const jobId = client.train(copy(), 'a.csv', {} as TrainOptions, 'auto', () => {});
    workers[0].fake.reply({ type: 'train.done', jobId, bundle: trained });
    const imported = client.importBundle(new Uint8Array([9, 9]), 'auto');
    workers[0].fake.reply({ type: 'train.imported', requestId: lastRequest(workers[0].fake), ok: true });
    await imported;
    workers[0].die('out of memory');

    const evaluated = client.evaluate(copy(), 'a.csv', 'trained', 'auto');
    const fresh = workers[1].fake;
    const restore = fresh.posted.at(-1) as { type: string; source: string; bytes: Uint8Array };
    expect(restore).toMatchObject({ type: 'train.import', source: 'trained' });
    expect([...restore.bytes]).toEqual([1, 2, 3]);
    fresh.reply({ type: 'train.imported', requestId: lastRequest(fresh), ok: true });
    await vi.waitFor(() => expect(fresh.posted.at(-1)).toMatchObject({ type: 'train.evaluate', source: 'trained' }));
    fresh.reply({ type: 'train.evaluated', requestId: lastRequest(fresh) });
    await evaluated;
    // Held now: a second evaluation asks at once; the imported model is given back only when asked for.
    void client.evaluate(copy(), 'a.csv', 'trained', 'auto');
    expect(fresh.posted.at(-1)).toMatchObject({ type: 'train.evaluate', source: 'trained' });
    void client.evaluate(copy(), 'a.csv', 'imported', 'auto');
    expect(fresh.posted.at(-1)).toMatchObject({ type: 'train.import', source: 'imported' });
    expect([...trained]).toEqual([1, 2, 3]);
  });
});

function lastRequest(w: FakeWorker): number {
  return (w.posted.at(-1) as { requestId: number }).requestId;
}
