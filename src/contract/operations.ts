import { z } from 'zod';
import { backtestSchema, bypassSchema, compareSchema, rulesSchema } from '../analysis/analysis-schemas.ts';
import { publishedReportSchema } from '../analysis/published-report.ts';
import { publishedResultSchema } from '../analysis/gas-words.ts';
import { scenarioSchema } from '../scenario/scenario-schema.ts';
import { MAX_STEP_DAYS } from '../scenario/hazards-schema.ts';
import { amount, dateText, documentReference, field, id, percentText, priceText, queueUrl, share, whole, type Field } from './fields.ts';

/**
 * One declaration per operation: what it asks for (with defaults, limits, units and
 * descriptions), what it answers, and how its fields are written on the command line. The CLI's
 * flags and --help, the API's validation, the OpenAPI document and the web's types all come from
 * here; nothing restates a limit.
 */
export interface Operation<F extends Record<string, Field> = Record<string, Field>, R extends z.ZodType = z.ZodType> {
  readonly id: string;
  /** One line for lists and the OpenAPI summary. */
  readonly summary: string;
  /** The usage line of `chokepoint ID --help`. */
  readonly usage: string;
  /** What it computes, for --help and the OpenAPI description. */
  readonly description: string;
  readonly fields: F;
  readonly request: z.ZodObject<{ [K in keyof F]: F[K]['schema'] }, z.core.$strict>;
  readonly response: R;
}

export function operation<F extends Record<string, Field>, R extends z.ZodType>(definition: Omit<Operation<F, R>, 'request'> & { readonly refine?: (request: z.output<z.ZodObject<{ [K in keyof F]: F[K]['schema'] }>>, context: z.RefinementCtx) => void }): Operation<F, R> {
  const shape = Object.fromEntries(Object.entries(definition.fields).map(([name, value]) => [name, value.schema])) as { [K in keyof F]: F[K]['schema'] };
  let request = z.strictObject(shape);
  if (definition.refine) request = request.superRefine(definition.refine as never) as unknown as typeof request;
  const { refine: _refine, ...rest } = definition;
  return { ...rest, request: request.describe(definition.summary) };
}

/** Horizon limits: a closure of a year and a year of recovery is the longest any analysis solves. */
export const LIMITS = {
  closureDays: 365,
  recoveryDays: 365,
  /** Order-2 criticality solves up to n(n-1)/2 pairs: its horizon is held shorter. */
  pairHorizonDays: 180,
  sweepLengths: 10,
  riskYears: 20_000,
  riskStepDays: MAX_STEP_DAYS,
  powerSamples: 20_000,
  powerExactPlayers: 16,
  conditions: 5,
  listedIds: 1000,
  budgetUsd: 1e13,
  mipTimeLimitSeconds: 600,
  seed: 2 ** 32 - 1,
  backtestCases: 100,
} as const;

/** Which rates hazards have in a simulation (analysis/risk.ts RateMode; orchestrate.ts checks they agree). */
export const RATE_MODES = ['stated', 'posterior-mean', 'posterior'] as const;
const withdrawn = z
  .enum(['counts', 'not-credible'], { error: 'must be counts or not-credible' })
  .optional()
  .describe('How an executed-then-withdrawn event of the record counts: counts (default; the disruptor showed it will pull the lever) or not-credible (only its exposure years count).');

/** How decisions are taken (docs/operations.md): one schema for every operation that solves variants or runs. */
const MODES = ['hindsight', 'rolling'] as const;
const modeSchema = z.enum(MODES, { error: 'must be hindsight or rolling' });
const analysisMode = field(
  modeSchema
    .default('hindsight')
    .describe('How each variant is decided: hindsight (one plan knowing every event and its end, the default for analyses) or rolling (re-planned each day over 30 days with what is known; slower, see docs/operations.md).'),
  { placeholder: 'M' },
);

const ids = (what: string) => z.array(id(what)).min(1, { error: `list at least one ${what}` }).max(LIMITS.listedIds, { error: `at most ${LIMITS.listedIds} ${what}s` });
const commaList = { list: true } as const;

