import { formatPath } from '../model/issues.ts';
import type { Link, Network, NetworkNode } from '../model/network.ts';
import { unionNetwork, type OutageEvent, type Scenario, type ScenarioEvent } from './scenario.ts';

/**
 * Something in a valid scenario that will not do what its author probably meant: an event the
 * solver never sees, or one that cannot change the result. Reported beside the result (text,
 * JSON, API, web form), never silently dropped.
 */
export interface ScenarioWarning {
  readonly code: 'event-outside-horizon' | 'event-clipped' | 'no-capacity-limit' | 'no-effect' | 'no-impact';
  /** Where in the scenario, e.g. `events[0].remaining`; empty for the scenario as a whole. */
  readonly path: string;
  readonly message: string;
}

/** The warnings a scenario earns before it is solved (see ScenarioWarning). */
export function scenarioWarnings(scenario: Scenario): ScenarioWarning[] {
  const network = unionNetwork(scenario);
  const days = scenario.dates.length;
  const horizon = `${scenario.dates[0]} to ${scenario.dates[days - 1]}`;
  return scenario.events.flatMap((event, index) => {
    const at = (...rest: (string | number)[]) => formatPath(['events', index, ...rest]);
    const outside = horizonWarning(event, days, horizon, at);
    if (outside?.code === 'event-outside-horizon') return [outside];
    return [...(outside ? [outside] : []), ...effectWarnings(event, index, scenario.events, network, at)];
  });
}

type At = (...rest: (string | number)[]) => string;

function horizonWarning(event: ScenarioEvent, days: number, horizon: string, at: At): ScenarioWarning | undefined {
  const label = describe(event);
  if (event.type === 'penalty') {
    if (event.day >= 0 && event.day < days) return undefined;
    return { code: 'event-outside-horizon', path: at('date'), message: `${label} on ${event.date} falls outside the horizon (${horizon}), so it is not counted: move it into the horizon or widen the horizon` };
  }
  if (event.type === 'expansion') {
    if (event.startDay < days) return undefined;
    return { code: 'event-outside-horizon', path: at('start'), message: `${label} starts on ${event.start}, after the horizon (${horizon}) ends, so it changes nothing: move its start or widen the horizon` };
  }
  if (event.endDay < 0 || event.startDay >= days) {
    return { code: 'event-outside-horizon', path: at('start'), message: `${label} (${event.start} to ${event.end}) lies entirely outside the horizon (${horizon}), so it is ignored: move it into the horizon or widen the horizon` };
  }
  if (event.startDay < 0 || event.endDay >= days) {
    const inside = `${event.startDay < 0 ? horizon.split(' to ')[0] : event.start} to ${event.endDay >= days ? horizon.split(' to ')[1] : event.end}`;
    return { code: 'event-clipped', path: at(event.startDay < 0 ? 'start' : 'end'), message: `${label} (${event.start} to ${event.end}) runs past the horizon (${horizon}); only ${inside} is simulated` };
  }
  return undefined;
}

function effectWarnings(event: ScenarioEvent, index: number, events: readonly ScenarioEvent[], network: Network, at: At): ScenarioWarning[] {
  const label = describe(event);
  switch (event.type) {
    case 'outage': {
      if (event.remaining >= 1) return [{ code: 'no-effect', path: at('remaining'), message: `${label} leaves ${Math.round(event.remaining * 100)} % of the capacity, so it cannot change anything: give a remaining share below 100 %` }];
      const unlimited = event.remaining > 0 ? unlimitedNode(network, event.asset) : undefined;
      if (unlimited) return [unlimitedWarning(event, unlimited, network, at)];
      const covering = events.findIndex((other, position) => position !== index && covers(other, event) && (position < index || other.type !== 'outage' || !covers(event, other)));
      if (covering >= 0) return [{ code: 'no-effect', path: at('asset'), message: `${label} lies within events[${covering}], which already leaves ${event.asset} no more capacity on those days, so it cannot change anything` }];
      return [];
    }
    case 'price':
      if (event.change.perBarrel === 0 && event.change.perTonne === 0) return [{ code: 'no-effect', path: at('change'), message: `${label} changes the price by 0, so it cannot change anything: give a non-zero change` }];
      return [];
    case 'expansion': {
      if (event.capacity === undefined) return [];
      const current = capacityOf(network, event.asset);
      if (current !== event.capacity) return [];
      return [{ code: 'no-effect', path: at('capacity'), message: `${label} sets ${event.asset} to the capacity it already has, so it cannot change anything: give the new capacity` }];
    }
    case 'penalty':
      if (event.amount > 0) return [];
      return [{ code: 'no-effect', path: at('amount'), message: `${label} is for 0 ${event.currency}, so it changes no account` }];
    case 'sanction':
      return [];
    case 'rule': {
      const idle = event.exempt.flatMap((entry, index) => (entry.markets.length > 0 ? [] : [{ code: 'no-effect' as const, path: at('exempt', index, 'field'), message: `${label} exempts ${entry.field}, which it would not catch anyway (by origin, owner or route), so the exemption changes nothing` }]));
      if (event.caught.length > 0) return idle;
      return [{ code: 'no-effect', path: at('origins'), message: `${label} catches no field (no origin, owner or route matches, or all are exempt), so it cannot change anything` }, ...idle];
    }
  }
}

