import { quantityText, type QuantityInput, type RatioInput } from './quantity-schema.ts';
import { commodityConversion, CUBIC_METRES_PER_BARREL, currencyFactor, gasConversion, parseQuantity, toCanonical, UNITS, type CommodityConversion, type Dimension } from './units.ts';
import { networkCurrency } from './commodity-units.ts';
import { demandCurve, elasticSteps } from './demand-curve.ts';
import type { DemandFile, FillTargetFile } from './gas-schema.ts';
import type { ValidationIssue } from './issues.ts';
import { valueOn, type Dated, type Service } from './dated.ts';
import type { AllocationFile, LinkFile, NetworkFile, NodeFile, ProductionLimitFile } from './network-schema.ts';
import { ZERO_PRICE, type Allocation, type AllocationBasis, type FigureSource, type Link, type Network, type NetworkNode, type Owner, type Price, type ProductionLimit } from './network.ts';

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

/**
 * Keeps a price in the basis it was written in (per barrel or per tonne); see `Price`. With a
 * network's conversion, amounts convert to its currency, and in a gas network every price is per
 * base unit (MWh): `perTonne`.
 */
export function resolvePrice(input: QuantityInput, commodity?: CommodityConversion): Price {
  const parsed = parseQuantity(quantityText(input), 'price');
  if (!parsed.ok) throw new Error(parsed.message);
  const definition = UNITS[parsed.quantity.unit]!;
  if (commodity?.kind === 'gas') return { perBarrel: 0, perTonne: toCanonical(parsed.quantity.amount, parsed.quantity.unit, commodity) };
  const written = parsed.quantity.amount === 0 ? 0 : parsed.quantity.amount * definition.factor * (commodity ? currencyFactor(definition, commodity) : 1);
  if (definition.basis === 'barrels') return { perBarrel: written, perTonne: 0 };
  if (definition.basis === 'cubicMetres') return { perBarrel: written * CUBIC_METRES_PER_BARREL, perTonne: 0 };
  return { perBarrel: 0, perTonne: written };
}

/**
 * The provenance written next to an asset's figures: every `{ value, source | estimate }` field,
 * each step of a dated figure, and the asset's own `source` / `estimate` (e.g. for its owners).
 */
export function figureSources(item: object): FigureSource[] {
  const sources: FigureSource[] = [];
  const record = item as Record<string, unknown>;
  const push = (figure: string, sourced: { source?: unknown; estimate?: unknown; from?: unknown }) => {
    if (typeof sourced.source !== 'string' && typeof sourced.estimate !== 'string') return;
    sources.push({ figure, ...(typeof sourced.from === 'string' ? { from: sourced.from } : {}), source: stringOrUndefined(sourced.source), estimate: stringOrUndefined(sourced.estimate) });
  };
  // The asset's own `from` is a link's start node, not a date.
  push('asset', { source: record.source, estimate: record.estimate });
  for (const [figure, value] of Object.entries(record)) {
    if (Array.isArray(value)) {
      for (const step of value) if (typeof step === 'object' && step !== null && 'from' in step && 'value' in step) push(figure, step as Record<string, unknown>);
      continue;
    }
    // An allocation rule carries its source beside the rule rather than a value.
    if (typeof value === 'object' && value !== null && ('value' in value || figure === 'allocation')) push(figure, value as Record<string, unknown>);
  }
  return sources;
}

const stringOrUndefined = (value: unknown) => (typeof value === 'string' ? value : undefined);

type DatedInput<T> = T | readonly { readonly from: string; readonly value: T }[];

/**
 * Reads an asset's dated figures on one date: each figure's value there, and its steps (in
 * canonical units, under the engine's property name) for the timeline and later horizons.
 */
class DatedReader {
  readonly steps: Record<string, Dated> = {};
  constructor(private readonly asOf: string | undefined) {}

  read<T>(key: string, input: DatedInput<T>, convert: (value: T) => number): number {
    if (!Array.isArray(input)) return convert(input as T);
    const steps = (input as readonly { from: string; value: T }[]).map((step) => ({ from: step.from, value: convert(step.value) }));
    this.steps[key] = steps;
    return valueOn(steps, this.asOf);
  }

  /** The steps and service to spread onto the resolved asset (nothing when none are dated). */
  extras(service: Service | undefined, owners: OwnersInput): { steps?: Record<string, Dated>; ownerSteps?: Dated<readonly Owner[]>; service?: Service } {
    const ownerSteps = isDatedOwners(owners) ? owners.map((step) => ({ from: step.from, value: resolveOwners(step.value) })) : undefined;
    return {
      ...(Object.keys(this.steps).length > 0 ? { steps: this.steps } : {}),
      ...(ownerSteps ? { ownerSteps } : {}),
      ...(service ? { service: { from: service.from, to: service.to } } : {}),
    };
  }

