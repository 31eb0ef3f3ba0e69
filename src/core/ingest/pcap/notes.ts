/** Keeps the first few notes of each kind and counts them all. */
import type { CaptureNote, CaptureNoteKind } from './captured-frame.ts';

export const MAX_NOTES_PER_KIND = 20;

export function emptyNoteCounts(): Record<CaptureNoteKind, number> {
  return { truncated: 0, corrupt: 0, 'unknown-block': 0, 'no-timestamp': 0, 'unknown-interface': 0 };
}

export class NoteList {
  readonly notes: CaptureNote[] = [];
  readonly counts = emptyNoteCounts();

  add(kind: CaptureNoteKind, offset: number, detail: string): void {
    if (this.counts[kind]++ < MAX_NOTES_PER_KIND) this.notes.push({ kind, offset, detail });
  }
}
