import { z } from 'zod';
import { gasImpactSchema, gasUnitsSchema } from './gas-impact.ts';

/** The `--json` contracts of the analysis commands (`chokepoint schema criticality|leverage|power|bypass|compare`). */

const usd = z.number().describe('US dollars');
const tonnes = z.number().describe('tonnes');
const share = z.number().describe('fraction, 0–1');

const window = z
  .object({
    start: z.string().describe('First day of every simulated closure (first day of the horizon).'),
    end: z.string().describe('Last day of the horizon.'),
    closureDays: z.number().int(),
    recoveryDays: z.number().int().describe('Days simulated after the closure so storage drains and deferred oil is counted.'),
  })
  .describe('The horizon each variant is solved over.');

/** How an analysis's variants were decided (its `mode`); set on every report the contract answers. */
export const analysisOperationsSchema = z
  .object({
    mode: z.enum(['hindsight', 'rolling']),
    lookaheadDays: z.number().int().optional().describe('Rolling: length of each decision window, days.'),
    replanDays: z.number().int().optional().describe('Rolling: days between re-plans.'),
  })
  .describe("How each variant was decided: hindsight (one plan knowing every event and its end), or rolling (re-planned each day with what is known); each variant's loss is against the baseline decided the same way.");

const performance = z
  .object({
    solves: z.number().int().describe('LP solves of variants (the baselines are extra).'),
    workers: z.number().int().describe('Worker threads used (0 = in process).'),
    wallMs: z.number(),
    solveMs: z.number().describe('Solver time summed over workers.'),
    baselineSolveMs: z.number(),
  })
  .describe('Timings; they vary by machine and are not part of the result proper.');

const closureRow = z.object({
  asset: z.string().describe('Asset id (pairs: "a + b").'),
  kind: z.string().describe('Node kind, or link:KIND, or pair.'),
  status: z.enum(['optimal', 'infeasible', 'unbounded', 'not-solved']),
  message: z.string().optional(),
  exportsLostTonnes: tonnes,
  revenueLostUsd: usd,
  netbackLostUsd: usd,
  shutInTonnes: tonnes,
  budgetLossByState: z.array(z.object({ state: z.string(), lossUsd: usd })),
  exportsLostByState: z.array(z.object({ state: z.string(), tonnes })).describe('Exports lost by the producing state of the oil.'),
  gas: gasImpactSchema.optional(),
});

const concentration = z.object({ hhi: z.number().describe('Herfindahl–Hirschman index, 0–10,000'), shannon: z.number().describe('Shannon entropy, nats') });

export const criticalitySchema = z
  .object({
    analysis: z.literal('criticality'),
    operations: analysisOperationsSchema.optional(),
    network: z.string(),
    window,
    baseline: z.object({ exportsTonnes: tonnes, revenueUsd: usd, netbackUsd: usd }).describe('The shared baseline over the horizon.'),
    units: gasUnitsSchema.optional(),
    rankedBy: z.string().optional().describe('Gas networks: how the assets are ranked (see `assets`).'),
    assets: z.array(closureRow).describe('Every asset closed alone for the closure, ranked by revenue lost, then exports lost. On a gas network: every asset but the consumers (markets with a demand curve), ranked by firm demand unserved, then demand priced out, then cost (`rankedBy`).'),
    pairs: z
      .object({
        top: z
          .array(
            closureRow.extend({
              assets: z.array(z.string()),
              synergyUsd: usd.describe('Pair loss minus the two single losses: > 0 when the assets back each other up.'),
              synergyGas: gasImpactSchema
                .pick({ unservedMWh: true, destroyedMWh: true, cost: true })
                .optional()
                .describe('Gas networks: firm demand unserved, demand priced out and cost of the pair minus those of the two assets alone: > 0 when the assets back each other up.'),
            }),
          )
          .describe('The worst pairs, ranked as `assets` are (on gas: `rankedBy`).'),
        evaluated: z.number().int().describe('Pairs solved.'),
        candidates: z.number().int().describe('Pairs where at least one asset carries baseline flow (others lose nothing).'),
        total: z.number().int(),
      })
      .optional()
      .describe('With --order 2: the worst pairs, found by solving pairs in order of an estimated bound on their loss (revenue on crude, firm demand unserved on gas; see docs/analyses.md).'),
    indicators: z.array(
      z.object({
        state: z.string().describe('Exporting state (producing state of the oil).'),
        baselineExportsTonnes: tonnes,
        exportN1: z.object({
          largestAsset: z.string().describe('The asset whose closure loses this state the most exports.'),
          exportsLostTonnes: tonnes,
          shareDeliverable: share.describe('1 − exports lost / baseline exports over the closure days.'),
        }),
        routeConcentration: concentration,
        routes: z.array(z.object({ route: z.string(), share })),
        transitConcentration: concentration.describe('Over the transit states, weighted by the share of exports crossing each.'),
        dependency: z.array(z.object({ transitState: z.string(), share: share.describe('Share of the exports that cross this state (traced through the baseline flows).') })),
      }),
    ),
    performance,
  })
  .describe('N-1 criticality of every asset, with security-of-supply indicators for exporters.');