  owners(owners: OwnersInput): Owner[] {
    return isDatedOwners(owners) ? resolveOwners(valueOn(owners, this.asOf)) : resolveOwners(owners);
  }
}

type OwnerInput = { actor: string; share: RatioInput };
type OwnersInput = readonly OwnerInput[] | readonly { from: string; value: readonly OwnerInput[] }[];

function isDatedOwners(owners: OwnersInput): owners is readonly { from: string; value: readonly OwnerInput[] }[] {
  return owners.length > 0 && 'from' in owners[0]!;
}

export function resolveNode(node: NodeFile, commodity: CommodityConversion, asOf?: string): NetworkNode {
  const dated = new DatedReader(asOf);
  const flow = (input: QuantityInput) => canonical(input, 'massFlow', commodity);
  const base = {
    id: node.id,
    name: node.name,
    sources: figureSources(node),
    location: node.location,
    jurisdiction: node.jurisdiction,
    owners: dated.owners(node.owners),
    throughputTonnesPerDay: node.throughput ? dated.read('throughputTonnesPerDay', node.throughput, flow) : Infinity,
  };
  const extras = () => dated.extras(node.service, node.owners);
  switch (node.kind) {
    case 'field': {
      const own = commodity.kind === 'gas' ? commodity : { ...commodity, ...commodityConversion(node.barrelsPerTonne ?? commodity.barrelsPerTonne) };
      const ownFlow = (input: QuantityInput) => canonical(input, 'massFlow', own);
      const ownPrice = (input: QuantityInput) => canonical(input, 'price', own);
      return {
        ...base,
        kind: 'field',
        productionTonnesPerDay: dated.read('productionTonnesPerDay', node.production, ownFlow),
        liftingCostUsdPerTonne: dated.read('liftingCostUsdPerTonne', node.liftingCost, ownPrice),
        minimumRateTonnesPerDay: node.minimumRate ? dated.read('minimumRateTonnesPerDay', node.minimumRate, ownFlow) : 0,
        shutInCostUsdPerTonne: node.shutInCost ? dated.read('shutInCostUsdPerTonne', node.shutInCost, ownPrice) : 0,
        barrelsPerTonne: own.barrelsPerTonne,
        qualityDifferential: node.qualityDifferential ? resolvePrice(node.qualityDifferential, commodity) : ZERO_PRICE,
        taxedBy: node.taxedBy,
        ...(node.lng ? { lng: true } : {}),
        fiscalTake: dated.read('fiscalTake', node.fiscalTake, (input: RatioInput) => canonicalRatio(input)),
        fiscalBasis: node.fiscalBasis,
        ...extras(),
      };
    }
    case 'storage':
      return {
        ...base,
        kind: 'storage',
        ...(node.injection ? { injectionTonnesPerDay: dated.read('injectionTonnesPerDay', node.injection, flow) } : {}),
        ...(node.withdrawal ? { withdrawalTonnesPerDay: dated.read('withdrawalTonnesPerDay', node.withdrawal, flow) } : {}),
        ...(node.fillTargets.length > 0 ? { fillTargets: node.fillTargets.map((target) => resolveFillTarget(target, commodity)) } : {}),
        ...(node.state ? { state: node.state } : {}),
        capacityTonnes: dated.read('capacityTonnes', node.capacity, (input: QuantityInput) => canonical(input, 'mass', commodity)),
        initialTonnes: canonical(node.initial, 'mass', commodity),
        minimumStockTonnes: node.minimumStock ? dated.read('minimumStockTonnes', node.minimumStock, (input: QuantityInput) => canonical(input, 'mass', commodity)) : 0,
        holdingCostUsdPerTonneDay: dated.read('holdingCostUsdPerTonneDay', node.holdingCost, (input: QuantityInput) => canonical(input, 'price', commodity)),
        ...extras(),
      };
    case 'market':
      return {
        ...base,
        kind: 'market',
        priceDifferential: resolvePrice(node.priceDifferential, commodity),
        intakeTonnesPerDay: node.intake ? dated.read('intakeTonnesPerDay', node.intake, flow) : Infinity,
        minimumIntakeTonnesPerDay: node.minimumIntake ? dated.read('minimumIntakeTonnesPerDay', node.minimumIntake, flow) : 0,
        state: node.state,
        originDifferentials: node.originDifferentials.map((entry) => ({ origins: entry.origins, differential: resolvePrice(entry.differential, commodity), from: entry.from, to: entry.to })),
        ...(node.demand ? { demand: resolveDemand(node.demand, commodity), demandReferenceTonnesPerDay: dated.read('demandReferenceTonnesPerDay', node.demand.reference, flow) } : {}),
        ...extras(),
      };
    default:
      return { ...base, kind: node.kind, ...(node.allocation ? { allocation: resolveAllocation(node.allocation, 'nominations') } : {}), ...extras() };
  }
}

