import { html, render, type TemplateResult } from 'lit-html';
import type { BypassReport, CriticalityReport, LeverageReport, PowerReport, RiskReport, RulesReport } from '../../src/contract/index.ts';
import { canonicalReport } from '../../src/analysis/published-report.ts';
import type { Units } from './commodity.ts';
import { $, percent, tableRows } from './format.ts';

/** The analyses the API serves, with the request the app sends and how it shows the answer. */
export type AnalysisKind = 'criticality' | 'leverage' | 'power' | 'bypass' | 'risk' | 'rules';

interface Shown {
  readonly note: string | TemplateResult;
  readonly table: TemplateResult;
}

/** How the panel reaches the rest of the app: names for ids, and picking an asset for the editor. */
export interface AnalysisContext {
  actorName(id: string): string;
  assetName(id: string): string;
  pick(asset: string): void;
  /** The scenario in the editor, as its file would hold it (the rules analysis solves it). */
  scenario(): Record<string, unknown>;
  /** The network shown: the analyses run on it (risk on the hazards named after it). */
  network(): string;
  /** Its units: Mt and USD on crude, TWh and EUR on gas. */
  units(): Units;
}

const ratio = (value: number | null) => (value === null ? '∞' : value.toFixed(1));
const probability = (value: number | null) => (value === null ? 'never' : percent(value));

/** What each button asks the server for: short enough to answer in seconds on 2 cores. */
function analysisRequest(kind: AnalysisKind, context: AnalysisContext): Record<string, unknown> {
  const network = context.network();
  if (kind === 'rules') return { scenario: context.scenario() };
  if (kind === 'criticality') return { network, days: 30 };
  if (kind === 'leverage') return { network, days: 30, levers: true };
  if (kind === 'risk') return { hazards: network, years: Number($<HTMLInputElement>('risk-years').value) || 200, seed: 42 };
  if (kind === 'power') return { network };
  return {};
}

export function showAnalysis(kind: AnalysisKind, report: unknown, context: AnalysisContext): Shown {
  const { actorName } = context;
  const units = context.units();
  const usd = units.money;
  const mt = units.amount;
  switch (kind) {
    case 'criticality': {
      const { assets } = report as CriticalityReport;
      // On gas the engine ranks by firm demand unserved, then demand priced out, then cost (`rankedBy`): show those.
      const gas = units.kind === 'gas';
      const header = gas ? ['firm demand unserved', 'demand priced out', 'cost'] : ['exports lost', 'revenue lost'];
      const cells = (row: CriticalityReport['assets'][number]) => (gas ? [mt(row.gas?.unservedMWh ?? 0), mt(row.gas?.destroyedMWh ?? 0), usd(row.gas?.cost ?? 0)] : [mt(row.exportsLostTonnes), usd(row.revenueLostUsd)]);
      return {
        note: `Each asset closed alone for 30 days, ${units.stuff} rerouted${gas ? '; ranked by firm demand unserved, then demand priced out, then cost (the change in the supply bill plus unserved demand at the value of lost load)' : ''}; click a row to pick the asset.`,
        table: html`<tr><th>asset</th><th>kind</th>${header.map((title) => html`<th>${title}</th>`)}</tr>${assets.slice(0, 10).map(
          (row) =>
            html`<tr data-asset=${row.asset} tabindex="0" title=${row.asset} @click=${() => context.pick(row.asset)} @keydown=${(event: KeyboardEvent) => pickOnKey(event, () => context.pick(row.asset))}>
              <td>${context.assetName(row.asset)}</td><td>${row.kind}</td>${cells(row).map((cell) => html`<td>${cell}</td>`)}
            </tr>`,
        )}`,
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
          return [actorName(pair.actor), actorName(pair.target), usd(pair.targetLossUsd), usd(pair.actorCostUsd), ratio(pair.ratio), percent(pair.targetExportsSafeShare, 0), lever ? `${context.assetName(lever.asset)} (${ratio(lever.ratio)}×)` : '–'];
        });
      return {
        note: `Each state closes everything it controls for ${window.closureDays} days: the target's loss against the closer's own cost, and the closer's most efficient single asset.`,
        table: tableRows(['closer', 'target', 'target loses', 'closer loses', 'ratio', units.kind === 'gas' ? 'target deliveries safe' : 'target exports safe', 'best single lever'], rows),
      };
    }
    case 'power': {
      const { players, grandCoalitionValueUsd } = report as PowerReport;
      return {
        note: `Shapley values of a steady year (grand coalition ${usd(grandCoalitionValueUsd)} a year).`,
        table: tableRows(
          ['player', 'power', 'share'],
          players.map((row) => [actorName(row.actor), usd(row.shapley), percent(row.share)]),
        ),
      };
    }
    case 'bypass': {
      const { threat, candidates, portfolio, probability: chance, credibility } = report as BypassReport;
      const candidateName = (id: string) => candidates.find((candidate) => candidate.id === id)?.name ?? id;
      return {
        note: `Against "${threat.name}" (${usd(threat.lossPerEventUsd)} of exporters' netback lost per event), NPV at ${percent(chance)} a year. Best portfolio: ${portfolio.chosen.map(candidateName).join(', ') || 'none'}, capex ${usd(portfolio.capexUsd)}, NPV ${usd(portfolio.npvUsd)}, break-even ${probability(portfolio.breakEvenProbability)}.${credibility ? ` ${credibility.verdict}` : ''}`,
        table: tableRows(
          ['candidate', 'capex', 'saves per event', 'normal-times value / yr', 'NPV', 'break-even', 'as pure insurance'],
          candidates.map((row) => [html`<span title=${row.id}>${row.name}</span>`, usd(row.capexUsd), usd(row.lossAvoidedPerEventUsd), usd(row.normalTimesValueUsdPerYear), usd(row.npvUsd), probability(row.breakEvenProbability), probability(row.breakEvenProbabilityThreatOnly)]),
        ),
      };
    }
    case 'rules': {
      const { total, rules, exemptions } = report as RulesReport;
      const rows = rules.flatMap((rule) =>
        rule.byActor
          .filter((row) => Math.abs(row.aloneUsd) >= 1 || Math.abs(row.lastUsd) >= 1)
          .slice(0, 8)
          .map((row) => [html`<span title=${rule.id}>${rule.id}</span>`, html`<span title=${row.actor}>${row.name}</span>`, row.roles.join(', ') || '–', usd(row.aloneUsd), usd(row.lastUsd)]),
      );
      const spared = exemptions.map((item) => `${context.assetName(item.field)} under ${item.rule}: ${item.worthUsd === null ? 'no plan without it' : usd(item.worthUsd)}`).join('; ');
      return {
        note: `The scenario's rules cost ${usd(total.netbackLostUsd)} of netback against the baseline. ${rules.map((rule) => `${rule.id} (${rule.rule}, ${actorName(rule.issuer)}): ${usd(rule.aloneNetbackLostUsd)} alone, ${usd(rule.lastNetbackLostUsd)} added last`).join('; ')}.${spared ? ` Exemptions worth: ${spared}.` : ''}`,
        table: tableRows(['rule', 'who', 'role', 'cost, rule alone', 'cost, added last'], rows),
      };
    }
    case 'risk': {
      const risk = report as RiskReport;
      const rows = [risk.exporters, ...risk.byActor.slice(0, 10)].map((row) => [row.actor === '*exporters' ? (units.kind === 'gas' ? 'all suppliers (netback)' : 'all exporters (netback)') : actorName(row.actor), usd(row.expectedAnnualLossUsd), usd(row.p95Usd), usd(row.cvar95Usd), `± ${usd(row.standardErrorUsd)}`]);
      // Drivers by name (the hazard's id in the hover card), largest share first.
      const drivers = risk.drivers
        .filter((driver) => driver.shareOfExpectedLoss > 0)
        .slice(0, 5)
        .map((driver, index) => html`${index > 0 ? '; ' : ''}<span class="driver" title=${driver.hazard} data-hazard=${driver.hazard}>${driver.name}</span> ${percent(driver.shareOfExpectedLoss, 0)}`);
      return {
        note: html`${risk.years} simulated years (seed ${risk.seed}) in ${(risk.performance.wallMs / 1000).toFixed(1)} s. Expected annual loss and the tail; drivers of the expected loss: ${drivers}. For 10,000 years use the CLI (chokepoint risk).`,
        table: tableRows(['who', 'expected a year', 'VaR 95 %', 'CVaR 95 %', 'standard error'], rows),
      };
    }
  }
}