const ratio = z.number().nullable().describe('Target loss / actor cost; null when the actor loses nothing.');

export const leverageSchema = z
  .object({
    analysis: z.literal('leverage'),
    operations: analysisOperationsSchema.optional(),
    network: z.string(),
    units: gasUnitsSchema.optional(),
    window,
    actors: z.array(
      z.object({
        actor: z.string(),
        assetsClosed: z.array(z.string()).describe('Everything under its jurisdiction.'),
        actorCostUsd: usd.describe('Its own loss: tariffs, fiscal take on its own oil, equity in affected fields and links.'),
        tariffLostUsd: usd,
        fiscalLostUsd: usd,
        equityLostUsd: usd,
        exportsLostTonnes: tonnes,
        revenueLostUsd: usd,
        gas: gasImpactSchema.optional().describe("Gas networks: what the closer's closure does to consumers."),
      }),
    ),
    pairs: z.array(
      z.object({
        actor: z.string().describe('The actor closing everything it controls.'),
        target: z.string(),
        days: z.number().int(),
        targetLossUsd: usd,
        actorCostUsd: usd,
        ratio,
        targetExportsTonnes: tonnes.describe("Target's baseline exports (its fields' oil for a state; equity share for a company)."),
        targetExportsSafeShare: share.describe("Share of the target's exports that still flow."),
      }),
    ),
    levers: z
      .array(
        z.object({
          actor: z.string(),
          target: z.string(),
          asset: z.string().describe('The single asset whose closure gives the closer the most loss to the target per USD of its own cost.'),
          days: z.number().int(),
          targetLossUsd: usd,
          actorCostUsd: usd,
          ratio,
        }),
      )
      .optional()
      .describe('With --levers: each closer\'s most efficient single asset against each target.'),
    sweep: z
      .array(
        z.object({
          actor: z.string(),
          target: z.string(),
          points: z.array(z.object({ days: z.number().int(), targetLossUsd: usd, actorCostUsd: usd, ratio, marginalLossPerDayUsd: usd })),
          bufferDays: z.number().nullable().describe('Closure length at which the daily loss first reaches 90 % of its full rate: when storage and rerouting have run out.'),
        }),
      )
      .optional(),
    performance,
  })
  .describe('Leverage matrix: each actor with jurisdiction closes all it controls; who loses what, and at what cost to itself.');

const player = z.object({
  actor: z.string(),
  shapley: usd.describe('Shapley value: average marginal contribution to the value of the network (USD per year).'),
  share: share.describe('Shapley value / grand coalition value.'),
  standardErrorUsd: usd.optional().describe('Sampling error when the values are estimated.'),
  assets: z.number().int().describe('Assets the player has a veto over.'),
});

