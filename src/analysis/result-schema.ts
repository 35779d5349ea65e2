import { z } from 'zod';
import { gasResultSchema } from './gas-result-schema.ts';
import { gasImpactSchema } from './gas-impact.ts';

/** The full result of `chokepoint run --json`; this schema is its contract (`chokepoint schema result`). */

const usd = z.number().describe('US dollars');
const tonnes = z.number().describe('tonnes');

const routeExports = z
  .object({
    route: z.string(),
    tonnes,
    barrels: z.number().optional().describe('Crude networks only.'),
    byOrigin: z.array(z.object({ field: z.string(), state: z.string(), tonnes })).optional().describe('Tonnes by producing field. Always there on crude; a gas result does not show it (gas is one pooled stream: the split is its mix).'),
  })
  .describe('Oil crossing the route\'s metering link over the horizon.');

const fieldSummary = z.object({
  field: z.string(),
  name: z.string(),
  state: z.string(),
  productionTonnes: tonnes,
  shutInTonnes: tonnes.describe('Capacity left unproduced.'),
  revenueUsd: usd,
  netbackUsd: usd.describe('Revenue + end-of-horizon stock value - tariffs - lifting - shut-in cost.'),
  fiscalUsd: usd.describe("The taxing state's take."),
});

const runSummary = z
  .object({
    objectiveUsd: usd.describe('The LP objective: netback of the whole network, discounted at the scenario rate, with end stock valued.'),
    netbackUsd: usd.describe('Undiscounted netback of all fields: revenue + end stock value - tariffs - lifting - shut-in and holding costs.'),
    exportsTonnes: tonnes,
    exportsByRoute: z.array(routeExports),
    revenueUsd: usd,
    productionTonnes: tonnes,
    shutInTonnes: tonnes,
    endStockTonnes: tonnes.describe('Oil in storage when the horizon ends.'),
    endInTransitTonnes: tonnes.describe('Oil loaded but not yet arrived when the horizon ends.'),
    endHeldTonnes: tonnes.default(0).describe('Oil held in transit (arrived where it could not go on) when the horizon ends, valued as stock there.'),
    byField: z.array(fieldSummary),
  })
  .describe('One solved run (baseline or scenario).');

const actorLoss = z.object({
  actor: z.string(),
  name: z.string(),
  kind: z.string(),
  lossUsd: usd.describe('Baseline income minus scenario income (positive = loses).'),
  fiscalUsd: usd.describe('Lost fiscal take on fields the actor taxes.'),
  fieldEquityUsd: usd.describe('Lost after-tax field margin by equity share.'),
  tariffUsd: usd.describe('Lost tariff revenue by equity share in links.'),
  penaltyUsd: usd.describe('Penalties paid (+) or received (-).'),
});

const holdingLoss = z.object({
  actor: z.string(),
  asset: z.string(),
  assetKind: z.enum(['field', 'link']),
  share: z.number(),
  lossUsd: usd,
});

const dailyImpact = z.object({
  date: z.string(),
  exportsLostTonnes: tonnes,
  revenueLostUsd: usd,
  shutInTonnes: tonnes,
  stockBuiltTonnes: tonnes,
});

function pairedSeries<Key extends string>(key: Key) {
  return z.object({ [key]: z.string(), baseline: z.array(z.number()), scenario: z.array(z.number()) } as { [K in Key]: z.ZodString } & { baseline: z.ZodArray<z.ZodNumber>; scenario: z.ZodArray<z.ZodNumber> });
}

function shadowRow<Key extends string>(key: Key) {
  return z.object({
    [key]: z.string(),
    baselineMeanUsdPerTonne: usd.describe('Mean over the horizon, baseline.'),
    scenarioMeanUsdPerTonne: usd.describe('Mean over the horizon, scenario.'),
    scenarioBindingDays: z.number().int().describe('Days with a positive price in the scenario.'),
    scenario: z.array(z.number()).describe('Daily shadow price in the scenario, USD/t.'),
  } as { [K in Key]: z.ZodString } & { baselineMeanUsdPerTonne: z.ZodNumber; scenarioMeanUsdPerTonne: z.ZodNumber; scenarioBindingDays: z.ZodNumber; scenario: z.ZodArray<z.ZodNumber> });
}

const headlineFigures = z.object({
  netbackLostUsd: usd,
  budgetLossUsd: z.record(z.string(), usd).describe('Budget loss by state.'),
  disruptorCostUsd: z.record(z.string(), usd).describe('Own cost by disrupting actor.'),
});

