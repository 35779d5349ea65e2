import type { ValidationIssue, Validated } from '../model/issues.ts';
import { ZERO_PRICE, type FieldNode, type Network, type Price } from '../model/network.ts';
import { canonical, canonicalRatio, checkNetwork, resolveLink, resolveNode, resolvePrice } from '../model/resolve-network.ts';
import { networkDuring, outOfService } from '../model/dated.ts';
import type { CommodityConversion } from '../model/units.ts';
import { networkCurrency, unitIssues } from '../model/commodity-units.ts';
import { addDays, datesBetween, dayNumber } from './dates.ts';
import { caughtAsExportedFrom } from './rule-catch.ts';
import type { EventFile, ScenarioFile } from './scenario-schema.ts';
import type { Knowledge, Scenario, ScenarioEvent, WorldMarket } from './scenario.ts';

/** Longest horizon accepted: ten years of days keeps the LP within the solver's memory. */
export const MAX_HORIZON_DAYS = 3660;

export function resolveScenario(file: ScenarioFile, fullNetwork: Network): Validated<Scenario> {
  const issues: ValidationIssue[] = [];
  // The horizon runs on the system of its own dates: assets in service then, figures of its first day.
  const network = networkDuring(fullNetwork, file.horizon.start, file.horizon.end);
  const conversion: CommodityConversion = network.commodity;
  const first = dayNumber(file.horizon.start);
  const last = dayNumber(file.horizon.end);
  if (last < first) {
    issues.push({ code: 'dates-out-of-order', path: ['horizon', 'end'], message: `horizon ends (${file.horizon.end}) before it starts (${file.horizon.start}): swap or correct the dates` });
  } else if (last - first + 1 > MAX_HORIZON_DAYS) {
    issues.push({ code: 'out-of-range', path: ['horizon'], message: `horizon of ${last - first + 1} days is longer than ${MAX_HORIZON_DAYS}: split it into shorter runs` });
  }
  const dates = issues.length ? [] : datesBetween(file.horizon.start, file.horizon.end);
  // A gas network's scenario writes energy and its currency (or the other, at the stated rate).
  const kind = network.commodity.kind ?? 'crude';
  const unitProblems = unitIssues(file, { kind, currency: networkCurrency(kind, network.commodity.currency), hasRate: network.commodity.usdPerEur !== undefined }, []);
  if (unitProblems.length > 0) return { ok: false, issues: [...issues, ...unitProblems.map((problem) => ({ code: 'unit-not-for-commodity', ...problem }))] };

  const points = file.prices.benchmark.map((point) => ({ day: dayNumber(point.from) - first, price: resolvePrice(point.price, conversion) }));
  points.forEach((point, index) => {
    if (index > 0 && point.day <= (points[index - 1]?.day ?? -Infinity)) {
      issues.push({ code: 'dates-out-of-order', path: ['prices', 'benchmark', index, 'from'], message: 'benchmark price points must be in increasing date order: sort them' });
    }
  });
  if ((points[0]?.day ?? 0) > 0) {
    issues.push({ code: 'missing-price', path: ['prices', 'benchmark', 0, 'from'], message: `no benchmark price before ${file.prices.benchmark[0]?.from}: add a point on or before the horizon start ${file.horizon.start}` });
  }
  const benchmark = dates.map((_, day) => {
    let price = points[0]?.price ?? ZERO_PRICE;
    for (const point of points) if (point.day <= day) price = point.price;
    return price;
  });

  const differentialOverrides = new Map<string, Price>();
  for (const [market, differential] of Object.entries(file.prices.differentials)) {
    if (network.nodes.find((node) => node.id === market)?.kind !== 'market') {
      issues.push({ code: 'unknown-asset', path: ['prices', 'differentials', market], message: `"${market}" is not a market of network "${network.id}": use a market id` });
    }
    differentialOverrides.set(market, resolvePrice(differential, conversion));
  }

  const initialStock = new Map<string, number>();
  for (const [id, stock] of Object.entries(file.initialStock ?? {})) {
    const node = network.nodes.find((candidate) => candidate.id === id);
    if (node?.kind !== 'storage') {
      issues.push({ code: 'unknown-asset', path: ['initialStock', id], message: `"${id}" is not a storage of network "${network.id}" in this horizon: use a storage id` });
      continue;
    }
    const tonnes = canonical(stock, 'mass', conversion);
    if (tonnes > node.capacityTonnes) issues.push({ code: 'out-of-range', path: ['initialStock', id], message: `initial stock of "${id}" exceeds its capacity on the first day: lower it` });
    initialStock.set(id, tonnes);
  }
  const productionLimits = new Map<string, boolean>();
  for (const [id, choice] of Object.entries(file.productionLimits ?? {})) {
    if (!network.productionLimits?.some((limit) => limit.id === id)) {
      issues.push({ code: 'unknown-limit', path: ['productionLimits', id], message: `"${id}" is not a production limit of network "${network.id}": use one of ${(network.productionLimits ?? []).map((limit) => limit.id).join(', ') || '(none)'}` });
    }
    productionLimits.set(id, choice === 'enforce');
  }

  // Events may refer to assets that expansions add, so they are resolved against the union.
  const union: Network = {
    ...network,
    nodes: [...network.nodes, ...file.events.flatMap((event) => (event.type === 'expansion' && event.node ? [resolveNode(event.node, conversion, file.horizon.start)] : []))],
    links: [...network.links, ...file.events.flatMap((event) => (event.type === 'expansion' && event.link ? [resolveLink(event.link, conversion, file.horizon.start)] : []))],
  };
  const known = new Set([...union.nodes.map((node) => node.id), ...union.links.map((link) => link.id)]);
  const actors = new Set(network.actors.map((actor) => actor.id));
  const events: ScenarioEvent[] = [];
  file.events.forEach((event, index) => {
    const resolved = resolveEvent(event, ['events', index], { first, conversion, known, actors, network, union, issues, absent: (id) => outOfService(fullNetwork, id, file.horizon.start, file.horizon.end) });
    if (resolved) events.push(resolved);
  });

  // The world market is the oil benchmark's answer in barrels a day: a gas network has no such market.
  if (file.world && kind === 'gas') issues.push({ code: 'not-for-commodity', path: ['world'], message: 'a world oil market (world:, in mb/d and USD/bbl) is for crude networks: remove it from this gas scenario' });
  const world = file.world && kind !== 'gas' ? resolveWorld(file.world, actors, issues) : undefined;
  if (issues.length > 0) return { ok: false, issues };
  const scenario: Scenario = {
    id: file.id,
    name: file.name,
    description: file.description,
    network,
    dates,
    benchmark,
    differentialOverrides,
    discountRatePerYear: canonicalRatio(file.discountRate),
    foresight: file.foresight,
    operations: file.operations,
    ...(initialStock.size > 0 ? { initialStock } : {}),
    ...(productionLimits.size > 0 ? { productionLimits } : {}),
    events,
    ...(world ? { world } : {}),
  };
  if (union.nodes.length > network.nodes.length || union.links.length > network.links.length) {
    // Point each problem at the expansion event that brought the asset in.
    const eventOf = (kind: 'node' | 'link') => file.events.flatMap((event, index) => (event.type === 'expansion' && event[kind] ? [index] : []));
    const origin = { nodes: { base: network.nodes.length, events: eventOf('node'), key: 'node' }, links: { base: network.links.length, events: eventOf('link'), key: 'link' } } as const;
    const unionIssues = checkNetwork(union).map((issue) => {
      const [collection, position, ...rest] = issue.path;
      const source = collection === 'nodes' || collection === 'links' ? origin[collection] : undefined;
      const eventIndex = source && typeof position === 'number' ? source.events[position - source.base] : undefined;
      const path = source && eventIndex !== undefined ? ['events', eventIndex, source.key, ...rest] : ['network', ...issue.path];
      return { ...issue, path, message: `with the expansions added: ${issue.message}` };
    });
    if (unionIssues.length > 0) return { ok: false, issues: unionIssues };
  }
  return { ok: true, value: scenario };
}