export function resolveLink(link: LinkFile, commodity: CommodityConversion, asOf?: string): Link {
  const dated = new DatedReader(asOf);
  return {
    id: link.id,
    name: link.name ?? link.id,
    sources: figureSources(link),
    kind: link.kind,
    from: link.from,
    to: link.to,
    capacityTonnesPerDay: link.capacity ? dated.read('capacityTonnesPerDay', link.capacity, (input: QuantityInput) => canonical(input, 'massFlow', commodity)) : Infinity,
    ...(link.schedule ? { scheduleTonnesPerDay: dated.read('scheduleTonnesPerDay', link.schedule, (input: QuantityInput) => canonical(input, 'massFlow', commodity)) } : {}),
    ...(link.extra ? { extra: { leadDays: link.extra.leadDays, upToTonnesPerDay: link.extra.upTo ? dated.read('extraUpToTonnesPerDay', link.extra.upTo, (input: QuantityInput) => canonical(input, 'massFlow', commodity)) : Infinity } } : {}),
    tariffUsdPerTonne: dated.read('tariffUsdPerTonne', link.tariff, (input: QuantityInput) => canonical(input, 'price', commodity)),
    transitDays: link.transitDays,
    jurisdiction: link.jurisdiction,
    owners: dated.owners(link.owners),
    route: link.route,
    commodities: link.commodities,
    polyline: link.polyline,
    ...(link.allocation ? { allocation: resolveAllocation(link.allocation, 'nominations') } : {}),
    ...(link.shipOrPay
      ? {
          shipOrPay: { payer: link.shipOrPay.payer },
          bookedTonnesPerDay: dated.read('bookedTonnesPerDay', link.shipOrPay.booked, (input: QuantityInput) => canonical(input, 'massFlow', commodity)),
          shipOrPayFeeUsdPerTonne: dated.read('shipOrPayFeeUsdPerTonne', link.shipOrPay.fee, (input: QuantityInput) => canonical(input, 'price', commodity)),
        }
      : {}),
    ...dated.extras(link.service, link.owners),
  };
}

function resolveFillTarget(target: FillTargetFile, commodity: CommodityConversion) {
  return { by: target.by, share: canonicalRatio(target.share), ...(target.penalty === undefined ? {} : { penaltyUsdPerTonne: canonical(target.penalty, 'price', commodity) }) };
}

function resolveDemand(demand: DemandFile, commodity: CommodityConversion) {
  const price = (input: QuantityInput) => canonical(input, 'price', commodity);
  const elasticity = typeof demand.elasticity === 'object' ? demand.elasticity.value : demand.elasticity;
  const steps =
    elasticity !== undefined && demand.referencePrice !== undefined && demand.priceCeiling !== undefined
      ? elasticSteps({ elasticity, referencePrice: price(demand.referencePrice), priceCeiling: price(demand.priceCeiling), stepCount: demand.stepCount })
      : (demand.steps ?? []).map((step) => ({ share: canonicalRatio(step.share), priceUsdPerTonne: price(step.price) }));
  return demandCurve(steps, price(demand.valueOfLostLoad));
}

function resolveOwners(owners: readonly OwnerInput[]): Owner[] {
  return owners.map((owner) => ({ actor: owner.actor, share: canonicalRatio(owner.share) }));
}

export function networkConversion(file: NetworkFile): CommodityConversion {
  const { commodity, money } = file;
  const currency = networkCurrency(commodity.kind, money?.currency);
  const usdPerEur = money?.usdPerEur?.value;
  if (commodity.kind === 'gas') {
    const calorific = commodity.kWhPerCubicMetre;
    return gasConversion(typeof calorific === 'object' ? calorific.value : (calorific ?? 0), currency, usdPerEur);
  }
  return { ...commodityConversion(commodity.barrelsPerTonne ?? 1, commodity.tonnesPerCubicMetre), kind: 'crude', currency, ...(usdPerEur === undefined ? {} : { usdPerEur }) };
}

