/**
 * A fault the tests switch on (through the page's test hook) to make one panel throw while it renders, so
 * they can check that its boundary catches it and the other panels carry on. Renders nothing otherwise.
 */
import type { ReactNode } from 'react';
import { create } from 'zustand';

const usePanelFaults = create<{ readonly failing: ReadonlySet<string> }>(() => ({ failing: new Set<string>() }));

export function setPanelFault(panel: string, on: boolean): void {
  const failing = new Set(usePanelFaults.getState().failing);
  if (on) failing.add(panel);
  else failing.delete(panel);
  usePanelFaults.setState({ failing });
}

export function PanelFault({ panel }: { panel: string }): ReactNode {
  if (usePanelFaults((s) => s.failing.has(panel))) throw new Error(`a test made the ${panel} panel fail`);
  return null;
}