interface Context {
  readonly first: number;
  readonly conversion: CommodityConversion;
  readonly known: Set<string>;
  readonly actors: Set<string>;
  readonly network: Network;
  /** The network plus every asset that an expansion adds. */
  readonly union: Network;
  readonly issues: ValidationIssue[];
  /** Why an asset of the dated network is not in this horizon's network, if it is not. */
  readonly absent: (id: string) => string | undefined;
}

/**
 * A fine stated against the US dollar in the network's money (every money figure of a run is in
 * it): on a network counting in EUR, converted at the network's stated rate.
 */
function fineInNetworkMoney(usd: number, network: Network, path: (string | number)[], issues: ValidationIssue[]): number {
  const currency = networkCurrency(network.commodity.kind ?? 'crude', network.commodity.currency);
  if (currency === 'USD') return usd;
  const rate = network.commodity.usdPerEur;
  if (rate !== undefined) return usd / rate;
  issues.push({ code: 'missing-rate', path, message: `network ${network.id} counts in ${currency}: add money.usdPerEur to it (with its date and source) so a fine stated against the US dollar can be counted in ${currency}` });
  return 0;
}

function resolveEvent(event: EventFile, path: (string | number)[], context: Context): ScenarioEvent | undefined {
  const { issues, known, actors } = context;
  const checkAsset = (asset: string, at: (string | number)[]) => {
    if (known.has(asset)) return;
    const absent = context.absent(asset);
    if (absent) issues.push({ code: 'out-of-service', path: at, message: `${absent}: move the horizon or the event, or drop the event` });
    else issues.push({ code: 'unknown-asset', path: at, message: `event refers to "${asset}", which is not a node or link of network "${context.network.id}": fix the id or add the asset with an expansion` });
  };
  const checkActor = (actor: string | undefined, at: (string | number)[]) => {
    if (actor !== undefined && !actors.has(actor)) issues.push({ code: 'unknown-actor', path: at, message: `unknown actor "${actor}": use one of the network's actors` });
  };
  const window = (start: string, end: string | undefined, days: number | undefined) => {
    if (end === undefined && days === undefined) {
      issues.push({ code: 'missing-end', path: [...path, 'end'], message: 'give the event an end date or a number of days' });
    }
    if (end !== undefined && days !== undefined) {
      issues.push({ code: 'ambiguous-end', path: [...path, 'days'], message: 'give either end or days, not both' });
    }
    const last = end ?? addDays(start, (days ?? 1) - 1);
    if (dayNumber(last) < dayNumber(start)) {
      issues.push({ code: 'dates-out-of-order', path: [...path, 'end'], message: `event ends (${last}) before it starts (${start}): swap or correct the dates` });
    }
    return { start, end: last, startDay: dayNumber(start) - context.first, endDay: dayNumber(last) - context.first };
  };
  // Only what is given is set, so events without beliefs stay as they were.
  const knowledge = (given: { start: string; announced?: string | undefined; expectedEnd?: string | undefined; expectedDays?: number | undefined }): Knowledge => {
    if (given.expectedEnd !== undefined && given.expectedDays !== undefined) {
      issues.push({ code: 'ambiguous-expected-end', path: [...path, 'expectedDays'], message: 'give either expectedEnd or expectedDays, not both' });
    }
    const expected = given.expectedEnd ?? (given.expectedDays !== undefined ? addDays(given.start, given.expectedDays - 1) : undefined);
    if (expected !== undefined && dayNumber(expected) < dayNumber(given.start)) {
      issues.push({ code: 'dates-out-of-order', path: [...path, 'expectedEnd'], message: `the event is expected to end (${expected}) before it starts (${given.start}): correct expectedEnd` });
    }
    return {
      ...(given.announced !== undefined ? { announcedDay: dayNumber(given.announced) - context.first } : {}),
      ...(expected !== undefined ? { expectedEndDay: dayNumber(expected) - context.first } : {}),
    };
  };
  switch (event.type) {
    case 'outage': {
      checkAsset(event.asset, [...path, 'asset']);
      checkActor(event.causedBy, [...path, 'causedBy']);
      const remaining = canonicalRatio(event.remaining);
      const link = context.union.links.find((candidate) => candidate.id === event.asset);
      if (link && !Number.isFinite(link.capacityTonnesPerDay) && remaining > 0 && remaining < 1) {
        issues.push({ code: 'no-capacity', path: [...path, 'remaining'], message: `link "${link.id}" has no capacity, so ${Math.round(remaining * 100)} % of it is still unlimited: give the link a capacity or close it fully (remaining: 0 %)` });
      }
      return { type: 'outage', asset: event.asset, remaining, causedBy: event.causedBy, note: event.note, ...window(event.start, event.end, event.days), ...knowledge(event) };
    }
    case 'sanction': {
      checkActor(event.actor, [...path, 'actor']);
      event.assets.forEach((asset, position) => checkAsset(asset, [...path, 'assets', position]));
      const controlled = event.scope === 'jurisdiction'
        ? [...context.union.nodes, ...context.union.links].filter((asset) => asset.jurisdiction.includes(event.actor)).map((asset) => asset.id)
        : [];
      const assets = [...new Set([...event.assets, ...controlled])];
      if (assets.length === 0) issues.push({ code: 'empty-sanction', path: [...path, 'assets'], message: `the sanction blocks nothing: list assets or use scope: jurisdiction for an actor with jurisdiction` });
      return { type: 'sanction', actor: event.actor, assets, note: event.note, ...window(event.start, event.end, event.days), ...knowledge(event) };
    }
    case 'expansion': {
      const startDay = dayNumber(event.start) - context.first;
      const given = [event.asset !== undefined, event.link !== undefined, event.node !== undefined].filter(Boolean).length;
      if (given !== 1) {
        issues.push({ code: 'bad-expansion', path, message: 'an expansion names exactly one of: asset (to enlarge), link (new) or node (new)' });
        return undefined;
      }
      if (event.asset !== undefined) {
        checkAsset(event.asset, [...path, 'asset']);
        if (event.capacity === undefined) {
          issues.push({ code: 'bad-expansion', path: [...path, 'capacity'], message: 'enlarging an existing asset needs its new capacity' });
          return undefined;
        }
        const node = context.union.nodes.find((candidate) => candidate.id === event.asset);
        const dimension = node?.kind === 'storage' ? 'mass' : 'massFlow';
        let capacity: number;
        try {
          capacity = canonical(event.capacity, dimension, context.conversion);
        } catch {
          issues.push({ code: 'bad-quantity', path: [...path, 'capacity'], message: `capacity of "${event.asset}" must be a ${dimension === 'mass' ? 'mass (e.g. 1 Mt)' : 'mass flow (e.g. 5 Mt/yr)'}` });
          return undefined;
        }
        return { type: 'expansion', asset: event.asset, capacity, startDay, start: event.start, note: event.note };
      }
      if (event.link) {
        const link = resolveLink(event.link, context.conversion, context.network.asOf);
        return { type: 'expansion', asset: link.id, link, startDay, start: event.start, note: event.note };
      }
      const node = resolveNode(event.node!, context.conversion, context.network.asOf);
      return { type: 'expansion', asset: node.id, node, startDay, start: event.start, note: event.note };
    }
    case 'rule':
      return resolveRule(event, path, context, window(event.start, event.end, event.days));
    case 'price': {
      const kind = context.network.nodes.find((node) => node.id === event.target)?.kind;
      if (event.target !== 'benchmark' && kind !== 'market' && kind !== 'field') {
        issues.push({ code: 'unknown-asset', path: [...path, 'target'], message: `price target "${event.target}" is neither "benchmark", a market id nor a field id (whose lifting cost it shifts, e.g. an LNG price)` });
      }
      return { type: 'price', target: event.target, change: resolvePrice(event.change, context.conversion), note: event.note, ...window(event.start, event.end, event.days) };
    }
    case 'penalty':
      checkActor(event.payer, [...path, 'payer']);
      checkActor(event.payee, [...path, 'payee']);
      return {
        type: 'penalty',
        payer: event.payer,
        payee: event.payee,
        amount: event.amount,
        currency: event.currency,
        usd: fineInNetworkMoney(event.amount / event.unitsPerUsd, context.network, [...path, 'unitsPerUsd'], context.issues),
        date: event.date,
        day: dayNumber(event.date) - context.first,
        note: event.note,
      };
  }
}