export const powerSchema = z
  .object({
    analysis: z.literal('power'),
    operations: analysisOperationsSchema.optional(),
    network: z.string(),
    units: gasUnitsSchema.optional(),
    method: z.enum(['exact', 'sampled']),
    samples: z.number().int().optional().describe('Permutations sampled (method sampled).'),
    valueBasis: z.string().describe('What a coalition value measures.'),
    players: z.array(player),
    grandCoalitionValueUsd: usd,
    emptyCoalitionValueUsd: usd.describe('Value of the network when nothing controlled operates (before normalising to 0).'),
    coalitionsEvaluated: z.number().int(),
    distinctSolves: z.number().int().describe('Coalitions that differ only by players without veto share one solve.'),
    withBypass: z
      .object({
        label: z.string(),
        players: z.array(player),
        grandCoalitionValueUsd: usd,
        changes: z.array(z.object({ actor: z.string(), before: usd, after: usd, changeUsd: usd })),
      })
      .optional(),
    performance,
  })
  .describe('Pipeline power: Shapley values of the actors in the game where a coalition earns what the network earns with only its assets operating.');

const candidateResult = z.object({
  id: z.string(),
  name: z.string(),
  capexUsd: usd,
  opexUsdPerYear: usd,
  leadYears: z.number(),
  lifetimeYears: z.number(),
  lossAvoidedPerEventUsd: usd.describe("Exporters' netback the project saves in one threat event."),
  normalTimesValueUsdPerYear: usd.describe('Netback the project adds (+) in a year without the threat; negative if it must be paid for but is never used.'),
  npvUsd: usd.describe('At the stated probability and discount rate.'),
  breakEvenProbability: z.number().nullable().describe('Annual probability of the threat at which NPV = 0; null if it never pays.'),
  breakEvenProbabilityThreatOnly: z
    .number()
    .nullable()
    .describe('The same, counting only the losses avoided (the project as pure insurance, its normal-times value ignored).'),
  equivalentAnnualCostUsd: usd.describe('Capex spread over the service years at the discount rate, plus fixed opex.'),
});

const weighed = z.object({
  mean: z.number().describe('Mean events per year.'),
  interval: z.tuple([z.number(), z.number()]).describe('Central 90 % interval of the rate.'),
  expectedNpvUsd: usd.describe('NPV averaged over the belief (NPV is linear in the rate: NPV at the mean).'),
  probabilityItPays: z.number().nullable().describe('Chance that the rate is above the break-even rate (null: never pays).'),
});

const beliefSchema = z
  .object({
    hazard: z.string(),
    reading: z.enum(['counts', 'not-credible']),
    assumes: z.string().describe('What the chosen reading of an executed-then-withdrawn threat assumes.'),
    statedRate: z.number(),
    priorReasoning: z.string(),
    breakEvenRate: z.number().nullable().describe("The best portfolio's break-even rate (events per year)."),
    prior: weighed,
    posterior: weighed,
    record: z.object({ from: z.string(), to: z.string(), events: z.array(z.string()) }).nullable(),
    event: z.object({ id: z.string(), date: z.string(), before: weighed, after: weighed }).nullable().describe('The belief just before and just after the record event (the last withdrawn one, else the last).'),
    readings: z.array(z.object({ reading: z.enum(['counts', 'not-credible']), assumes: z.string(), posterior: weighed, after: weighed.nullable() })).describe('Both readings side by side.'),
    decisions: z
      .array(
        z.object({
          id: z.string().describe('The portfolio, the portfolio counted as pure insurance, or a candidate.'),
          breakEvenRate: z.number().nullable(),
          prior: weighed,
          before: weighed.optional(),
          after: weighed.optional(),
          counts: weighed.describe('Posterior with the withdrawn threat counted.'),
          notCredible: weighed.describe('Posterior with the withdrawn threat read as not credible.'),
        }),
      )
      .describe('Each decision under each belief.'),
    verdict: z.string(),
  })
  .describe("The break-even decision against the threat hazard's rate belief (prior updated by the record), not a point.");

