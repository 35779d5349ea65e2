import { dailyValues, inServiceOn } from '../model/dated.ts';
import type { FieldNode, Link, Network, NetworkNode, Price } from '../model/network.ts';
import { gasSeries, type GasSeries } from './gas-timeline.ts';
import { unionNetwork, type OutageEvent, type SanctionEvent, type Scenario, type ScenarioEvent } from './scenario.ts';

/**
 * Per-day capacities and prices of one run. The baseline and the scenario share the horizon,
 * the prices and the network (with every asset an expansion adds, closed in the baseline);
 * only the scenario applies events.
 */
export interface Timeline {
  readonly dates: readonly string[];
  readonly network: Network;
  readonly withEvents: boolean;
  readonly linkCapacity: ReadonlyMap<string, Float64Array>;
  /** Links with a schedule and a rule for extra: the lead time and what they could carry beyond the schedule each day (t/d). */
  readonly linkExtra: ReadonlyMap<string, { readonly leadDays: number; readonly extra: Float64Array }>;
  /** Most oil leaving a node per day (fields: production capacity). */
  readonly nodeThroughput: ReadonlyMap<string, Float64Array>;
  readonly fieldMinimum: ReadonlyMap<string, Float64Array>;
  readonly storageCapacity: ReadonlyMap<string, Float64Array>;
  readonly marketIntake: ReadonlyMap<string, Float64Array>;
  /** Supply obligation of each market with one (t/d), never above its intake that day. */
  readonly marketMinimum: ReadonlyMap<string, Float64Array>;
  /** Market price before each crude's quality differential, per barrel and per tonne parts. */
  readonly marketPrice: ReadonlyMap<string, { readonly perBarrel: Float64Array; readonly perTonne: Float64Array }>;
  /** Weight of a dollar on each day in the objective: (1 + rate)^(-day / 365). */
  readonly discountFactor: Float64Array;
  /** Objective bonus per tonne produced on each day (USD/t), favouring earlier output; zero with perfect foresight. */
  readonly earlinessBonus: Float64Array;
  /** Each field's capacity after expansions but before outages and sanctions (t/d). */
  readonly fieldNominal: ReadonlyMap<string, Float64Array>;
  /** Stock in each storage at the horizon's start (t): the scenario's, else the stated operating level. */
  readonly storageInitial: ReadonlyMap<string, number>;
  /** Stock each storage is never drawn below (t), where it has a minimum operating stock. */
  readonly storageMinimum: ReadonlyMap<string, Float64Array>;
  /** Enforced production limits: the fields' summed output may not exceed `cap` on any day (t/d). */
  readonly productionCaps: readonly ProductionCap[];
  /** market -> field -> what buyers' differentials by origin and sanction rules do to that field's crude there (absent: nothing). */
  readonly originAccess: ReadonlyMap<string, ReadonlyMap<string, OriginAccess>>;
  /** Demand curves, injection limits, fill targets, bookings, dated lifting costs; absent when the network has none (docs/gas-model.md). */
  readonly gas?: GasSeries | undefined;
}

export interface ProductionCap {
  readonly id: string;
  readonly fields: readonly string[];
  readonly cap: Float64Array;
}

/** A field's crude at one market under sanction rules, day by day. */
export interface OriginAccess {
  /** 1: may be sold there; 0: blocked (an embargo, or a buyer that stops under a secondary sanction). */
  readonly open: Float64Array;
  /** Added to the delivered price (USD/t): the buyers' differential for its origin, the price cap's cost, a secondary penalty. */
  readonly adjustUsdPerTonne: Float64Array;
}

/**
 * With myopic operators each tonne produced a day earlier earns this much more in the objective
 * (never in reported cash): a tie-breaker, so that among equally profitable plans the one that
 * fills tanks before shutting fields in wins. It exceeds the stock tie-breaker
 * (STOCK_TIE_BREAK_USD_PER_TONNE_DAY) and stays below 0.4 USD/t even over ten years, so it never
 * makes an unprofitable tonne worth producing in practice. With a discount rate or a storage
 * holding cost, those real costs outweigh it and shut-ins may come earlier.
 */
