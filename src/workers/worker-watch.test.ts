import { describe, expect, it, vi } from 'vitest';
import { FakeLocks, FakeWorker } from './fake-worker.ts';
import { SILENT_END, watchWorker } from './worker-watch.ts';

function setup() {
  const fake = new FakeWorker();
  const locks = new FakeLocks();
  const onDeath = vi.fn();
  const onGone = vi.fn();
  const own = vi.fn();
  const watch = watchWorker(fake.asWorker(), onDeath, { locks, onGone });
  fake.onmessage = (ev) => own(ev.data);
  return { fake, locks, onDeath, onGone, own, watch };
}

describe('watchWorker', () => {
  it('an uncaught error is a death, reported once, and the worker is ended', () => {
    const s = setup();
    s.fake.reply({ type: 'worker.alive', lock: 'L' });
    s.fake.fail('Uncaught RangeError: Array buffer allocation failed');
    s.fake.fail('Uncaught Error: again');
    s.locks.release('L');
    expect(s.onDeath.mock.calls).toEqual([['Uncaught RangeError: Array buffer allocation failed']]);
    expect(s.fake.terminated).toBe(true);
    expect(s.onGone).toHaveBeenCalledTimes(1);
  });

  it('says a worker could not start when its script failed to load (an error event with no message)', () => {
    const s = setup();
    s.fake.fail();
    expect(s.onDeath).toHaveBeenCalledWith(expect.stringMatching(/could not start/));
  });

  it('a message that cannot be read is a death', () => {
    const s = setup();
    s.fake.dispatchEvent(new Event('messageerror'));
    expect(s.onDeath).toHaveBeenCalledWith('a message from it could not be read');
  });

  it('a fatal signal is a death; signals never reach the owner, its own messages do', () => {
    const s = setup();
    s.fake.reply({ type: 'engine.filtered', requestId: 1 });
    s.fake.reply({ type: 'worker.alive', lock: 'L' });
    s.fake.reply({ type: 'worker.fatal', message: 'it could not start: TypeError: x' });
    expect(s.own.mock.calls).toEqual([[{ type: 'engine.filtered', requestId: 1 }]]);
    expect(s.onDeath).toHaveBeenCalledWith('it could not start: TypeError: x');
    expect(s.locks.isQueued('L')).toBe(false);
  });

  it('an end without a word is seen when the life lock comes free', () => {
    const s = setup();
    expect(s.watch.seesSilentEnd()).toBe(false);
    s.fake.reply({ type: 'worker.alive', lock: 'L' });
    expect(s.watch.seesSilentEnd()).toBe(true);
    s.locks.release('L');
    expect(s.onDeath).toHaveBeenCalledWith(SILENT_END);
  });

  it('the page ending its worker is no death', () => {
    const s = setup();
    s.fake.reply({ type: 'worker.alive', lock: 'L' });
    s.fake.asWorker().terminate();
    s.locks.release('L');
    s.fake.fail('Uncaught Error: late');
    expect(s.fake.terminated).toBe(true);
    expect(s.onDeath).not.toHaveBeenCalled();
    expect(s.onGone).toHaveBeenCalledTimes(1);
  });

  it("kill() ends the worker behind the watch's back, as the browser would", () => {
    const s = setup();
    s.fake.reply({ type: 'worker.alive', lock: 'L' });
    s.watch.kill();
    expect(s.fake.terminated).toBe(true);
    expect(s.onDeath).not.toHaveBeenCalled();
    s.locks.release('L');
    expect(s.onDeath).toHaveBeenCalledWith(SILENT_END);
  });
});
