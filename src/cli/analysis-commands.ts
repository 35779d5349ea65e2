import { readBoundedText } from '../io/read-bounded.ts';
import { dirname, resolve } from 'node:path';
import { analysisBase, DEFAULT_RECOVERY_DAYS } from '../analysis/analysis-base.ts';
import { bypassSchema, compareSchema, criticalitySchema, leverageSchema, powerSchema, riskSchema } from '../analysis/analysis-schemas.ts';
import { conditionedRisk, RATE_MODES, RISK_SESSIONS, simulateRisk, type RateMode, type RiskCondition } from '../analysis/risk.ts';
import type { WithdrawnReading } from '../analysis/rate-belief.ts';
import { withExpansions } from '../analysis/power.ts';
import { hazardsFileSchema } from '../scenario/hazards-schema.ts';
import { riskSvg } from '../report/risk-plot.ts';
import { writeFileSync, renameSync } from 'node:fs';
import { bypassEconomics } from '../analysis/bypass.ts';
import { compareRuns } from '../analysis/compare.ts';
import { criticality } from '../analysis/criticality.ts';
import { leverage } from '../analysis/leverage.ts';
import { pipelinePower, type PlayerSelection } from '../analysis/power.ts';
import { resultSchema, type RunResult } from '../analysis/result-schema.ts';
import { runScenario } from '../analysis/run.ts';
import { inProcessRunner, type Progress, type VariantRunner } from '../analysis/variants.ts';
import { loadCandidates, loadHazards, loadNetwork, loadScenario } from '../io/files.ts';
import type { Network, Price } from '../model/network.ts';
import { resolvePrice } from '../model/resolve-network.ts';
import { workerRunner } from '../node/worker-pool.ts';
import { bypassText, compareText, criticalityText, leverageText, powerText, riskText } from '../report/analysis-reports.ts';
import { VOLUME_UNITS, type VolumeUnit } from '../report/format.ts';
import { candidatesFileSchema } from '../scenario/candidates-schema.ts';
import type { CandidateSet } from '../scenario/candidates.ts';
import type { Hazard } from '../scenario/hazards.ts';
import type { ExpansionEvent, Scenario } from '../scenario/scenario.ts';
import { EXIT_MODEL, EXIT_OK, parse, reportIssues, UsageError, type CliIo } from './common.ts';

export const ANALYSIS_COMMANDS = ['criticality', 'leverage', 'power', 'bypass', 'compare', 'risk'] as const;
export type AnalysisCommand = (typeof ANALYSIS_COMMANDS)[number];

/** JSON Schemas of the analysis outputs (`chokepoint schema NAME`) and of the candidates file. */
export const ANALYSIS_SCHEMAS = { criticality: criticalitySchema, leverage: leverageSchema, power: powerSchema, bypass: bypassSchema, compare: compareSchema, risk: riskSchema, candidates: candidatesFileSchema, hazards: hazardsFileSchema } as const;

const COMMON_OPTIONS = `Common options:
  --days D          closure length in days (default 30)
  --recovery R      days simulated after the closure (default ${DEFAULT_RECOVERY_DAYS})
  --start DATE      first day of the closures (default: the network's reference date)
  --price P         constant benchmark price, e.g. "90 USD/bbl" (default: the network's reference price)
  --base SCENARIO   take prices, foresight and discount rate from this scenario instead
  --workers N       solve in N worker threads (default: one per core; 0 = in this process)
  --json            print the result as JSON (schema: chokepoint schema COMMAND)
  --units U         volume unit for the report: ${VOLUME_UNITS.join(', ')} (default Mt)
  --quiet           no progress messages
  -h, --help        this help
`;

