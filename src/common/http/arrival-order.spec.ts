import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { registerArrivalOrder } from './arrival-order';

/** Which turn of the event loop it is: raised once in every check phase. */
function turnCounter() {
  let turn = 0;
  let timer: NodeJS.Immediate;
  const tick = () => {
    turn++;
    timer = setImmediate(tick);
  };
  tick();
  return { now: () => turn, stop: () => clearImmediate(timer) };
}

describe('registerArrivalOrder', () => {
  let app: FastifyInstance;
  let turns: ReturnType<typeof turnCounter>;
  const started: { n: number; turn: number }[] = [];
  let release: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    app = Fastify();
    // No request waits long enough here to be started early, however busy the machine.
    registerArrivalOrder(app, 60_000);
    app.get('/work/:n', (request) => {
      const n = Number((request.params as { n: string }).n);
      started.push({ n, turn: turns.now() });
      return { n };
    });
    // A request that waits (for the database, say) until a later request has started.
    app.get('/waits', async () => {
      await released;
      return { waited: true };
    });
    app.get('/releases', () => {
      release();
      return { released: true };
    });
    // Answered from an onRequest hook, as the register's page cache answers.
    app.addHook('onRequest', async (request, reply) => {
      if (request.url === '/cached') await reply.send({ cached: true });
    });
    await app.ready();
  });

  beforeEach(() => {
    started.length = 0;
    turns = turnCounter();
  });

  afterEach(() => turns.stop());
  afterAll(() => app.close());

  it('starts at once, in order, the requests that waited too long while a turn was busy', async () => {
    const busy = Fastify();
    // A clock of the test's own: on the machine's, a busy minute (the hypervisor taking the CPU
    // between two requests) made the second request wait too long before the first one's turn.
    let clock = 0;
    registerArrivalOrder(busy, 20, () => clock);
    busy.get('/work/:n', (request) => {
      const n = Number((request.params as { n: string }).n);
      started.push({ n, turn: turns.now() });
      // The first request keeps its turn for longer than the others may wait.
      if (n === 0) clock += 50;
      return { n };
    });
    await busy.ready();
    try {
      await Promise.all([0, 1, 2, 3].map((n) => busy.inject(`/work/${n}`)));
    } finally {
      await busy.close();
    }
    expect(started.map((s) => s.n)).toEqual([0, 1, 2, 3]);
    const [first, ...rest] = started.map((s) => s.turn);
    expect(rest[0]).toBeGreaterThan(first);
    expect(rest).toEqual([rest[0], rest[0], rest[0]]);
  });

  it('starts requests that arrive together one a turn, oldest first', async () => {
    const answers = await Promise.all([0, 1, 2, 3, 4].map((n) => app.inject(`/work/${n}`)));
    expect(answers.map((a) => a.json<{ n: number }>().n)).toEqual([0, 1, 2, 3, 4]);
    expect(started.map((s) => s.n)).toEqual([0, 1, 2, 3, 4]);
    const turnsTaken = started.map((s) => s.turn);
    for (let i = 1; i < turnsTaken.length; i++)
      expect(turnsTaken[i]).toBeGreaterThan(turnsTaken[i - 1]);
  });

  it('lets the next request start while one waits', async () => {
    const waiting = app.inject('/waits');
    const releasing = app.inject('/releases');
    expect((await releasing).json()).toEqual({ released: true });
    expect((await waiting).json()).toEqual({ waited: true });
  });

  it('does not hold up an answer sent before the queue', async () => {
    const work = [5, 6, 7, 8].map((n) => app.inject(`/work/${n}`));
    const cached = await app
      .inject('/cached')
      .then((answer) => ({ answer, startedBefore: started.length }));
    expect(cached.answer.json()).toEqual({ cached: true });
    expect(cached.startedBefore).toBeLessThan(4);
    await Promise.all(work);
    expect(started.map((s) => s.n)).toEqual([5, 6, 7, 8]);
  });
});