export const EARLINESS_BONUS_USD_PER_TONNE_DAY = 1e-4;

export function buildTimeline(scenario: Scenario, withEvents: boolean): Timeline {
  const nominal = nominalTimeline(scenario, withEvents);
  return withEvents ? applyOutages(nominal, scenario.events) : nominal;
}

/** Events that only take capacity away, within what the assets could do (see applyOutages). */
export function isOutage(event: ScenarioEvent): event is OutageEvent | SanctionEvent {
  return event.type === 'outage' || event.type === 'sanction';
}

/**
 * The timeline before outages and sanctions: expansions applied (and, with events, price
 * events). What each asset could do, which a remaining share of an outage scales.
 */
export function nominalTimeline(scenario: Scenario, withEvents: boolean): Timeline {
  const network = unionNetwork(scenario);
  const days = scenario.dates.length;
  // Dated figures change on their day; assets out of service have no capacity on those days.
  const series = (asset: NetworkNode | Link, figure: string, value: number) => {
    const steps = asset.steps?.[figure];
    const values = steps ? dailyValues(steps, scenario.dates) : new Float64Array(days).fill(value);
    if (asset.service) scenario.dates.forEach((date, day) => {
      if (!inServiceOn(asset.service, date)) values[day] = 0;
    });
    return values;
  };
  // A link with a commercial schedule carries the schedule (never above its physical capacity);
  // what it could carry beyond it waits for a disruption (see applyOutages).
  const linkCapacity = new Map<string, Float64Array>();
  const linkExtra = new Map<string, { readonly leadDays: number; readonly extra: Float64Array }>();
  for (const link of network.links) {
    const physical = series(link, 'capacityTonnesPerDay', link.capacityTonnesPerDay);
    if (link.scheduleTonnesPerDay === undefined) {
      linkCapacity.set(link.id, physical);
      continue;
    }
    const scheduled = series(link, 'scheduleTonnesPerDay', link.scheduleTonnesPerDay).map((value, day) => Math.min(value, physical[day]!));
    linkCapacity.set(link.id, scheduled);
    if (link.extra) {
      const upTo = series(link, 'extraUpToTonnesPerDay', link.extra.upToTonnesPerDay);
      linkExtra.set(link.id, { leadDays: link.extra.leadDays, extra: scheduled.map((value, day) => Math.max(0, Math.min(upTo[day]!, physical[day]! - value))) });
    }
  }
  const nodeThroughput = new Map<string, Float64Array>();
  const fieldMinimum = new Map<string, Float64Array>();
  const storageCapacity = new Map<string, Float64Array>();
  const marketIntake = new Map<string, Float64Array>();
  const marketObligation = new Map<string, Float64Array>();
  const marketPrice = new Map<string, { perBarrel: Float64Array; perTonne: Float64Array }>();
  for (const node of network.nodes) {
    const throughput = series(node, 'throughputTonnesPerDay', node.throughputTonnesPerDay);
    if (node.kind === 'field') {
      const production = series(node, 'productionTonnesPerDay', node.productionTonnesPerDay);
      nodeThroughput.set(node.id, production.map((value, day) => Math.min(value, throughput[day]!)));
      fieldMinimum.set(node.id, series(node, 'minimumRateTonnesPerDay', node.minimumRateTonnesPerDay));
    } else if (node.kind === 'storage' && node.withdrawalTonnesPerDay !== undefined) {
      // Withdrawal capacity limits what leaves the storage, as its throughput does.
      const withdrawal = series(node, 'withdrawalTonnesPerDay', node.withdrawalTonnesPerDay);
      nodeThroughput.set(node.id, throughput.map((value, day) => Math.min(value, withdrawal[day]!)));
    } else nodeThroughput.set(node.id, throughput);
    if (node.kind === 'storage') storageCapacity.set(node.id, series(node, 'capacityTonnes', node.capacityTonnes));
    if (node.kind === 'market') {
      marketIntake.set(node.id, series(node, 'intakeTonnesPerDay', node.intakeTonnesPerDay));
      if (node.minimumIntakeTonnesPerDay > 0 || node.steps?.minimumIntakeTonnesPerDay) marketObligation.set(node.id, series(node, 'minimumIntakeTonnesPerDay', node.minimumIntakeTonnesPerDay));
      const differential = scenario.differentialOverrides.get(node.id) ?? node.priceDifferential;
      marketPrice.set(node.id, {
        perBarrel: Float64Array.from(scenario.benchmark, (benchmark) => benchmark.perBarrel + differential.perBarrel),
        perTonne: Float64Array.from(scenario.benchmark, (benchmark) => benchmark.perTonne + differential.perTonne),
      });
    }
  }

  const nodeById = new Map(network.nodes.map((node) => [node.id, node]));
  const eachDay = (startDay: number, endDay: number, apply: (day: number) => void) => {
    for (let day = Math.max(0, startDay); day <= Math.min(days - 1, endDay); day += 1) apply(day);
  };

  // Assets that expansions add do not exist before their start, nor at all in the baseline.
  for (const event of scenario.events) {
    if (event.type !== 'expansion') continue;
    const closedUntil = withEvents ? event.startDay - 1 : days - 1;
    if (event.link) eachDay(0, closedUntil, (day) => closeLink(linkCapacity, event.asset, day));
    if (event.node) eachDay(0, closedUntil, (day) => closeNode(event.node!, day, { nodeThroughput, fieldMinimum, storageCapacity, marketIntake }));
  }
  if (withEvents) {
    for (const event of scenario.events) {
      if (event.type === 'expansion' && event.capacity !== undefined) {
        const node = nodeById.get(event.asset);
        const series = node?.kind === 'storage' ? storageCapacity.get(event.asset) : node?.kind === 'market' ? marketIntake.get(event.asset) : node ? nodeThroughput.get(event.asset) : linkCapacity.get(event.asset);
        eachDay(event.startDay, days - 1, (day) => {
          if (series) series[day] = event.capacity!;
        });
      }
      if (event.type !== 'price') continue;
      for (const [market, series] of marketPrice) {
        if (event.target === 'benchmark' || event.target === market) {
          eachDay(event.startDay, event.endDay, (day) => {
            series.perBarrel[day] = (series.perBarrel[day] ?? 0) + event.change.perBarrel;
            series.perTonne[day] = (series.perTonne[day] ?? 0) + event.change.perTonne;
          });
        }
      }
    }
  }

  const originAccess = accessByOrigin(scenario, network, marketPrice, withEvents);
  if (withEvents) waiveMinimumsUnderBlockingRules(scenario, fieldMinimum);
  const discountFactor = Float64Array.from(scenario.dates, (_, day) => (1 + scenario.discountRatePerYear) ** (-day / 365));
  const earlinessBonus = Float64Array.from(scenario.dates, (_, day) => (scenario.foresight === 'myopic' ? EARLINESS_BONUS_USD_PER_TONNE_DAY * (days - 1 - day) : 0));
  const fieldNominal = new Map(network.nodes.filter((node) => node.kind === 'field').map((node) => [node.id, Float64Array.from(nodeThroughput.get(node.id)!, (value) => (Number.isFinite(value) ? value : 0))]));
  const marketMinimum = new Map([...marketObligation].map(([id, obligation]) => [id, obligation.map((value, day) => Math.min(value, marketIntake.get(id)![day]!))]));
  const { storageInitial, storageMinimum } = storageState(scenario, network, storageCapacity, series);
  const productionCaps = (network.productionLimits ?? [])
    .filter((limit) => scenario.productionLimits?.get(limit.id) ?? limit.enforce)
    .map((limit) => {
      const cap = limit.steps?.capTonnesPerDay ? dailyValues(limit.steps.capTonnesPerDay, scenario.dates) : new Float64Array(days).fill(limit.capTonnesPerDay);
      scenario.dates.forEach((date, day) => {
        if (!inServiceOn(limit.service, date)) cap[day] = Infinity;
      });
      return { id: limit.id, fields: limit.fields.filter((id) => nodeById.get(id)?.kind === 'field'), cap };
    })
    .filter((limit) => limit.cap.some(Number.isFinite));
  const gas = gasSeries(network, scenario.dates, series, storageCapacity, withEvents ? scenario.events : []);
  return { dates: scenario.dates, network, withEvents, linkCapacity, linkExtra, nodeThroughput, fieldMinimum, storageCapacity, marketIntake, marketMinimum, marketPrice, discountFactor, earlinessBonus, fieldNominal, storageInitial, storageMinimum, productionCaps, originAccess, ...(gas ? { gas } : {}) };
}

