/**
 * The shapes the app reads from the API: the contract's schemas (src/contract) are their source,
 * so a field the server changes is a type error here, not a surprise in the browser.
 */
import type { GasRunResult, PublishedResult, RunResult, ServedNetwork } from '../../src/contract/index.ts';

export type Network = ServedNetwork;
export type NetworkNode = ServedNetwork['nodes'][number];
export type NetworkLink = ServedNetwork['links'][number];
export type FigureSource = NonNullable<NetworkLink['sources']>[number];
/** A run's result as served: crude (tonnes, USD) or gas (MWh, its currency; see result-view.ts). */
export type Result = PublishedResult;
export type CrudeResult = RunResult;
export type GasResult = GasRunResult;
/** What a link carried over the horizon, in the network's unit (t or MWh); capacity null when unlimited. */
export interface LinkFlow {
  readonly link: string;
  readonly baseline: number;
  readonly scenario: number;
  readonly capacity: number | null;
}
export type PairedSeries = Pick<RunResult['series']['routes'][number], 'baseline' | 'scenario'>;
export interface Outage {
  asset: string;
  start: string;
  days: number;
  remaining: number;
}
