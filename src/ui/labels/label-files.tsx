/**
 * Labels leave and enter as files: the rules as JSON (to version them, share them, or keep them when the
 * browser cannot store), and the labelled capture as CSV, the original columns plus `label`. The CSV comes
 * from the engine in pieces that become Blob parts: a 3M-row export never exists as one string.
 */
import { useRef, useState, type ReactNode } from 'react';
import { rulesToJson, type RulesImport } from '../../core/labels/rules-json.ts';
import { useEngine } from '../explore/engine-context.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { useLabels } from './labels-store.ts';

type Note = { readonly kind: 'ok' | 'error'; readonly text: string } | null;

export function LabelFiles(): ReactNode {
  const engine = useEngine();
  const summary = useCapture()?.summary;
  const state = useLabels((s) => s.history[s.index]);
  const fingerprint = useLabels((s) => s.fingerprint);
  const commit = useLabels((s) => s.commit);
  const [note, setNote] = useState<Note>(null);
  const [exporting, setExporting] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const base = (summary?.fileName ?? 'capture').replace(/^.*\//, '').replace(/\.csv(\.gz)?$/i, '');

  const exportRules = (): void => {
    const json = rulesToJson(state, {
      fileName: summary?.fileName ?? '',
      fingerprint: fingerprint ?? '',
      rows: summary?.rows ?? 0,
    });
    download(new Blob([json], { type: 'application/json' }), `${base}.labels.json`);
  };

  const importRules = async (file: File): Promise<void> => {
    let result: RulesImport;
    try {
      result = await engine.importRules(await file.text());
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      setNote({ kind: 'error', text: `${file.name}: ${why}. Your labels are unchanged.` });
      return;
    }
    if (!result.ok) {
      setNote({ kind: 'error', text: `${file.name}: ${result.message}. Your labels are unchanged.` });
      return;
    }
    commit(result.state);
    setNote({
      kind: 'ok',
      text: `Imported ${result.state.rules.length} rules from ${file.name}${result.warnings.length ? ` (${result.warnings.join('; ')})` : ''}.`,
    });
  };

  const exportCsv = async (): Promise<void> => {
    setExporting(true);
    const parts: Uint8Array[] = [];
    try {
      await engine.exportCsv((bytes) => parts.push(bytes));
      download(new Blob(parts as BlobPart[], { type: 'text/csv' }), `${base}.labelled.csv`);
      setNote(null);
    } catch (e) {
      setNote({ kind: 'error', text: `Export failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="label-files">
      <button type="button" onClick={exportRules}>
        Export rules (JSON)
      </button>
      <button type="button" onClick={() => input.current?.click()}>
        Import rules…
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        aria-label="Import rules file"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void importRules(f);
        }}
      />
      <button type="button" onClick={() => void exportCsv()} disabled={exporting}>
        {exporting ? 'Exporting…' : 'Export labelled CSV'}
      </button>
      {note && (
        <span
          role={note.kind === 'error' ? 'alert' : 'status'}
          className={note.kind === 'error' ? 'filter-error' : 'muted'}
        >
          {note.text}
        </span>
      )}
    </div>
  );
}

function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
