/**
 * Saves each capture's labelling history in IndexedDB under the capture's fingerprint, so closing the tab,
 * a reload or a browser crash loses nothing. When IndexedDB is missing, blocked or full, the caller is told
 * and keeps working in memory (the user can still export the rules).
 */
import type { LabelState } from '../../core/labels/rules.ts';

const DB = 'nids-workbench';
const STORE = 'labels';

export interface SavedLabels {
  readonly fingerprint: string;
  readonly fileName: string;
  readonly savedAt: number;
  readonly history: readonly LabelState[];
  readonly index: number;
}

export class StorageUnavailable extends Error {}

let db: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  db ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new StorageUnavailable('this browser has no IndexedDB'));
      return;
    }
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(STORE, { keyPath: 'fingerprint' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new StorageUnavailable(req.error?.message ?? 'IndexedDB cannot be opened'));
    req.onblocked = () => reject(new StorageUnavailable('IndexedDB is blocked by another tab'));
  }).catch((e: unknown) => {
    db = null;
    throw e;
  });
  return db;
}

function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return openDb().then(
    (d) =>
      new Promise<T>((resolve, reject) => {
        const tx = d.transaction(STORE, mode);
        const req = act(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(req.result);
        tx.onabort = () => reject(storageError(tx.error));
        tx.onerror = () => reject(storageError(tx.error));
      }),
  );
}

function storageError(e: DOMException | null): Error {
  if (e?.name === 'QuotaExceededError') return new StorageUnavailable('browser storage is full');
  return new StorageUnavailable(e?.message ?? 'IndexedDB failed');
}

export function loadLabels(fingerprint: string): Promise<SavedLabels | null> {
  return run('readonly', (s) => s.get(fingerprint) as IDBRequest<SavedLabels | undefined>).then((v) => v ?? null);
}

export function saveLabels(saved: SavedLabels): Promise<void> {
  return run('readwrite', (s) => s.put(saved)).then(() => undefined);
}
