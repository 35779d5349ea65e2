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
  metric('exports lost', 't', (result) => result.impact.exportsLostTonnes);
  metric('revenue lost', 'USD', (result) => result.impact.revenueLostUsd);
  metric('netback lost', 'USD', (result) => result.impact.netbackLostUsd);
  metric('production shut in', 't', (result) => result.impact.productionShutInTonnes);
  metric('stock built', 't', (result) => result.impact.stockBuiltTonnes);
  metric('peak stock built', 't', (result) => result.impact.peakStockBuiltTonnes);
  const states = [...new Set([...a.impact.budgetLossByState, ...b.impact.budgetLossByState].map((row) => row.state))].sort();
  for (const state of states) metric(`budget loss ${state}`, 'USD', (result) => result.impact.budgetLossByState.find((row) => row.state === state)?.lossUsd ?? 0);
  const routes = [...new Set([...a.impact.exportsLostByRoute, ...b.impact.exportsLostByRoute].map((row) => row.route))].sort();
  for (const route of routes) metric(`exports lost via ${route}`, 't', (result) => result.impact.exportsLostByRoute.find((row) => row.route === route)?.tonnes ?? 0);
  const disruptors = [...new Set([...a.impact.disruptors, ...b.impact.disruptors].map((row) => row.actor))].sort();
  for (const actor of disruptors) metric(`own cost of ${actor}`, 'USD', (result) => result.impact.disruptors.find((row) => row.actor === actor)?.ownCostUsd ?? 0);

  // What capacity was worth: each binding link's and tank's mean shadow price over the horizon.
  const shadow = (result: RunResult) => [...result.shadowPrices.links.map((row) => [`shadow price ${row.link}`, row.scenarioMeanUsdPerTonne] as const), ...result.shadowPrices.storage.map((row) => [`shadow price ${row.storage}`, row.scenarioMeanUsdPerTonne] as const)];
  const pricesA = new Map(shadow(a));
  const pricesB = new Map(shadow(b));
  for (const name of [...new Set([...pricesA.keys(), ...pricesB.keys()])].sort()) {
    const before = pricesA.get(name) ?? 0;
    const after = pricesB.get(name) ?? 0;
    headline.push({ metric: name, unit: 'USD/t (mean)', a: round(before, 2), b: round(after, 2), change: round(after - before, 2) });
  }

  const actors = [...new Set([...a.impact.byActor, ...b.impact.byActor].map((row) => row.actor))];
  const byActor = actors
    .map((actor) => {
      const before = a.impact.byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;
      const after = b.impact.byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;
      return { actor, a: round(before, 0), b: round(after, 0), change: round(after - before, 0) };
    })
    .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.actor.localeCompare(y.actor));

  return { analysis: 'compare', a: { id: a.definition.id, name: a.definition.name }, b: { id: b.definition.id, name: b.definition.name }, changes, headline, byActor };
}

function window(event: EventRow): string {
  return event.end && event.end !== event.start ? `${event.start}…${event.end}` : event.start;
}