/**
 * Stock at the start and the floor below which tanks are not drawn. A storage that is closed on
 * the first day (an expansion adds it later) starts empty. The floor is the minimum operating
 * stock, but never above the capacity that day nor above the starting stock: tanks that start
 * below their minimum are not made to fill up, only not to fall further.
 */
function storageState(scenario: Scenario, network: Network, storageCapacity: ReadonlyMap<string, Float64Array>, series: (asset: NetworkNode, figure: string, value: number) => Float64Array) {
  const storageInitial = new Map<string, number>();
  const storageMinimum = new Map<string, Float64Array>();
  for (const node of network.nodes) {
    if (node.kind !== 'storage') continue;
    const capacity = storageCapacity.get(node.id)!;
    const stated = scenario.initialStock?.get(node.id) ?? node.initialTonnes;
    const initial = (capacity[0] ?? 0) < stated ? 0 : stated;
    storageInitial.set(node.id, initial);
    if (node.minimumStockTonnes > 0 || node.steps?.minimumStockTonnes) {
      storageMinimum.set(node.id, series(node, 'minimumStockTonnes', node.minimumStockTonnes).map((minimum, day) => Math.min(minimum, capacity[day]!, initial)));
    }
  }
  return { storageInitial, storageMinimum };
}

type AccessTable = Map<string, Map<string, OriginAccess>>;

