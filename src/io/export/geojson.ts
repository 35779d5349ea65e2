import type { RunResult } from '../../analysis/result-schema.ts';
import { isGas, type Link, type Network, type NetworkNode } from '../../model/network.ts';
import { inNetworkUnits, linkRow, nodeRow, resultRows, type AssetRow } from './asset-rows.ts';

/** RFC 7946 positions are [longitude, latitude]. */
export type Position = [number, number];

export interface PointGeometry {
  readonly type: 'Point';
  readonly coordinates: Position;
}

export interface LineStringGeometry {
  readonly type: 'LineString';
  readonly coordinates: Position[];
}

export interface Feature {
  readonly type: 'Feature';
  readonly id: string;
  /** null when the asset has no location (RFC 7946 §3.2 allows unlocated features). */
  readonly geometry: PointGeometry | LineStringGeometry | null;
  readonly properties: AssetRow;
}

export interface FeatureCollection {
  readonly type: 'FeatureCollection';
  readonly features: Feature[];
  /** A foreign member (RFC 7946 §6.1): what the file shows, for readers that keep it. */
  readonly chokepoint: { readonly network: string; readonly name: string; readonly asOf: string | null; readonly run: RunSummaryMember | null; readonly units: Record<string, string> };
}

interface RunSummaryMember {
  readonly scenario: string;
  readonly start: string;
  readonly end: string;
  readonly days: number;
}

const UNITS_NOTE = {
  _t_per_d: 'tonnes per day',
  _t: 'tonnes over the run (flows) or held (storage)',
  _usd: 'US dollars over the run',
  _usd_per_t: 'US dollars per tonne',
  fiscal_take: 'fraction of the margin',
};

/** The same note for a gas network, in its units (see inNetworkUnits). */
function gasUnitsNote(currency: string) {
  const money = currency.toLowerCase();
  return {
    _mwh_per_d: 'MWh per day',
    _mwh: 'MWh over the run (flows) or held (storage)',
    [`_${money}`]: `${currency} over the run`,
    [`_${money}_per_mwh`]: `${currency} per MWh`,
    fiscal_take: 'fraction of the margin',
  };
}

const position = (point: { lat: number; lon: number }): Position => [point.lon, point.lat];

function nodeGeometry(node: NetworkNode): PointGeometry | null {
  return node.location ? { type: 'Point', coordinates: position(node.location) } : null;
}

/** The link's own route when it has one, else the straight line between its located ends. */
function linkGeometry(link: Link, nodes: ReadonlyMap<string, NetworkNode>): LineStringGeometry | null {
  if (link.polyline && link.polyline.length >= 2) return { type: 'LineString', coordinates: link.polyline.map(position) };
  const from = nodes.get(link.from)?.location;
  const to = nodes.get(link.to)?.location;
  if (!from || !to) return null;
  return { type: 'LineString', coordinates: [position(from), position(to)] };
}

/** The network as GeoJSON: nodes as Points, links as LineStrings, with a run's figures when given. */
export function networkGeoJson(network: Network, result?: RunResult): FeatureCollection {
  const figures = result ? resultRows(result) : new Map<string, AssetRow>();
  const units = inNetworkUnits(network);
  const nodes = new Map(network.nodes.map((node) => [node.id, node]));
  const feature = (id: string, asset: 'node' | 'link', geometry: Feature['geometry'], row: AssetRow): Feature => ({
    type: 'Feature',
    id,
    geometry,
    properties: { asset, ...units({ ...row, ...figures.get(id) }) },
  });
  return {
    type: 'FeatureCollection',
    features: [
      ...network.nodes.map((node) => feature(node.id, 'node', nodeGeometry(node), nodeRow(node))),
      ...network.links.map((link) => feature(link.id, 'link', linkGeometry(link, nodes), linkRow(link))),
    ],
    chokepoint: {
      network: network.id,
      name: network.name,
      asOf: network.asOf ?? null,
      run: result ? { scenario: result.definition.id, start: result.definition.start, end: result.definition.end, days: result.definition.days } : null,
      units: isGas(network) ? gasUnitsNote(network.commodity.currency ?? 'EUR') : UNITS_NOTE,
    },
  };
}
