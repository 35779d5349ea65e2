import type { BypassReport, CompareReport, CriticalityReport, LeverageReport, PowerReport, RiskReport, RulesReport } from '../analysis/analysis-schemas.ts';
import { isGas, type Network } from '../model/network.ts';
import { grouped, percent, table, usd, volume, type VolumeFormat } from './format.ts';
import { energy, money } from './gas-report.ts';
import type { ReportUnits } from './units.ts';

/** Readable reports of the analysis commands; the JSON (`--json`) carries everything they show and more. */

const nameIn = (network: Network | undefined) => (id: string) => network?.actors.find((actor) => actor.id === id)?.name.replace(/\s*\(.*\)$/, '') ?? id;
const ratio = (value: number | null) => (value === null ? 'free' : `${grouped(value, 2)}×`);
const probability = (value: number | null) => (value === null ? 'never' : value === 0 ? 'always' : percent(value));
/** Money as USD, or on a gas network in its currency. */
const cashIn = (units: { readonly currency: string } | undefined) => (units ? (amount: number) => money(amount, units.currency) : usd);
const seconds = (ms: number) => `${grouped(ms / 1000, 1)} s`;

export function criticalityText(report: CriticalityReport, format: VolumeFormat, network?: Network, limit = 15): string {
  if (report.units) return gasCriticalityText(report, report.units.currency, network, limit);
  const lines: string[] = [];
  lines.push(`CRITICALITY of ${report.network}: each asset closed alone for ${report.window.closureDays} days from ${report.window.start}, oil rerouted optimally`);
  lines.push(...modeLines(report.operations));
  lines.push(`horizon ${report.window.start} to ${report.window.end} (closure + ${report.window.recoveryDays} days of recovery); baseline exports ${volume(report.baseline.exportsTonnes, format)}, revenue ${usd(report.baseline.revenueUsd)}`);
  lines.push('');
  const states = [...new Set(report.assets.flatMap((row) => row.budgetLossByState.map((entry) => entry.state)))].sort();
  const shown = report.assets.filter((row) => row.revenueLostUsd !== 0 || row.exportsLostTonnes !== 0 || row.status !== 'optimal').slice(0, limit);
  lines.push(
    table(
      ['rank', 'asset', 'kind', 'exports lost', 'revenue lost', ...states.map((state) => `budget ${state}`)],
      shown.map((row, index) => [
        String(index + 1),
        row.asset,
        row.kind,
        row.status === 'optimal' ? volume(row.exportsLostTonnes, format) : row.status,
        usd(row.revenueLostUsd),
        ...states.map((state) => usd(row.budgetLossByState.find((entry) => entry.state === state)?.lossUsd ?? 0)),
      ]),
    ),
  );
  const harmless = report.assets.filter((row) => row.revenueLostUsd === 0 && row.exportsLostTonnes === 0 && row.status === 'optimal').length;
  const hidden = report.assets.length - shown.length - harmless;
  lines.push(`${hidden > 0 ? `${hidden} more assets with smaller losses; ` : ''}${harmless} assets can close for ${report.window.closureDays} days without loss (--json lists all)`);
  if (report.pairs) {
    lines.push('');
    lines.push(`WORST PAIRS (N-2): ${report.pairs.evaluated} of ${report.pairs.total} pairs solved (${report.pairs.candidates} carry flow; the rest lose nothing)`);
    lines.push(table(['pair', 'exports lost', 'revenue lost', 'beyond the two alone'], report.pairs.top.map((row) => [row.asset, volume(row.exportsLostTonnes, format), usd(row.revenueLostUsd), usd(row.synergyUsd)])));
  }
  lines.push('');
  lines.push('EXPORTERS (security of supply adapted to exporters)');
  for (const state of report.indicators) {
    const name = nameIn(network)(state.state);
    lines.push(`  ${name}: baseline exports ${volume(state.baselineExportsTonnes, format)} over the horizon`);
    lines.push(`    export N-1: ${percent(state.exportN1.shareDeliverable)} of the closure period's exports still delivered with the worst asset (${state.exportN1.largestAsset}) out`);
    const budget = (row: CriticalityReport['assets'][number]) => row.budgetLossByState.find((entry) => entry.state === state.state)?.lossUsd ?? 0;
    const worstForBudget = [...report.assets].sort((a, b) => budget(b) - budget(a) || a.asset.localeCompare(b.asset))[0];
    if (worstForBudget && budget(worstForBudget) > 0) lines.push(`    worst for its budget: ${worstForBudget.asset} (${usd(budget(worstForBudget))} of fiscal take lost)`);
    lines.push(`    routes: ${state.routes.map((route) => `${route.route} ${percent(route.share)}`).join(', ')}; HHI ${grouped(state.routeConcentration.hhi, 0)}, Shannon ${grouped(state.routeConcentration.shannon, 2)}`);
    lines.push(`    transit dependency: ${state.dependency.map((entry) => `${nameIn(network)(entry.transitState)} ${percent(entry.share)}`).join(', ') || 'none'}; HHI ${grouped(state.transitConcentration.hhi, 0)}`);
  }
  lines.push('');
  lines.push(performanceLine(report.performance));
  return `${lines.join('\n')}\n`;
}

