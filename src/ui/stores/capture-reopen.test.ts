/** After the engine worker dies: the store says why until a load succeeds, and reopens the capture from its source. */
import { describe, expect, it } from 'vitest';
import type { LoadSummary } from '../../core/ingest/load-report.ts';
import type { PacketTable } from '../../core/table/packet-table.ts';
import { IngestError, type IngestResult } from '../../workers/ingest-types.ts';
import { createCaptureStore, SAMPLE_NAME } from './capture-store.ts';

/** A pipeline whose loads the test settles by hand, recording what each was given. */
function setup() {
  const jobs: { file: Blob; name: string; resolve: (r: IngestResult) => void; reject: (e: unknown) => void }[] = [];
  const adopted: number[] = [];
  let fetches = 0;
  const sample = new Blob(['sample']);
  const store = createCaptureStore({
    startIngest: (file, name) => {
      const result = new Promise<IngestResult>((resolve, reject) => jobs.push({ file, name, resolve, reject }));
      return { result, cancel: () => undefined };
    },
    fetchSample: () => {
      fetches++;
      return Promise.resolve(sample);
    },
    adoptTable: (_table, version) => adopted.push(version),
  });
  return { store, jobs, adopted, sample, fetches: () => fetches };
}

const result = (fileName: string): IngestResult => ({
  table: { rowCount: 1 } as PacketTable,
  summary: { fileName, rows: 1 } as LoadSummary,
});
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('capture store after the engine stops', () => {
  it('reopens the same File, and forgets the stop once the capture is back in the engine', async () => {
    const s = setup();
    const file = new Blob(['a,b']);
    s.store.getState().openFile(file, 'a.csv');
    s.jobs[0].resolve(result('a.csv'));
    await flush();

    s.store.getState().engineStopped('Uncaught RangeError: Array buffer allocation failed');
    expect(s.store.getState().engineStop).toBe('Uncaught RangeError: Array buffer allocation failed');
    s.store.getState().reopenCapture();
    expect(s.jobs[1].file).toBe(file);
    expect(s.store.getState().load).toMatchObject({ status: 'loading', fileName: 'a.csv' });
    expect(s.store.getState().engineStop).not.toBeNull();

    s.jobs[1].resolve(result('a.csv'));
    await flush();
    expect(s.adopted).toEqual([1, 2]);
    expect(s.store.getState()).toMatchObject({ engineStop: null, capture: { version: 2 }, load: { status: 'idle' } });
  });

  it('reopens the sample by fetching it again', async () => {
    const s = setup();
    s.store.getState().openSample();
    await flush();
    s.jobs[0].resolve(result(SAMPLE_NAME));
    await flush();
    s.store.getState().engineStopped('gone');
    s.store.getState().reopenCapture();
    await flush();
    expect(s.fetches()).toBe(2);
    expect(s.jobs[1]).toMatchObject({ file: s.sample, name: SAMPLE_NAME });
  });

  it('a failed reopen keeps the capture and the stop, so the user can try again', async () => {
    const s = setup();
    s.store.getState().openFile(new Blob(['x']), 'a.csv');
    s.jobs[0].resolve(result('a.csv'));
    await flush();
    const before = s.store.getState().capture;
    s.store.getState().engineStopped('gone');
    s.store.getState().reopenCapture();
    s.jobs[1].reject(new IngestError('The file could not be read.'));
    await flush();
    expect(s.store.getState()).toMatchObject({ capture: before, engineStop: 'gone', load: { status: 'error' } });
  });

  it('reopens the capture that is open, not a later load that failed', async () => {
    const s = setup();
    const good = new Blob(['good']);
    s.store.getState().openFile(good, 'good.csv');
    s.jobs[0].resolve(result('good.csv'));
    await flush();
    s.store.getState().openFile(new Blob(['bad']), 'bad.csv');
    s.jobs[1].reject(new IngestError('The file is empty.'));
    await flush();
    s.store.getState().reopenCapture();
    expect(s.jobs[2]).toMatchObject({ file: good, name: 'good.csv' });
  });

  it('has nothing to reopen before a capture is open', () => {
    const s = setup();
    s.store.getState().engineStopped('it could not start');
    s.store.getState().reopenCapture();
    expect(s.jobs).toHaveLength(0);
    expect(s.store.getState().engineStop).toBe('it could not start');
  });
});