const sensitivityRow = z.object({
  parameter: z.string(),
  name: z.string(),
  kind: z.enum(['fiscalTake', 'storageCapacity', 'tariffIncomeShare', 'shutInCostFactor', 'restartRampDays']),
  unit: z.string().describe('Of base, low and high: "%" (as a fraction), "t", "x" (a factor) or "days".'),
  base: z.number().describe("The network's own value."),
  low: z.number(),
  high: z.number(),
  metric: z.string().describe('The headline figure in lossBaseUsd/lossLowUsd/lossHighUsd: netback, budget:STATE or disruptor:ACTOR.'),
  method: z.enum(['re-accounted', 're-solved', 'counted after the solve']),
  lossBaseUsd: usd,
  lossLowUsd: usd.nullable().describe('null when the variant could not be solved.'),
  lossHighUsd: usd.nullable(),
  atLow: headlineFigures.nullable(),
  atHigh: headlineFigures.nullable(),
  source: z.string(),
});

const elasticitySet = z.object({ label: z.string(), supply: z.number(), demand: z.number() });

const worldPriceImpact = z.object({
  elasticities: z.object({ central: elasticitySet, low: elasticitySet.optional(), high: elasticitySet.optional() }),
  multiplier: z.number().describe('Fractional benchmark change per unit share of world supply lost: 1 / (supply - demand elasticity).'),
  worldSupplyBarrelsPerDay: z.number(),
  supplyLostBarrels: z.number().describe("The corridor's exports lost over the horizon (barrels)."),
  peakSupplyLostBarrelsPerDay: z.number(),
  averageChangeUsdPerBbl: z.number().describe('Benchmark change averaged over the horizon.'),
  peakChangeUsdPerBbl: z.number(),
  rangeAverageChangeUsdPerBbl: z.tuple([z.number(), z.number()]).describe('The average change at the low and high elasticities.'),
  dailyChangeUsdPerBbl: z.array(z.number()),
  byActor: z.array(
    z.object({
      actor: z.string(),
      role: z.enum(['exporter', 'corridor', 'importer']).describe('exporter: sales outside the network; corridor: fiscal take and equity in what the network still exports; importer: purchases.'),
      barrels: z.number(),
      gainUsd: usd.describe('Gain from the price change (negative: a loss).'),
      gainRangeUsd: z.tuple([usd, usd]),
    }),
  ),
  otherBuyersGainUsd: usd.describe("All the world's other buyers together (negative: what they pay)."),
  otherBuyersGainRangeUsd: z.tuple([usd, usd]),
});