/**
 * What each field's crude fetches or may do at each market beyond the market price: the buyers'
 * differentials by origin (always, as part of the network), then, with events, the sanction rules.
 */
function accessByOrigin(scenario: Scenario, network: Network, marketPrice: Timeline['marketPrice'], withEvents: boolean): AccessTable {
  const days = scenario.dates.length;
  const access: AccessTable = new Map();
  const entry = (market: string, field: string) => {
    let byField = access.get(market);
    if (!byField) access.set(market, (byField = new Map()));
    let found = byField.get(field);
    if (!found) byField.set(field, (found = { open: new Float64Array(days).fill(1), adjustUsdPerTonne: new Float64Array(days) }));
    return found;
  };
  const fields = network.nodes.filter((node): node is FieldNode => node.kind === 'field');
  const byOrigin = originDifferentialsPerTonne(scenario, network, fields);
  for (const [market, byField] of byOrigin) for (const [field, series] of byField) entry(market, field).adjustUsdPerTonne.set(series);
  if (withEvents) applyRules(scenario, fields, marketPrice, byOrigin, entry);
  return access;
}

/** market -> field -> the buyers' differential for that field's origin, USD/t per day (only where one applies). */
function originDifferentialsPerTonne(scenario: Scenario, network: Network, fields: readonly FieldNode[]): Map<string, Map<string, Float64Array>> {
  const table = new Map<string, Map<string, Float64Array>>();
  for (const market of network.nodes) {
    if (market.kind !== 'market' || market.originDifferentials.length === 0) continue;
    for (const entry of market.originDifferentials) {
      for (const field of fields.filter((candidate) => entry.origins.includes(candidate.taxedBy))) {
        let byField = table.get(market.id);
        if (!byField) table.set(market.id, (byField = new Map()));
        let series = byField.get(field.id);
        if (!series) byField.set(field.id, (series = new Float64Array(scenario.dates.length)));
        const perTonne = entry.differential.perBarrel * field.barrelsPerTonne + entry.differential.perTonne;
        scenario.dates.forEach((date, day) => {
          if ((!entry.from || date >= entry.from) && (!entry.to || date <= entry.to)) series![day] = series![day]! + perTonne;
        });
      }
    }
  }
  return table;
}

