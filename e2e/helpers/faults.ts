/**
 * Faults made through the page's test hook (src/ui/test-hook.ts): workers ended as a crash would end them,
 * and a panel made to throw while it renders.
 */
import { expect, type Page } from '@playwright/test';

type WorkerKind = 'engine' | 'train' | 'reader' | 'ingest';
/** 'kill': ended with no word, as the browser ends a worker; 'throw': an uncaught error; 'exit': self.close(). */
type CrashHow = 'kill' | 'throw' | 'exit';

interface FaultHook {
  crashWorkers(kind: WorkerKind, how: CrashHow): number;
  armWorkerCrash(kind: WorkerKind, how: Exclude<CrashHow, 'kill'>): void;
  failPanel(name: string, on: boolean): void;
}
/** Workbench.open waits for the hook, so it is there. */
type HookWindow = Window & { __nids: FaultHook };

/** Crashes the one live worker of `kind`, waiting until the page could see it end if it is to be killed. */
export async function crashWorker(page: Page, kind: WorkerKind, how: CrashHow): Promise<void> {
  const crash = (): Promise<number> =>
    page.evaluate(([k, h]) => (window as unknown as HookWindow).__nids.crashWorkers(k, h), [kind, how] as const);
  await expect.poll(crash, { message: `a live ${kind} worker to crash` }).toBe(1);
}

/** The next worker of `kind` crashes as it starts. */
export async function armWorkerCrash(page: Page, kind: WorkerKind, how: Exclude<CrashHow, 'kill'>): Promise<void> {
  await page.evaluate(([k, h]) => (window as unknown as HookWindow).__nids.armWorkerCrash(k, h), [kind, how] as const);
}

export async function failPanel(page: Page, name: string, on: boolean): Promise<void> {
  await page.evaluate(([n, o]) => (window as unknown as HookWindow).__nids.failPanel(n, o), [name, on] as const);
}
