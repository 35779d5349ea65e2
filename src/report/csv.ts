import type { RunResult } from '../analysis/result-schema.ts';

/**
 * Daily series as CSV files (name -> content), one row per day: tonnes and USD, or on a gas
 * network MWh and its currency (the columns say which: `_t`/`_usd` or `_mwh`/`_eur`). A gas run's
 * files and columns use its JSON's words (gas-words.ts): deliveries by route, supplies.
 */
export function csvFiles(result: RunResult): Map<string, string> {
  const files = new Map<string, string>();
  const { series, impact } = result;
  const gas = result.gas?.units;
  const amount = gas ? 'mwh' : 't';
  const money = gas ? gas.currency.toLowerCase() : 'usd';
  files.set(
    'impact-daily.csv',
    toCsv(
      ['date', gas ? 'deliveries_lost_mwh' : 'exports_lost_t', `revenue_lost_${money}`, `shut_in_${amount}`, `stock_built_${amount}`],
      impact.daily.map((row) => [row.date, row.exportsLostTonnes, row.revenueLostUsd, row.shutInTonnes, row.stockBuiltTonnes]),
    ),
  );
  const paired = (name: string, entries: readonly { baseline: readonly number[]; scenario: readonly number[] }[], labels: readonly string[]) => {
    const header = ['date', ...labels.flatMap((label) => [`${label}_baseline_${amount}`, `${label}_scenario_${amount}`])];
    const rows = series.dates.map((date, day) => [date, ...entries.flatMap((entry) => [entry.baseline[day] ?? 0, entry.scenario[day] ?? 0])]);
    files.set(name, toCsv(header, rows));
  };
  paired(gas ? 'deliveries-by-route-daily.csv' : 'exports-by-route-daily.csv', series.routes, series.routes.map((row) => row.route));
  paired('storage-daily.csv', series.storage, series.storage.map((row) => row.storage));
  paired(gas ? 'supply-daily.csv' : 'production-daily.csv', series.production, series.production.map((row) => row.field));
  // Oil (or gas) held in transit (shipped towards a node that closed before it arrived), where any was.
  if (series.held.length > 0) paired('held-daily.csv', series.held, series.held.map((row) => row.node));
  // Shadow prices of the scenario, by asset binding on some day (USD per tonne, or EUR per MWh, of capacity that day).
  const { links, storage } = result.shadowPrices;
  if (links.length + storage.length > 0) {
    const unit = `${money}_per_${amount}`;
    const header = ['date', ...links.map((row) => `${row.link}_${unit}`), ...storage.map((row) => `${row.storage}_${unit}`)];
    files.set('shadow-prices-daily.csv', toCsv(header, series.dates.map((date, day) => [date, ...links.map((row) => row.scenario[day] ?? 0), ...storage.map((row) => row.scenario[day] ?? 0)])));
  }
  return files;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\n')}\n`;
}
