// npm run bench:queue (also the last section of npm run bench): variant batches on BullMQ workers
// against local threads. N-2 criticality and Monte Carlo years of risk with 1, 2 and 4 worker
// processes on this machine (years per second, per worker and the scaling), per-job costs, Redis
// round trips, and a projection to 100 hosts from those measurements. Writes what it measured to
// out/bench/queue.json for bench/performance-table.ts. Needs Debian's redis-server (a private one
// is started on loopback). RISK_YEARS sets the risk section's years (default 2,000: 10,000 did not
// finish within a session on this shared 2-core machine, five runners in turn).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { redisInstalled, startRedis, stopProcess } from '../test/support/redis.ts';
import { out } from './common.ts';

type Library = typeof import('../src/index.ts');
type Runner = import('../src/index.ts').VariantRunner;
const root = new URL('..', import.meta.url).pathname;
// The bundle (dist/), as users run it; the workers are `chokepoint worker` processes of it too.
const lib = (await import(join(root, 'dist/index.mjs'))) as Library;
// The workers run the bundle this process loaded, never the sources: bin/chokepoint.js would run
// the sources whenever they are newer than the bundle (an edit or a merge mid-run), and answers
// would then differ between the rows of one table.
const bundledCli = `const { main } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist/main.mjs')).href)}); process.exitCode = await main(process.argv.slice(2), { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text), cwd: process.cwd(), interactive: false });`;
// A file, not `node -e`: worker threads inherit the process's exec arguments, and `-e CODE` there
// would make each solve thread run the CLI again instead of its solver.
const workerEntry = join(mkdtempSync(join(tmpdir(), 'chokepoint-bench-queue-')), 'worker.mjs');
writeFileSync(workerEntry, bundledCli);
const cores = availableParallelism();
const years = Number(process.env.RISK_YEARS ?? 2000);
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const s = (value: number) => `${(value / 1000).toFixed(1)} s`;

if (!redisInstalled) {
  console.log('\nQUEUE: skipped (redis-server not found: apt-get install redis-server)');
  process.exit(0);
}

const redis = await startRedis();
const workers: ChildProcess[] = [];
// Whatever happens, the processes this bench started end with it.
process.on('exit', () => {
  for (const child of [...workers, redis.process]) child.kill('SIGKILL');
});
const client = new Redis(lib.queueRedisOptions(redis.url));
/** Redis's own CPU time so far (ms): the one serial resource every host shares. */
const redisCpuMs = async () => {
  const info = await client.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)![1]);
  return (field('used_cpu_sys') + field('used_cpu_user')) * 1000;
};

console.log(`\nQUEUE — BullMQ on Redis ${/redis_version:([\d.]+)/.exec(await client.info('server'))![1]} (loopback), ${cores} cores on this machine, load average ${loadavg()[0]!.toFixed(1)} at the start`);

// Round trip: PING, one at a time.
const pings: number[] = [];
for (let index = 0; index < 2000; index += 1) {
  const start = performance.now();
  await client.ping();
  pings.push(performance.now() - start);
}
const roundTripMs = median(pings);
console.log(`  Redis round trip (PING, median of 2,000): ${(roundTripMs * 1000).toFixed(0)} µs`);

// Per-job cost of the queue itself: empty jobs through a BullMQ worker in this process.
const emptyJob = { wallMs: 0, redisCpuMs: 0 };
const emptyJobs = 2000;
{
  const name = 'chokepoint-bench-empty';
  const queue = new Queue(name, { connection: lib.queueRedisOptions(redis.url) });
  const cpuBefore = await redisCpuMs();
  const start = performance.now();
  await queue.addBulk(Array.from({ length: emptyJobs }, (_, index) => ({ name: 'empty', data: { index }, opts: { removeOnComplete: true } })));
  let done = 0;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const worker = new Worker(
    name,
    async () => {
      done += 1;
      if (done === emptyJobs) allDone();
    },
    { connection: { ...lib.queueRedisOptions(redis.url), maxRetriesPerRequest: null }, concurrency: 1 },
  );
  await finished;
  const wall = performance.now() - start;
  const cpu = (await redisCpuMs()) - cpuBefore;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  console.log(`  empty jobs (${emptyJobs.toLocaleString('en-US')}: add, take, lock, complete; one worker): ${ms(wall / emptyJobs)} of wall time and ${ms(cpu / emptyJobs)} of Redis CPU per job`);
  emptyJob.wallMs = wall / emptyJobs;
  emptyJob.redisCpuMs = cpu / emptyJobs;
}

