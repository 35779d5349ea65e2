/** The engine's view of a network: every figure in canonical units (t, t/d, USD/t, USD/bbl for prices). */
import type { Dated, Service } from './dated.ts';
import type { CommodityKind, Currency } from './units.ts';

/**
 * A price or price difference as written: per barrel, per tonne, or both. A crude's price per
 * tonne is perBarrel × its own barrels per tonne + perTonne, so a figure given per tonne stays per
 * tonne whatever the crude's density.
 */
export interface Price {
  readonly perBarrel: number;
  readonly perTonne: number;
}

export const ZERO_PRICE: Price = { perBarrel: 0, perTonne: 0 };

export function addPrices(a: Price, b: Price): Price {
  return { perBarrel: a.perBarrel + b.perBarrel, perTonne: a.perTonne + b.perTonne };
}

export function pricePerTonneOf(price: Price, barrelsPerTonne: number): number {
  return price.perBarrel * barrelsPerTonne + price.perTonne;
}

export type ActorKind = 'state' | 'company' | 'consortium' | 'other';

export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly kind: ActorKind;
  readonly country?: string | undefined;
}

export interface Owner {
  readonly actor: string;
  readonly share: number;
}

/** Where one figure of an asset comes from (as written in the data file), for hover cards and reports. */
export interface FigureSource {
  /** The field it belongs to ("capacity", "tariff", …), or "asset" for the item's own source. */
  readonly figure: string;
  /** For a dated figure: the first day of the step this source backs. */
  readonly from?: string | undefined;
  readonly source?: string | undefined;
  readonly estimate?: string | undefined;
}

export type AllocationRule = 'pro-rata' | 'merit';
export type AllocationBasis = 'nominations' | 'quota' | 'output';

/** How an asset shared by several shippers is rationed when it is disrupted (see docs/allocation.md). */
export interface Allocation {
  readonly rule: AllocationRule;
  readonly basis: AllocationBasis;
  /** Stated shares by field id (basis quota). */
  readonly shares?: ReadonlyMap<string, number> | undefined;
  readonly source?: string | undefined;
  readonly estimate?: string | undefined;
}

interface NodeBase {
  readonly id: string;
  readonly name: string;
  readonly sources?: readonly FigureSource[] | undefined;
  readonly location?: { readonly lat: number; readonly lon: number } | undefined;
  readonly jurisdiction: readonly string[];
  readonly owners: readonly Owner[];
  /** Most oil leaving the node per day; Infinity when not limited. */
  readonly throughputTonnesPerDay: number;
  /** Dated figures by property name (e.g. capacityTonnesPerDay), in canonical units; the scalar is the value on the network's `asOf` date. */
  readonly steps?: Readonly<Record<string, Dated>> | undefined;
  readonly ownerSteps?: Dated<readonly Owner[]> | undefined;
  /** When the asset exists; absent = always. */
  readonly service?: Service | undefined;
}

export interface FieldNode extends NodeBase {
  readonly kind: 'field';
  readonly productionTonnesPerDay: number;
  readonly liftingCostUsdPerTonne: number;
  readonly minimumRateTonnesPerDay: number;
  readonly shutInCostUsdPerTonne: number;
  readonly barrelsPerTonne: number;
  readonly qualityDifferential: Price;
  readonly taxedBy: string;
  /** Gas: LNG bought on the world market. */
  readonly lng?: boolean | undefined;
  readonly fiscalTake: number;
  readonly fiscalBasis: 'netback' | 'revenue';
}

export interface JunctionNode extends NodeBase {
  readonly kind: 'junction' | 'terminal';
  /** How the node's throughput is shared among shippers when disrupted; absent = merit. */
  readonly allocation?: Allocation | undefined;
}

export interface StorageNode extends NodeBase {
  readonly kind: 'storage';
  readonly capacityTonnes: number;
  /** The stated operating level: stock at a horizon's start unless a scenario sets another. */
  readonly initialTonnes: number;
  /** Stock the tanks are never drawn below (t); 0 when none. */
  readonly minimumStockTonnes: number;
  readonly holdingCostUsdPerTonneDay: number;
  /** Most entering (injection) and leaving (withdrawal) per day; Infinity when not limited. */
  readonly injectionTonnesPerDay?: number | undefined;
  readonly withdrawalTonnesPerDay?: number | undefined;
  readonly fillTargets?: readonly FillTarget[] | undefined;
  /** The state the storage counts for in fill-vs-target accounts. */
  readonly state?: string | undefined;
}

/** A filling obligation: stock at the end of `by` ≥ share × capacity that day. */
export interface FillTarget {
  readonly by: string;
  readonly share: number;
  /** Cost per unit short (network currency per base unit); undefined = hard. */
  readonly penaltyUsdPerTonne?: number | undefined;
}

/**
 * A stepwise demand curve (gas). The reference demand of a day (the market's
 * `demandReferenceTonnesPerDay`) splits into price-responsive slices, each consumed only when
 * supply costs no more than its willingness to pay, and a firm rest valued at the value of lost load.
 */
export interface DemandCurve {
  /** Slices in increasing order of willingness to pay (network currency per base unit). */
  readonly steps: readonly { readonly share: number; readonly priceUsdPerTonne: number }[];
  /** 1 − the slices' shares. */
  readonly firmShare: number;
  readonly valueOfLostLoadUsdPerTonne: number;
}