export const resultSchema = z
  .object({
    schemaVersion: z.literal(1),
    status: z.literal('optimal'),
    definition: z.object({
      id: z.string(),
      name: z.string(),
      network: z.string(),
      start: z.string(),
      end: z.string(),
      days: z.number().int(),
      events: z.array(z.object({ type: z.string(), asset: z.string().optional(), start: z.string(), end: z.string().optional(), summary: z.string() })),
      state: z
        .object({
          storage: z.array(z.object({ storage: z.string(), initialTonnes: tonnes, minimumTonnes: tonnes, capacityTonnes: tonnes })).describe('Each tank on the first day: starting stock, minimum operating stock, capacity.'),
          productionLimits: z.array(z.object({ id: z.string(), state: z.string(), enforced: z.boolean(), firstDayCapTonnes: tonnes.nullable() })).describe('National production limits and whether this run holds the fields to them.'),
          datedChanges: z.array(z.object({ asset: z.string(), figure: z.string(), from: z.string() })).describe('Figures taken on the first day for the whole run (tariffs, costs, fiscal take, owners) that step inside the horizon.'),
          schedules: z
            .array(
              z.object({
                link: z.string(),
                scheduleTonnesPerDay: tonnes,
                capacityTonnesPerDay: tonnes.nullable().describe('The physical capacity; null = unlimited.'),
                extra: z.object({ leadDays: z.number().int(), upToTonnesPerDay: tonnes.nullable().describe('null = up to the physical capacity.') }).nullable().describe('How more than the schedule can be had in a disruption; null = never.'),
              }),
            )
            .optional()
            .describe('Links whose commercial schedule (first day) is below their physical capacity, and how extra can be had in a disruption.'),
        })
        .optional()
        .describe('The system the run starts from: the network as of the first day, its tanks and its limits.'),
    }),
    warnings: z
      .array(
        z.object({
          code: z.enum(['event-outside-horizon', 'event-clipped', 'no-capacity-limit', 'no-effect', 'no-impact']),
          path: z.string().describe('Where in the scenario, e.g. events[0].remaining; "events" for the events together.'),
          message: z.string(),
        }),
      )
      .describe('Events the solver never sees or that cannot change the result (see scenario warnings).'),
    model: z.object({ columns: z.number().int(), rows: z.number().int(), nonZeros: z.number().int() }),
    operations: z
      .object({
        mode: z.enum(['hindsight', 'rolling']).describe('hindsight: one plan knowing every event and its end; rolling: re-planned with what was known each day.'),
        lookaheadDays: z.number().int().optional().describe('Rolling: length of each decision window.'),
        replanDays: z.number().int().optional().describe('Rolling: days between re-plans.'),
        steps: z.number().int().optional().describe('Rolling: steps (one decision window each).'),
        reusedSteps: z.number().int().optional().describe("Rolling: steps whose decisions are the baseline's, taken over without a re-solve (nothing known or under way, same stock and oil under way)."),
        hindsightNetbackLostUsd: usd.optional().describe('Rolling: the netback lost by the same scenario solved with hindsight (the lower bound of the loss).'),
        valueOfForesightUsd: usd.optional().describe('Rolling: netback lost under rolling minus under hindsight: what knowing every event and its end in advance would have been worth.'),
      })
      .default({ mode: 'hindsight' })
      .describe('How decisions were taken in the scenario run and its baseline (the scenario without events, decided the same way). Results saved before modes existed read as hindsight.'),
    allocation: z
      .array(
        z.object({
          asset: z.string().describe('The asset the rule is written on (the first, where several share one routed link).'),
          assets: z.array(z.string()),
          rule: z.enum(['pro-rata', 'merit']),
          basis: z.enum(['nominations', 'quota', 'output']).optional(),
          source: z.string().optional(),
          estimate: z.string().optional(),
          note: z.string().optional().describe('Why a stated pro-rata rule had nothing to share in this run (one shipper stream, a limit not enforced).'),
          daysInForce: z.number().int().describe('Pro-rata: days of the scenario on which the asset, or something downstream, had less capacity than without events (quota: the cap bound).'),
          shippers: z.array(
            z.object({
              shipper: z.string().describe("A field's crude (or a commingled stream of alike crudes); for a production limit, the field."),
              nominationTonnesPerDay: tonnes.describe('The basis its cut is proportional to (t/d).'),
              inForceTonnes: tonnes.describe('What it moved through the asset on the days in force.'),
              shareOfNomination: z.number().nullable().describe('inForceTonnes / (nomination × daysInForce): equal for every shipper that could bring its share.'),
            }),
          ),
        }),
      )
      .default([])
      .describe('Allocation rules on shared assets: each asset with a stated rule (pro-rata, or merit); every other shared asset goes by merit (the best-paid crude first).'),
    baseline: runSummary,
    scenario: runSummary,
    impact: z.object({
      exportsLostTonnes: tonnes,
      exportsLostBarrels: z.number().optional().describe('Crude networks only.'),
      exportsLostByRoute: z.array(z.object({ route: z.string(), tonnes, barrels: z.number().optional().describe('Crude networks only.') })),
      productionShutInTonnes: tonnes.describe('Extra capacity left unproduced versus the baseline, including capacity closed by outages of fields.'),
      shutInByField: z.array(z.object({ field: z.string(), tonnes })),
      stockBuiltTonnes: tonnes.describe('Extra oil in storage at the end versus the baseline.'),
      inTransitBuiltTonnes: tonnes.describe('Extra oil loaded but not yet arrived at the end versus the baseline.'),
      peakStockBuiltTonnes: tonnes.describe('Largest daily excess of storage stock over the baseline.'),
      stockBuiltByStorage: z.array(z.object({ storage: z.string(), endTonnes: tonnes, peakTonnes: tonnes })),
      heldInTransit: z
        .array(z.object({ node: z.string(), peakTonnes: tonnes, endTonnes: tonnes, days: z.number().int().describe('Days on which some oil was held there.'), first: z.string().describe('First day oil was held there.') }))
        .default([])
        .describe("Oil already shipped whose destination closed before it arrived, held in transit in the scenario (tankers at anchor, wagons in sidings, a stopped pipe's contents) until it could go on; what is still held at the end is valued as stock there (docs/operations.md)."),
      revenueLostUsd: usd.describe('Sales value lost at markets within the horizon.'),
      netbackLostUsd: usd.describe('Netback lost by all fields together (undiscounted): revenue, end stock value, tariffs, lifting, shut-in and holding costs.'),
      budgetLossByState: z.array(z.object({ state: z.string(), lossUsd: usd })),
      byActor: z.array(actorLoss),
      byShareholder: z.array(holdingLoss),
      supplyShortfall: z
        .array(z.object({ market: z.string(), tonnes }))
        .describe('Supply obligations (e.g. domestic refineries) missed beyond the baseline, where no oil could reach the market.'),
      tariffLostByLink: z.array(z.object({ link: z.string(), lossUsd: usd, jurisdiction: z.array(z.string()) })),
      disruptors: z.array(
        z.object({
          actor: z.string(),
          ownCostUsd: usd.describe("The disrupting actor's own loss."),
          tariffLostUsd: usd,
          penaltiesReceivedUsd: usd,
          penaltiesPaidUsd: usd,
        }),
      ),
      penalties: z.array(z.object({ payer: z.string(), payee: z.string().optional(), amount: z.number(), currency: z.string(), usd, date: z.string() })),
      worldPrice: worldPriceImpact.optional().describe("The world benchmark's answer to the corridor's supply loss (scenarios with a world market)."),
      disruptor: z
        .object({
          actor: z.string(),
          grossCostUsd: usd.describe('Its own loss at fixed prices (tariffs, fiscal take, equity, penalties).'),
          priceGainUsd: usd.describe('What the price change earns it, on its exports outside the corridor and its share of the corridor\'s.'),
          netCostUsd: usd.describe('Gross cost less the price gain (negative: the closure pays it).'),
          priceGainRangeUsd: z.tuple([usd, usd]).describe('The price gain at the low and high elasticities.'),
          netCostRangeUsd: z.tuple([usd, usd]),
        })
        .optional()
        .describe('The disruptor (the actor causing the closure) net of the price change; present with a world market.'),
      gas: gasImpactSchema.optional().describe('Gas networks: firm demand unserved, demand priced out, replacement LNG and the cost, against the baseline.'),
      daily: z.array(dailyImpact),
    }),
    shadowPrices: z
      .object({
        links: z.array(shadowRow('link')).describe("Links whose capacity was binding on some day of the baseline or the scenario."),
        storage: z.array(shadowRow('storage')).describe('Tanks that were full on some day of the baseline or the scenario.'),
      })
      .default({ links: [], storage: [] })
      .describe('What one more tonne of capacity on a day would have been worth to the network (USD/t, the LP\'s duals undiscounted; zero where not binding). A rolling run gives the decision windows\' own prices for the days they fixed. Empty when not computed (analyses\' variants).'),
    linkFlows: z
      .array(z.object({ link: z.string(), baselineTonnes: tonnes, scenarioTonnes: tonnes, capacityTonnes: tonnes.nullable().describe("The scenario's capacity over the horizon; null when unlimited.") }))
      .describe('Oil each link carried over the horizon, baseline and scenario (for maps).'),
    sensitivity: z
      .array(sensitivityRow)
      .optional()
      .describe("How the headline moves across the sourced range of each estimate it rests on (the network's sensitivity file)."),
    series: z
      .object({
        dates: z.array(z.string()),
        routes: z.array(pairedSeries('route')),
        storage: z.array(pairedSeries('storage')),
        held: z.array(pairedSeries('node')).default([]).describe('Oil held in transit at each node where some was held, end of day.'),
        production: z.array(pairedSeries('field')),
      })
      .describe('Daily tonnes for the baseline and the scenario: route exports, end-of-day stock, field output.'),
    gas: gasResultSchema.optional().describe('Gas networks: demand, storage against targets, LNG, suppliers, ship-or-pay fees and losses by actor in MWh and the network\'s currency (docs/gas-model.md).'),
  })
  .describe('A scenario, its counterfactual baseline and the impact (baseline minus scenario).');