/** A process's CPU time so far (ms), its threads included, from /proc (Linux). */
const processCpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const workersCpuMs = () => workers.reduce((sum, child) => sum + processCpuMs(child.pid!), 0);
async function startWorkers(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const child = spawn(process.execPath, [workerEntry, 'worker', '--queue', redis.url], { stdio: ['ignore', 'ignore', 'pipe'] });
    workers.push(child);
    await new Promise<void>((resolve, reject) => {
      let log = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('chokepoint worker ')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${log}`)));
    });
  }
}
async function stopWorkers(): Promise<void> {
  await Promise.all(workers.splice(0).map((child) => stopProcess(child)));
}

const network = lib.loadNetwork('caspian-crude');
const hazards = lib.loadHazards('caspian-crude');
if (!network.ok || !hazards.ok) throw new Error('caspian-crude does not load');
const base = lib.analysisBase(network.value, { closureDays: 30 });
if (!base.ok) throw new Error('no base');

interface Measured {
  readonly label: string;
  readonly wallMs: number;
  readonly solves: number;
  readonly solveMs: number;
  readonly baselineSolveMs: number;
  readonly jobs: number;
  readonly redisCpuMs: number;
  readonly clientCpuMs: number;
  /** The worker processes' CPU during the analysis (0 for local runners). */
  readonly workersCpuMs: number;
  readonly fingerprint: string;
}

/**
 * What an analysis answered, for comparing runners. N-2 criticality prunes pairs in rounds of 8 per
 * solve lane, so how many pairs it evaluated depends on the lanes (never which pairs it finds).
 */
const fingerprintOf = (answer: unknown) => JSON.stringify(answer).replace(/"evaluated":\d+/g, '"evaluated":…');

/** One analysis on one runner: wall time, Redis CPU, this process's CPU, and what it answered. */
async function measure(label: string, runner: Runner & { stats?: () => { jobs: number } }, work: (runner: Runner) => Promise<{ performance: { solves: number; solveMs: number; baselineSolveMs?: number; wallMs: number } } & Record<string, unknown>>): Promise<Measured> {
  const cpuBefore = await redisCpuMs();
  const workersBefore = workersCpuMs();
  const usage = process.cpuUsage();
  const start = performance.now();
  const report = await work(runner);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(usage);
  const workersUsed = workersCpuMs() - workersBefore;
  await runner.close();
  const { performance: stats, ...answer } = report;
  return { label, wallMs, solves: stats.solves, solveMs: stats.solveMs, baselineSolveMs: stats.baselineSolveMs ?? 0, jobs: runner.stats?.().jobs ?? 0, redisCpuMs: (await redisCpuMs()) - cpuBefore, clientCpuMs: (used.user + used.system) / 1000, workersCpuMs: workersUsed, fingerprint: fingerprintOf(answer) };
}

const jobVariants = 8;
const analyses = {
  'N-2 criticality (worst 20 pairs, D = 30)': async (runner: Runner) => {
    const report = await lib.criticality(base.value, runner, { closureDays: 30, order: 2, topPairs: 20 });
    if ('status' in report) throw new Error(`N-2 criticality on ${runner.workers} lanes: ${report.message}`);
    return report as never;
  },
  [`risk, ${years.toLocaleString('en-US')} years (seed 42)`]: async (runner: Runner) => {
    const report = await lib.simulateRisk(hazards.value, network.value.referencePrice!, runner, { years, seed: 42 });
    if ('status' in report) throw new Error(report.message);
    return report as never;
  },
};

const results: Record<string, Measured[]> = {};
const riskLabel = Object.keys(analyses)[1]!;
/** How many solve lanes a row had: worker processes on the queue, threads locally. */
const lanesOf = (row: Measured) => Number(/(\d+) (worker process|threads)/.exec(row.label)?.[1] ?? 1);
for (const [label, work] of Object.entries(analyses)) {
  const rows: Measured[] = [];
  rows.push(await measure('in process (1 thread)', lib.inProcessRunner(undefined, lib.RISK_SESSIONS), work));
  rows.push(await measure(`local pool (${cores} threads)`, lib.workerRunner({ workers: cores, mainLane: false, sessionsKept: lib.RISK_SESSIONS }), work));
  for (const count of [1, 2, 4]) {
    await startWorkers(count);
    rows.push(await measure(`queue, ${count} worker process${count === 1 ? '' : 'es'}`, lib.queueRunner({ url: redis.url, jobVariants }), work));
    await stopWorkers();
  }
  results[label] = rows;
  const reference = rows[0]!;
  console.log(`\n  ${label}: ${reference.solves.toLocaleString('en-US')} variant solves`);
  console.log('  | where | wall | speed-up vs in process | CPU: this process | CPU: workers | CPU: Redis | jobs | same answer |');
  console.log('  |---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(`  | ${row.label} | ${s(row.wallMs)} | ${(reference.wallMs / row.wallMs).toFixed(2)}× | ${s(row.clientCpuMs)} | ${row.workersCpuMs ? s(row.workersCpuMs) : '–'} | ${ms(row.redisCpuMs)} | ${row.jobs || '–'} | ${row.fingerprint === reference.fingerprint ? 'yes' : 'NO'} |`);
  }
  if (label === riskLabel) {
    // Years a second of wall time, per solve lane, and against one worker process; and by CPU
    // (the workers' CPU per simulated year), which the neighbours on this machine do not inflate.
    const one = rows.find((row) => row.label.startsWith('queue, 1 '))!;
    console.log('  | where | years/s | years/s per worker | scaling vs 1 worker | worker CPU per 1,000 years |');
    console.log('  |---|---|---|---|---|');
    for (const row of rows) {
      const rate = (years * 1000) / row.wallMs;
      const perLane = rate / lanesOf(row);
      const queued = row.label.startsWith('queue');
      console.log(`  | ${row.label} | ${rate.toFixed(1)} | ${perLane.toFixed(1)} | ${queued ? `${(one.wallMs / row.wallMs).toFixed(2)}×` : '–'} | ${queued ? s((row.workersCpuMs * 1000) / years) : '–'} |`);
    }
  }
}

// What 100 hosts would do, from CPU times (wall times on this shared machine measure the
// neighbours too). Each worker pays a fixed cost F (its thread, WebAssembly, the baselines of the
// sessions it opens) and every variant a cost v wherever it is solved: 1 worker spends F + V·v and
// 4 workers 4F + V·v, which gives F and v; 2 workers check the model. This process's own work
// (sampling, planning, adding up) does not spread; Redis, one process, bounds the jobs a second.
const hosts = 100;
const threads = hosts * cores;
console.log(`\n  PROJECTION to ${hosts} hosts of ${cores} cores (a worker process per core: ${threads} solve threads; loopback Redis round trip ${(roundTripMs * 1000).toFixed(0)} µs, a LAN's is typically 100–500 µs)`);
const projections: Record<string, { perVariantMs: number; fixedMs: number; serialMs: number; redisPerJobMs: number; projectedMs: number; oneCoreMs: number; twoWorkersMeasuredMs: number; twoWorkersPredictedMs: number }> = {};
for (const [label, rows] of Object.entries(results)) {
  const [one, two, four] = [1, 2, 4].map((count) => rows.find((row) => row.label.startsWith(`queue, ${count} `))!);
  const variants = one!.solves;
  const fixedMs = Math.max(0, (four!.workersCpuMs - one!.workersCpuMs) / 3);
  const perVariantMs = Math.max(0, (one!.workersCpuMs - fixedMs) / variants);
  const predictedTwo = 2 * fixedMs + variants * perVariantMs;
  const serialMs = one!.clientCpuMs;
  const redisPerJobMs = one!.redisCpuMs / Math.max(1, one!.jobs);
  const redisFloorMs = one!.jobs * redisPerJobMs;
  const roundTrips = 4 * one!.jobs * roundTripMs;
  const spreadMs = fixedMs + (variants * perVariantMs) / threads;
  const projected = serialMs + Math.max(spreadMs, redisFloorMs);
  const onOneCore = serialMs + fixedMs + variants * perVariantMs;
  projections[label] = { perVariantMs, fixedMs, serialMs, redisPerJobMs, projectedMs: projected, oneCoreMs: onOneCore, twoWorkersMeasuredMs: two!.workersCpuMs, twoWorkersPredictedMs: predictedTwo };
  console.log(`  ${label}: ${variants.toLocaleString('en-US')} variants in ${one!.jobs.toLocaleString('en-US')} jobs; per variant ${ms(perVariantMs)} of worker CPU, per worker ${s(fixedMs)} fixed (2 workers: ${s(two!.workersCpuMs)} measured, ${s(predictedTwo)} predicted); per job ${ms(redisPerJobMs)} of Redis CPU; this process ${s(serialMs)}`);
  console.log(`    → ${threads} threads: about ${s(projected)} = this process ${s(serialMs)} + max(fixed ${s(fixedMs)} + variants ${s((variants * perVariantMs) / threads)}, Redis floor ${s(redisFloorMs)}); one core would take ${s(onOneCore)} (${(onOneCore / projected).toFixed(1)}×); Redis saturates near ${Math.round(1000 / Math.max(redisPerJobMs, 1e-3)).toLocaleString('en-US')} jobs/s; round trips (about 4 a job, sequential per worker) ${s(roundTrips / threads)} per thread`);
}

// What was measured, for bench/performance-table.ts (the generated tables of docs/performance.md).
writeFileSync(
  join(out, 'queue.json'),
  `${JSON.stringify(
    {
      redisVersion: /redis_version:([\d.]+)/.exec(await client.info('server'))![1],
      cores,
      roundTripMs,
      emptyJob,
      riskYears: years,
      jobVariants,
      hosts,
      analyses: Object.fromEntries(
        Object.entries(results).map(([label, rows]) => [
          label,
          { risk: label === riskLabel, rows: rows.map(({ fingerprint, ...row }) => ({ ...row, lanes: lanesOf({ ...row, fingerprint }), sameAnswer: fingerprint === rows[0]!.fingerprint })), projection: projections[label] },
        ]),
      ),
    },
    null,
    2,
  )}\n`,
);

await client.quit();
await redis.stop();