/** A node whose capacity is unlimited and whose outgoing links are too, so a share of it is still unlimited. */
function unlimitedNode(network: Network, asset: string): NetworkNode | undefined {
  const node = network.nodes.find((candidate) => candidate.id === asset);
  if (!node || node.kind === 'field' || node.kind === 'storage' || Number.isFinite(node.throughputTonnesPerDay)) return undefined;
  const side = node.kind === 'market' ? 'to' : 'from';
  if (node.kind === 'market' && Number.isFinite(node.intakeTonnesPerDay)) return undefined;
  const around = network.links.filter((link) => link[side] === asset);
  return around.length === 0 || around.some((link) => !Number.isFinite(link.capacityTonnesPerDay)) ? node : undefined;
}

function unlimitedWarning(event: OutageEvent, node: NetworkNode, network: Network, at: At): ScenarioWarning {
  const binding = network.links.filter((link) => (link.to === node.id || link.from === node.id) && Number.isFinite(link.capacityTonnesPerDay));
  const share = `${Math.round(event.remaining * 100)} %`;
  const fix = binding.length > 0
    ? `put the outage on the assets that bind: ${binding.map(describeLink).join(', ')}; or close ${node.id} fully (remaining: 0 %)`
    : `give ${node.id} a throughput, or close it fully (remaining: 0 %)`;
  return {
    code: 'no-capacity-limit',
    path: at('remaining'),
    message: `${describe(event)}: ${node.id} has no capacity limit (nor do the links ${node.kind === 'market' ? 'into' : 'out of'} it), so ${share} of it is still unlimited and the outage changes nothing; ${fix}`,
  };
}

function describeLink(link: Link): string {
  const perMonth = (link.capacityTonnesPerDay * 365) / 12 / 1e6;
  return `${link.id} (${perMonth.toFixed(perMonth < 10 ? 2 : 1)} Mt/month)`;
}

/** Whether outage `outer` takes at least as much of the same asset on every day of `inner`. */
function covers(outer: ScenarioEvent, inner: OutageEvent): boolean {
  if (outer.type === 'outage') return outer.asset === inner.asset && outer.remaining <= inner.remaining && outer.startDay <= inner.startDay && outer.endDay >= inner.endDay;
  if (outer.type === 'sanction') return outer.assets.includes(inner.asset) && outer.startDay <= inner.startDay && outer.endDay >= inner.endDay;
  return false;
}

function capacityOf(network: Network, asset: string): number | undefined {
  const link = network.links.find((candidate) => candidate.id === asset);
  if (link) return link.capacityTonnesPerDay;
  const node = network.nodes.find((candidate) => candidate.id === asset);
  if (!node) return undefined;
  if (node.kind === 'storage') return node.capacityTonnes;
  if (node.kind === 'market') return node.intakeTonnesPerDay;
  if (node.kind === 'field') return node.productionTonnesPerDay;
  return node.throughputTonnesPerDay;
}

function describe(event: ScenarioEvent): string {
  switch (event.type) {
    case 'outage':
      return `the outage of ${event.asset}`;
    case 'sanction':
      return `${event.actor}'s sanction`;
    case 'expansion':
      return `the expansion of ${event.asset}`;
    case 'price':
      return `the price event on ${event.target}`;
    case 'penalty':
      return `the penalty paid by ${event.payer}`;
    case 'rule':
      return `rule ${event.id} (${event.rule} by ${event.issuer})`;
  }
}