/** Criticality on a gas network: what each closure leaves unserved and priced out, and its cost, in energy and the network's currency. */
function gasCriticalityText(report: CriticalityReport, currency: string, network: Network | undefined, limit: number): string {
  const cash = (amount: number) => money(amount, currency);
  const lines: string[] = [];
  lines.push(`CRITICALITY of ${report.network}: each asset closed alone for ${report.window.closureDays} days from ${report.window.start}, gas rerouted optimally`);
  lines.push(...modeLines(report.operations));
  lines.push(`horizon ${report.window.start} to ${report.window.end} (closure + ${report.window.recoveryDays} days of recovery); ranked by ${report.rankedBy ?? 'firm demand unserved, then demand priced out, then cost'}`);
  lines.push('');
  const harmful = (row: CriticalityReport['assets'][number]) => row.status !== 'optimal' || (row.gas !== undefined && (row.gas.unservedMWh !== 0 || row.gas.destroyedMWh !== 0 || row.gas.cost !== 0 || row.gas.supplyLostMWh !== 0));
  const shown = report.assets.filter(harmful).slice(0, limit);
  const gasCell = (row: CriticalityReport['assets'][number], pick: (gas: NonNullable<CriticalityReport['assets'][number]['gas']>) => string) => (row.status !== 'optimal' ? row.status : row.gas ? pick(row.gas) : '');
  lines.push(
    table(
      ['rank', 'asset', 'kind', 'firm demand unserved', 'demand priced out', 'supply lost', 'replacement LNG', 'cost'],
      shown.map((row, index) => [
        String(index + 1),
        row.asset,
        row.kind,
        gasCell(row, (gas) => energy(gas.unservedMWh)),
        gasCell(row, (gas) => energy(gas.destroyedMWh)),
        gasCell(row, (gas) => energy(gas.supplyLostMWh)),
        gasCell(row, (gas) => energy(gas.replacementLngMWh)),
        gasCell(row, (gas) => cash(gas.cost)),
      ]),
    ),
  );
  const harmless = report.assets.filter((row) => !harmful(row)).length;
  const hidden = report.assets.length - shown.length - harmless;
  lines.push(`${hidden > 0 ? `${hidden} more assets with smaller effects; ` : ''}${harmless} assets can close for ${report.window.closureDays} days without effect (--json lists all)`);
  lines.push('cost: the change in the supply bill (replacement LNG included) plus firm demand unserved at the value of lost load');
  if (report.pairs) {
    lines.push('');
    lines.push(`WORST PAIRS (N-2), ranked the same way: ${report.pairs.evaluated} of ${report.pairs.total} pairs solved (${report.pairs.candidates} carry gas; the rest change nothing)`);
    const beyond = (row: NonNullable<CriticalityReport['pairs']>['top'][number]) => (row.synergyGas ? `${energy(row.synergyGas.unservedMWh)} / ${cash(row.synergyGas.cost)}` : '');
    lines.push(
      table(
        ['pair', 'firm demand unserved', 'demand priced out', 'supply lost', 'cost', 'beyond the two alone (unserved / cost)'],
        report.pairs.top.map((row) => [row.asset, gasCell(row, (gas) => energy(gas.unservedMWh)), gasCell(row, (gas) => energy(gas.destroyedMWh)), gasCell(row, (gas) => energy(gas.supplyLostMWh)), gasCell(row, (gas) => cash(gas.cost)), beyond(row)]),
      ),
    );
  }
  lines.push('');
  lines.push('SUPPLYING STATES');
  for (const state of report.indicators) {
    lines.push(`  ${nameIn(network)(state.state)}: ${energy(state.baselineExportsTonnes)} supplied over the horizon; worst single closure ${state.exportN1.largestAsset || 'none'} (${percent(state.exportN1.shareDeliverable)} still delivered during the closure)`);
  }
  lines.push('');
  lines.push(performanceLine(report.performance));
  return `${lines.join('\n')}\n`;
}