const HELPS: Record<AnalysisCommand, string> = {
  criticality: `chokepoint criticality [NETWORK] [options]

N-1 over every node and link of NETWORK (built-in id or file; default caspian-crude): each asset
closed alone for the closure with optimal rerouting, ranked by revenue lost, with exports lost and
the budget loss of every state; plus export N-1, route and transit-state concentration (HHI,
Shannon) and each exporter's dependency on each transit state.

Options:
  --order 1|2       2 also finds the worst pairs of assets (N-2), pruned by an estimated bound
  --top K           with --order 2: how many worst pairs to find (default 20)
  --assets A,B      only these assets
${COMMON_OPTIONS}`,
  leverage: `chokepoint leverage [NETWORK] [options]

For every actor with jurisdiction: it closes all the infrastructure on its territory (links,
junctions, terminals, storage; not fields or markets) for the closure. Reports every other actor's
loss, the closer's own cost (lost tariffs, fiscal take on its own stranded oil, equity in fields and
links that stop), the ratio loss / cost and the share of each target's exports that stays safe.

Options:
  --actors A,B      only these closers
  --sweep [LIST]    also sweep the closure length, e.g. 1,7,14,30,60,90,180 (the default list)
  --levers          also close each closer's assets one at a time: its most efficient lever on
                    each target (target loss per USD of its own cost)
${COMMON_OPTIONS}`,
  power: `chokepoint power [NETWORK] [options]

Pipeline power: Shapley values of a cooperative game in which a coalition earns what the network
earns in a steady year with only the assets it can operate open. An asset operates when every
player with jurisdiction over it is in the coalition and (if owners play) owners holding at least
half of it are. Exact up to --exact-limit players, sampled beyond with a standard error.

Options:
  --players P       jurisdiction (default: actors with jurisdiction), all (also owners), or A,B,C
  --bypass REF      also play the game with a bypass built: a scenario (its expansions) or a
                    candidates file, optionally REF#id,id to pick candidates
  --exact-limit N   enumerate all coalitions up to N players (default 12)
  --samples N       sampled permutations beyond that (default 2000)
  --seed S          seed of the sampling (default 1)
  --date DATE       the day whose prices value the steady year (default: the network's reference date)
  --price P, --workers N, --json, --quiet as below
${COMMON_OPTIONS}`,
  bypass: `chokepoint bypass --candidates FILE [--threat SCENARIO] [options]

For each candidate project (new or enlarged links, ports, storage, tankers, with capex, opex, lead
time and lifetime) and for the best portfolio (a mixed-integer program in HiGHS over a normal
period and the threat): netback saved per threat event, the value added in normal times, NPV, and
the break-even annual probability of the threat; plus the threat-credibility view (the
threatener's own cost per event, the penalty it paid, and when diversification becomes rational).

Options:
  --candidates FILE  candidates (built-in id, e.g. kazakh-bypass, or a YAML/JSON file)
  --threat SCENARIO  the threat (default: the one the candidates file names)
  --probability P    annual probability of the threat for NPV (default: the file's)
  --discount-rate R  e.g. 8 % or 0.08 (default: the file's)
  --budget USD       capital budget for the portfolio (default: the file's, else none)
  --mip-time-limit S time limit of the portfolio MIP in seconds (default 120)
  --hazards FILE, --hazard ID
                     the hazard the threat is one event of (default: the candidates file's): its
                     rate prior, updated by its record, is weighed against the break-even rate
  --withdrawn R      counts (default) or not-credible: how an executed-then-withdrawn threat of
                     the record counts (both readings are shown)
  --workers N, --json, --quiet as for the other analyses
`,
  risk: `chokepoint risk [HAZARDS] [options]

Monte Carlo of disruption years. HAZARDS (built-in id, named after its network, default
caspian-crude, or a YAML/JSON file) lists hazards per asset or actor: kind, annual rate, duration
distribution, capacity left, season. Each simulated year's events are drawn (seeded), events close
enough to interact are solved together in a short window with optimal rerouting, identical windows
once. Reports expected annual loss, median, P90/P95/P99, VaR95 and CVaR95 with standard errors for
all exporters and every actor, the drivers (each hazard's share of the expected and of the worst
5 % of years), and the convergence. Identical seeds give identical results whatever --workers.
Ctrl-C stops after the current chunk of years and prints the partial result (exit code 130).

Options:
  --years N          simulated years (default 1000)
  --seed S           random seed (default 42)
  --actor A          whose loss the drivers and histogram explain (default: all exporters)
  --condition C      rerun in a changed world and report the shift; repeatable:
                     rate:HAZARD*F (scale a rate), without:HAZARD, bypass:REF[#id,id]
                     (candidates or a scenario's expansions built)
  --rates MODE       which rate each hazard has: stated (the file's point, default),
                     posterior-mean (its prior updated by its record), or posterior (a rate drawn
                     from that posterior for each simulated year: the rate's uncertainty counted)
  --withdrawn R      how an executed-then-withdrawn event of a record counts: counts (default;
                     the disruptor showed it will pull the lever) or not-credible (withdrawing it
                     showed it would not pay to carry out: only its exposure years count)
  --plot FILE        write the histogram and exceedance curve as SVG
  --chunk N          years per chunk (progress and Ctrl-C act between chunks; default 500,
                     doubling up to 2,000)
  --price P, --workers N, --json, --quiet as for the other analyses
`,
  compare: `chokepoint compare A B [options]

Two runs side by side: what changed in their inputs (events, horizon, network) as chips, and every
headline figure before and after. A and B are scenarios (built-in ids or files; both are solved)
or results saved with \`chokepoint run --json\`.

Options:
  --json, --units U, --quiet, -h as for run
`,
};

