/**
 * Keeps the step bar's current step in step with the page: on scroll, on resize, and when panels change
 * height (training grows the Model panel without any scrolling). The rule itself is currentStep (steps.ts).
 */
import { useEffect, type RefObject } from 'react';
import { currentStep, STEPS, type StepBox } from './steps.ts';
import { stepElements, useSteps } from './step-store.ts';

/** Below the sticky bar by this much: a panel scrolled to the top lands 8 px under it (scroll-padding-top). */
const LINE_BELOW_BAR = 24;

function measure(bar: HTMLElement | null): void {
  const boxes: StepBox[] = [];
  for (const s of STEPS) {
    const els = stepElements(s.id);
    if (els.length === 0) continue;
    const rects = els.map((e) => e.getBoundingClientRect());
    boxes.push({
      id: s.id,
      top: Math.min(...rects.map((r) => r.top)),
      bottom: Math.max(...rects.map((r) => r.bottom)),
    });
  }
  const root = document.documentElement;
  const view = {
    line: (bar?.getBoundingClientRect().bottom ?? 0) + LINE_BELOW_BAR,
    height: window.innerHeight,
    atBottom: window.scrollY + window.innerHeight >= root.scrollHeight - 2,
  };
  const { chosen, current } = useSteps.getState();
  const next = currentStep(boxes, view, chosen);
  if (next !== current) useSteps.setState({ current: next });
}

/** Runs the spy while `active`; `bar` is the sticky header and step bar, whose bottom the line sits under. */
export function useStepSpy(bar: RefObject<HTMLElement | null>, main: RefObject<HTMLElement | null>, active: boolean) {
  useEffect(() => {
    if (!active) return;
    let frame = 0;
    const update = (): void => {
      if (frame === 0)
        frame = requestAnimationFrame(() => {
          frame = 0;
          measure(bar.current);
        });
    };
    update();
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    const resized = new ResizeObserver(update);
    if (main.current) resized.observe(main.current);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
      resized.disconnect();
    };
  }, [bar, main, active]);
}
