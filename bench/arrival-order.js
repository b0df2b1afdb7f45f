#!/usr/bin/env node
/* global performance, __filename */
/**
 * `npm run bench:arrival`: what the order of handling does to the waits, apart from the app. A
 * bare Fastify server in a process of its own, whose one route keeps the core busy for a fixed
 * time (as a search that misses the page cache does), is measured as the benchmark measures the
 * searches: autocannon, 10 keep-alive connections. Once as Fastify takes requests by itself, once
 * with the app's arrival order (src/common/http/arrival-order.ts). Every request costs the same
 * here, so a spread between the median and the 95th percentile comes from the order alone. Not a
 * test.
 */
const { fork } = require('node:child_process');
const { join } = require('node:path');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Milliseconds of work a request; 1.7 is about what a search at 100,000 entries took here. */
const WORK_MS = (process.env.ARRIVAL_WORK_MS ?? '1,1.7').split(',').map(Number);

/** The server's side: `arrival-order.js serve MS ORDER` listens and sends its port to the parent. */
async function serve(workMs, inArrivalOrder) {
  const Fastify = require('fastify');
  const { registerArrivalOrder } = require(
    join(__dirname, '..', 'dist', 'src', 'common', 'http', 'arrival-order'),
  );
  const body = 'x'.repeat(60_000);
  const app = Fastify();
  if (inArrivalOrder) registerArrivalOrder(app);
  app.get('/work', (_request, reply) => {
    const until = performance.now() + workMs;
    while (performance.now() < until);
    return reply.type('text/html').send(body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send(app.server.address().port);
}

async function measureServer(workMs, inArrivalOrder) {
  const { measure } = require('./run');
  const child = fork(__filename, ['serve', String(workMs), inArrivalOrder ? 'arrival' : 'own']);
  try {
    const port = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`the server stopped (${code})`)));
    });
    const url = `http://127.0.0.1:${port}`;
    await measure(url, ['/work'], 1);
    return await measure(url, ['/work'], SECONDS);
  } finally {
    child.kill();
  }
}

async function main() {
  console.log(`${SECONDS} s each, 10 connections; latencies in ms`);
  for (const workMs of WORK_MS) {
    for (const inArrivalOrder of [false, true]) {
      const r = await measureServer(workMs, inArrivalOrder);
      const order = inArrivalOrder ? 'arrival order' : "Fastify's own order";
      console.log(
        `${`${workMs} ms a request, ${order}`.padEnd(40)} ${String(r.rps).padStart(5)} req/s  ` +
          `p50 ${r.p50}  p95 ${r.p95}  p99 ${r.p99}  p95/p50 ${(r.p95 / r.p50).toFixed(2)}`,
      );
    }
  }
}

const done = (error) => {
  console.error(error);
  process.exit(1);
};
if (process.argv[2] === 'serve')
  serve(Number(process.argv[3]), process.argv[4] === 'arrival').catch(done);
else main().catch(done);