/**
 * What each rule does to the crude it catches at its markets: an embargo closes the market to it;
 * a price cap makes crude priced above the cap (after the buyers' differential for its origin)
 * sell at the cap, at a discount or with an alternative service, whichever costs the seller least;
 * a secondary sanction costs the buyer a penalty per barrel (passed back as a lower price) or,
 * without one, closes the market to it.
 */
function applyRules(scenario: Scenario, fields: readonly FieldNode[], marketPrice: Timeline['marketPrice'], byOrigin: Map<string, Map<string, Float64Array>>, entry: (market: string, field: string) => OriginAccess): void {
  const days = scenario.dates.length;
  const fieldById = new Map(fields.map((field) => [field.id, field]));
  for (const event of scenario.events) {
    if (event.type !== 'rule') continue;
    for (const market of event.markets) {
      const price = marketPrice.get(market);
      for (const fieldId of event.caughtAt.get(market) ?? []) {
        const field = fieldById.get(fieldId);
        if (!field || !price) continue;
        const perTonne = (value: Price) => value.perBarrel * field.barrelsPerTonne + value.perTonne;
        const target = entry(market, fieldId);
        const origin = byOrigin.get(market)?.get(fieldId);
        for (let day = Math.max(0, event.startDay); day <= Math.min(days - 1, event.endDay); day += 1) {
          if (event.rule === 'embargo' || (event.rule === 'secondary' && !event.penalty)) target.open[day] = 0;
          else if (event.rule === 'secondary') target.adjustUsdPerTonne[day]! -= perTonne(event.penalty!);
          else {
            const delivered = (price.perBarrel[day]! + field.qualityDifferential.perBarrel) * field.barrelsPerTonne + price.perTonne[day]! + field.qualityDifferential.perTonne + (origin?.[day] ?? 0);
            const above = delivered - perTonne(event.cap!);
            if (above > 0) target.adjustUsdPerTonne[day]! -= Math.min(above, ...event.alternatives.map(perTonne));
          }
        }
      }
    }
  }
}

/**
 * A field whose crude a rule may keep from some of its buyers (an embargo, a buyer that stops under
 * a secondary sanction) is not held to its minimum rate while the rule lasts: with its outlets
 * closed it shuts in, as under an outage downstream. Where it still has buyers, producing stays
 * profitable and the waiver changes nothing.
 */
function waiveMinimumsUnderBlockingRules(scenario: Scenario, fieldMinimum: Map<string, Float64Array>): void {
  const days = scenario.dates.length;
  for (const event of scenario.events) {
    if (event.type !== 'rule' || !(event.rule === 'embargo' || (event.rule === 'secondary' && !event.penalty))) continue;
    const first = Math.max(0, event.startDay);
    const last = Math.min(days - 1, event.endDay);
    if (first > last) continue;
    for (const field of event.caught) {
      const minimum = fieldMinimum.get(field);
      if (minimum) fieldMinimum.set(field, minimum.slice().fill(0, first, last + 1));
    }
  }
}

/**
 * The timeline with outages and sanctions taken off a nominal one (other events are ignored).
 * Only the series they touch are new arrays; every other series, and the prices, are the nominal
 * timeline's own, so one nominal timeline serves many variants cheaply (the risk engine's
 * windows), and what depends only on unchanged series can be kept by identity.
 */