export const bypassSchema = z
  .object({
    analysis: z.literal('bypass'),
    operations: analysisOperationsSchema.optional(),
    network: z.string(),
    threat: z.object({ id: z.string(), name: z.string(), days: z.number().int(), lossPerEventUsd: usd.describe("Exporters' netback lost without any candidate.") }),
    probability: z.number().describe('Annual probability of the threat used for NPV.'),
    discountRate: z.number(),
    candidates: z.array(candidateResult),
    portfolio: z.object({
      budgetUsd: usd.nullable(),
      chosen: z.array(z.string()),
      capexUsd: usd,
      npvUsd: usd.describe('Expected annual net benefit (value added less the projects\' equivalent annual costs) over the capex-weighted lead time and lifetime.'),
      normalTimesValueUsdPerYear: usd,
      lossAvoidedPerEventUsd: usd,
      breakEvenProbability: z.number().nullable(),
      breakEvenProbabilityThreatOnly: z.number().nullable().describe('Counting only the losses avoided.'),
      method: z.string(),
      mipGap: z.number().optional(),
    }),
    credibility: z
      .object({
        threatener: z.string(),
        threatenerCostPerEventUsd: usd,
        targetLossPerEventUsd: usd,
        penaltyUsd: usd.describe('What the threatener actually paid (e.g. the fine that replaced the suspension).'),
        breakEvenProbability: z.number().nullable().describe("The best portfolio's break-even annual probability of the threat."),
        breakEvenProbabilityThreatOnly: z.number().nullable().describe('The same as pure insurance (normal-times value ignored).'),
        verdict: z.string(),
      })
      .optional(),
    belief: beliefSchema.optional(),
    performance,
  })
  .describe('Bypass economics: loss avoided per threat, NPV, break-even probability per candidate and for the best portfolio.');

export const compareSchema = z
  .object({
    analysis: z.literal('compare'),
    a: z.object({ id: z.string(), name: z.string() }),
    b: z.object({ id: z.string(), name: z.string() }),
    units: gasUnitsSchema.optional().describe('Two gas runs: headline units are MWh, the currency (money) and currency/MWh (shadow prices); byActor is in the currency.'),
    changes: z.array(z.object({ kind: z.enum(['added', 'removed', 'changed']), what: z.string(), detail: z.string() })).describe('What differs between the two inputs, as chips.'),
    headline: z.array(z.object({ metric: z.string(), unit: z.string(), a: z.number(), b: z.number(), change: z.number() })),
    byActor: z.array(z.object({ actor: z.string(), a: usd, b: usd, change: usd })),
  })
  .describe('Two runs side by side.');

const ruleRole = z.enum(['target', 'exempt', 'issuer', 'buyer', 'other']).describe("target: taxes or owns crude the rule catches; exempt: taxes or owns crude it spares by name; issuer: issues it; buyer: the state of one of its markets.");
const actorShare = z.object({ actor: z.string(), name: z.string(), roles: z.array(ruleRole), lossUsd: usd.describe('Positive = loses.') });

