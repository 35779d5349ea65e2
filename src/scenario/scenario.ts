import type { Link, Network, NetworkNode, Price } from '../model/network.ts';

/** A scenario with its network resolved, dates turned into day indices and figures canonical. */
export interface Scenario {
  readonly id: string;
  readonly name: string;
  readonly description?: string | undefined;
  readonly network: Network;
  readonly dates: readonly string[];
  /** Benchmark price for each day of the horizon. */
  readonly benchmark: readonly Price[];
  readonly differentialOverrides: ReadonlyMap<string, Price>;
  /** Annual discount rate applied to the objective (not to the reported cash flows). */
  readonly discountRatePerYear: number;
  readonly foresight: 'myopic' | 'perfect';
  /** How decisions are taken (absent: hindsight). */
  readonly operations?: Operations | undefined;
  /** Stock at the horizon's start by storage id, where the scenario overrides the operating level (t). */
  readonly initialStock?: ReadonlyMap<string, number> | undefined;
  /** Production limits switched on (true) or off (false) by the scenario, by id. */
  readonly productionLimits?: ReadonlyMap<string, boolean> | undefined;
  readonly events: readonly ScenarioEvent[];
  /** The world market whose benchmark answers the corridor's supply loss; undefined: prices fixed. */
  readonly world?: WorldMarket | undefined;
}

export interface Elasticities {
  readonly label: string;
  readonly supply: number;
  readonly demand: number;
}

export interface WorldMarket {
  readonly supplyBarrelsPerDay: number;
  readonly central: Elasticities;
  readonly low?: Elasticities | undefined;
  readonly high?: Elasticities | undefined;
  readonly exporters: readonly { readonly actor: string; readonly barrelsPerDay: number }[];
  readonly importers: readonly { readonly actor: string; readonly barrelsPerDay: number }[];
}

export interface Operations {
  readonly mode: 'hindsight' | 'rolling';
  readonly lookaheadDays: number;
  readonly replanDays: number;
}

/** What operators know of an outage or sanction, as day indices (relative to the horizon's first day). */
export interface Knowledge {
  /** Day operators learn of the event (default: its start). */
  readonly announcedDay?: number | undefined;
  /** Last day operators believe it lasts until its end is revealed; undefined: until further notice. */
  readonly expectedEndDay?: number | undefined;
}

/** Day indices are relative to the horizon's first day and may fall outside it. */
interface Window {
  readonly startDay: number;
  /** Inclusive. */
  readonly endDay: number;
  readonly start: string;
  readonly end: string;
}

export interface OutageEvent extends Window, Knowledge {
  readonly type: 'outage';
  readonly asset: string;
  readonly remaining: number;
  readonly causedBy?: string | undefined;
  readonly note?: string | undefined;
  /** Stands for an asset not (yet) built rather than a disruption: shippers get no extra capacity for it. */
  readonly structural?: boolean | undefined;
}

export interface SanctionEvent extends Window, Knowledge {
  readonly type: 'sanction';
  readonly actor: string;
  readonly assets: readonly string[];
  readonly note?: string | undefined;
}

export interface ExpansionEvent {
  readonly type: 'expansion';
  readonly startDay: number;
  readonly start: string;
  readonly asset: string;
  /** New capacity of an existing asset (t/d, or t for storage); undefined for new assets. */
  readonly capacity?: number | undefined;
  readonly link?: Link | undefined;
  readonly node?: NetworkNode | undefined;
  readonly note?: string | undefined;
}

export interface PriceEvent extends Window {
  readonly type: 'price';
  readonly target: string;
  readonly change: Price;
  readonly note?: string | undefined;
}

export interface PenaltyEvent {
  readonly type: 'penalty';
  readonly payer: string;
  readonly payee?: string | undefined;
  readonly amount: number;
  readonly currency: string;
  readonly usd: number;
  readonly date: string;
  readonly day: number;
  readonly note?: string | undefined;
}

/** A sanction rule resolved: the fields it catches at its markets, and what it does to them. */
export interface RuleEvent extends Window {
  readonly type: 'rule';
  readonly id: string;
  readonly rule: 'embargo' | 'price-cap' | 'secondary';
  readonly issuer: string;
  readonly legalBasis: string;
  readonly markets: readonly string[];
  /** Fields whose crude the rule catches at one market at least (origin, owner or route, less exemptions). */
  readonly caught: readonly string[];
  /** market -> the fields whose crude the rule catches there. */
  readonly caughtAt: ReadonlyMap<string, readonly string[]>;
  /** Fields the rule spares, and the markets where it would otherwise catch them (none: the exemption changes nothing). */
  readonly exempt: readonly { readonly field: string; readonly reason: string; readonly markets: readonly string[] }[];
  readonly cap?: Price | undefined;
  /** Cheapest way round the cap besides selling at it: a discount or an alternative service (per barrel and tonne parts). */
  readonly alternatives: readonly Price[];
  readonly penalty?: Price | undefined;
  readonly note?: string | undefined;
  readonly source: string;
}

export type ScenarioEvent = OutageEvent | SanctionEvent | ExpansionEvent | PriceEvent | PenaltyEvent | RuleEvent;

/** The network plus every asset that an expansion adds. */
export function unionNetwork(scenario: Scenario): Network {
  const added = scenario.events.filter((event): event is ExpansionEvent => event.type === 'expansion');
  return {
    ...scenario.network,
    nodes: [...scenario.network.nodes, ...added.flatMap((event) => (event.node ? [event.node] : []))],
    links: [...scenario.network.links, ...added.flatMap((event) => (event.link ? [event.link] : []))],
  };
}
