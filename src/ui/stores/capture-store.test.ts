import { describe, expect, it, vi } from 'vitest';
import type { LoadSummary } from '../../core/ingest/load-report.ts';
import type { PacketTable } from '../../core/table/packet-table.ts';
import { IngestCancelled, IngestError, type IngestProgress, type IngestResult } from '../../workers/ingest-types.ts';
import { createCaptureStore, SAMPLE_NAME } from './capture-store.ts';

/** A fake pipeline: each startIngest call is a job the test settles by hand. */
function fakeIngest() {
  const jobs: {
    name: string;
    progress: (p: IngestProgress) => void;
    cancel: ReturnType<typeof vi.fn>;
    resolve: (r: IngestResult) => void;
    reject: (e: unknown) => void;
  }[] = [];
  const startIngest = (_file: Blob, name: string, progress: (p: IngestProgress) => void) => {
    let resolve!: (r: IngestResult) => void;
    let reject!: (e: unknown) => void;
    const result = new Promise<IngestResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const cancel = vi.fn(() => reject(new IngestCancelled()));
    jobs.push({ name, progress, cancel, resolve, reject });
    return { result, cancel };
  };
  return { jobs, startIngest };
}

const result = (fileName: string, rows: number): IngestResult => ({
  table: { rowCount: rows } as PacketTable,
  summary: { fileName, rows } as LoadSummary,
});
const progress = (bytesRead: number, phase: IngestProgress['phase'] = 'reading'): IngestProgress => ({
  fileName: 'f',
  bytesRead,
  bytesTotal: 100,
  rows: 0,
  elapsedSeconds: 0,
  mbPerSecond: 0,
  secondsLeft: null,
  phase,
});
const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(fetchSample = () => Promise.resolve(new Blob(['x']))) {
  const fake = fakeIngest();
  const store = createCaptureStore({ startIngest: fake.startIngest, fetchSample });
  return { ...fake, store };
}

async function openGood(s: ReturnType<typeof setup>, name = 'a.csv', rows = 10) {
  s.store.getState().openFile(new Blob(['x']), name);
  s.jobs.at(-1)!.resolve(result(name, rows));
  await flush();
}

describe('capture store', () => {
  it('a successful load replaces the capture and bumps the version', async () => {
    const s = setup();
    await openGood(s, 'a.csv');
    expect(s.store.getState().capture?.version).toBe(1);
    await openGood(s, 'b.csv');
    expect(s.store.getState().capture).toMatchObject({ version: 2, summary: { fileName: 'b.csv' } });
    expect(s.store.getState().load).toEqual({ status: 'idle' });
  });

  it('a failed load keeps the open capture and reports the error', async () => {
    const s = setup();
    await openGood(s);
    const before = s.store.getState().capture;
    s.store.getState().openFile(new Blob(['x']), 'bad.csv');
    s.jobs[1].reject(new IngestError('The file is empty.', 'line 1'));
    await flush();
    expect(s.store.getState().capture).toBe(before);
    expect(s.store.getState().load).toEqual({
      status: 'error',
      message: 'The file is empty.',
      where: 'line 1',
      fileName: 'bad.csv',
    });
    s.store.getState().dismissError();
    expect(s.store.getState().load).toEqual({ status: 'idle' });
  });

  it('cancel keeps the open capture and ignores the cancelled load', async () => {
    const s = setup();
    await openGood(s);
    const before = s.store.getState().capture;
    s.store.getState().openFile(new Blob(['x']), 'big.csv');
    s.store.getState().cancelLoad();
    expect(s.jobs[1].cancel).toHaveBeenCalled();
    s.jobs[1].resolve(result('big.csv', 99));
    await flush();
    expect(s.store.getState().capture).toBe(before);
    expect(s.store.getState().load).toEqual({ status: 'idle' });
  });

  it('a new load cancels the running one; only the new one counts', async () => {
    const s = setup();
    s.store.getState().openFile(new Blob(['x']), 'first.csv');
    s.store.getState().openFile(new Blob(['x']), 'second.csv');
    expect(s.jobs[0].cancel).toHaveBeenCalled();
    expect(s.store.getState().load).toMatchObject({ status: 'loading', fileName: 'second.csv' });
    s.jobs[1].resolve(result('second.csv', 2));
    await flush();
    expect(s.store.getState().capture?.summary.fileName).toBe('second.csv');
  });

  it('passes progress on at most once per interval, phase changes at once', async () => {
    vi.useFakeTimers();
    try {
      const s = setup();
      s.store.getState().openFile(new Blob(['x']), 'a.csv');
      const seen: number[] = [];
      s.store.subscribe((st) => {
        if (st.load.status === 'loading' && st.load.progress) seen.push(st.load.progress.bytesRead);
      });
      for (let i = 1; i <= 50; i++) s.jobs[0].progress(progress(i));
      expect(seen).toEqual([1]);
      vi.advanceTimersByTime(100);
      expect(seen).toEqual([1, 50]);
      s.jobs[0].progress(progress(100, 'finishing'));
      expect(seen).toEqual([1, 50, 100]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens the sample under its own name, and reports a failed fetch', async () => {
    const s = setup();
    s.store.getState().openSample();
    expect(s.store.getState().load).toMatchObject({ status: 'loading', fileName: SAMPLE_NAME });
    await flush();
    expect(s.jobs[0].name).toBe(SAMPLE_NAME);

    const f = setup(() => Promise.reject(new Error('HTTP 404')));
    f.store.getState().openSample();
    await flush();
    expect(f.store.getState().load).toMatchObject({ status: 'error', message: 'HTTP 404' });
  });
});