export const rulesSchema = z
  .object({
    analysis: z.literal('rules'),
    scenario: z.object({ id: z.string(), name: z.string() }),
    mode: z.enum(['hindsight', 'rolling']).describe('How the runs were decided (the scenario\'s operations).'),
    total: z.object({ netbackLostUsd: usd, byActor: z.array(actorShare) }).describe('The scenario against its baseline, every event in.'),
    rules: z
      .array(
        z.object({
          id: z.string(),
          rule: z.enum(['embargo', 'price-cap', 'secondary']),
          issuer: z.string(),
          markets: z.array(z.string()),
          caught: z.array(z.string()),
          exempt: z.array(z.string()),
          aloneNetbackLostUsd: usd.describe('The scenario with this rule and none of the other rules (other events kept), against the baseline.'),
          lastNetbackLostUsd: usd.describe('What the rule adds on top of all the others: the full scenario minus the scenario without it.'),
          byActor: z.array(actorShare.omit({ lossUsd: true }).extend({ aloneUsd: usd, lastUsd: usd })).describe('Who bears the rule\'s cost, alone and added last (sorted by the larger).'),
        }),
      )
      .describe('Who bears each rule\'s cost.'),
    exemptions: z
      .array(
        z.object({
          rule: z.string(),
          field: z.string(),
          reason: z.string(),
          markets: z.array(z.string()).describe('Where the rule would catch the field without the exemption.'),
          worthUsd: usd.nullable().describe('Netback the exemption saves: the scenario without the exemption minus the scenario; null when the scenario without it has no feasible plan.'),
          withoutIt: z.string().optional().describe('Why the scenario without the exemption has no plan (e.g. crude already under way with no buyer left): the exemption is then essential to the model.'),
          byActor: z.array(actorShare).describe('Who the exemption spares (loss without it minus loss with it).'),
        }),
      )
      .describe('Each exemption, ranked by what it saves (those without which there is no feasible plan first): which exemptions matter most.'),
    runs: z.number().int().describe('Scenario runs solved (each with its baseline).'),
  })
  .describe('Who bears each sanction rule\'s cost, and which exemptions matter most.');

export type RulesReport = z.infer<typeof rulesSchema>;
export type CriticalityReport = z.infer<typeof criticalitySchema>;
export type LeverageReport = z.infer<typeof leverageSchema>;
export type PowerReport = z.infer<typeof powerSchema>;
export type BypassReport = z.infer<typeof bypassSchema>;
export type CompareReport = z.infer<typeof compareSchema>;

const lossStatistics = {
  expectedAnnualLossUsd: usd.describe('Mean loss per simulated year.'),
  medianUsd: usd,
  p90Usd: usd,
  p95Usd: usd,
  p99Usd: usd,
  var95Usd: usd.describe('Value at risk: the loss exceeded in 5 % of years (= p95).'),
  cvar95Usd: usd.describe('Conditional value at risk: the mean loss of the worst 5 % of years.'),
  standardErrorUsd: usd.describe('Standard error of the expected annual loss: more years shrink it as 1/sqrt(years).'),
};

const riskDistribution = {
  years: z.number().int().describe('Years simulated (fewer than requested when stopped early).'),
  exporters: z.object({ actor: z.string(), ...lossStatistics }).describe("All exporters' netback lost per year."),
  byActor: z.array(z.object({ actor: z.string(), ...lossStatistics })),
  drivers: z.array(
    z.object({
      hazard: z.string(),
      name: z.string().describe("The hazard's name in its file."),
      asset: z.string().describe('What the hazard hits.'),
      kind: z.string(),
      eventsPerYear: z.number().describe('Events sampled per year (close to the rate).'),
      expectedAnnualLossUsd: usd,
      shareOfExpectedLoss: share,
      shareOfTailLoss: share.describe('Share of the loss in the worst 5 % of years.'),
    }),
  ),
};

const rateSummary = z
  .object({
    mean: z.number().describe('Mean events per year.'),
    interval: z.tuple([z.number(), z.number()]).describe('Central 90 % interval of the annual rate.'),
    probabilityOfAnEventInAYear: z.number().describe('Chance of at least one event in a year, averaged over the belief.'),
    shape: z.number().describe('Gamma shape (alpha).'),
    years: z.number().describe('Gamma rate (beta), in years of exposure.'),
  })
  .describe('A belief about an annual rate: Gamma(shape, years).');

export const hazardBeliefSchema = z.object({
  id: z.string(),
  statedRate: z.number().describe("The file's point rate (events per year)."),
  prior: rateSummary.extend({ reasoning: z.string() }),
  posterior: rateSummary.describe('The prior updated by the record: Gamma(shape + events, years + exposure).'),
  record: z
    .object({ from: z.string(), to: z.string(), exposureYears: z.number(), events: z.array(z.string()), counted: z.number().int().describe('Events counted under the reading chosen.') })
    .nullable()
    .describe('null: no record; the posterior is the prior.'),
  reading: z.enum(['counts', 'not-credible']).describe('How executed-then-withdrawn events count.'),
});