export function leverageText(report: LeverageReport, format: VolumeFormat, network?: Network, limit = 20): string {
  const name = nameIn(network);
  const usd = cashIn(report.units);
  const lines: string[] = [];
  lines.push(`LEVERAGE in ${report.network}: each actor closes all it controls for ${report.window.closureDays} days from ${report.window.start}`);
  lines.push(...modeLines(report.operations));
  lines.push(`horizon ${report.window.start} to ${report.window.end}; own cost = its lost tariffs + fiscal take on its own ${report.units ? 'gas' : 'oil'} + equity in ${report.units ? 'supplies' : 'fields'} and links that stop`);
  lines.push('');
  lines.push(
    table(
      ['closer', 'assets', 'own cost', 'tariffs', 'fiscal', 'equity', report.units ? 'supply lost' : 'exports lost', ...(report.units ? ['firm demand unserved', 'priced out'] : [])],
      report.actors.map((row) => [name(row.actor), String(row.assetsClosed.length), usd(row.actorCostUsd), usd(row.tariffLostUsd), usd(row.fiscalLostUsd), usd(row.equityLostUsd), report.units ? energy(row.exportsLostTonnes) : volume(row.exportsLostTonnes, format), ...(row.gas ? [energy(row.gas.unservedMWh), energy(row.gas.destroyedMWh)] : [])]),
    ),
  );
  lines.push('');
  lines.push(
    table(
      ['closer', 'target', 'target loses', 'closer loses', 'loss / cost', report.units ? 'target deliveries safe' : 'target exports safe'],
      report.pairs.slice(0, limit).map((pair) => [name(pair.actor), name(pair.target), usd(pair.targetLossUsd), usd(pair.actorCostUsd), ratio(pair.ratio), pair.targetExportsTonnes > 0 ? percent(pair.targetExportsSafeShare) : '-']),
    ),
  );
  if (report.pairs.length > limit) lines.push(`${report.pairs.length - limit} smaller pairs in --json`);
  if (report.levers) {
    lines.push('');
    lines.push('MOST EFFICIENT SINGLE LEVER (one asset closed; at least a quarter of the largest single-asset loss)');
    lines.push(
      table(
        ['closer', 'target', 'asset', 'target loses', 'closer loses', 'loss / cost'],
        report.levers.slice(0, limit).map((lever) => [name(lever.actor), name(lever.target), lever.asset, usd(lever.targetLossUsd), usd(lever.actorCostUsd), ratio(lever.ratio)]),
      ),
    );
  }
  if (report.sweep) {
    lines.push('');
    lines.push('HOW LEVERAGE GROWS WITH THE CLOSURE (days: target loss / closer cost)');
    const top = report.sweep.slice(0, 8);
    for (const curve of top) {
      lines.push(`  ${name(curve.actor)} → ${name(curve.target)}: ${curve.points.map((point) => `${point.days} d ${usd(point.targetLossUsd)} / ${usd(point.actorCostUsd)}`).join('; ')}`);
      lines.push(`    ${curve.bufferDays === null ? 'no loss' : curve.bufferDays <= (curve.points[0]?.days ?? 0) ? 'no buffer: the full daily loss starts at once' : `storage and rerouting absorb the closure until about day ${curve.bufferDays}`}`);
    }
  }
  lines.push('');
  lines.push(performanceLine(report.performance));
  return `${lines.join('\n')}\n`;
}

