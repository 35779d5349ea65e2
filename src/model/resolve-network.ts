import { quantityText, type QuantityInput, type RatioInput } from './quantity-schema.ts';
import { commodityConversion, CUBIC_METRES_PER_BARREL, parseQuantity, toCanonical, UNITS, type CommodityConversion, type Dimension } from './units.ts';
import type { ValidationIssue } from './issues.ts';
import type { LinkFile, NetworkFile, NodeFile } from './network-schema.ts';
import { ZERO_PRICE, type FigureSource, type Link, type Network, type NetworkNode, type Owner, type Price } from './network.ts';

/** Converts a checked quantity to canonical units (the schema already vetted its unit). */
export function canonical(input: QuantityInput, dimension: Dimension, commodity: CommodityConversion): number {
  const parsed = parseQuantity(quantityText(input), dimension);
  if (!parsed.ok) throw new Error(parsed.message);
  return toCanonical(parsed.quantity.amount, parsed.quantity.unit, commodity);
}

export function canonicalRatio(input: RatioInput): number {
  if (typeof input === 'number') return input;
  return canonical(input, 'ratio', commodityConversion(1));
}

/** Keeps a price in the basis it was written in (per barrel or per tonne); see `Price`. */
export function resolvePrice(input: QuantityInput): Price {
  const parsed = parseQuantity(quantityText(input), 'price');
  if (!parsed.ok) throw new Error(parsed.message);
  const definition = UNITS[parsed.quantity.unit]!;
  const written = parsed.quantity.amount * definition.factor;
  if (definition.basis === 'barrels') return { perBarrel: written, perTonne: 0 };
  if (definition.basis === 'cubicMetres') return { perBarrel: written * CUBIC_METRES_PER_BARREL, perTonne: 0 };
  return { perBarrel: 0, perTonne: written };
}

/**
 * The provenance written next to an asset's figures: every `{ value, source | estimate }` field,
 * and the asset's own `source` / `estimate` (e.g. for its owners).
 */
export function figureSources(item: object): FigureSource[] {
  const sources: FigureSource[] = [];
  const record = item as Record<string, unknown>;
  if (typeof record.source === 'string' || typeof record.estimate === 'string') sources.push({ figure: 'asset', source: stringOrUndefined(record.source), estimate: stringOrUndefined(record.estimate) });
  for (const [figure, value] of Object.entries(record)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !('value' in value)) continue;
    const sourced = value as { source?: unknown; estimate?: unknown };
    if (typeof sourced.source === 'string' || typeof sourced.estimate === 'string') sources.push({ figure, source: stringOrUndefined(sourced.source), estimate: stringOrUndefined(sourced.estimate) });
  }
  return sources;
}

const stringOrUndefined = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function resolveNode(node: NodeFile, commodity: CommodityConversion): NetworkNode {
  const base = {
    id: node.id,
    name: node.name,
    sources: figureSources(node),
    location: node.location,
    jurisdiction: node.jurisdiction,
    owners: resolveOwners(node.owners),
    throughputTonnesPerDay: node.throughput ? canonical(node.throughput, 'massFlow', commodity) : Infinity,
  };
  switch (node.kind) {
    case 'field': {
      const own = commodityConversion(node.barrelsPerTonne ?? commodity.barrelsPerTonne);
      return {
        ...base,
        kind: 'field',
        productionTonnesPerDay: canonical(node.production, 'massFlow', own),
        liftingCostUsdPerTonne: canonical(node.liftingCost, 'price', own),
        minimumRateTonnesPerDay: node.minimumRate ? canonical(node.minimumRate, 'massFlow', own) : 0,
        shutInCostUsdPerTonne: node.shutInCost ? canonical(node.shutInCost, 'price', own) : 0,
        barrelsPerTonne: own.barrelsPerTonne,
        qualityDifferential: node.qualityDifferential ? resolvePrice(node.qualityDifferential) : ZERO_PRICE,
        taxedBy: node.taxedBy,
        fiscalTake: canonicalRatio(node.fiscalTake),
        fiscalBasis: node.fiscalBasis,
      };
    }
    case 'storage':
      return {
        ...base,
        kind: 'storage',
        capacityTonnes: canonical(node.capacity, 'mass', commodity),
        initialTonnes: canonical(node.initial, 'mass', commodity),
        holdingCostUsdPerTonneDay: canonical(node.holdingCost, 'price', commodity),
      };
    case 'market':
      return {
        ...base,
        kind: 'market',
        priceDifferential: resolvePrice(node.priceDifferential),
        intakeTonnesPerDay: node.intake ? canonical(node.intake, 'massFlow', commodity) : Infinity,
        minimumIntakeTonnesPerDay: node.minimumIntake ? canonical(node.minimumIntake, 'massFlow', commodity) : 0,
        state: node.state,
      };
    default:
      return { ...base, kind: node.kind };
  }
}

