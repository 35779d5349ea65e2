import type { BypassReport, CriticalityReport, LeverageReport, PowerReport, RiskReport } from '../../src/contract/index.ts';
import { $, escapeHtml, mt, percent, tableHtml, usd } from './format.ts';

/** The analyses the API serves, with the request the app sends and how it shows the answer. */
export type AnalysisKind = 'criticality' | 'leverage' | 'power' | 'bypass' | 'risk';

interface Shown {
  readonly note: string;
  readonly table: string;
}

const ratio = (value: number | null) => (value === null ? '∞' : value.toFixed(1));
const probability = (value: number | null) => (value === null ? 'never' : percent(value));

/** What each button asks the server for: short enough to answer in seconds on 2 cores. */
function analysisRequest(kind: AnalysisKind): Record<string, unknown> {
  if (kind === 'criticality') return { days: 30 };
  if (kind === 'leverage') return { days: 30, levers: true };
  if (kind === 'risk') return { years: Number($<HTMLInputElement>('risk-years').value) || 200, seed: 42 };
  return {};
}

export function showAnalysis(kind: AnalysisKind, report: unknown, actorName: (id: string) => string): Shown {
  switch (kind) {
    case 'criticality': {
      const { assets } = report as CriticalityReport;
      return {
        note: 'Each asset closed alone for 30 days, oil rerouted; click a row to pick the asset.',
        table: `<tr><th>asset</th><th>kind</th><th>exports lost</th><th>revenue lost</th></tr>${assets
          .slice(0, 10)
          .map((row) => `<tr data-asset="${escapeHtml(row.asset)}" tabindex="0"><td>${escapeHtml(row.asset)}</td><td>${escapeHtml(row.kind)}</td><td>${mt(row.exportsLostTonnes)}</td><td>${usd(row.revenueLostUsd)}</td></tr>`)
          .join('')}`,
      };
    }
    case 'leverage': {
      const { pairs, levers, window } = report as LeverageReport;
      const rows = pairs
        .filter((pair) => pair.targetLossUsd > 0)
        .sort((a, b) => b.targetLossUsd - a.targetLossUsd)
        .slice(0, 12)
        .map((pair) => {
          const lever = levers?.find((item) => item.actor === pair.actor && item.target === pair.target);
          return [escapeHtml(actorName(pair.actor)), escapeHtml(actorName(pair.target)), usd(pair.targetLossUsd), usd(pair.actorCostUsd), ratio(pair.ratio), percent(pair.targetExportsSafeShare, 0), lever ? `${escapeHtml(lever.asset)} (${ratio(lever.ratio)}×)` : '–'];
        });
      return {
        note: `Each state closes everything it controls for ${window.closureDays} days: the target's loss against the closer's own cost, and the closer's most efficient single asset.`,
        table: tableHtml(['closer', 'target', 'target loses', 'closer loses', 'ratio', 'target exports safe', 'best single lever'], rows),
      };
    }
    case 'power': {
      const { players, grandCoalitionValueUsd } = report as PowerReport;
      return {
        note: `Shapley values of a steady year (grand coalition ${usd(grandCoalitionValueUsd)} a year).`,
        table: tableHtml(
          ['player', 'power', 'share'],
          players.map((row) => [escapeHtml(actorName(row.actor)), usd(row.shapley), percent(row.share)]),
        ),
      };
    }
    case 'bypass': {
      const { threat, candidates, portfolio, probability: chance, credibility } = report as BypassReport;
      return {
        note: `Against "${escapeHtml(threat.name)}" (${usd(threat.lossPerEventUsd)} of exporters' netback lost per event), NPV at ${percent(chance)} a year. Best portfolio: ${portfolio.chosen.map(escapeHtml).join(', ') || 'none'}, capex ${usd(portfolio.capexUsd)}, NPV ${usd(portfolio.npvUsd)}, break-even ${probability(portfolio.breakEvenProbability)}.${credibility ? ` ${escapeHtml(credibility.verdict)}` : ''}`,
        table: tableHtml(
          ['candidate', 'capex', 'saves per event', 'normal-times value / yr', 'NPV', 'break-even', 'as pure insurance'],
          candidates.map((row) => [escapeHtml(row.id), usd(row.capexUsd), usd(row.lossAvoidedPerEventUsd), usd(row.normalTimesValueUsdPerYear), usd(row.npvUsd), probability(row.breakEvenProbability), probability(row.breakEvenProbabilityThreatOnly)]),
        ),
      };
    }
    case 'risk': {
      const risk = report as RiskReport;
      const rows = [risk.exporters, ...risk.byActor.slice(0, 10)].map((row) => [escapeHtml(row.actor === '*exporters' ? 'all exporters (netback)' : actorName(row.actor)), usd(row.expectedAnnualLossUsd), usd(row.p95Usd), usd(row.cvar95Usd), `± ${usd(row.standardErrorUsd)}`]);
      const drivers = risk.drivers
        .filter((driver) => driver.shareOfExpectedLoss > 0)
        .slice(0, 5)
        .map((driver) => `${escapeHtml(driver.hazard)} ${percent(driver.shareOfExpectedLoss, 0)}`)
        .join(', ');
      return {
        note: `${risk.years} simulated years (seed ${risk.seed}) in ${(risk.performance.wallMs / 1000).toFixed(1)} s. Expected annual loss and the tail; drivers of the expected loss: ${drivers}. For 10,000 years use the CLI (chokepoint risk).`,
        table: tableHtml(['who', 'expected a year', 'VaR 95 %', 'CVaR 95 %', 'standard error'], rows),
      };
    }
  }
}

/** Asks the server for one analysis (solved on its worker threads) and shows it in the panel. */
export async function runAnalysis(kind: AnalysisKind, actorName: (id: string) => string, onRows: (table: HTMLElement) => void): Promise<void> {
  const status = $('analysis-status');
  const table = $('analysis-table');
  status.textContent = 'solving…';
  table.setAttribute('aria-busy', 'true');
  try {
    const response = await fetch(`/api/analyses/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(analysisRequest(kind)) });
    const report = (await response.json()) as { error?: string; issues?: { path: (string | number)[]; message: string }[] };
    if (!response.ok) {
      status.textContent = report.issues?.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') ?? report.error ?? `error ${response.status}`;
      return;
    }
    const shown = showAnalysis(kind, report, actorName);
    $('analysis-note').innerHTML = shown.note;
    table.innerHTML = shown.table;
    table.dataset.kind = kind;
    status.textContent = '';
    onRows(table);
  } finally {
    table.removeAttribute('aria-busy');
  }
}