/** The window every closure analysis solves over, and where its prices come from. */
const windowFields = {
  network: field(documentReference('network').default('caspian-crude'), { positional: 'NETWORK' }),
  days: field(whole(1, LIMITS.closureDays, 'Closure length, days.').default(30), { placeholder: 'D' }),
  recoveryDays: field(whole(0, LIMITS.recoveryDays, 'Days simulated after the closure, so storage drains and deferred oil is counted.').default(30), { flag: 'recovery', placeholder: 'R' }),
  start: field(dateText.optional().describe("First day of the closures (default: the network's reference date)."), { placeholder: 'DATE' }),
  price: field(priceText.optional(), { placeholder: 'P' }),
  base: field(documentReference('scenario').optional().describe('Take prices, foresight and discount rate from this scenario instead.'), { placeholder: 'SCENARIO' }),
};

export const criticalityOperation = operation({
  id: 'criticality',
  summary: 'N-1 (and N-2) of every asset, with export-security indicators',
  usage: 'chokepoint criticality [NETWORK] [options]',
  description: `N-1 over every node and link of NETWORK (built-in id or file; default caspian-crude): each asset
closed alone for the closure with optimal rerouting, ranked by revenue lost, with exports lost and
the budget loss of every state; plus export N-1, route and transit-state concentration (HHI,
Shannon) and each exporter's dependency on each transit state.`,
  fields: {
    ...windowFields,
    order: field(z.union([z.literal(1), z.literal(2)], { error: 'must be 1 or 2' }).default(1).describe('2 also finds the worst pairs of assets (N-2), pruned by an estimated bound.'), { placeholder: '1|2' }),
    top: field(whole(1, 200, 'With order 2: how many worst pairs to find.').default(20), { placeholder: 'K' }),
    assets: field(ids('asset').optional().describe('Only these assets (default: every node and link).'), { placeholder: 'A,B', ...commaList }),
    mode: analysisMode,
  },
  refine: (request, context) => {
    if (request.order === 2 && request.days + request.recoveryDays > LIMITS.pairHorizonDays) context.addIssue({ code: 'custom', path: ['days'], message: `with order 2, days + recovery must be at most ${LIMITS.pairHorizonDays} (pairs multiply the solves)` });
  },
  response: publishedReportSchema('criticality'),
});

export const DEFAULT_SWEEP = '1,7,14,30,60,90,180';

export const leverageOperation = operation({
  id: 'leverage',
  summary: 'Who can hurt whom by closing what it controls, at what cost to itself',
  usage: 'chokepoint leverage [NETWORK] [options]',
  description: `For every actor with jurisdiction: it closes all the infrastructure on its territory (links,
junctions, terminals, storage; not fields or markets) for the closure. Reports every other actor's
loss, the closer's own cost (lost tariffs, fiscal take on its own stranded oil, equity in fields and
links that stop), the ratio loss / cost and the share of each target's exports that stays safe.`,
  fields: {
    ...windowFields,
    actors: field(ids('actor').optional().describe('Only these closers (default: every actor with jurisdiction).'), { placeholder: 'A,B', ...commaList }),
    sweep: field(z.array(whole(1, LIMITS.closureDays, 'Closure length, days.')).min(1).max(LIMITS.sweepLengths, { error: `at most ${LIMITS.sweepLengths} closure lengths` }).optional().describe(`Also sweep the closure length over these days (a bare --sweep: ${DEFAULT_SWEEP}).`), { placeholder: '[LIST]', ...commaList, bareValue: DEFAULT_SWEEP }),
    levers: field(z.boolean().default(false).describe("Also close each closer's assets one at a time: its most efficient lever on each target."), { switch: true }),
    mode: analysisMode,
  },
  response: publishedReportSchema('leverage'),
});

/** "REF#id,id" on the command line: candidates (or a scenario's expansions), some of them. */
const bypassFromText = (text: string) => {
  const [from, picked] = text.split('#') as [string, string | undefined];
  return picked === undefined ? { candidates: from } : { candidates: from, ids: picked.split(',').map((part) => part.trim()) };
};