export function analysisHelp(command: AnalysisCommand): string {
  return HELPS[command];
}

const commonSpec = {
  days: { type: 'string' },
  recovery: { type: 'string' },
  start: { type: 'string' },
  price: { type: 'string' },
  base: { type: 'string' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  units: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

export async function analysisCommand(command: AnalysisCommand, args: readonly string[], io: CliIo): Promise<number> {
  switch (command) {
    case 'criticality':
      return criticalityCommand(args, io);
    case 'leverage':
      return leverageCommand(args, io);
    case 'power':
      return powerCommand(args, io);
    case 'bypass':
      return bypassCommand(args, io);
    case 'compare':
      return compareCommand(args, io);
    case 'risk':
      return riskCommand(args, io);
  }
}

function integer(text: string | undefined, name: string, fallback: number, min = 1, max = Infinity): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min}${Number.isFinite(max) ? ` to ${max}` : ''}, got "${text}"`);
  return value;
}

function fraction(text: string, name: string): number {
  const match = /^\s*(-?[\d.]+)\s*(%?)\s*$/.exec(text);
  const value = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN;
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new UsageError(`--${name} must be a share from 0 to 1 (or 0 % to 100 %), got "${text}"`);
  return value;
}

function priceOption(text: string | undefined): Price | undefined {
  if (text === undefined) return undefined;
  try {
    return resolvePrice(text);
  } catch (error) {
    throw new UsageError(`--price "${text}": ${(error as Error).message}; write e.g. "90 USD/bbl" or "650 USD/t"`);
  }
}

function dateOption(text: string | undefined, name: string): string | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
    throw new UsageError(`--${name} must be a date YYYY-MM-DD, got "${text}"`);
  }
  return text;
}

function unitOption(text: string | undefined): VolumeUnit {
  const unit = (text ?? 'Mt') as VolumeUnit;
  if (!VOLUME_UNITS.includes(unit)) throw new UsageError(`unknown --units "${text}"; use one of ${VOLUME_UNITS.join(', ')}`);
  return unit;
}

/**
 * `mainLane: false` for long runs: the main thread then only samples and adds up, and the
 * workers get whole cores (measured on risk: 1.6× faster than the main thread plus one worker on
 * 2 cores). Short analyses keep the main lane, which starts solving before workers have booted.
 */
function runnerOption(text: string | undefined, mainLane = true, sessionsKept?: number): VariantRunner {
  const kept = sessionsKept === undefined ? {} : { sessionsKept };
  if (text === undefined) return workerRunner({ mainLane, ...kept });
  const workers = integer(text, 'workers', 0, 0, 64);
  return workers === 0 ? inProcessRunner(undefined, sessionsKept) : workerRunner({ workers, mainLane, ...kept });
}

/** Progress on stderr for long sweeps: done / total with an ETA, at most a few lines a second. */
function progressReporter(io: CliIo, quiet: boolean | undefined, label: string): Progress | undefined {
  if (!io.interactive || quiet) return undefined;
  const started = Date.now();
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 500) return;
    last = now;
    const elapsed = (now - started) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
    io.err(`[${elapsed.toFixed(1)} s] ${label}: ${done}/${total}${done < total ? `, about ${eta.toFixed(0)} s left` : ''}\n`);
  };
}

interface Loaded {
  readonly network: Network;
  readonly baseFor: (closureDays: number) => Scenario;
}

/** The network and, for a closure length, the base every variant shares. */
function loadAnalysisInput(positionals: readonly string[], values: { days?: string | undefined; recovery?: string | undefined; start?: string | undefined; price?: string | undefined; base?: string | undefined }, io: CliIo): Loaded | number {
  if (positionals.length > 1) throw new UsageError(`expected one network, got ${positionals.length}: ${positionals.join(' ')}`);
  const network = loadNetwork(positionals[0] ?? 'caspian-crude', io.cwd);
  if (!network.ok) return reportIssues(network.issues, io);
  let reference: Scenario | undefined;
  if (values.base !== undefined) {
    const scenario = loadScenario(values.base, io.cwd);
    if (!scenario.ok) return reportIssues(scenario.issues, io);
    if (scenario.value.network.id !== network.value.id) throw new UsageError(`--base "${values.base}" runs on network ${scenario.value.network.id}, not ${network.value.id}`);
    reference = scenario.value;
  }
  const recoveryDays = integer(values.recovery, 'recovery', DEFAULT_RECOVERY_DAYS, 0, 3000);
  const price = priceOption(values.price);
  const start = dateOption(values.start, 'start');
  const first = analysisBase(network.value, { closureDays: 1, recoveryDays, ...(start ? { start } : {}), ...(price ? { price } : {}), ...(reference ? { reference } : {}) });
  if (!first.ok) return reportIssues(first.issues.map((issue) => ({ ...issue, file: positionals[0] ?? 'caspian-crude' })), io);
  return {
    network: network.value,
    baseFor: (closureDays) => {
      const base = analysisBase(network.value, { closureDays, recoveryDays, ...(start ? { start } : {}), ...(price ? { price } : {}), ...(reference ? { reference } : {}) });
      if (!base.ok) throw new Error(base.issues.map((issue) => issue.message).join('; '));
      return base.value;
    },
  };
}

function failed(outcome: { status: string; message: string }, io: CliIo): number {
  io.err(`✖ ${outcome.status}: ${outcome.message}\n`);
  return EXIT_MODEL;
}

async function withRunner<T>(text: string | undefined, work: (runner: VariantRunner) => Promise<T>, long?: { sessionsKept: number }): Promise<T> {
  const runner = long ? runnerOption(text, false, long.sessionsKept) : runnerOption(text);
  try {
    return await work(runner);
  } finally {
    await runner.close();
  }
}

async function criticalityCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { ...commonSpec, order: { type: 'string' }, top: { type: 'string' }, assets: { type: 'string' } });
  if (values.help) {
    io.out(HELPS.criticality);
    return EXIT_OK;
  }
  const closureDays = integer(values.days, 'days', 30, 1, 3000);
  const order = integer(values.order, 'order', 1, 1, 2) as 1 | 2;
  const topPairs = integer(values.top, 'top', 20, 1, 10_000);
  const unit = unitOption(values.units);
  const loaded = loadAnalysisInput(positionals, values, io);
  if (typeof loaded === 'number') return loaded;
  const assets = values.assets?.split(',').map((id) => id.trim()).filter(Boolean);
  const known = new Set([...loaded.network.nodes.map((node) => node.id), ...loaded.network.links.map((link) => link.id)]);
  const unknown = assets?.filter((id) => !known.has(id)) ?? [];
  if (unknown.length > 0) throw new UsageError(`--assets: no asset ${unknown.map((id) => `"${id}"`).join(', ')} in network ${loaded.network.id}`);
  const report = await withRunner(values.workers, (runner) =>
    criticality(loaded.baseFor(closureDays), runner, { closureDays, order, topPairs, ...(assets ? { assets } : {}), onProgress: progressReporter(io, values.quiet, 'closures solved') }),
  );
  if ('status' in report) return failed(report, io);
  io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : criticalityText(report, { unit, barrelsPerTonne: loaded.network.commodity.barrelsPerTonne }, loaded.network));
  return EXIT_OK;
}

async function leverageCommand(args: readonly string[], io: CliIo): Promise<number> {
  const sweepIndex = args.indexOf('--sweep');
  // --sweep takes an optional list: make a bare --sweep mean the default list.
  const normalised = [...args];
  if (sweepIndex >= 0 && (normalised[sweepIndex + 1] === undefined || normalised[sweepIndex + 1]!.startsWith('-') || !/^[\d,\s]+$/.test(normalised[sweepIndex + 1]!))) normalised.splice(sweepIndex + 1, 0, '1,7,14,30,60,90,180');
  const { values, positionals } = parse(normalised, { ...commonSpec, actors: { type: 'string' }, sweep: { type: 'string' }, levers: { type: 'boolean' } });
  if (values.help) {
    io.out(HELPS.leverage);
    return EXIT_OK;
  }
  const closureDays = integer(values.days, 'days', 30, 1, 3000);
  const unit = unitOption(values.units);
  const loaded = loadAnalysisInput(positionals, values, io);
  if (typeof loaded === 'number') return loaded;
  const actors = values.actors?.split(',').map((id) => id.trim()).filter(Boolean);
  const unknown = actors?.filter((id) => !loaded.network.actors.some((actor) => actor.id === id)) ?? [];
  if (unknown.length > 0) throw new UsageError(`--actors: no actor ${unknown.map((id) => `"${id}"`).join(', ')} in network ${loaded.network.id}`);
  const sweepDays = values.sweep?.split(',').map((text) => integer(text.trim(), 'sweep', 1, 1, 3000));
  const report = await withRunner(values.workers, (runner) =>
    leverage(loaded.baseFor(closureDays), closureDays, runner, { levers: values.levers ?? false, ...(actors ? { actors } : {}), ...(sweepDays ? { sweepDays, baseFor: loaded.baseFor } : {}), onProgress: progressReporter(io, values.quiet, sweepDays ? 'closure lengths done' : 'closures solved') }),
  );
  if ('status' in report) return failed(report, io);
  io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : leverageText(report, { unit, barrelsPerTonne: loaded.network.commodity.barrelsPerTonne }, loaded.network));
  return EXIT_OK;
}

async function powerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { ...commonSpec, players: { type: 'string' }, bypass: { type: 'string' }, 'exact-limit': { type: 'string' }, samples: { type: 'string' }, seed: { type: 'string' }, date: { type: 'string' } });
  if (values.help) {
    io.out(HELPS.power);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError(`power takes one network, got ${positionals.length}: ${positionals.join(' ')}`);
  const network = loadNetwork(positionals[0] ?? 'caspian-crude', io.cwd);
  if (!network.ok) return reportIssues(network.issues, io);
  const price = priceOption(values.price) ?? network.value.referencePrice;
  if (!price) throw new UsageError(`network ${network.value.id} has no benchmark.referencePrice: give --price, e.g. --price "90 USD/bbl"`);
  const date = dateOption(values.date ?? values.start, 'date') ?? network.value.referenceDate ?? '2022-01-01';
  const selection: PlayerSelection = values.players === undefined || values.players === 'jurisdiction' ? 'jurisdiction' : values.players === 'all' ? 'all' : values.players.split(',').map((id) => id.trim());
  if (typeof selection !== 'string') {
    const unknown = selection.filter((id) => !network.value.actors.some((actor) => actor.id === id));
    if (unknown.length > 0) throw new UsageError(`--players: no actor ${unknown.map((id) => `"${id}"`).join(', ')} in network ${network.value.id}`);
  }
  let bypass: { label: string; expansions: ExpansionEvent[] } | undefined;
  if (values.bypass !== undefined) {
    const loadedBypass = bypassExpansions(values.bypass, network.value, io);
    if (typeof loadedBypass === 'number') return loadedBypass;
    bypass = loadedBypass;
  }
  const report = await withRunner(values.workers, (runner) =>
    pipelinePower(network.value, date, price, runner, {
      players: selection,
      exactLimit: integer(values['exact-limit'], 'exact-limit', 12, 1, 20),
      samples: integer(values.samples, 'samples', 2000, 10, 1_000_000),
      seed: integer(values.seed, 'seed', 1, 0),
      ...(bypass ? { bypass } : {}),
      onProgress: progressReporter(io, values.quiet, 'coalitions solved'),
    }),
  );
  if ('status' in report) return failed(report, io);
  io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : powerText(report, network.value));
  return EXIT_OK;
}

/** A bypass for the power game: a scenario's expansions, or candidates (all, or REF#id,id). */
function bypassExpansions(reference: string, network: Network, io: CliIo): { label: string; expansions: ExpansionEvent[] } | number {
  const [ref, picked] = reference.split('#') as [string, string | undefined];
  const wanted = picked?.split(',').map((id) => id.trim());
  const candidates = loadCandidates(ref, io.cwd);
  if (candidates.ok) {
    const theirs = loadNetwork(candidates.value.network, dirname(candidates.value.path));
    if (theirs.ok && theirs.value.id !== network.id) throw new UsageError(`--bypass "${ref}" is for network ${theirs.value.id}, not ${network.id}`);
    const probe = analysisBase(network, { closureDays: 1, recoveryDays: 0 });
    const scenario = probe.ok ? probe.value : { id: 'probe', name: 'probe', network, dates: ['2022-01-01'], benchmark: [{ perBarrel: 1, perTonne: 0 }], differentialOverrides: new Map(), discountRatePerYear: 0, foresight: 'myopic' as const, events: [] };
    const resolved = candidates.value.resolveFor(scenario);
    if (!resolved.ok) return reportIssues(resolved.issues, io);
    const chosen = resolved.value.filter((candidate) => !wanted || wanted.includes(candidate.id));
    const missing = wanted?.filter((id) => !resolved.value.some((candidate) => candidate.id === id)) ?? [];
    if (missing.length > 0) throw new UsageError(`--bypass: no candidate ${missing.map((id) => `"${id}"`).join(', ')} in ${ref}`);
    return { label: chosen.map((candidate) => candidate.id).join(' + '), expansions: chosen.flatMap((candidate) => candidate.expansions) };
  }
  const scenario = loadScenario(ref, io.cwd);
  if (!scenario.ok) return reportIssues(scenario.issues, io);
  const expansions = scenario.value.events.filter((event): event is ExpansionEvent => event.type === 'expansion');
  if (expansions.length === 0) throw new UsageError(`--bypass "${ref}" has no expansion events to build`);
  return { label: scenario.value.id, expansions };
}

async function bypassCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    candidates: { type: 'string' },
    threat: { type: 'string' },
    probability: { type: 'string' },
    'discount-rate': { type: 'string' },
    budget: { type: 'string' },
    'mip-time-limit': { type: 'string' },
    hazards: { type: 'string' },
    hazard: { type: 'string' },
    withdrawn: { type: 'string' },
    workers: { type: 'string' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
  });
  if (values.help) {
    io.out(HELPS.bypass);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`bypass takes no positional arguments (got ${positionals.join(' ')}); use --candidates FILE`);
  if (values.candidates === undefined) throw new UsageError('bypass needs --candidates FILE (e.g. --candidates kazakh-bypass)');
  const set = loadCandidates(values.candidates, io.cwd);
  if (!set.ok) return reportIssues(set.issues, io);
  const threatReference = values.threat ?? set.value.threat;
  if (threatReference === undefined) throw new UsageError(`${values.candidates} names no threat: give --threat SCENARIO`);
  const threat = values.threat !== undefined ? loadScenario(values.threat, io.cwd) : loadScenario(threatReference, dirname(set.value.path));
  if (!threat.ok) return reportIssues(threat.issues, io);
  const theirs = loadNetwork(set.value.network, dirname(set.value.path));
  if (theirs.ok && theirs.value.id !== threat.value.network.id) throw new UsageError(`the threat ${threat.value.id} runs on network ${threat.value.network.id}, but ${values.candidates} is for ${theirs.value.id}`);
  const candidates = set.value.resolveFor(threat.value);
  if (!candidates.ok) return reportIssues(candidates.issues, io);
  const probability = values.probability !== undefined ? fraction(values.probability, 'probability') : set.value.probability;
  if (probability === undefined) throw new UsageError(`${values.candidates} gives no probability: give --probability P`);
  const discountRate = values['discount-rate'] !== undefined ? fraction(values['discount-rate'], 'discount-rate') : set.value.discountRate;
  let budgetUsd = set.value.budgetUsd;
  if (values.budget !== undefined) {
    budgetUsd = Number(values.budget.replace(/[_,\s]/g, ''));
    if (!Number.isFinite(budgetUsd) || budgetUsd < 0) throw new UsageError(`--budget must be an amount in USD, e.g. 1e9, got "${values.budget}"`);
  }
  const rate = threatHazard(values.hazards, values.hazard, set.value, io);
  if (typeof rate === 'number') return rate;
  const report = await withRunner(values.workers, (runner) =>
    bypassEconomics(threat.value, candidates.value, runner, {
      probability,
      discountRate,
      budgetUsd,
      rate: rate ? { hazard: rate, withdrawn: withdrawnReading(values.withdrawn) ?? 'counts' } : undefined,
      mipTimeLimitSeconds: integer(values['mip-time-limit'], 'mip-time-limit', 120, 1, 86_400),
      onProgress: progressReporter(io, values.quiet, 'variants solved'),
    }),
  );
  if ('status' in report) return failed(report, io);
  io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : bypassText(report));
  return EXIT_OK;
}

async function compareCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, units: { type: 'string' }, quiet: { type: 'boolean' } });
  if (values.help) {
    io.out(HELPS.compare);
    return EXIT_OK;
  }
  if (positionals.length !== 2) throw new UsageError(`compare takes two runs (scenarios or saved results), got ${positionals.length}`);
  const unit = unitOption(values.units);
  const results: RunResult[] = [];
  let barrelsPerTonne = 7.3;
  for (const reference of positionals) {
    const saved = savedResult(resolve(io.cwd, reference));
    if (saved) {
      results.push(saved);
      continue;
    }
    const scenario = loadScenario(reference, io.cwd);
    if (!scenario.ok) return reportIssues(scenario.issues, io);
    barrelsPerTonne = scenario.value.network.commodity.barrelsPerTonne;
    const outcome = await runScenario(scenario.value);
    if (outcome.status !== 'optimal') return failed({ status: outcome.status, message: `${reference}: ${outcome.message}` }, io);
    results.push(outcome.result);
  }
  const report = compareRuns(results[0]!, results[1]!);
  io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : compareText(report, { unit, barrelsPerTonne }));
  return EXIT_OK;
}

/** A result saved by `run --json`, or undefined when the file is not one. */
function savedResult(path: string): RunResult | undefined {
  if (!/\.json$/i.test(path)) return undefined;
  const text = readBoundedText(path, 'result file');
  if (!text.ok) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text.value);
  } catch {
    return undefined;
  }
  const parsed = resultSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}


async function riskCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    years: { type: 'string' },
    seed: { type: 'string' },
    actor: { type: 'string' },
    condition: { type: 'string', multiple: true },
    plot: { type: 'string' },
    chunk: { type: 'string' },
    price: { type: 'string' },
    rates: { type: 'string' },
    withdrawn: { type: 'string' },
    workers: { type: 'string' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
  });
  if (values.help) {
    io.out(HELPS.risk);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError(`risk takes one hazards file, got ${positionals.length}: ${positionals.join(' ')}`);
  const years = integer(values.years, 'years', 1000, 1, 10_000_000);
  const seed = integer(values.seed, 'seed', 42, 0, 2 ** 32 - 1);
  const chunkYears = values.chunk === undefined ? undefined : integer(values.chunk, 'chunk', 500, 1, 10_000_000);
  const plotPath = values.plot === undefined ? undefined : resolve(io.cwd, values.plot);
  if (values.plot === '') throw new UsageError('--plot needs a file name');
  const set = loadHazards(positionals[0] ?? 'caspian-crude', io.cwd);
  if (!set.ok) return reportIssues(set.issues, io);
  const price = priceOption(values.price) ?? set.value.price ?? set.value.network.referencePrice;
  if (!price) throw new UsageError(`neither the hazards file nor network ${set.value.network.id} gives a price: give --price, e.g. --price "90 USD/bbl"`);
  if (values.actor !== undefined && !set.value.network.actors.some((actor) => actor.id === values.actor)) throw new UsageError(`--actor: no actor "${values.actor}" in network ${set.value.network.id}`);
  const conditions: RiskCondition[] = [];
  for (const text of values.condition ?? []) {
    const condition = parseCondition(text, set.value.network, set.value.hazards.map((hazard) => hazard.id), io);
    if (typeof condition === 'number') return condition;
    conditions.push(condition);
  }
  // Ctrl-C: finish the chunk in hand and report what is done; a second Ctrl-C aborts.
  let stopping = false;
  const onInterrupt = () => {
    if (stopping) process.exit(130);
    stopping = true;
    io.err('\nstopping once the years already queued are solved (Ctrl-C again to abort)…\n');
  };
  process.on('SIGINT', onInterrupt);
  const progress = progressReporter(io, values.quiet, 'years simulated');
  try {
    const options = { years, seed, chunkYears, actor: values.actor, rates: rateMode(values.rates), withdrawn: withdrawnReading(values.withdrawn), shouldStop: () => stopping, onProgress: progress === undefined ? undefined : (done: number, total: number) => progress(done, total) };
    const report = await withRunner(values.workers, async (runner) => {
      const first = await simulateRisk(set.value, price, runner, options);
      if ('status' in first || conditions.length === 0 || first.partial) return first;
      return conditionedRisk(first, set.value, price, runner, options, conditions);
    }, { sessionsKept: RISK_SESSIONS });
    if ('status' in report) return failed(report, io);
    if (plotPath !== undefined) {
      const temporary = `${plotPath}.tmp-${process.pid}`;
      writeFileSync(temporary, riskSvg(report, `Annual loss of ${report.metric === '*exporters' ? "all exporters' netback" : report.metric}: ${report.network}`));
      renameSync(temporary, plotPath);
    }
    io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : riskText(report, set.value.network));
    return report.partial ? 130 : EXIT_OK;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** The hazard the threat is one event of: from --hazards/--hazard, else the candidates file's. */
function threatHazard(file: string | undefined, id: string | undefined, set: CandidateSet & { path: string }, io: CliIo): Hazard | undefined | number {
  const reference = file ?? set.hazard?.hazards;
  const hazardId = id ?? set.hazard?.id;
  if (reference === undefined && hazardId === undefined) return undefined;
  if (reference === undefined || hazardId === undefined) throw new UsageError('give both --hazards FILE and --hazard ID (or name the hazard in the candidates file)');
  const hazards = loadHazards(reference, file !== undefined ? io.cwd : dirname(set.path));
  if (!hazards.ok) return reportIssues(hazards.issues, io);
  const hazard = hazards.value.hazards.find((candidate) => candidate.id === hazardId);
  if (!hazard) throw new UsageError(`--hazard: no hazard "${hazardId}" in ${reference} (known: ${hazards.value.hazards.map((candidate) => candidate.id).join(', ')})`);
  if (!hazard.prior) throw new UsageError(`hazard "${hazardId}" in ${reference} has no prior: add one (or a default for its kind under priors:)`);
  return hazard;
}

function rateMode(text: string | undefined): RateMode | undefined {
  if (text === undefined) return undefined;
  if (!(RATE_MODES as readonly string[]).includes(text)) throw new UsageError(`--rates must be one of ${RATE_MODES.join(', ')}, got "${text}"`);
  return text as RateMode;
}

function withdrawnReading(text: string | undefined): WithdrawnReading | undefined {
  if (text === undefined) return undefined;
  if (text !== 'counts' && text !== 'not-credible') throw new UsageError(`--withdrawn must be counts or not-credible, got "${text}"`);
  return text;
}

function parseCondition(text: string, network: Network, hazards: readonly string[], io: CliIo): RiskCondition | number {
  const rate = /^rate:([^*]+)\*([\d.]+)$/.exec(text);
  if (rate) {
    if (!hazards.includes(rate[1]!)) throw new UsageError(`--condition ${text}: no hazard "${rate[1]}" (known: ${hazards.join(', ')})`);
    return { kind: 'rate', hazard: rate[1]!, factor: Number(rate[2]) };
  }
  const without = /^without:(.+)$/.exec(text);
  if (without) {
    if (!hazards.includes(without[1]!)) throw new UsageError(`--condition ${text}: no hazard "${without[1]}" (known: ${hazards.join(', ')})`);
    return { kind: 'without', hazard: without[1]! };
  }
  const bypass = /^bypass:(.+)$/.exec(text);
  if (bypass) {
    const expansions = bypassExpansions(bypass[1]!, network, io);
    if (typeof expansions === 'number') return expansions;
    return { kind: 'network', label: `with ${expansions.label}`, network: withExpansions(network, expansions.expansions) };
  }
  throw new UsageError(`--condition "${text}": write rate:HAZARD*FACTOR, without:HAZARD or bypass:REF[#id,id]`);
}
