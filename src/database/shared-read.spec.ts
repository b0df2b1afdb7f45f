import { sharedRead } from './shared-read';

/** A read whose answers the test hands out one by one, in the order the reads started. */
function controlledRead() {
  const pending: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  let started = 0;
  const read = () =>
    new Promise<number>((resolve, reject) => {
      started++;
      pending.push({ resolve, reject });
    });
  const settle = async (outcome: number | Error) => {
    const reading = pending.shift()!;
    if (outcome instanceof Error) reading.reject(outcome);
    else reading.resolve(outcome);
    // Let the promise reactions run (the queued read starts in one of them).
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { read, settle, started: () => started };
}

describe('sharedRead', () => {
  it('answers a call made while a read runs with a read that starts after it, shared by all such calls', async () => {
    const c = controlledRead();
    const shared = sharedRead(c.read);
    const first = shared();
    expect(c.started()).toBe(1);
    // Asked while the first read runs: it may already be too old for them.
    const second = shared();
    const third = shared();
    expect(c.started()).toBe(1);
    await c.settle(1);
    await expect(first).resolves.toBe(1);
    expect(c.started()).toBe(2);
    // Asked while the second read runs: not its answer either.
    const fourth = shared();
    await c.settle(2);
    await expect(second).resolves.toBe(2);
    await expect(third).resolves.toBe(2);
    expect(c.started()).toBe(3);
    await c.settle(3);
    await expect(fourth).resolves.toBe(3);
  });

  it('reads once per call when the calls do not overlap', async () => {
    const c = controlledRead();
    const shared = sharedRead(c.read);
    for (let n = 1; n <= 3; n++) {
      const call = shared();
      expect(c.started()).toBe(n);
      await c.settle(n * 10);
      await expect(call).resolves.toBe(n * 10);
    }
  });

  it('hands a failed read to its own callers only, and still starts the read queued after it', async () => {
    const c = controlledRead();
    const shared = sharedRead(c.read);
    const failing = shared();
    const queued = shared();
    await c.settle(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    expect(c.started()).toBe(2);
    await c.settle(7);
    await expect(queued).resolves.toBe(7);
  });
});
