// The analyses on the second shipped network, europe-gas (issue 15: each under 10 s): N-1
// criticality and the leverage matrix at the network's reference date (D = 30), pipeline power
// among the corridor states, and risk over the europe-gas hazards. Each is timed end to end in
// process and on a worker pool, as bench/analyses.ts does for caspian-crude.
// `npm run bench` runs it; alone: `npm run build && node --import tsx bench/europe-gas.ts`
// (RISK_YEARS=N to change the simulated years, default 20). Risk solves its windows in the hazards
// file's steps (weekly: docs/europe-gas.md); COMPARE_YEARS (default 5) years are then solved both
// weekly and day by day, in process, to show the time saved and how far the weekly figures are from
// the daily ones (day by day takes about ten seconds a year).
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';

type Library = typeof import('../src/index.ts');
type Runner = import('../src/index.ts').VariantRunner;
const root = new URL('..', import.meta.url).pathname;
const lib = (await import(join(root, 'dist/index.mjs'))) as Library;
const cores = availableParallelism();
const TARGET_MS = 10_000;

const network = lib.loadNetwork('europe-gas');
if (!network.ok) throw new Error('europe-gas does not load');
const base = lib.analysisBase(network.value, { closureDays: 30 });
if (!base.ok) throw new Error('no analysis base for europe-gas');
const hazards = lib.loadHazards('europe-gas');
if (!hazards.ok) throw new Error('europe-gas hazards do not load');
const riskYears = Number(process.env.RISK_YEARS ?? 20);
const compareYears = Number(process.env.COMPARE_YEARS ?? 5);
// The states whose pipelines the 2021-2022 story runs through: supplier, transit and landing
// states. With every state holding jurisdiction (30) the game is sampled (2,000 orders, tens of
// thousands of distinct coalitions); these 12 are enumerated exactly.
const corridorStates = ['ru', 'by', 'pl', 'ua', 'sk', 'de', 'tr', 'bg', 'no', 'dz', 'az', 'gr'];

// Criticality on gas closes every asset but the consumers (markets with a demand curve).
const closed = network.value.nodes.filter((node) => node.kind !== 'market' || node.demand === undefined).length + network.value.links.length;
const analyses: Record<string, (runner: Runner) => Promise<unknown>> = {
  [`N-1 criticality (${closed} assets, D = 30)`]: (runner) => lib.criticality(base.value, runner, { closureDays: 30 }),
  'leverage matrix (D = 30)': (runner) => lib.leverage(base.value, 30, runner),
  [`exact Shapley values (${corridorStates.length} corridor states)`]: (runner) => lib.pipelinePower(network.value, network.value.referenceDate!, network.value.referencePrice!, runner, { players: corridorStates }),
  [`risk, ${riskYears} simulated years (seed 42, ${hazards.value.stepDays}-day steps)`]: (runner) => lib.simulateRisk(hazards.value, network.value.referencePrice!, runner, { years: riskYears, seed: 42 }),
};

// Wall time, this thread's CPU time (user + system: on a shared machine it is what the analysis
// itself cost, while wall time grows with the load), and the 1-minute load average at the end.
const time = async (work: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number; load: number; result: unknown }> => {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, load: loadavg()[0]!, result };
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const failed = (result: unknown) => typeof result === 'object' && result !== null && 'status' in result && (result as { status: string }).status !== 'optimal';

console.log(`\nANALYSES on europe-gas (${network.value.nodes.length} nodes, ${network.value.links.length} links; ${cores} cores; target < ${TARGET_MS / 1000} s each)`);
for (const [label, run] of Object.entries(analyses)) {
  const local = lib.inProcessRunner();
  const inProcess = await time(() => run(local));
  await local.close();
  const pool = lib.workerRunner({ workers: cores });
  const pooled = await time(() => run(pool));
  await pool.close();
  if (failed(inProcess.result) || failed(pooled.result)) throw new Error(`${label}: ${JSON.stringify(inProcess.result).slice(0, 300)}`);
  const best = Math.min(inProcess.ms, pooled.ms);
  console.log(
    `  ${label}: in process ${seconds(inProcess.ms)} (CPU ${seconds(inProcess.cpuMs)}, load ${inProcess.load.toFixed(1)}); pool of ${cores} ${seconds(pooled.ms)} (load ${pooled.load.toFixed(1)}) — ${best < TARGET_MS ? 'under' : 'OVER'} the 10 s target`,
  );
}

