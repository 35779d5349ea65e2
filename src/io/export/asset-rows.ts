import type { RunResult } from '../../analysis/result-schema.ts';
import { isGas, type Actor, type Link, type Network, type NetworkNode, type Owner } from '../../model/network.ts';

/**
 * One flat row of properties per asset, shared by the GeoJSON and CSV exports so both carry the
 * same figures under the same names. Figures are in the engine's canonical units, named with
 * their unit (t/d, t, USD/t, USD); an absent limit is written as null, not as a huge number.
 */
export type Cell = string | number | boolean | null;
export type AssetRow = Record<string, Cell>;

const limit = (value: number): number | null => (Number.isFinite(value) ? value : null);

export const ownersText = (owners: readonly Owner[]): string => owners.map((owner) => `${owner.actor} ${round(owner.share * 100, 4)}%`).join('; ');

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function nodeFigures(node: NetworkNode): AssetRow {
  switch (node.kind) {
    case 'field':
      return {
        production_t_per_d: node.productionTonnesPerDay,
        lifting_cost_usd_per_t: node.liftingCostUsdPerTonne,
        taxed_by: node.taxedBy,
        fiscal_take: node.fiscalTake,
      };
    case 'storage':
      return { capacity_t: node.capacityTonnes, initial_t: node.initialTonnes };
    case 'market':
      return {
        intake_t_per_d: limit(node.intakeTonnesPerDay),
        minimum_intake_t_per_d: node.minimumIntakeTonnesPerDay,
        state: node.state ?? null,
      };
    default:
      return {};
  }
}

/** Service dates let a GIS filter a dated network by time (kepler.gl's time filter, QGIS's temporal controller). */
const serviceOf = (asset: NetworkNode | Link): AssetRow => ({ in_service_from: asset.service?.from ?? null, in_service_to: asset.service?.to ?? null });

export function nodeRow(node: NetworkNode): AssetRow {
  return {
    id: node.id,
    name: node.name,
    kind: node.kind,
    lat: node.location?.lat ?? null,
    lon: node.location?.lon ?? null,
    jurisdiction: node.jurisdiction.join(';'),
    owners: ownersText(node.owners),
    throughput_t_per_d: limit(node.throughputTonnesPerDay),
    ...serviceOf(node),
    ...nodeFigures(node),
  };
}

export function linkRow(link: Link): AssetRow {
  return {
    id: link.id,
    name: link.name,
    kind: link.kind,
    from: link.from,
    to: link.to,
    capacity_t_per_d: limit(link.capacityTonnesPerDay),
    tariff_usd_per_t: link.tariffUsdPerTonne,
    transit_days: link.transitDays,
    jurisdiction: link.jurisdiction.join(';'),
    owners: ownersText(link.owners),
    route: link.route ?? null,
    ...serviceOf(link),
  };
}

/** A run's figures by asset id: flows, losses and what the scenario left undelivered or stored. */
export function resultRows(result: RunResult): Map<string, AssetRow> {
  const rows = new Map<string, AssetRow>();
  const add = (id: string, figures: AssetRow) => rows.set(id, { ...rows.get(id), ...figures });
  const { impact } = result;
  for (const flow of result.linkFlows) {
    add(flow.link, {
      baseline_t: flow.baselineTonnes,
      scenario_t: flow.scenarioTonnes,
      flow_lost_t: flow.baselineTonnes - flow.scenarioTonnes,
      scenario_capacity_t: flow.capacityTonnes,
    });
  }
  for (const link of impact.tariffLostByLink) add(link.link, { tariff_lost_usd: link.lossUsd });
  for (const field of impact.shutInByField) add(field.field, { shut_in_t: field.tonnes });
  for (const storage of impact.stockBuiltByStorage) add(storage.storage, { stock_built_end_t: storage.endTonnes, stock_built_peak_t: storage.peakTonnes });
  for (const market of impact.supplyShortfall) add(market.market, { shortfall_t: market.tonnes });
  const ownerLoss = new Map<string, number>();
  for (const holding of impact.byShareholder) ownerLoss.set(holding.asset, (ownerLoss.get(holding.asset) ?? 0) + holding.lossUsd);
  for (const [asset, loss] of ownerLoss) add(asset, { owners_loss_usd: loss });
  return rows;
}

/** Checks that a run belongs to the network; the message names the fix. */
export function resultMismatch(network: Network, result: RunResult): string | undefined {
  if (result.definition.network !== network.id) {
    return `the run is on network "${result.definition.network}", not "${network.id}": export that network, or give a run of this one`;
  }
  const known = new Set([...network.nodes.map((node) => node.id), ...network.links.map((link) => link.id)]);
  const unknown = result.linkFlows.map((flow) => flow.link).filter((id) => !known.has(id));
  if (unknown.length > 0) return `the run names links this network does not have (${unknown.slice(0, 5).join(', ')}): was the network edited after the run?`;
  return undefined;
}

/**
 * Rows in the network's own units: unchanged for crude; on a gas network every tonne figure is MWh
 * and every USD figure the network's currency (docs/gas-model.md), so the names say so
 * (`capacity_mwh_per_d`, `tariff_eur_per_mwh`, `owners_loss_eur`).
 */
export function inNetworkUnits(network: Network): (row: AssetRow) => AssetRow {
  if (!isGas(network)) return (row) => row;
  const money = (network.commodity.currency ?? 'EUR').toLowerCase();
  const rename = (key: string) =>
    key
      .replace(/_usd_per_t$/, `_${money}_per_mwh`)
      .replace(/_t_per_d$/, '_mwh_per_d')
      .replace(/_t$/, '_mwh')
      .replace(/_usd$/, `_${money}`);
  return (row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [rename(key), value]));
}

export function actorRow(actor: Actor): AssetRow {
  return { id: actor.id, name: actor.name, kind: actor.kind, country: actor.country ?? null };
}
