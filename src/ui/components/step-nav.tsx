/**
 * The step bar under the header: the loop's steps in order, the one being read marked (aria-current), each
 * one click away, with its key sequence shown, and a word on where each step stands (rules made, training,
 * a model to export).
 */
import type { MouseEvent, ReactNode } from 'react';
import { useLabels } from '../labels/labels-store.ts';
import { STEPS, type StepId } from '../steps.ts';
import { goToStep, STEP_ANCHORS, useSteps } from '../step-store.ts';
import { useTrain } from '../train/train-store.ts';

function useStepNotes(): Partial<Record<StepId, string>> {
  const rules = useLabels((s) => s.history[s.index]?.rules.length ?? 0);
  const phase = useTrain((s) => s.phase);
  const ready = useTrain((s) => s.trained !== null || s.imported !== null);
  const training = phase === 'preparing' || phase === 'training' || phase === 'stopping';
  return {
    label: rules > 0 ? `${rules} rule${rules === 1 ? '' : 's'}` : undefined,
    train: training ? 'training…' : phase === 'done' ? 'trained' : phase === 'failed' ? 'failed' : undefined,
    export: ready ? 'ready' : undefined,
  };
}

export function StepNav(): ReactNode {
  const current = useSteps((s) => s.current);
  const notes = useStepNotes();
  const go = (e: MouseEvent, id: StepId): void => {
    e.preventDefault();
    goToStep(id);
  };
  return (
    <nav className="step-nav" aria-label="Steps">
      <ol>
        {STEPS.map((s, i) => (
          <li key={s.id}>
            <a
              href={`#${STEP_ANCHORS[s.id]}`}
              aria-current={current === s.id ? 'step' : undefined}
              title={`${s.what} (keys: g then ${s.key})`}
              onClick={(e) => go(e, s.id)}
            >
              <span className="step-number" aria-hidden="true">
                {i + 1}
              </span>
              {s.name}
              {notes[s.id] && <span className="step-note"> · {notes[s.id]}</span>}
              <span className="step-key" aria-hidden="true">
                g {s.key}
              </span>
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