function pickOnKey(event: KeyboardEvent, pick: () => void): void {
  if (event.key !== 'Enter' && event.key !== ' ') return;
  event.preventDefault();
  pick();
}

/** The message of a refused request: the queue's (429), the schema's issues, or the status. */
export async function refusal(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: string; issues?: { path: (string | number)[]; message: string }[] };
    if (body.issues && body.issues.length > 0) return body.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    if (body.error) return response.status === 429 ? `busy: ${body.error}` : body.error;
  } catch {
    // not JSON: fall through to the status
  }
  return response.status === 429 ? 'busy: the server is solving other work; try again in a moment' : `error ${response.status}`;
}

/** The last answer of each analysis, for the map's overlays. */
export const lastAnalysis = new Map<AnalysisKind, unknown>();

/** While one analysis runs, every analysis button is disabled: one answer at a time in the panel. */
function setAnalysisButtons(disabled: boolean): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('#analyses button')) button.disabled = disabled;
}

/** Asks the server for one analysis (solved on its worker threads) and shows it in the panel. */
export async function runAnalysis(kind: AnalysisKind, context: AnalysisContext): Promise<void> {
  const status = $('analysis-status');
  const table = $('analysis-table');
  status.textContent = `solving ${kind}…`;
  table.setAttribute('aria-busy', 'true');
  setAnalysisButtons(true);
  try {
    const response = await fetch(`/api/analyses/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(analysisRequest(kind, context)) });
    if (!response.ok) {
      status.textContent = await refusal(response);
      return;
    }
    // A gas network's report comes in gas words; the views read the engine's own shape.
    const report: unknown = canonicalReport(kind, await response.json());
    lastAnalysis.set(kind, report);
    const shown = showAnalysis(kind, report, context);
    render(shown.note, $('analysis-note'));
    render(shown.table, table);
    table.dataset.kind = kind;
    status.textContent = '';
  } catch (error) {
    status.textContent = `the analysis failed: ${(error as Error).message}`;
  } finally {
    table.removeAttribute('aria-busy');
    setAnalysisButtons(false);
  }
}