export const powerOperation = operation({
  id: 'power',
  summary: 'Pipeline power: Shapley values of the actors',
  usage: 'chokepoint power [NETWORK] [options]',
  description: `Pipeline power: Shapley values of a cooperative game in which a coalition earns what the network
earns in a steady year with only the assets it can operate open. An asset operates when every
player with jurisdiction over it is in the coalition and (if owners play) owners holding at least
half of it are. Exact up to --exact-limit players, sampled beyond with a standard error.`,
  fields: {
    network: windowFields.network,
    price: windowFields.price,
    date: field(dateText.optional().describe("The day whose prices value the steady year (default: the network's reference date)."), { placeholder: 'DATE' }),
    players: field(
      z.union([z.enum(['jurisdiction', 'all']), ids('player')]).default('jurisdiction').describe('jurisdiction (actors with jurisdiction), all (also owners), or a list of actor ids.'),
      { placeholder: 'P', fromText: (text) => (text === 'jurisdiction' || text === 'all' ? text : text.split(',').map((part) => part.trim())) },
    ),
    bypass: field(
      z.strictObject({ candidates: documentReference('candidates'), ids: ids('candidate').optional() }).optional().describe("Also play the game with a bypass built: candidates (or a scenario's expansions), optionally only some of them (REF#id,id on the command line)."),
      { placeholder: 'REF', fromText: bypassFromText },
    ),
    exactLimit: field(whole(1, LIMITS.powerExactPlayers, 'Enumerate all coalitions up to this many players.').default(12), { flag: 'exact-limit', placeholder: 'N' }),
    samples: field(whole(10, LIMITS.powerSamples, 'Sampled permutations beyond the exact limit.').default(2000), { placeholder: 'N' }),
    seed: field(whole(0, LIMITS.seed, 'Seed of the sampling.').default(1), { placeholder: 'S' }),
    mode: analysisMode,
  },
  response: publishedReportSchema('power'),
});

export const bypassOperation = operation({
  id: 'bypass',
  summary: 'Bypass projects: loss avoided, NPV, break-even probability',
  usage: 'chokepoint bypass --candidates FILE [--threat SCENARIO] [options]',
  description: `For each candidate project (new or enlarged links, ports, storage, tankers, with capex, opex, lead
time and lifetime) and for the best portfolio (a mixed-integer program in HiGHS over a normal
period and the threat): netback saved per threat event, the value added in normal times, NPV, and
the break-even annual probability of the threat; plus the threat-credibility view (the
threatener's own cost per event, the penalty it paid, and when diversification becomes rational).`,
  fields: {
    candidates: field(documentReference('candidates').default('kazakh-bypass'), { placeholder: 'FILE' }),
    threat: field(documentReference('scenario').optional().describe('The threat (default: the one the candidates name).'), { placeholder: 'SCENARIO' }),
    probability: field(share("Annual probability of the threat for NPV (default: the candidates file's).").optional(), { placeholder: 'P', percent: true }),
    discountRate: field(share("Discount rate per year, e.g. 8 % (default: the candidates file's).").optional(), { flag: 'discount-rate', placeholder: 'R', percent: true }),
    budgetUsd: field(amount(0, LIMITS.budgetUsd, "Capital budget for the portfolio, USD (default: the candidates file's, else none).").optional(), { flag: 'budget', placeholder: 'USD', fromText: (text) => Number(text.replace(/[_,\s]/g, '')) }),
    mipTimeLimitSeconds: field(whole(1, LIMITS.mipTimeLimitSeconds, 'Time limit of the portfolio MIP, seconds.').default(120), { flag: 'mip-time-limit', placeholder: 'S' }),
    hazards: field(documentReference('hazards').optional().describe("The hazards file of the hazard the threat is one event of (default: the candidates file's); its rate prior, updated by its record, is weighed against the break-even rate."), { placeholder: 'FILE' }),
    hazard: field(id('hazard').optional().describe("The hazard the threat is one event of (default: the candidates file's)."), { placeholder: 'ID' }),
    withdrawn: field(withdrawn, { placeholder: 'R' }),
    mode: analysisMode,
  },
  response: bypassSchema,
});