export function applyOutages(nominal: Timeline, events: readonly ScenarioEvent[]): Timeline {
  const outages = events.filter(isOutage);
  if (outages.length === 0) return nominal;
  const { network } = nominal;
  const days = nominal.dates.length;
  const linkCapacity = new Map(nominal.linkCapacity);
  const nodeThroughput = new Map(nominal.nodeThroughput);
  const fieldMinimum = new Map(nominal.fieldMinimum);
  const marketIntake = new Map(nominal.marketIntake);
  // Copy on first write: a series no event touches stays the nominal one.
  const copied = new Set<Float64Array>();
  const writable = (map: Map<string, Float64Array>, id: string): Float64Array | undefined => {
    const series = map.get(id);
    if (!series || copied.has(series)) return series;
    const copy = series.slice();
    copied.add(copy);
    map.set(id, copy);
    return copy;
  };
  // In a disruption, shippers get extra beyond the schedule from the lead time after it starts
  // until it ends (then the schedule applies again); each outage or sanction counts on its own.
  const disruptions = outages.filter((event) => !(event.type === 'outage' && event.structural));
  for (const [id, { leadDays, extra }] of nominal.linkExtra) {
    const granted = new Uint8Array(days);
    for (const event of disruptions) for (let day = Math.max(0, event.startDay + leadDays); day <= Math.min(days - 1, event.endDay); day += 1) granted[day] = 1;
    if (!granted.includes(1)) continue;
    const series = writable(linkCapacity, id)!;
    granted.forEach((on, day) => {
      if (on) series[day] = series[day]! + extra[day]!;
    });
  }
  const nodeById = new Map(network.nodes.map((node) => [node.id, node]));
  const around = (asset: string, ends: 'from' | 'to', day: number) => network.links.filter((link) => link[ends] === asset).reduce((sum, link) => sum + (nominal.linkCapacity.get(link.id)?.[day] ?? 0), 0);

  for (const event of outages) {
    for (const asset of event.type === 'outage' ? [event.asset] : event.assets) {
      const remaining = event.type === 'outage' ? event.remaining : 0;
      const first = Math.max(0, event.startDay);
      const last = Math.min(days - 1, event.endDay);
      if (first > last) continue;
      const node = nodeById.get(asset);
      if (!node) {
        const series = writable(linkCapacity, asset);
        const base = nominal.linkCapacity.get(asset);
        if (series) for (let day = first; day <= last; day += 1) series[day] = Math.min(series[day]!, scaled(base?.[day] ?? Infinity, remaining, () => Infinity));
        continue;
      }
      if (node.kind === 'market') {
        const series = writable(marketIntake, asset)!;
        const base = nominal.marketIntake.get(asset);
        for (let day = first; day <= last; day += 1) series[day] = Math.min(series[day]!, scaled(base?.[day] ?? Infinity, remaining, () => around(asset, 'to', day)));
        continue;
      }
      const series = writable(nodeThroughput, asset)!;
      const base = nominal.nodeThroughput.get(asset);
      for (let day = first; day <= last; day += 1) series[day] = Math.min(series[day]!, scaled(base?.[day] ?? Infinity, remaining, () => around(asset, 'from', day)));
      // A field under an outage is not held to its minimum rate.
      const minimum = writable(fieldMinimum, asset);
      if (minimum) minimum.fill(0, first, last + 1);
    }
  }
  // Supply obligations follow the intake left (outages only lower it); markets no event touched keep theirs.
  const marketMinimum = new Map(nominal.marketMinimum);
  for (const [id, minimum] of nominal.marketMinimum) {
    const intake = marketIntake.get(id)!;
    if (intake !== nominal.marketIntake.get(id)) marketMinimum.set(id, minimum.map((value, day) => Math.min(value, intake[day]!)));
  }
  return { ...nominal, withEvents: true, linkCapacity, nodeThroughput, fieldMinimum, marketIntake, marketMinimum };
}

/** A share of an unlimited capacity is taken of what the neighbouring links can carry. */
function scaled(capacity: number, remaining: number, fallback: () => number): number {
  if (remaining <= 0) return 0;
  const base = Number.isFinite(capacity) ? capacity : fallback();
  return base * remaining;
}

function closeLink(linkCapacity: Map<string, Float64Array>, id: string, day: number): void {
  const series = linkCapacity.get(id);
  if (series) series[day] = 0;
}

function closeNode(
  node: NetworkNode,
  day: number,
  maps: { nodeThroughput: Map<string, Float64Array>; fieldMinimum: Map<string, Float64Array>; storageCapacity: Map<string, Float64Array>; marketIntake: Map<string, Float64Array> },
): void {
  for (const map of [maps.nodeThroughput, maps.fieldMinimum, maps.storageCapacity, maps.marketIntake]) {
    const series = map.get(node.id);
    if (series) series[day] = 0;
  }
}