export type RunResult = z.infer<typeof resultSchema>;
export type RunSummary = z.infer<typeof runSummary>;
export type Impact = RunResult['impact'];

/**
 * Where a result holds a number JSON cannot carry (NaN, Infinity): paths such as
 * `impact.byActor[2].lossUsd`, at most `limit`. Every result and report passes this check before
 * it is shown, stored or served: such a number would print as "Infinity", travel as null in JSON
 * and break the schema above (z.number() refuses both).
 */
export function nonFiniteNumbers(value: unknown, limit = 5): string[] {
  const found: string[] = [];
  const visit = (item: unknown, path: string): void => {
    if (found.length >= limit) return;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) found.push(path || '(the result)');
    } else if (Array.isArray(item)) {
      item.forEach((element, index) => visit(element, `${path}[${index}]`));
    } else if (item !== null && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) visit(element, path ? `${path}.${key}` : key);
    }
  };
  visit(value, '');
  return found;
}

/** What a result with a non-finite number becomes: an outcome without an answer, like an infeasible model. */
export interface NonFiniteFailure {
  readonly status: 'not-solved';
  readonly message: string;
}

/** The value, or the failure that names where it is not finite. */
export function finiteOr<T>(value: T): T | NonFiniteFailure {
  const paths = nonFiniteNumbers(value);
  if (paths.length === 0) return value;
  return { status: 'not-solved', message: `the result holds a number that is not finite (NaN or Infinity) at ${paths.join(', ')}: an input is too extreme for the model to give a figure; check the figures these come from` };
}
