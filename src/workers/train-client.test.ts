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
});
