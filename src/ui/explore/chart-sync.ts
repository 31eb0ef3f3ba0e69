/**
 * Brings the chart's series back when a capture opens (found by its content fingerprint, which the labels
 * sync asks the engine for) and saves every change after that. The series otherwise stay as they were, so
 * a capture without a saved chart starts with the questions asked of the last one.
 */
import { useEffect } from 'react';
import { useLabels } from '../labels/labels-store.ts';
import { loadChartSetup, saveChartSetup } from './chart-storage.ts';
import { useChart } from './chart-store.ts';

export function useChartSync(): void {
  const fingerprint = useLabels((s) => s.fingerprint);
  useEffect(() => {
    if (!fingerprint) return;
    const saved = loadChartSetup(fingerprint);
    if (saved) useChart.getState().restore(saved);
    const save = (): void => {
      const { series, bin, followFilter } = useChart.getState();
      saveChartSetup(fingerprint, { series, bin, followFilter });
    };
    save();
    return useChart.subscribe(save);
  }, [fingerprint]);
}