export function powerText(report: PowerReport, network?: Network): string {
  const name = nameIn(network);
  const usd = cashIn(report.units);
  const lines: string[] = [];
  lines.push(`PIPELINE POWER in ${report.network}: Shapley values (${report.method}${report.samples ? `, ${report.samples} sampled orders` : `, ${report.coalitionsEvaluated} coalitions`}, ${report.distinctSolves} distinct solves)`);
  lines.push(...modeLines(report.operations));
  lines.push(`value of a coalition: ${report.valueBasis}`);
  lines.push(`grand coalition (everything open): ${usd(report.grandCoalitionValueUsd)} per year`);
  lines.push('');
  const after = new Map(report.withBypass?.players.map((row) => [row.actor, row]) ?? []);
  lines.push(
    table(
      ['player', 'Shapley value', 'share', ...(report.method === 'sampled' ? ['± std error'] : []), 'veto over', ...(report.withBypass ? ['with bypass', 'share', 'change'] : [])],
      report.players.map((row) => [
        name(row.actor),
        usd(row.shapley),
        percent(row.share),
        ...(report.method === 'sampled' ? [usd(row.standardErrorUsd ?? 0)] : []),
        `${row.assets} assets`,
        ...(report.withBypass ? [usd(after.get(row.actor)?.shapley ?? 0), percent(after.get(row.actor)?.share ?? 0), usd((after.get(row.actor)?.shapley ?? 0) - row.shapley)] : []),
      ]),
    ),
  );
  if (report.withBypass) lines.push(`with ${report.withBypass.label}: grand coalition ${usd(report.withBypass.grandCoalitionValueUsd)} per year`);
  lines.push('');
  lines.push(performanceLine(report.performance));
  return `${lines.join('\n')}\n`;
}

/** The break-even decision against the rate belief: prior, record, posterior, around the event, both readings. */
function beliefText(belief: NonNullable<BypassReport['belief']>): string {
  const row = (label: string, weighed: NonNullable<BypassReport['belief']>['prior']) => [label, rate(weighed.mean), interval(weighed.interval), usd(weighed.expectedNpvUsd), weighed.probabilityItPays === null ? 'never' : percent(weighed.probabilityItPays), weighed.expectedNpvUsd > 0 ? 'build' : 'wait'];
  const rows = [row('prior', belief.prior)];
  if (belief.event) rows.push(row(`just before ${belief.event.id} ${belief.event.date}`, belief.event.before), row(`just after ${belief.event.id}`, belief.event.after));
  rows.push(row(`posterior (${belief.reading})`, belief.posterior));
  for (const other of belief.readings.filter((entry) => entry.reading !== belief.reading)) rows.push(row(`posterior (${other.reading})`, other.posterior));
  return [
    `RATE OF ${belief.hazard} AND THE DECISION (events per year; break-even ${belief.breakEvenRate === null ? 'never' : rate(belief.breakEvenRate)}; stated point ${rate(belief.statedRate)})`,
    table(['belief', 'mean', '90 % interval', 'expected NPV', 'P(rate > break-even)', 'decision'], rows),
    '',
    'P(rate > break-even) for each decision under each belief',
    table(
      ['decision', 'break-even', 'prior', ...(belief.event ? [`before ${belief.event.id}`, `after ${belief.event.id}`] : []), 'withdrawn counts', 'not credible'],
      belief.decisions.map((decision) => [decision.id, decision.breakEvenRate === null ? 'never' : rate(decision.breakEvenRate), ...[decision.prior, ...(belief.event ? [decision.before!, decision.after!] : []), decision.counts, decision.notCredible].map((cell) => (cell.probabilityItPays === null ? '-' : percent(cell.probabilityItPays)))]),
    ),
    `  prior: ${belief.priorReasoning}`,
    ...belief.readings.map((entry) => `  --withdrawn ${entry.reading}: ${entry.assumes}`),
    `  ${belief.verdict}`,
  ].join('\n');
}

