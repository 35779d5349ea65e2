/**
 * Criticality as CSV files (name -> content), one row per closure in the report's order: tonnes
 * and USD on crude; on a gas network the measures it is ranked by (firm demand unserved, demand
 * priced out, cost) in MWh and its currency, the columns named with their unit.
 */
import type { CriticalityReport } from '../analysis/analysis-schemas.ts';
import { toCsv } from './csv.ts';

type Row = CriticalityReport['assets'][number];
type Pair = NonNullable<CriticalityReport['pairs']>['top'][number];
type Cell = string | number;

interface Columns {
  readonly header: readonly string[];
  readonly cells: (row: Row) => readonly Cell[];
  readonly beyondHeader: readonly string[];
  readonly beyond: (pair: Pair) => readonly Cell[];
}

function crudeColumns(report: CriticalityReport): Columns {
  const states = [...new Set(report.assets.flatMap((row) => row.budgetLossByState.map((entry) => entry.state)))].sort();
  return {
    header: ['exports_lost_t', 'revenue_lost_usd', 'netback_lost_usd', 'shut_in_t', ...states.map((state) => `budget_loss_${state}_usd`)],
    cells: (row) => [row.exportsLostTonnes, row.revenueLostUsd, row.netbackLostUsd, row.shutInTonnes, ...states.map((state) => row.budgetLossByState.find((entry) => entry.state === state)?.lossUsd ?? 0)],
    beyondHeader: ['beyond_the_two_alone_revenue_usd'],
    beyond: (pair) => [pair.synergyUsd],
  };
}

function gasColumns(currency: string): Columns {
  const money = currency.toLowerCase();
  return {
    header: ['firm_demand_unserved_mwh', 'demand_priced_out_mwh', `cost_${money}`, 'supply_lost_mwh', 'replacement_lng_mwh', `replacement_lng_cost_${money}`, `unserved_cost_${money}`, `suppliers_revenue_lost_${money}`],
    cells: (row) => (row.gas ? [row.gas.unservedMWh, row.gas.destroyedMWh, row.gas.cost, row.gas.supplyLostMWh, row.gas.replacementLngMWh, row.gas.replacementLngCost, row.gas.unservedCost, row.revenueLostUsd] : ['', '', '', '', '', '', '', '']),
    beyondHeader: ['beyond_the_two_alone_unserved_mwh', 'beyond_the_two_alone_priced_out_mwh', `beyond_the_two_alone_cost_${money}`],
    beyond: (pair) => (pair.synergyGas ? [pair.synergyGas.unservedMWh, pair.synergyGas.destroyedMWh, pair.synergyGas.cost] : ['', '', '']),
  };
}

export function criticalityCsvFiles(report: CriticalityReport): Map<string, string> {
  const columns = report.units ? gasColumns(report.units.currency) : crudeColumns(report);
  const files = new Map<string, string>();
  files.set('criticality-assets.csv', toCsv(['rank', 'asset', 'kind', 'status', ...columns.header], report.assets.map((row, index) => [index + 1, row.asset, row.kind, row.status, ...columns.cells(row)])));
  if (report.pairs) {
    files.set(
      'criticality-pairs.csv',
      toCsv(
        ['rank', 'asset_a', 'asset_b', 'status', ...columns.header, ...columns.beyondHeader],
        report.pairs.top.map((pair, index) => [index + 1, pair.assets[0] ?? '', pair.assets[1] ?? '', pair.status, ...columns.cells(pair), ...columns.beyond(pair)]),
      ),
    );
  }
  return files;
}
