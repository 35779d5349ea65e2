import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { riskSchema } from '../src/analysis/analysis-schemas.ts';
import { checkWindows, simulateRisk, statistics } from '../src/analysis/risk.ts';
import { allowedDays, clusterEvents, compressCluster, sampleYear } from '../src/analysis/risk-sampler.ts';
import { inProcessRunner, type VariantBatch, type VariantRunner } from '../src/analysis/variants.ts';
import { loadHazards } from '../src/io/files.ts';
import { renderIssue } from '../src/model/issues.ts';
import { workerRunner } from '../src/node/worker-pool.ts';
import type { HazardSet } from '../src/scenario/hazards.ts';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;

function hazards(reference: string, base = fixtures): HazardSet {
  const set = loadHazards(reference, base);
  if (!set.ok) throw new Error(set.issues.map(renderIssue).join('\n'));
  return set.value;
}

async function simulate(set: HazardSet, runner: VariantRunner, years: number, seed = 7) {
  try {
    const report = await simulateRisk(set, set.price ?? set.network.referencePrice!, runner, { years, seed, chunkYears: 250 });
    if ('status' in report) throw new Error(report.message);
    return report;
  } finally {
    await runner.close();
  }
}

/**
 * An in-process runner whose batches take `delay(call)` ms more (call counts from 1); `failed`
 * calls answer infeasible instead of solving. `seen` is told of each batch and how many run.
 */