export function bypassText(report: BypassReport): string {
  const lines: string[] = [];
  lines.push(`BYPASS ECONOMICS in ${report.network} against "${report.threat.name}" (${report.threat.id}, ${report.threat.days}-day horizon)`);
  lines.push(...modeLines(report.operations));
  lines.push(`one threat event costs exporters ${usd(report.threat.lossPerEventUsd)} of netback without any project; NPV at ${percent(report.probability)} a year and a ${percent(report.discountRate)} discount rate`);
  lines.push('');
  lines.push(
    table(
      ['project', 'capex', 'saves per event', 'normal value/yr', 'annual cost', 'NPV', 'break-even p', 'as insurance'],
      report.candidates.map((row) => [row.id, usd(row.capexUsd), usd(row.lossAvoidedPerEventUsd), usd(row.normalTimesValueUsdPerYear), usd(row.equivalentAnnualCostUsd), usd(row.npvUsd), probability(row.breakEvenProbability), probability(row.breakEvenProbabilityThreatOnly)]),
    ),
  );
  lines.push('');
  const portfolio = report.portfolio;
  lines.push(`BEST PORTFOLIO${portfolio.budgetUsd === null ? '' : ` within ${usd(portfolio.budgetUsd)}`}: ${portfolio.chosen.length > 0 ? portfolio.chosen.join(' + ') : 'build nothing'}`);
  if (portfolio.chosen.length > 0) {
    lines.push(`  capex ${usd(portfolio.capexUsd)}, saves ${usd(portfolio.lossAvoidedPerEventUsd)} per event, normal-times value ${usd(portfolio.normalTimesValueUsdPerYear)}/yr, NPV ${usd(portfolio.npvUsd)}`);
    lines.push(`  break-even annual probability ${probability(portfolio.breakEvenProbability)}; as pure insurance ${probability(portfolio.breakEvenProbabilityThreatOnly)}`);
  }
  lines.push(`  ${portfolio.method}`);
  if (report.credibility) {
    lines.push('');
    lines.push('THREAT CREDIBILITY');
    lines.push(`  ${report.credibility.verdict}`);
  }
  if (report.belief) lines.push('', beliefText(report.belief));
  lines.push('');
  lines.push(performanceLine(report.performance));
  return `${lines.join('\n')}\n`;
}

/** Who bears each rule's cost, and which exemptions matter most. */
export function rulesText(report: RulesReport): string {
  const roles = (row: { roles: readonly string[] }) => row.roles.join(', ');
  const lines: string[] = [`SANCTION RULES in ${report.scenario.name} (${report.scenario.id}), ${report.mode} runs`];
  lines.push(`every event in: netback lost ${usd(report.total.netbackLostUsd)} against the baseline`, '');
  lines.push(table(['actor', 'role', 'loss'], report.total.byActor.map((row) => [row.name, roles(row), usd(row.lossUsd)])), '');
  for (const rule of report.rules) {
    lines.push(`RULE ${rule.id}: ${rule.issuer} ${rule.rule} at ${rule.markets.join(', ')} on crude of ${rule.caught.join(', ') || 'no field'}${rule.exempt.length > 0 ? ` (exempt: ${rule.exempt.join(', ')})` : ''}`);
    lines.push(`  netback lost: alone ${usd(rule.aloneNetbackLostUsd)}, added last ${usd(rule.lastNetbackLostUsd)}`);
    lines.push(table(['who bears it', 'role', 'alone', 'added last'], rule.byActor.map((row) => [row.name, roles(row), usd(row.aloneUsd), usd(row.lastUsd)])), '');
  }
  if (report.exemptions.length === 0) lines.push('EXEMPTIONS: none that would change anything');
  else {
    lines.push('EXEMPTIONS, by the netback each saves (the scenario re-run with the field caught)');
    for (const exemption of report.exemptions) {
      const spared = exemption.byActor.slice(0, 4).map((row) => `${row.name} ${usd(row.lossUsd)}`).join('; ');
      const worth = exemption.worthUsd === null ? `without it no feasible plan (${exemption.withoutIt ?? 'no plan'})` : `saves ${usd(exemption.worthUsd)}${spared ? ` (${spared})` : ''}`;
      lines.push(`  ${exemption.rule} spares ${exemption.field} at ${exemption.markets.join(', ')}: ${worth}`, `    why: ${exemption.reason}`);
    }
  }
  lines.push('', `${report.runs} scenario runs, each with its baseline`);
  return `${lines.join('\n')}\n`;
}

/**
 * Two runs side by side, in the units and words of their network (`crudeUnits(format)`, or
 * `gasUnits(currency)` on gas); actors by name when the network is known.
 */