export const riskOperation = operation({
  id: 'risk',
  summary: 'Simulated years of disruptions: expected and tail losses',
  usage: 'chokepoint risk [HAZARDS] [options]',
  description: `Monte Carlo of disruption years. HAZARDS (built-in id, named after its network, default
caspian-crude, or a YAML/JSON file) lists hazards per asset or actor: kind, annual rate, duration
distribution, capacity left, season. Each simulated year's events are drawn (seeded), events close
enough to interact are solved together in a short window with optimal rerouting, identical windows
once. Reports expected annual loss, median, P90/P95/P99, VaR95 and CVaR95 with standard errors for
all exporters and every actor, the drivers, and the convergence. Identical seeds give identical
results whatever the number of workers. Ctrl-C (or a client that leaves) stops after the current
chunk of years.`,
  fields: {
    hazards: field(documentReference('hazards').default('caspian-crude'), { positional: 'HAZARDS' }),
    years: field(whole(1, LIMITS.riskYears, 'Simulated years.').default(1000), { placeholder: 'N' }),
    seed: field(whole(0, LIMITS.seed, 'Random seed.').default(42), { placeholder: 'S' }),
    actor: field(id('actor').optional().describe('Whose loss the drivers and histogram explain (default: all exporters).'), { placeholder: 'A' }),
    price: field(priceText.optional().describe("Constant benchmark price (default: the hazards file's, else the network's reference price)."), { placeholder: 'P' }),
    condition: field(
      z.array(z.string().min(1).max(4200)).max(LIMITS.conditions, { error: `at most ${LIMITS.conditions} conditions` }).optional().describe('Rerun in a changed world and report the shift: rate:HAZARD*F (scale a rate), without:HAZARD, bypass:REF[#id,id].'),
      { placeholder: 'C', repeatable: true },
    ),
    rates: field(z.enum(RATE_MODES, { error: `must be one of ${RATE_MODES.join(', ')}` }).optional().describe("Which rate each hazard has: stated (the file's point, default), posterior-mean (its prior updated by its record), or posterior (a rate drawn from that posterior each simulated year)."), { placeholder: 'MODE' }),
    withdrawn: field(withdrawn, { placeholder: 'R' }),
    chunk: field(whole(1, LIMITS.riskYears, 'Years per chunk: progress and stopping act between chunks (default 500, doubling up to 2,000).').optional(), { placeholder: 'N' }),
    stepDays: field(whole(1, LIMITS.riskStepDays, "Days one step of each window stands for (default: the hazards file's, else 1 = every day solved); more is faster for hazards lasting months. Hindsight only.").optional(), { flag: 'step-days', placeholder: 'D' }),
    mode: analysisMode,
  },
  response: publishedReportSchema('risk'),
});

export const rulesOperation = operation({
  id: 'rules',
  summary: "Who bears each sanction rule's cost, and which exemptions matter most",
  usage: 'chokepoint rules [SCENARIO] [options]',
  description: `For a scenario with sanction rules (built-in id or file; default eu-embargo-price-cap-2022): every
actor's loss against the baseline, then for each rule who bears its cost — the rule alone (the other
rules out, every other event kept) and the rule added last (the full scenario minus the scenario
without it); each actor marked target (taxes or owns caught crude), exempt, issuer or buyer. Then
each exemption, ranked by the netback it saves: the scenario re-run with the exempt field caught
where the rule would otherwise catch it. Runs are decided as the scenario's operations say.`,
  fields: {
    scenario: field(documentReference('scenario').default('eu-embargo-price-cap-2022'), { positional: 'SCENARIO' }),
  },
  response: rulesSchema,
});