export function resolveLink(link: LinkFile, commodity: CommodityConversion): Link {
  return {
    id: link.id,
    name: link.name ?? link.id,
    sources: figureSources(link),
    kind: link.kind,
    from: link.from,
    to: link.to,
    capacityTonnesPerDay: link.capacity ? canonical(link.capacity, 'massFlow', commodity) : Infinity,
    tariffUsdPerTonne: canonical(link.tariff, 'price', commodity),
    transitDays: link.transitDays,
    jurisdiction: link.jurisdiction,
    owners: resolveOwners(link.owners),
    route: link.route,
    path: link.path?.value,
    commodities: link.commodities,
  };
}

function resolveOwners(owners: readonly { actor: string; share: RatioInput }[]): Owner[] {
  return owners.map((owner) => ({ actor: owner.actor, share: canonicalRatio(owner.share) }));
}

export function networkConversion(file: NetworkFile): CommodityConversion {
  return commodityConversion(file.commodity.barrelsPerTonne, file.commodity.tonnesPerCubicMetre);
}

export function resolveNetwork(file: NetworkFile): Network {
  const commodity = networkConversion(file);
  return {
    id: file.id,
    name: file.name,
    description: file.description,
    commodity: { name: file.commodity.name, ...commodity },
    benchmarkName: file.benchmark.name,
    referencePrice: file.benchmark.referencePrice === undefined ? undefined : resolvePrice(file.benchmark.referencePrice),
    referenceDate: file.benchmark.referenceDate,
    actors: file.actors.map((actor) => ({ id: actor.id, name: actor.name, kind: actor.kind, country: actor.country })),
    nodes: file.nodes.map((node) => resolveNode(node, commodity)),
    links: file.links.map((link) => resolveLink(link, commodity)),
  };
}