export function compareText(report: CompareReport, units: ReportUnits, network?: Network): string {
  const lines: string[] = [];
  lines.push(`COMPARE  A: ${report.a.name} (${report.a.id})`);
  lines.push(`         B: ${report.b.name} (${report.b.id})`);
  lines.push('');
  lines.push('WHAT CHANGED');
  if (report.changes.length === 0) lines.push('  nothing in the inputs');
  for (const change of report.changes) lines.push(`  [${change.kind === 'added' ? '+' : change.kind === 'removed' ? '-' : '~'} ${change.what}] ${change.detail}`);
  lines.push('');
  // The engine names each figure's unit canonically: an amount (t), money (USD) or a price per amount (USD/t).
  const show = (value: number, unit: string) => (unit === 't' || unit === 'MWh' ? units.amount(value) : unit.includes('/') ? units.perUnit(value) : units.money(value));
  const name = nameIn(network);
  const figure = (metric: string) => units.words(metric).replace(/^(budget loss |own cost of )(.+)$/, (_, words: string, actor: string) => `${words}${name(actor)}`);
  lines.push(table(['figure', 'A', 'B', 'B - A'], report.headline.filter((row) => row.a !== 0 || row.b !== 0).map((row) => [figure(row.metric), show(row.a, row.unit), show(row.b, row.unit), show(row.change, row.unit)])));
  lines.push('');
  lines.push(table(['actor loss', 'A', 'B', 'B - A'], report.byActor.slice(0, 12).map((row) => [name(row.actor), units.money(row.a), units.money(row.b), units.money(row.change)])));
  return `${lines.join('\n')}\n`;
}

function performanceLine(performance: { solves: number; workers: number; wallMs: number; solveMs: number }): string {
  return `${performance.solves} solves in ${seconds(performance.wallMs)} (${performance.workers === 0 ? 'in process' : `${performance.workers} solve thread${performance.workers === 1 ? '' : 's'}`}; solver time ${seconds(performance.solveMs)})`;
}

const rate = (value: number) => (value === 0 ? '0' : value >= 0.1 ? value.toFixed(2) : value >= 0.001 ? value.toFixed(3) : value.toExponential(1));
const interval = (values: readonly [number, number]) => `${rate(values[0])}-${rate(values[1])}`;

/** What the risk report's total is a loss of: every exporter's netback, on gas every supplier's. */
export function riskTotalName(network: Network | undefined): string {
  return network && isGas(network) ? "all suppliers' netback" : "all exporters' netback";
}

/** Each hazard's rate: the file's point, the prior, the record and the posterior (90 % intervals). */
function ratesText(report: RiskReport): string {
  const names = new Map(report.drivers.map((driver) => [driver.hazard, driver.name]));
  const rows = report.hazards.map((belief) => [
    names.get(belief.id) ?? belief.id,
    rate(belief.statedRate),
    `${rate(belief.prior.mean)} (${interval(belief.prior.interval)})`,
    belief.record ? `${belief.record.counted} in ${belief.record.exposureYears.toFixed(1)} y` : 'none used',
    `${rate(belief.posterior.mean)} (${interval(belief.posterior.interval)})`,
    belief.id,
  ]);
  const mode = { stated: "the file's stated rates", 'posterior-mean': 'each posterior mean', posterior: "a rate drawn from each hazard's posterior for every simulated year" }[report.rates.mode];
  return [
    `RATES (events per year, 90 % intervals; prior Gamma updated by the record; simulated with ${mode})`,
    table(['hazard', 'stated', 'prior', 'record', 'posterior', 'id'], rows),
    `  withdrawn threats (--withdrawn ${report.rates.withdrawn}): ${report.rates.reading}`,
  ].join('\n');
}