export const riskSchema = z
  .object({
    analysis: z.literal('risk'),
    operations: analysisOperationsSchema.optional(),
    network: z.string(),
    hazardsFile: z.string().describe('Id of the hazards file.'),
    hazards: z.array(hazardBeliefSchema).describe('Each hazard with a prior: the rate believed before the record and after it.'),
    rates: z.object({
      mode: z.enum(['stated', 'posterior-mean', 'posterior']).describe('Which rates the simulation drew events from.'),
      withdrawn: z.enum(['counts', 'not-credible']),
      reading: z.string().describe('What the withdrawn reading assumes, in words.'),
    }),
    requestedYears: z.number().int(),
    seed: z.number().int(),
    partial: z.boolean().describe('True when stopped (Ctrl-C) before all years were simulated.'),
    units: gasUnitsSchema.optional(),
    stepDays: z.number().int().min(1).describe('Days one step of each solved window stood for (1: every day; more: rates per step, events by the share of each step they cut).'),
    priceUsdPerBbl: z.number(),
    metric: z.string().describe('Whose loss the drivers, histogram and convergence describe ("*exporters" = all exporters\' netback).'),
    ...riskDistribution,
    convergence: z.array(z.object({ years: z.number().int(), expectedAnnualLossUsd: usd, standardErrorUsd: usd })),
    histogram: z.object({
      binWidthUsd: usd,
      counts: z.array(z.number().int()).describe('Years per bin of annual loss, from 0.'),
      exceedance: z.array(z.object({ probability: z.number(), lossUsd: usd, returnPeriodYears: z.number() })),
    }),
    conditioned: z
      .object({
        label: z.string(),
        ...riskDistribution,
        shift: z.array(z.object({ actor: z.string(), expectedAnnualLossUsd: usd, p95Usd: usd, cvar95Usd: usd }).describe('Conditioned minus unconditioned.')),
      })
      .optional()
      .describe('With --condition: the same years in a changed world.'),
    performance: performance.extend({
      windows: z.number().int().describe('Disrupted windows in all the simulated years (events close in time share a window).'),
      distinctClusters: z.number().int().describe('Different windows among them: each solved once, identical ones share the solve.'),
      daysCut: z.number().int().describe('Steady days cut out of long windows and valued at the steady daily loss of the events then active (see settleDays).'),
    }),
  })
  .describe('Loss distribution from simulated years of disruptions.');

export type RiskReport = z.infer<typeof riskSchema>;

const backtestMetricRow = z.object({
  name: z.string(),
  model: z.number().nullable().describe("The model's figure in the observation's unit; null when the replay has no answer."),
  observed: z.number(),
  unit: z.string(),
  relativeError: z.number().nullable().describe('(model - observed) / |observed|.'),
  hindsight: z.number().nullable().describe('A rolling replay: the figure had operators known every event and its end (null in a hindsight replay).'),
  hindsightRelativeError: z.number().nullable(),
  source: z.string().describe('Where the observed figure comes from (it is reported, never used to set a parameter).'),
});

export const backtestSchema = z
  .object({
    cases: z.array(
      z.object({
        id: z.string(),
        record: z.string().describe('The event of the disruption record (data) this case replays.'),
        name: z.string(),
        mode: z.enum(['hindsight', 'rolling']).describe('How the replay was decided (the case\'s operations).'),
        lookaheadDays: z.number().int().nullable(),
        replanDays: z.number().int().nullable(),
        valueOfForesightUsd: usd.nullable().describe('Rolling: netback lost under rolling minus under hindsight.'),
        status: z.string().describe('optimal, or why the replay has no answer.'),
        estimates: z.array(z.string()).describe('What in the case is estimated rather than sourced.'),
        metrics: z.array(backtestMetricRow),
      }),
    ),
  })
  .describe('Real disruptions replayed with what was known at the time: the model beside the observed figures.');

export type BacktestReport = z.infer<typeof backtestSchema>;