export function resolveNetwork(file: NetworkFile): Network {
  const commodity = networkConversion(file);
  return {
    id: file.id,
    name: file.name,
    description: file.description,
    commodity: { name: file.commodity.name, ...commodity },
    benchmarkName: file.benchmark.name,
    referencePrice: file.benchmark.referencePrice === undefined ? undefined : resolvePrice(file.benchmark.referencePrice, commodity),
    referenceDate: file.benchmark.referenceDate,
    asOf: file.benchmark.referenceDate,
    actors: file.actors.map((actor) => ({ id: actor.id, name: actor.name, kind: actor.kind, country: actor.country })),
    nodes: file.nodes.map((node) => resolveNode(node, commodity, file.benchmark.referenceDate)),
    links: file.links.map((link) => resolveLink(link, commodity, file.benchmark.referenceDate)),
    productionLimits: file.productionLimits.map((limit) => resolveLimit(limit, file, commodity)),
  };
}

function resolveLimit(limit: ProductionLimitFile, file: NetworkFile, commodity: CommodityConversion): ProductionLimit {
  const dated = new DatedReader(file.benchmark.referenceDate);
  const fields = limit.fields ?? file.nodes.filter((node) => node.kind === 'field' && node.taxedBy === limit.state).map((node) => node.id);
  const capTonnesPerDay = dated.read('capTonnesPerDay', limit.cap, (input: QuantityInput) => canonical(input, 'massFlow', commodity));
  const allocation = limit.allocation ? resolveAllocation(limit.allocation, 'output') : NATIONAL_CUT_DEFAULT;
  return { id: limit.id, name: limit.name ?? limit.id, state: limit.state, fields, capTonnesPerDay, enforce: limit.enforce, allocation, sources: figureSources(limit), ...(limit.service ? { service: { from: limit.service.from, to: limit.service.to } } : {}), ...(Object.keys(dated.steps).length > 0 ? { steps: dated.steps } : {}) };
}

/** A production limit without a stated rule cuts its fields pro rata to their production capacity. */
export const NATIONAL_CUT_DEFAULT: Allocation = { rule: 'pro-rata', basis: 'output', estimate: 'Default national cut rule: each field cut in the same proportion of its production capacity (no priority stated in the data).' };

export function resolveAllocation(allocation: AllocationFile, defaultBasis: AllocationBasis): Allocation {
  return {
    rule: allocation.rule,
    basis: allocation.basis ?? defaultBasis,
    ...(allocation.shares ? { shares: new Map(allocation.shares.map((entry) => [entry.shipper, canonicalRatio(entry.share)])) } : {}),
    ...(allocation.source !== undefined ? { source: allocation.source } : {}),
    ...(allocation.estimate !== undefined ? { estimate: allocation.estimate } : {}),
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
    if (node.kind === 'storage' && node.minimumStockTonnes > node.capacityTonnes) {
      issues.push({ code: 'out-of-range', path: ['nodes', index, 'minimumStock'], message: `minimum stock exceeds the capacity of "${node.id}": lower minimumStock or raise capacity` });
    }
    if (node.kind === 'storage' && node.initialTonnes > node.capacityTonnes) {
      issues.push({ code: 'out-of-range', path: ['nodes', index, 'initial'], message: `initial stock exceeds the capacity of "${node.id}": lower initial or raise capacity` });
    }
    if (node.kind === 'market' && node.state) checkActor(node.state, ['nodes', index, 'state']);
    if (node.kind === 'market') node.originDifferentials.forEach((entry, position) => entry.origins.forEach((origin, at) => checkActor(origin, ['nodes', index, 'originDifferentials', position, 'origins', at])));
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
  const checkShares = (allocation: Allocation | undefined, path: (string | number)[]) => {
    let total = 0;
    for (const [shipper, share] of allocation?.shares ?? []) {
      total += share;
      if (nodeById.get(shipper)?.kind !== 'field') issues.push({ code: 'unknown-node', path: [...path, 'allocation', 'shares'], message: `"${shipper}" is not a field: shares are by field id (each field's crude is a shipper)` });
    }
    if (total > 1 + 1e-9) issues.push({ code: 'bad-value', path: [...path, 'allocation', 'shares'], message: `the shares add up to ${(total * 100).toFixed(1)} %: they may not exceed 100 %` });
  };
  network.nodes.forEach((node, index) => {
    if (node.kind === 'junction' || node.kind === 'terminal') checkShares(node.allocation, ['nodes', index]);
  });
  network.links.forEach((link, index) => checkShares(link.allocation, ['links', index]));
  (network.productionLimits ?? []).forEach((limit, index) => {
    checkShares(limit.allocation, ['productionLimits', index]);
    checkActor(limit.state, ['productionLimits', index, 'state']);
    limit.fields.forEach((field, position) => {
      if (nodeById.get(field)?.kind !== 'field') issues.push({ code: 'unknown-node', path: ['productionLimits', index, 'fields', position], message: `"${field}" is not a field: list the field ids the limit covers` });
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