/** Cross-reference checks the schema cannot express; each message names the fix. */
export function checkNetwork(network: Network): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const actorIds = new Set<string>();
  network.actors.forEach((actor, index) => {
    if (actorIds.has(actor.id)) issues.push({ code: 'duplicate-id', path: ['actors', index, 'id'], message: `actor id "${actor.id}" is used twice: give each actor its own id` });
    actorIds.add(actor.id);
  });
  const checkActor = (id: string, path: (string | number)[]) => {
    if (!actorIds.has(id)) {
      issues.push({ code: 'unknown-actor', path, message: `unknown actor "${id}": add it under actors or use one of ${[...actorIds].join(', ')}` });
    }
  };
  network.actors.forEach((actor, index) => {
    if (actor.country) checkActor(actor.country, ['actors', index, 'country']);
  });

  const assetIds = new Set<string>();
  const nodeById = new Map<string, NetworkNode>();
  network.nodes.forEach((node, index) => {
    if (assetIds.has(node.id)) issues.push({ code: 'duplicate-id', path: ['nodes', index, 'id'], message: `asset id "${node.id}" is used twice: nodes and links share one namespace` });
    assetIds.add(node.id);
    nodeById.set(node.id, node);
    node.jurisdiction.forEach((actor, position) => checkActor(actor, ['nodes', index, 'jurisdiction', position]));
    checkOwners(node.owners, ['nodes', index, 'owners'], checkActor, issues);
    if (node.kind === 'field') {
      checkActor(node.taxedBy, ['nodes', index, 'taxedBy']);
      if (node.minimumRateTonnesPerDay > node.productionTonnesPerDay) {
        issues.push({ code: 'out-of-range', path: ['nodes', index, 'minimumRate'], message: `minimum rate exceeds production capacity of "${node.id}": lower minimumRate` });
      }
    }
    if (node.kind === 'storage' && node.initialTonnes > node.capacityTonnes) {
      issues.push({ code: 'out-of-range', path: ['nodes', index, 'initial'], message: `initial stock exceeds the capacity of "${node.id}": lower initial or raise capacity` });
    }
    if (node.kind === 'market' && node.state) checkActor(node.state, ['nodes', index, 'state']);
    if (node.kind === 'market' && node.minimumIntakeTonnesPerDay > node.intakeTonnesPerDay) {
      issues.push({ code: 'out-of-range', path: ['nodes', index, 'minimumIntake'], message: `minimum intake of "${node.id}" exceeds its intake: lower minimumIntake or raise intake` });
    }
  });

  network.links.forEach((link, index) => {
    if (assetIds.has(link.id)) issues.push({ code: 'duplicate-id', path: ['links', index, 'id'], message: `asset id "${link.id}" is used twice: nodes and links share one namespace` });
    assetIds.add(link.id);
    const from = nodeById.get(link.from);
    const to = nodeById.get(link.to);
    if (!from) issues.push({ code: 'unknown-node', path: ['links', index, 'from'], message: `link "${link.id}" starts at unknown node "${link.from}": add the node or fix the id` });
    if (!to) issues.push({ code: 'unknown-node', path: ['links', index, 'to'], message: `link "${link.id}" ends at unknown node "${link.to}": add the node or fix the id` });
    if (from?.kind === 'market') issues.push({ code: 'bad-topology', path: ['links', index, 'from'], message: `link "${link.id}" leaves market "${link.from}": markets are sinks, start the link elsewhere` });
    if (to?.kind === 'field') issues.push({ code: 'bad-topology', path: ['links', index, 'to'], message: `link "${link.id}" enters field "${link.to}": fields are sources, end the link elsewhere` });
    if (link.from === link.to) issues.push({ code: 'bad-topology', path: ['links', index], message: `link "${link.id}" starts and ends at "${link.from}": connect two different nodes` });
    link.jurisdiction.forEach((actor, position) => checkActor(actor, ['links', index, 'jurisdiction', position]));
    checkOwners(link.owners, ['links', index, 'owners'], checkActor, issues);
    link.commodities?.forEach((commodity, position) => {
      if (nodeById.get(commodity)?.kind !== 'field') {
        issues.push({ code: 'unknown-node', path: ['links', index, 'commodities', position], message: `"${commodity}" is not a field: list field ids whose oil may use the link` });
      }
    });
  });
  if (!network.nodes.some((node) => node.kind === 'field')) issues.push({ code: 'bad-topology', path: ['nodes'], message: 'the network has no field: add at least one node of kind field' });
  if (!network.nodes.some((node) => node.kind === 'market')) issues.push({ code: 'bad-topology', path: ['nodes'], message: 'the network has no market: add at least one node of kind market' });
  return issues;
}

function checkOwners(
  owners: readonly Owner[],
  path: (string | number)[],
  checkActor: (id: string, path: (string | number)[]) => void,
  issues: ValidationIssue[],
): void {
  owners.forEach((owner, index) => checkActor(owner.actor, [...path, index, 'actor']));
  const total = owners.reduce((sum, owner) => sum + owner.share, 0);
  // Published stakes are rounded (Kashagan's sum to 100.001 %), so allow a little slack.
  if (total > 1.0005) issues.push({ code: 'out-of-range', path, message: `owners' shares add up to ${(total * 100).toFixed(3)} %: they must not exceed 100 %` });
}