const millionBarrels = (value: number | { value: number }) => (typeof value === 'number' ? value : value.value) * 1e6;

function resolveWorld(world: NonNullable<ScenarioFile['world']>, actors: ReadonlySet<string>, issues: ValidationIssue[]): WorldMarket {
  const known = (actor: string, path: (string | number)[]) => {
    if (!actors.has(actor)) issues.push({ code: 'unknown-actor', path: ['world', ...path], message: `"${actor}" is not an actor of the network: use an actor id` });
  };
  world.exporters.forEach((exporter, index) => known(exporter.actor, ['exporters', index, 'actor']));
  world.importers.forEach((importer, index) => known(importer.actor, ['importers', index, 'actor']));
  const { central, low, high } = world.elasticities;
  for (const [key, value] of Object.entries({ central, low, high })) {
    if (value && value.supply - value.demand <= 0) issues.push({ code: 'out-of-range', path: ['world', 'elasticities', key], message: 'supply and demand elasticities are both 0: the price response would be infinite; give a positive supply or a negative demand elasticity' });
  }
  if (millionBarrels(world.supplyMbd) <= 0) issues.push({ code: 'out-of-range', path: ['world', 'supplyMbd'], message: 'world supply must be positive' });
  const pick = (value: typeof central | undefined) => (value ? { label: value.label, supply: value.supply, demand: value.demand } : undefined);
  return {
    supplyBarrelsPerDay: millionBarrels(world.supplyMbd),
    central: pick(central)!,
    low: pick(low),
    high: pick(high),
    exporters: world.exporters.map((exporter) => ({ actor: exporter.actor, barrelsPerDay: millionBarrels(exporter.exportsMbd) })),
    importers: world.importers.map((importer) => ({ actor: importer.actor, barrelsPerDay: millionBarrels(importer.importsMbd) })),
  };
}

