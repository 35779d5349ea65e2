import type { RunResult } from '../../analysis/result-schema.ts';
import type { Network, Owner } from '../../model/network.ts';
import { toCsv } from '../../report/csv.ts';
import { actorRow, inNetworkUnits, linkRow, nodeRow, resultRows, type AssetRow, type Cell } from './asset-rows.ts';

/** Rows with different kinds of figures share one header: the union of their keys, in first-seen order. */
function table(rows: readonly AssetRow[], leading: readonly string[] = []): string {
  const header: string[] = [...leading];
  for (const row of rows) for (const key of Object.keys(row)) if (!header.includes(key)) header.push(key);
  // Twelve significant digits keep every figure and drop binary noise (21237.600000000002).
  const cell = (value: Cell | undefined) => (value === null || value === undefined ? '' : typeof value === 'number' ? Number(value.toPrecision(12)) : String(value));
  return toCsv(header, rows.map((row) => header.map((key) => cell(row[key]))));
}

function ownerRows(network: Network): AssetRow[] {
  const names = new Map(network.actors.map((actor) => [actor.id, actor.name]));
  const rows = (asset: string, type: 'node' | 'link', owners: readonly Owner[]) =>
    owners.map((owner) => ({ asset, asset_type: type, actor: owner.actor, actor_name: names.get(owner.actor) ?? null, share: owner.share }));
  return [...network.nodes.flatMap((node) => rows(node.id, 'node', node.owners)), ...network.links.flatMap((link) => rows(link.id, 'link', link.owners))];
}

/** nodes.csv, links.csv, owners.csv (one row per holding) and actors.csv; with a run, its figures by asset. */
export function networkCsvFiles(network: Network, result?: RunResult): Map<string, string> {
  const figures = result ? resultRows(result) : new Map<string, AssetRow>();
  const units = inNetworkUnits(network);
  const withFigures = (row: AssetRow) => units({ ...row, ...figures.get(String(row.id)) });
  return new Map([
    ['nodes.csv', table(network.nodes.map((node) => withFigures(nodeRow(node))), ['id', 'name', 'kind', 'lat', 'lon'])],
    ['links.csv', table(network.links.map((link) => withFigures(linkRow(link))))],
    ['owners.csv', table(ownerRows(network), ['asset', 'asset_type', 'actor', 'actor_name', 'share'])],
    ['actors.csv', table(network.actors.map(actorRow))],
  ]);
}