export function riskText(report: RiskReport, network?: Network, limit = 12): string {
  // On gas, the report's USD figures hold the network's currency and its price per barrel the price per MWh.
  const gas = network && isGas(network) ? { currency: network.commodity.currency ?? 'EUR' } : undefined;
  const usd = cashIn(gas);
  const name = (id: string) => (id === report.exporters.actor ? riskTotalName(network) : nameIn(network)(id));
  const price = gas ? `${grouped(report.priceUsdPerBbl, 2)} ${gas.currency}/MWh` : `${grouped(report.priceUsdPerBbl, 2)} USD/bbl`;
  const lines: string[] = [];
  lines.push(`RISK of ${report.network} from hazards ${report.hazardsFile}: ${report.years.toLocaleString('en-US')} simulated years (seed ${report.seed}) at ${price}${report.partial ? `, PARTIAL: stopped after ${report.years} of ${report.requestedYears} years` : ''}`);
  lines.push(...modeLines(report.operations));
  if (report.stepDays > 1) lines.push(`windows solved in ${report.stepDays}-day steps: rates per step, each event by the share of each step it cuts (--step-days 1 solves every day)`);
  lines.push('');
  const row = (entry: RiskReport['byActor'][number]) => [name(entry.actor), usd(entry.expectedAnnualLossUsd), usd(entry.medianUsd), usd(entry.p90Usd), usd(entry.p95Usd), usd(entry.p99Usd), usd(entry.cvar95Usd), `± ${usd(entry.standardErrorUsd)}`];
  lines.push(table(['annual loss of', 'expected', 'median', 'P90', 'P95 = VaR95', 'P99', 'CVaR95', 'std error'], [row(report.exporters), ...report.byActor.slice(0, limit).map(row)]));
  if (report.byActor.length > limit) lines.push(`${report.byActor.length - limit} more actors in --json`);
  lines.push('');
  lines.push(`DRIVERS of ${name(report.metric)}'s loss (a window's loss shared among its hazards by their losses alone)`);
  // Hazards by name, with the id --condition takes last; what each hits is in --json and the hazards file.
  lines.push(table(['hazard', 'kind', 'events/yr', 'expected/yr', 'share', 'share of worst 5 %', 'id'], report.drivers.map((driver) => [driver.name, driver.kind, grouped(driver.eventsPerYear, 2), usd(driver.expectedAnnualLossUsd), percent(driver.shareOfExpectedLoss), percent(driver.shareOfTailLoss), driver.hazard])));
  lines.push('');
  const last = report.convergence[report.convergence.length - 1];
  lines.push(`CONVERGENCE of the expected loss: ${report.convergence.map((point) => `${point.years} y ${usd(point.expectedAnnualLossUsd)}`).join(', ')}`);
  if (last && last.expectedAnnualLossUsd !== 0) lines.push(`  standard error ${usd(last.standardErrorUsd)} = ${percent(last.standardErrorUsd / last.expectedAnnualLossUsd)} of the mean${last.standardErrorUsd / last.expectedAnnualLossUsd > 0.02 ? ': simulate more years for a tighter estimate' : ''}`);
  lines.push(`  1 year in ${report.histogram.exceedance.map((point) => `${point.returnPeriodYears}: ${usd(point.lossUsd)}`).join('; ')}`);
  if (report.conditioned) {
    lines.push('');
    lines.push(`CONDITIONED: ${report.conditioned.label} (same seed)`);
    lines.push(table(['annual loss of', 'expected', 'change', 'P95 change', 'CVaR95 change'], report.conditioned.shift.slice(0, limit).map((entry) => [name(entry.actor), usd([report.conditioned!.exporters, ...report.conditioned!.byActor].find((other) => other.actor === entry.actor)?.expectedAnnualLossUsd ?? 0), usd(entry.expectedAnnualLossUsd), usd(entry.p95Usd), usd(entry.cvar95Usd)])));
  }
  lines.push('');
  if (report.hazards.length > 0) {
    lines.push(ratesText(report));
    lines.push('');
  }
  lines.push(`${report.performance.windows} disrupted windows, ${report.performance.distinctClusters} distinct ones solved in ${seconds(report.performance.wallMs)} (${report.performance.workers === 0 ? 'in process' : `${report.performance.workers} solve threads`}; solver time ${seconds(report.performance.solveMs)})`);
  return `${lines.join('\n')}\n`;
}

/** Under the title of a report decided rolling: how (hindsight, the analyses' default, says nothing). */
function modeLines(operations: { readonly mode: string; readonly lookaheadDays?: number | undefined; readonly replanDays?: number | undefined } | undefined): string[] {
  if (operations?.mode !== 'rolling') return [];
  return [`decided rolling: re-planned every ${operations.replanDays} day(s) over ${operations.lookaheadDays} days with what was known each day (each variant and the baseline alike)`];
}