function delayedRunner(delay: (call: number) => number, seen: (batch: VariantBatch, running: number) => void, failed: (call: number) => boolean = () => false) {
  const inner = inProcessRunner();
  let running = 0;
  let calls = 0;
  const runner: VariantRunner = {
    workers: 0,
    close: () => inner.close(),
    async run(batch, onProgress) {
      calls += 1;
      const call = calls;
      running += 1;
      seen(batch, running);
      try {
        await new Promise((resolve) => setTimeout(resolve, delay(call)));
        if (failed(call)) return { status: 'infeasible', run: 'scenario', message: 'injected', conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
        return await inner.run(batch, onProgress);
      } finally {
        running -= 1;
      }
    },
  };
  return { runner, calls: () => calls, running: () => running };
}

const strip = (report: Awaited<ReturnType<typeof simulate>>) => ({ ...report, performance: undefined });

describe('risk engine', () => {
  it('matches the closed form: rate × mean duration × daily loss', async () => {
    const set = hazards('tiny-hazards.yaml');
    const report = await simulate(set, inProcessRunner(), 4000);
    // The only route cut: 100 t/d of 600 - 50 lifting - 10 tariff USD/t lost for each day.
    const expected = 0.5 * 5 * 100 * 540;
    const exporters = report.exporters;
    // Overlapping events (rare at this rate) lose their common days once: at most 1 % less.
    expect(exporters.expectedAnnualLossUsd).toBeGreaterThan(expected * 0.99 - 4 * exporters.standardErrorUsd);
    expect(exporters.expectedAnnualLossUsd).toBeLessThan(expected + 4 * exporters.standardErrorUsd);
    expect(report.drivers[0]).toMatchObject({ hazard: 'route-cut', shareOfExpectedLoss: 1 });
    expect(Math.abs(report.drivers[0]!.eventsPerYear - 0.5)).toBeLessThan(0.05);
    // The exporter's budget carries its 40 % of the netback.
    const exporter = report.byActor.find((row) => row.actor === 'exporter')!;
    expect(exporter.expectedAnnualLossUsd).toBeCloseTo(0.4 * exporters.expectedAnnualLossUsd, -2);
    riskSchema.parse(report);
  });

  it('gives identical results for a seed on 1, 2 and 4 threads, and when a worker dies mid-run', { timeout: 120_000 }, async () => {
    const set = hazards('tiny-hazards.yaml');
    const one = await simulate(set, inProcessRunner(), 600);
    const two = await simulate(set, workerRunner({ workers: 2 }), 600);
    const four = await simulate(set, workerRunner({ workers: 4, mainLane: false }), 600);
    const crashed = await simulate(set, workerRunner({ workers: 2, mainLane: false, crashAfterTasks: 1 }), 600);
    expect(strip(two)).toEqual(strip(one));
    expect(strip(four)).toEqual(strip(one));
    expect(strip(crashed)).toEqual(strip(one));
    expect(strip(await simulate(set, inProcessRunner(), 600, 8))).not.toEqual(strip(one));
  });

  it('plans the next chunk while one is solved, asking for each window once, with the same results', async () => {
    const set = hazards('tiny-hazards.yaml');
    const asked: string[] = [];
    let overlapped = 0;
    // Slow batches: the next chunk's are queued before this one's come back.
    const slow = delayedRunner(() => 20, (batch, running) => {
      asked.push(...batch.requests.map((request) => request.key));
      if (running > 1) overlapped += 1;
    });
    const pipelined = await simulateRisk(set, set.price ?? set.network.referencePrice!, slow.runner, { years: 600, seed: 7, chunkYears: 100 });
    await slow.runner.close();
    if ('status' in pipelined) throw new Error(pipelined.message);
    expect(overlapped).toBeGreaterThan(0);
    expect(new Set(asked).size).toBe(asked.length);
    expect(pipelined.performance.solves).toBe(asked.length);
    // However long each chunk takes, the same windows go in the same runs: the same results.
    const quick = inProcessRunner();
    const plain = await simulateRisk(set, set.price ?? set.network.referencePrice!, quick, { years: 600, seed: 7, chunkYears: 100 });
    await quick.close();
    expect({ ...pipelined, performance: undefined }).toEqual({ ...plain, performance: undefined });
  });

  it('returns a failure only once no chunk is being solved', async () => {
    const set = hazards('tiny-hazards.yaml');
    // The first chunk's batch fails while the second chunk's is already queued behind it.
    const failing = delayedRunner((call) => (call === 1 ? 5 : 40), () => undefined, (call) => call === 1);
    const report = await simulateRisk(set, set.price ?? set.network.referencePrice!, failing.runner, { years: 600, seed: 7, chunkYears: 100 });
    expect(failing.calls()).toBeGreaterThan(1);
    expect(failing.running()).toBe(0);
    await failing.runner.close();
    expect(report).toMatchObject({ status: 'infeasible', message: 'injected' });
  });

  it('converges: four times the years halve the standard error', async () => {
    const set = hazards('tiny-hazards.yaml');
    const report = await simulate(set, inProcessRunner(), 4000);
    const at = (years: number) => report.convergence.find((point) => point.years === years)!;
    const ratio = at(4000).standardErrorUsd / at(1000).standardErrorUsd;
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(0.6);
  });

  it('statistics: VaR is the 95th percentile and CVaR the mean beyond it', () => {
    const values = Float64Array.from({ length: 100 }, (_, index) => (index + 1) * 100);
    const stats = statistics(values);
    expect(stats.expectedAnnualLossUsd).toBe(5050);
    expect(stats.var95Usd).toBe(9505);
    expect(stats.cvar95Usd).toBe(9800);
  });

  it('samples seasons and clusters: storms only start in their months, close events are solved together', () => {
    const set = hazards('caspian-crude', process.cwd());
    const starts = set.hazards.map((hazard) => allowedDays(hazard.months));
    const storm = set.hazards.findIndex((hazard) => hazard.id === 'cpc-storm');
    for (let year = 0; year < 200; year += 1) {
      for (const event of sampleYear(set.hazards, starts, 1, year)) if (event.hazard === storm) expect(event.startDay < 90 || event.startDay >= 304).toBe(true);
    }
    const clusters = clusterEvents([{ hazard: 0, startDay: 10, days: 5 }, { hazard: 1, startDay: 20, days: 3 }, { hazard: 2, startDay: 100, days: 2 }], 12);
    expect(clusters.map((cluster) => cluster.events.length)).toEqual([2, 1]);
    expect(clusters[0]!.spanDays).toBe(13);
  });

  it('windows give the same answer as solving whole years (caspian-crude, sampled years)', { timeout: 180_000 }, async () => {
    const set = hazards('caspian-crude', process.cwd());
    const runner = inProcessRunner();
    // Years 1, 8, 10 and 11 hold long events whose steady opening days are cut (daysCut > 0).
    const checks = await checkWindows(set, set.network.referencePrice!, runner, 42, [0, 1, 3, 5, 8, 10, 11]);
    await runner.close();
    if ('status' in checks) throw new Error(checks.message);
    expect(checks.filter((check) => check.daysCut > 0).length).toBeGreaterThanOrEqual(3);
    for (const check of checks) expect(Math.abs(check.windowsUsd - check.wholeYearUsd)).toBeLessThanOrEqual(0.01 * check.wholeYearUsd);
  });

  it('cuts only the steady opening of a cluster, and shifts what follows', () => {
    const cluster = { startDay: 100, spanDays: 95, events: [{ hazard: 4, startDay: 100, days: 95 }, { hazard: 0, startDay: 160, days: 6 }] };
    const steady = compressCluster(cluster, 20, 10, () => true);
    // 60 days before the storm: 20 to settle and 10 before the change are kept, 30 are cut.
    expect(steady.stretches).toEqual([{ hazards: [4], days: 30 }]);
    expect(steady.cluster.events).toEqual([{ hazard: 4, startDay: 100, days: 65 }, { hazard: 0, startDay: 130, days: 6 }]);
    expect(steady.cluster.spanDays).toBe(65);
    expect(compressCluster(cluster, 20, 10, () => false).stretches).toEqual([]);
    // A short event first: the opening is not steady long enough to cut.
    const busy = { ...cluster, startDay: 97, events: [{ hazard: 2, startDay: 97, days: 3 }, ...cluster.events] };
    expect(compressCluster(busy, 20, 10, () => true).stretches).toEqual([]);
  });

  it('the CLI prints JSON, writes an SVG plot, and Ctrl-C returns the partial result', { timeout: 90_000 }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'chokepoint-'));
    const run = spawnSync(process.execPath, [bin, 'risk', 'tiny-hazards.yaml', '--years', '300', '--json', '--workers', '0', '--plot', join(directory, 'risk.svg')], { cwd: fixtures, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const report = riskSchema.parse(JSON.parse(run.stdout));
    expect(report.years).toBe(300);
    expect(readFileSync(join(directory, 'risk.svg'), 'utf8')).toContain('<svg');
    // 20,000 years (the contract's limit) one year per chunk take about a minute: Ctrl-C comes long
    // before. It comes once the first progress line shows the simulation under way, never earlier
    // (a signal before the CLI has loaded would just kill it, however loaded the machine is).
    const child = spawn(process.execPath, [bin, 'risk', 'tiny-hazards.yaml', '--years', '20000', '--chunk', '1', '--json', '--workers', '0', '--progress'], { cwd: fixtures });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => child.stderr.on('data', (chunk: Buffer) => chunk.toString().includes('years simulated') && resolve()));
    child.kill('SIGINT');
    const code = await closed;
    expect(code).toBe(130);
    const partial = riskSchema.parse(JSON.parse(out));
    expect(partial.partial).toBe(true);
    expect(partial.years).toBeGreaterThan(0);
    expect(partial.years).toBeLessThan(20_000);
  });

  it('the CLI solves windows in the steps asked for, and refuses coarse steps with rolling decisions', { timeout: 90_000 }, () => {
    const weekly = spawnSync(process.execPath, [bin, 'risk', 'tiny-hazards.yaml', '--years', '100', '--json', '--workers', '0', '--step-days', '7'], { cwd: fixtures, encoding: 'utf8' });
    expect(weekly.status).toBe(0);
    const report = riskSchema.parse(JSON.parse(weekly.stdout));
    expect(report.stepDays).toBe(7);
    expect(report.exporters.expectedAnnualLossUsd).toBeGreaterThan(0);
    const text = spawnSync(process.execPath, [bin, 'risk', 'tiny-hazards.yaml', '--years', '20', '--workers', '0', '--step-days', '7'], { cwd: fixtures, encoding: 'utf8' });
    expect(text.stdout).toContain('windows solved in 7-day steps');
    const rolling = spawnSync(process.execPath, [bin, 'risk', 'tiny-hazards.yaml', '--years', '20', '--workers', '0', '--step-days', '7', '--mode', 'rolling'], { cwd: fixtures, encoding: 'utf8' });
    expect(rolling.status).toBe(2);
    expect(rolling.stderr).toContain('rolling decisions are daily');
    expect(rolling.stderr).not.toMatch(/\bat .+\.(ts|js|mjs):\d+/);
  });
});
