/** The shapes the app reads from the API (the server's zod schemas are the source of truth). */

export interface FigureSource {
  figure: string;
  source?: string;
  estimate?: string;
}
export interface NetworkNode {
  id: string;
  name: string;
  sources?: FigureSource[];
  kind: string;
  location?: { lat: number; lon: number };
  jurisdiction: string[];
}
export interface NetworkLink {
  id: string;
  name: string;
  sources?: FigureSource[];
  kind: string;
  from: string;
  to: string;
  capacityTonnesPerDay: number | null;
  jurisdiction: string[];
  owners: { actor: string; share: number }[];
  /** The export route this link meters, if any. */
  route?: string;
  /** Route geometry from `from` to `to` (lat/lon, ends included), drawn instead of a straight segment. */
  polyline?: { lat: number; lon: number }[];
}
export interface Network {
  id: string;
  name: string;
  nodes: NetworkNode[];
  links: NetworkLink[];
  actors: { id: string; name: string }[];
}
export interface Outage {
  asset: string;
  start: string;
  days: number;
  remaining: number;
}
export interface RouteExports {
  route: string;
  tonnes: number;
}
export interface LinkFlow {
  link: string;
  baselineTonnes: number;
  scenarioTonnes: number;
  capacityTonnes: number | null;
}
export interface PairedSeries {
  baseline: number[];
  scenario: number[];
}
export interface Result {
  linkFlows: LinkFlow[];
  warnings: { code: string; path: string; message: string }[];
  series: {
    dates: string[];
    routes: (PairedSeries & { route: string })[];
    storage: (PairedSeries & { storage: string })[];
    production: (PairedSeries & { field: string })[];
  };
  baseline: { exportsByRoute: RouteExports[] };
  scenario: { exportsByRoute: RouteExports[] };
  impact: {
    exportsLostTonnes: number;
    revenueLostUsd: number;
    netbackLostUsd: number;
    productionShutInTonnes: number;
    budgetLossByState: { state: string; lossUsd: number }[];
    byActor: { actor: string; name: string; lossUsd: number }[];
  };
}