type RuleFile = Extract<EventFile, { type: 'rule' }>;

/** The fields a rule catches: by origin (the state taxing the field) or by owner share, less exemptions. */
function resolveRule(event: RuleFile, path: (string | number)[], context: Context, window: { start: string; end: string; startDay: number; endDay: number }): ScenarioEvent {
  const { issues, actors } = context;
  const checkActor = (actor: string, at: (string | number)[]) => {
    if (!actors.has(actor)) issues.push({ code: 'unknown-actor', path: at, message: `unknown actor "${actor}": use one of the network's actors` });
  };
  checkActor(event.issuer, [...path, 'issuer']);
  event.origins.forEach((origin, index) => checkActor(origin, [...path, 'origins', index]));
  event.exportedFrom.forEach((state, index) => checkActor(state, [...path, 'exportedFrom', index]));
  if (event.owners) checkActor(event.owners.of, [...path, 'owners', 'of']);
  const markets = new Set(context.union.nodes.filter((node) => node.kind === 'market').map((node) => node.id));
  event.markets.forEach((market, index) => {
    if (!markets.has(market)) issues.push({ code: 'unknown-asset', path: [...path, 'markets', index], message: `"${market}" is not a market of network "${context.network.id}": use a market id` });
  });
  const fields = context.union.nodes.filter((node) => node.kind === 'field');
  event.exempt.forEach((entry, index) => {
    if (!fields.some((field) => field.id === entry.field)) issues.push({ code: 'unknown-asset', path: [...path, 'exempt', index, 'field'], message: `"${entry.field}" is not a field of network "${context.network.id}"` });
  });
  if (event.origins.length === 0 && !event.owners && event.exportedFrom.length === 0) issues.push({ code: 'empty-rule', path: [...path, 'origins'], message: 'the rule catches nothing: give origins, owners or exportedFrom' });
  const countryOf = new Map(context.network.actors.map((actor) => [actor.id, actor.kind === 'state' ? actor.id : actor.country]));
  const ownedBy = (field: (typeof fields)[number], state: string) => (field.kind === 'field' ? field.owners.reduce((sum, owner) => (countryOf.get(owner.actor) === state ? sum + owner.share : sum), 0) : 0);
  const owners = event.owners;
  const exempt = new Set(event.exempt.map((entry) => entry.field));
  const byOriginOrOwner = fields
    .filter((field) => field.kind === 'field' && (event.origins.includes(field.taxedBy) || (owners !== undefined && ownedBy(field, owners.of) >= canonicalRatio(owners.atLeast) - 1e-12)))
    .map((field) => field.id);
  const byRoute = caughtAsExportedFrom(context.union, fields.filter((field): field is FieldNode => field.kind === 'field'), event.markets, event.exportedFrom);
  // Before exemptions: market -> every field the rule reaches there.
  const reached = new Map(event.markets.map((market) => [market, [...new Set([...byOriginOrOwner, ...(byRoute.get(market) ?? [])])]]));
  const caughtAt = new Map([...reached].map(([market, ids]) => [market, ids.filter((field) => !exempt.has(field))]));
  const caught = fields.map((field) => field.id).filter((field) => [...caughtAt.values()].some((ids) => ids.includes(field)));
  const price = (value: RuleFile['cap'], key: string) => {
    if (value === undefined) return undefined;
    try {
      return resolvePrice(value);
    } catch {
      issues.push({ code: 'bad-quantity', path: [...path, key], message: `${key} must be a price, e.g. 60 USD/bbl` });
      return undefined;
    }
  };
  const cap = price(event.cap, 'cap');
  const alternatives = [price(event.discount, 'discount'), price(event.alternativeCost, 'alternativeCost')].filter((value): value is Price => value !== undefined);
  if (event.rule === 'price-cap' && !cap) issues.push({ code: 'missing-cap', path: [...path, 'cap'], message: 'a price-cap rule needs its cap, e.g. cap: 60 USD/bbl' });
  if (event.rule !== 'price-cap' && (event.cap || event.discount || event.alternativeCost)) issues.push({ code: 'misplaced-field', path: [...path, 'cap'], message: `cap, discount and alternativeCost belong to price-cap rules, not ${event.rule}` });
  if (event.rule !== 'secondary' && event.penalty) issues.push({ code: 'misplaced-field', path: [...path, 'penalty'], message: `penalty belongs to secondary rules, not ${event.rule}` });
  return {
    type: 'rule',
    id: event.id,
    rule: event.rule,
    issuer: event.issuer,
    legalBasis: event.legalBasis,
    markets: event.markets,
    caught,
    caughtAt,
    exempt: event.exempt.map((entry) => ({ field: entry.field, reason: entry.reason, markets: event.markets.filter((market) => reached.get(market)!.includes(entry.field)) })),
    cap,
    alternatives,
    penalty: price(event.penalty, 'penalty'),
    note: event.note,
    source: event.source,
    ...window,
  };
}