export interface MarketNode extends NodeBase {
  readonly kind: 'market';
  readonly priceDifferential: Price;
  readonly intakeTonnesPerDay: number;
  /** Supply obligation (t/d); 0 when none. */
  readonly minimumIntakeTonnesPerDay: number;
  readonly state?: string | undefined;
  /** Price-responsive demand; absent = the market takes any quantity at its price. */
  readonly demand?: DemandCurve | undefined;
  /** With `demand`: consumption at the reference price (base units per day). */
  readonly demandReferenceTonnesPerDay?: number | undefined;
  /** Buyers' premiums or discounts by the crude's origin, each over a span of dates. */
  readonly originDifferentials: readonly OriginDifferential[];
}

/** A market's premium (+) or discount (-) for crude of some origins, from `from` to `to` (inclusive; absent = open). */
export interface OriginDifferential {
  readonly origins: readonly string[];
  readonly differential: Price;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export type NetworkNode = FieldNode | JunctionNode | StorageNode | MarketNode;

export type LinkKind = 'pipeline' | 'mooring' | 'berth' | 'tanker' | 'rail' | 'other';

export interface Link {
  readonly id: string;
  readonly name: string;
  readonly sources?: readonly FigureSource[] | undefined;
  readonly kind: LinkKind;
  readonly from: string;
  readonly to: string;
  /** Physical capacity; Infinity when not limited. */
  readonly capacityTonnesPerDay: number;
  /** Commercial schedule (t/d); Infinity when the link has none (the physical capacity applies). */
  readonly scheduleTonnesPerDay?: number | undefined;
  /** Extra beyond the schedule in a disruption: after leadDays, up to upToTonnesPerDay (Infinity = the physical capacity). */
  readonly extra?: { readonly leadDays: number; readonly upToTonnesPerDay: number } | undefined;
  readonly tariffUsdPerTonne: number;
  readonly transitDays: number;
  readonly jurisdiction: readonly string[];
  readonly owners: readonly Owner[];
  readonly route?: string | undefined;
  readonly commodities?: readonly string[] | undefined;
  /** How the link is shared among shippers when it or anything downstream is disrupted; absent = merit. */
  readonly allocation?: Allocation | undefined;
  /** A ship-or-pay booking: `payer` owes bookedTonnesPerDay × shipOrPayFeeUsdPerTonne a day while the link offers it. */
  readonly shipOrPay?: { readonly payer: string } | undefined;
  readonly bookedTonnesPerDay?: number | undefined;
  readonly shipOrPayFeeUsdPerTonne?: number | undefined;
  /** Route geometry (from `from` to `to`), when the file gives one. */
  readonly polyline?: readonly { readonly lat: number; readonly lon: number }[] | undefined;
  /** Dated figures by property name (e.g. capacityTonnesPerDay), in canonical units; the scalar is the value on the network's `asOf` date. */
  readonly steps?: Readonly<Record<string, Dated>> | undefined;
  readonly ownerSteps?: Dated<readonly Owner[]> | undefined;
  /** When the asset exists; absent = always. */
  readonly service?: Service | undefined;
}

/** A cap on the sum of some fields' production (a national quota), in t/d. */
export interface ProductionLimit {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly fields: readonly string[];
  readonly capTonnesPerDay: number;
  readonly steps?: Readonly<Record<string, Dated>> | undefined;
  readonly enforce: boolean;
  /** The national cut rule when the cap binds (default: pro rata to output). */
  readonly allocation: Allocation;
  /** When the limit applies; absent = always. */
  readonly service?: Service | undefined;
  readonly sources?: readonly FigureSource[] | undefined;
}

export interface Network {
  readonly id: string;
  readonly name: string;
  readonly description?: string | undefined;
  /**
   * What the network carries and how its units convert (a CommodityConversion). For gas, the
   * base quantity is MWh (every "Tonnes" figure holds MWh) and money is `currency` (every "Usd"
   * figure holds that currency): see docs/gas-model.md.
   */
  readonly commodity: {
    readonly name: string;
    readonly barrelsPerTonne: number;
    readonly tonnesPerCubicMetre: number;
    readonly kind?: CommodityKind | undefined;
    readonly currency?: Currency | undefined;
    readonly usdPerEur?: number | undefined;
  };
  readonly benchmarkName: string;
  /** Benchmark price and first closure day for analyses run without a scenario. */
  readonly referencePrice?: Price | undefined;
  readonly referenceDate?: string | undefined;
  /** The date every dated figure's scalar value is taken on (the reference date, or a horizon's first day). */
  readonly asOf?: string | undefined;
  readonly actors: readonly Actor[];
  readonly nodes: readonly NetworkNode[];
  readonly links: readonly Link[];
  readonly productionLimits?: readonly ProductionLimit[] | undefined;
}

export type Asset = { readonly type: 'node'; readonly node: NetworkNode } | { readonly type: 'link'; readonly link: Link };

/** What a link carries in normal operation: its schedule where it has one, never above the pipe. */
export function scheduledCapacity(link: Link): number {
  return Math.min(link.capacityTonnesPerDay, link.scheduleTonnesPerDay ?? Infinity);
}

/** Whether the network carries gas (base quantity MWh) rather than crude (tonnes). */
export function isGas(network: Network): boolean {
  return network.commodity.kind === 'gas';
}

export function fields(network: Network): FieldNode[] {
  return network.nodes.filter((node): node is FieldNode => node.kind === 'field');
}

export function findAsset(network: Network, id: string): Asset | undefined {
  const node = network.nodes.find((candidate) => candidate.id === id);
  if (node) return { type: 'node', node };
  const link = network.links.find((candidate) => candidate.id === id);
  return link ? { type: 'link', link } : undefined;
}
