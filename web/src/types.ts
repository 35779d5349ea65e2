/**
 * The shapes the app reads from the API: the contract's schemas (src/contract) are their source,
 * so a field the server changes is a type error here, not a surprise in the browser.
 */
import type { RunResult, ServedNetwork } from '../../src/contract/index.ts';

export type Network = ServedNetwork;
export type NetworkNode = ServedNetwork['nodes'][number];
export type NetworkLink = ServedNetwork['links'][number];
export type FigureSource = NonNullable<NetworkLink['sources']>[number];
export type Result = RunResult;
export type LinkFlow = RunResult['linkFlows'][number];
export type RouteExports = RunResult['baseline']['exportsByRoute'][number];
export type PairedSeries = Pick<RunResult['series']['routes'][number], 'baseline' | 'scenario'>;
export interface Outage {
  asset: string;
  start: string;
  days: number;
  remaining: number;
}