export const compareOperation = operation({
  id: 'compare',
  summary: 'Two runs side by side',
  usage: 'chokepoint compare A B [options]',
  description: `Two runs side by side: what changed in their inputs (events, horizon, network) as chips, and every
headline figure before and after. On the command line A and B are scenarios (built-in ids or files;
both are solved) or results saved with \`chokepoint run --json\`; over HTTP they are stored run ids.`,
  fields: {
    a: field(z.string().min(1).max(200).describe('The first run.'), { positional: 'A' }),
    b: field(z.string().min(1).max(200).describe('The second run.'), { positional: 'B' }),
  },
  response: compareSchema,
});

export const backtestOperation = operation({
  id: 'backtest',
  summary: 'Real disruptions replayed: model vs observed, with errors',
  usage: 'chokepoint backtest [CASE...] [options]',
  description: `Replays real disruptions (the built-in cases of data/backtests, or the CASEs given) with only
what was known at the time — dates, assets out, capacity left — and sets the model's figures beside
the observed ones, with the relative error (model - observed) / |observed| and the mode the replay
used (rolling: re-planned each day with only what operators knew — each event from its announced
day, believed to last until its expected end or until further notice). Beside a rolling figure,
the same case with hindsight (every event and its end known) and the value of that foresight.
Observed figures are reported, never used to set a parameter.`,
  fields: {
    cases: field(
      z
        .array(z.string().min(1, { error: 'give a case id' }).max(4096, { error: 'a case reference is at most 4096 characters' }))
        .min(1, { error: 'list at least one case' })
        .max(LIMITS.backtestCases, { error: `at most ${LIMITS.backtestCases} cases` })
        .optional()
        .describe('The cases to replay: built-in ids (data/backtests; on the command line also YAML/JSON files). Default: every built-in case.'),
      { positional: 'CASE...', rest: true },
    ),
  },
  response: backtestSchema,
});

export const NAME_LIMIT = 200;

export const runOperation = operation({
  id: 'run',
  summary: 'Solve a scenario and its baseline, report the impact',
  usage: 'chokepoint run [SCENARIO] [options]',
  description: `Solves SCENARIO (built-in id or file; default cpc-2022-ban) and its counterfactual
baseline (same horizon and prices, no events) as daily linear programs, then reports the impact:
exports lost by route, shut-ins, storage, revenue, budgets, shareholders.`,
  fields: {
    scenario: field(z.union([z.string().min(1).max(4096), scenarioSchema]).default('cpc-2022-ban').describe('A built-in scenario id (on the command line also a file), or the scenario as its file would hold it; its `network` names a built-in network.'), { positional: 'SCENARIO' }),
    name: field(z.string().min(1).max(NAME_LIMIT, { error: `a name is at most ${NAME_LIMIT} characters` }).optional().describe('A name for the run (default: the scenario\'s).')),
    mode: field(
      modeSchema
        .optional()
        .describe("How decisions are taken, instead of the scenario's operations.mode (a scenario without one is decided rolling): hindsight (one plan that knows every event and its end) or rolling (re-planned each day with what is known; also reports the hindsight loss and the value of foresight)."),
      { placeholder: 'M' },
    ),
  },
  response: publishedResultSchema,
});

/**
 * How a process solves its batches: options of the command line (analyses, `serve`, `worker`),
 * not fields of any request, so an API client cannot point the server at another host.
 */
export const EXECUTION = {
  queue: field(queueUrl.optional(), { placeholder: 'URL' }),
} as const;

/** The analyses served at POST /api/analyses/{id}, by id. */
export const ANALYSES = { criticality: criticalityOperation, leverage: leverageOperation, power: powerOperation, bypass: bypassOperation, risk: riskOperation, rules: rulesOperation, backtest: backtestOperation } as const;
export type AnalysisId = keyof typeof ANALYSES;
export const OPERATIONS = { run: runOperation, ...ANALYSES, compare: compareOperation } as const;
export type OperationId = keyof typeof OPERATIONS;

export type RequestOf<O extends Operation> = z.output<O['request']>;
export type RequestInputOf<O extends Operation> = z.input<O['request']>;
export type ResponseOf<O extends Operation> = z.output<O['response']>;

/** Percent text on flags that take shares; exported for the CLI. */
export { percentText };