// The same simulated years day by day: what the coarser step saves, and what it moves.
type Risk = Extract<Awaited<ReturnType<Library['simulateRisk']>>, { analysis: 'risk' }>;
const riskOn = async (stepDays: number) => {
  const runner = lib.inProcessRunner(undefined, lib.RISK_SESSIONS);
  const timed = await time(() => lib.simulateRisk({ ...hazards.value, stepDays }, network.value.referencePrice!, runner, { years: compareYears, seed: 42 }));
  await runner.close();
  if (failed(timed.result)) throw new Error(`risk at ${stepDays}-day steps: ${JSON.stringify(timed.result).slice(0, 300)}`);
  return { ...timed, report: timed.result as Risk };
};
const coarse = await riskOn(hazards.value.stepDays);
const daily = await riskOn(1);
const percent = (a: number, b: number) => `${b === 0 ? 'n/a' : `${(100 * (a / b - 1)).toFixed(1)} %`}`;
const bn = (value: number) => `${(value / 1e9).toFixed(2)} bn ${network.value.commodity.currency ?? 'USD'}`;
const actors = daily.report.byActor.slice(0, 3).map((row) => {
  const weekly = coarse.report.byActor.find((other) => other.actor === row.actor)?.expectedAnnualLossUsd ?? 0;
  return `${row.actor} ${bn(weekly)} vs ${bn(row.expectedAnnualLossUsd)} (${percent(weekly, row.expectedAnnualLossUsd)})`;
});
console.log(
  `  risk in ${hazards.value.stepDays}-day vs 1-day steps, same ${compareYears} years, in process: ${seconds(coarse.ms)} vs ${seconds(daily.ms)} (load ${daily.load.toFixed(1)}); expected annual loss, all suppliers ${bn(coarse.report.exporters.expectedAnnualLossUsd)} vs ${bn(daily.report.exporters.expectedAnnualLossUsd)} (${percent(coarse.report.exporters.expectedAnnualLossUsd, daily.report.exporters.expectedAnnualLossUsd)}); ${actors.join('; ')}`,
);

// Windows against whole years (checkWindows): each cluster is solved in a window that starts on the
// network's reference date, a whole year solves its events on their own days; on gas, where fill
// targets fall on dates, the two differ (docs/europe-gas.md, limits).
const checker = lib.inProcessRunner(undefined, lib.RISK_SESSIONS);
const checks = await lib.checkWindows(hazards.value, network.value.referencePrice!, checker, 42, [0, 1, 2]);
await checker.close();
if ('status' in checks) throw new Error(`windows vs whole years: ${checks.message}`);
console.log(`  windows vs whole years (${hazards.value.stepDays}-day steps, seed 42): ${checks.map((check) => `year ${check.year}: windows ${bn(check.windowsUsd)}, whole year ${bn(check.wholeYearUsd)}`).join('; ')}`);

// The same check with a recovery as long as it takes to refill every storage at full injection
// (working volume over injection capacity): whether a short recovery is what sets the two apart.
const storages = network.value.nodes.filter((node) => node.kind === 'storage');
// Injection limits are the links into each storage (docs/europe-gas.md).
const storageIds = new Set(storages.map((node) => node.id));
const injection = network.value.links.filter((link) => storageIds.has(link.to)).reduce((sum, link) => sum + link.capacityTonnesPerDay, 0);
const refillDays = Math.round(storages.reduce((sum, node) => sum + node.capacityTonnes, 0) / injection);
const longRecovery = { ...hazards.value, recoveryDays: refillDays, mergeGapDays: hazards.value.leadDays + refillDays, settleDays: 2 * refillDays };
const refillChecker = lib.inProcessRunner(undefined, lib.RISK_SESSIONS);
const refillChecks = await lib.checkWindows(longRecovery, network.value.referencePrice!, refillChecker, 42, [0, 1, 2]);
await refillChecker.close();
if ('status' in refillChecks) throw new Error(`windows vs whole years, ${refillDays}-day recovery: ${refillChecks.message}`);
console.log(`  the same with ${refillDays} recovery days (storage refilled at full injection): ${refillChecks.map((check) => `year ${check.year}: windows ${bn(check.windowsUsd)}, whole year ${bn(check.wholeYearUsd)}`).join('; ')}`);
