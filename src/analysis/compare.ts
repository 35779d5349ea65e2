import type { CompareReport } from './analysis-schemas.ts';
import type { RunResult } from './result-schema.ts';
import { round } from './rounding.ts';

type Definition = RunResult['definition'];
type EventRow = Definition['events'][number];

/** Two runs side by side: what differs in their inputs, and every headline figure before → after. */
export function compareRuns(a: RunResult, b: RunResult): CompareReport {
  const changes: CompareReport['changes'] = [];
  if (a.definition.network !== b.definition.network) changes.push({ kind: 'changed', what: 'network', detail: `${a.definition.network} → ${b.definition.network}` });
  if (a.definition.start !== b.definition.start || a.definition.end !== b.definition.end) {
    changes.push({ kind: 'changed', what: 'horizon', detail: `${a.definition.start}…${a.definition.end} → ${b.definition.start}…${b.definition.end}` });
  }
  const key = (event: EventRow) => `${event.type}|${event.asset ?? ''}|${event.summary.split(' — ')[0]}`;
  const unmatched = [...b.definition.events];
  for (const event of a.definition.events) {
    const same = unmatched.findIndex((other) => key(other) === key(event) && other.start === event.start && other.end === event.end);
    if (same >= 0) {
      unmatched.splice(same, 1);
      continue;
    }
    const moved = unmatched.findIndex((other) => key(other) === key(event));
    if (moved >= 0) {
      const other = unmatched.splice(moved, 1)[0]!;
      changes.push({ kind: 'changed', what: `${event.type}${event.asset ? ` ${event.asset}` : ''}`, detail: `${window(event)} → ${window(other)}` });
      continue;
    }
    changes.push({ kind: 'removed', what: `${event.type}${event.asset ? ` ${event.asset}` : ''}`, detail: `${window(event)}: ${event.summary}` });
  }
  for (const event of unmatched) changes.push({ kind: 'added', what: `${event.type}${event.asset ? ` ${event.asset}` : ''}`, detail: `${window(event)}: ${event.summary}` });

  const headline: CompareReport['headline'] = [];
  const metric = (name: string, unit: string, read: (result: RunResult) => number) => {
    const before = read(a);
    const after = read(b);
    headline.push({ metric: name, unit, a: round(before, 0), b: round(after, 0), change: round(after - before, 0) });
  };
  // Two gas runs are compared in gas words: MWh, the network's currency, deliveries and supplies.
  const gas = a.gas && b.gas ? a.gas.units : undefined;
  const words = gas ? GAS_WORDS : CRUDE_WORDS;
  const [amount, money] = gas ? ['MWh', gas.currency] : ['t', 'USD'];
  metric(words.exportsLost, amount, (result) => result.impact.exportsLostTonnes);
  metric('revenue lost', money, (result) => result.impact.revenueLostUsd);
  metric('netback lost', money, (result) => result.impact.netbackLostUsd);
  metric(words.shutIn, amount, (result) => result.impact.productionShutInTonnes);
  metric(words.stockBuilt, amount, (result) => result.impact.stockBuiltTonnes);
  metric(`peak ${words.stockBuilt}`, amount, (result) => result.impact.peakStockBuiltTonnes);
  if (gas) {
    const ofGas = (pick: (impact: NonNullable<RunResult['impact']['gas']>) => number) => (result: RunResult) => (result.impact.gas ? pick(result.impact.gas) : 0);
    metric('firm demand unserved', amount, ofGas((impact) => impact.unservedMWh));
    metric('demand priced out', amount, ofGas((impact) => impact.destroyedMWh));
    metric('replacement LNG', amount, ofGas((impact) => impact.replacementLngMWh));
    metric('replacement LNG cost', money, ofGas((impact) => impact.replacementLngCost));
    metric('cost to the gas supply', money, ofGas((impact) => impact.cost));
  }
  const states = [...new Set([...a.impact.budgetLossByState, ...b.impact.budgetLossByState].map((row) => row.state))].sort();
  for (const state of states) metric(`budget loss ${state}`, money, (result) => result.impact.budgetLossByState.find((row) => row.state === state)?.lossUsd ?? 0);
  const routes = [...new Set([...a.impact.exportsLostByRoute, ...b.impact.exportsLostByRoute].map((row) => row.route))].sort();
  for (const route of routes) metric(`${words.exportsLost} via ${route}`, amount, (result) => result.impact.exportsLostByRoute.find((row) => row.route === route)?.tonnes ?? 0);
  const disruptors = [...new Set([...a.impact.disruptors, ...b.impact.disruptors].map((row) => row.actor))].sort();
  for (const actor of disruptors) metric(`own cost of ${actor}`, money, (result) => result.impact.disruptors.find((row) => row.actor === actor)?.ownCostUsd ?? 0);

  // What capacity was worth: each binding link's and tank's mean shadow price over the horizon.
  const shadow = (result: RunResult) => [...result.shadowPrices.links.map((row) => [`shadow price ${row.link}`, row.scenarioMeanUsdPerTonne] as const), ...result.shadowPrices.storage.map((row) => [`shadow price ${row.storage}`, row.scenarioMeanUsdPerTonne] as const)];
  const pricesA = new Map(shadow(a));
  const pricesB = new Map(shadow(b));
  for (const name of [...new Set([...pricesA.keys(), ...pricesB.keys()])].sort()) {
    const before = pricesA.get(name) ?? 0;
    const after = pricesB.get(name) ?? 0;
    headline.push({ metric: name, unit: gas ? `${gas.currency}/MWh (mean)` : 'USD/t (mean)', a: round(before, 2), b: round(after, 2), change: round(after - before, 2) });
  }

  const actors = [...new Set([...a.impact.byActor, ...b.impact.byActor].map((row) => row.actor))];
  const byActor = actors
    .map((actor) => {
      const before = a.impact.byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;
      const after = b.impact.byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;
      return { actor, a: round(before, 0), b: round(after, 0), change: round(after - before, 0) };
    })
    .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.actor.localeCompare(y.actor));

  return { analysis: 'compare', a: { id: a.definition.id, name: a.definition.name }, b: { id: b.definition.id, name: b.definition.name }, ...(gas ? { units: gas } : {}), changes, headline, byActor };
}

/** The figures' names: a crude network exports and produces; a gas network delivers through corridors from supplies into storage. */
const CRUDE_WORDS = { exportsLost: 'exports lost', shutIn: 'production shut in', stockBuilt: 'stock built' } as const;
const GAS_WORDS = { exportsLost: 'deliveries lost', shutIn: 'supply shut in', stockBuilt: 'storage built' } as const;

function window(event: EventRow): string {
  return event.end && event.end !== event.start ? `${event.start}…${event.end}` : event.start;
}
