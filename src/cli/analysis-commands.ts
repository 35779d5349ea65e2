import { join, resolve } from 'node:path';
import { backtestSchema, bypassSchema, compareSchema, type CriticalityReport, rulesSchema } from '../analysis/analysis-schemas.ts';
import { publishedReport, publishedReportSchema } from '../analysis/published-report.ts';
import { RISK_SESSIONS } from '../analysis/risk.ts';
import { compareRuns } from '../analysis/compare.ts';
import { finiteOr, type RunResult } from '../analysis/result-schema.ts';
import { readResult } from '../analysis/gas-words.ts';
import { runScenario } from '../analysis/run.ts';
import { inProcessRunner, type Progress, type VariantRunner } from '../analysis/variants.ts';
import { ANALYSES, compareOperation, EXECUTION, limitsOf, type AnalysisId, type BacktestReport } from '../contract/index.ts';
import { ANALYSIS_RUNNERS, OperationInputError, type OperationContext } from '../contract/orchestrate.ts';
import { builtinLoaders, loadScenario, pathLoaders } from '../io/files.ts';
import { readBoundedText } from '../io/read-bounded.ts';
import { isGas, type Network } from '../model/network.ts';
import { queueRunner } from '../node/queue-runner.ts';
import { workerRunner } from '../node/worker-pool.ts';
import { backtestText } from '../report/backtest-report.ts';
import { bypassText, compareText, criticalityText, leverageText, powerText, riskText, riskTotalName, rulesText } from '../report/analysis-reports.ts';
import { VOLUME_UNITS, type VolumeUnit } from '../report/format.ts';
import { crudeUnits, gasUnits } from '../report/units.ts';
import { criticalityCsvFiles } from '../report/criticality-csv.ts';
import { riskSvg } from '../report/risk-plot.ts';
import { candidatesFileSchema } from '../scenario/candidates-schema.ts';
import { hazardsFileSchema } from '../scenario/hazards-schema.ts';
import { EXIT_MODEL, EXIT_OK, reportIssues, UsageError, type CliIo } from './common.ts';
import { flagMessage, operationHelp, parseOperation, type PresentationFlag } from './operation-flags.ts';
import { outputProblem, writeAll } from './output-files.ts';

export const ANALYSIS_COMMANDS = ['criticality', 'leverage', 'power', 'bypass', 'compare', 'risk', 'rules', 'backtest'] as const;
export type AnalysisCommand = (typeof ANALYSIS_COMMANDS)[number];

/** JSON Schemas of the analysis outputs (`chokepoint schema NAME`) and of the candidates file. */
export const ANALYSIS_SCHEMAS = { criticality: publishedReportSchema('criticality'), leverage: publishedReportSchema('leverage'), power: publishedReportSchema('power'), bypass: bypassSchema, compare: compareSchema, risk: publishedReportSchema('risk'), rules: rulesSchema, backtest: backtestSchema, candidates: candidatesFileSchema, hazards: hazardsFileSchema } as const;

const json: PresentationFlag = { name: 'json', switch: true, help: 'print the result as JSON (schema: chokepoint schema COMMAND)' };
const quiet: PresentationFlag = { name: 'quiet', switch: true, help: 'no progress messages' };
const progressFlag: PresentationFlag = { name: 'progress', switch: true, help: 'progress messages on stderr even when it is not a terminal (for logs)' };
const workers: PresentationFlag = { name: 'workers', placeholder: 'N', help: 'solve in N worker threads (0–64; default: one per core; 0 = in this process)' };
export const queueFlag: PresentationFlag = { name: 'queue', placeholder: EXECUTION.queue.cli?.placeholder ?? 'URL', help: (limitsOf(EXECUTION.queue).description ?? '').replace(/\.$/, '') };
export const unitsFlag: PresentationFlag = { name: 'units', placeholder: 'U', help: `volume unit for the report: ${VOLUME_UNITS.join(', ')} (default Mt)` };

/** Flags only the command line has: how the answer is shown and where it is solved. */
const PRESENTATION: Record<AnalysisCommand, readonly PresentationFlag[]> = {
  criticality: [json, unitsFlag, { name: 'csv', placeholder: 'DIR', help: 'also write the closures as CSV files into DIR (criticality-assets.csv; with --order 2 criticality-pairs.csv), in the network\'s units' }, workers, queueFlag, quiet, progressFlag],
  leverage: [json, unitsFlag, workers, queueFlag, quiet, progressFlag],
  power: [json, workers, queueFlag, quiet, progressFlag],
  bypass: [json, workers, queueFlag, quiet, progressFlag],
  risk: [json, { name: 'plot', placeholder: 'FILE', help: 'write the histogram and exceedance curve as SVG (a new file or a regular one)' }, workers, queueFlag, quiet, progressFlag],
  compare: [json, unitsFlag, quiet],
  rules: [json, quiet, progressFlag],
  backtest: [json, workers, queueFlag, quiet, progressFlag],
};

const COMPARE_NOTE = '\nA and B are scenarios (built-in ids or files; both are solved) or results saved with `chokepoint run --json`.\n';

export function analysisHelp(command: AnalysisCommand): string {
  if (command === 'compare') return operationHelp(compareOperation, PRESENTATION.compare) + COMPARE_NOTE;
  return operationHelp(ANALYSES[command], PRESENTATION[command]);
}

export async function analysisCommand(command: AnalysisCommand, args: readonly string[], io: CliIo): Promise<number> {
  if (command === 'compare') return compareCommand(args, io);
  return operationCommand(command, args, io);
}

function integer(text: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text.slice(0, 80)}"`);
  return value;
}

export function unitOption(text: string | undefined): VolumeUnit {
  const unit = (text ?? 'Mt') as VolumeUnit;
  if (!VOLUME_UNITS.includes(unit)) throw new UsageError(`unknown --units "${String(text).slice(0, 80)}"; use one of ${VOLUME_UNITS.join(', ')}`);
  return unit;
}

/**
 * `mainLane: false` for long runs: the main thread then only samples and adds up, and the
 * workers get whole cores (measured on risk: 1.6× faster than the main thread plus one worker on
 * 2 cores). Short analyses keep the main lane, which starts solving before workers have booted.
 */
function runnerOption(text: string | undefined, long: boolean, queue: string | undefined): VariantRunner {
  if (queue !== undefined) {
    if (text !== undefined) throw new UsageError('--workers and --queue exclude each other: with --queue, the workers are the `chokepoint worker` processes');
    return queueRunner({ url: queueOption(queue) });
  }
  const kept = long ? { sessionsKept: RISK_SESSIONS } : {};
  if (text === undefined) return workerRunner({ mainLane: !long, ...kept });
  const count = integer(text, 'workers', 0, 0, 64);
  return count === 0 ? inProcessRunner(undefined, long ? RISK_SESSIONS : undefined) : workerRunner({ workers: count, mainLane: !long, ...kept });
}

/** A queue URL as the contract checks it. */
export function queueOption(text: string): string {
  const checked = EXECUTION.queue.schema.safeParse(text);
  if (!checked.success || checked.data === undefined) throw new UsageError(`--queue ${checked.error?.issues[0]?.message ?? 'needs a URL'}, got "${text.slice(0, 80)}"`);
  return checked.data;
}

/** Progress on stderr for long sweeps: done / total with an ETA, at most a few lines a second. */
function progressReporter(io: CliIo, silent: boolean, label: string, forced = false): Progress | undefined {
  if (!(io.interactive || forced) || silent) return undefined;
  const started = Date.now();
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 500) return;
    last = now;
    const elapsed = (now - started) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
    io.err(`[${elapsed.toFixed(1)} s] ${label}: ${done}/${total}${done < total ? `, about ${eta.toFixed(0)} s left` : ''}\n`);
  };
}

const PROGRESS_LABEL: Record<AnalysisId, string> = { criticality: 'closures solved', leverage: 'closures solved', power: 'coalitions solved', bypass: 'variants solved', risk: 'years simulated', rules: 'scenario runs', backtest: 'cases replayed' };

function failed(outcome: { status: string; message: string }, io: CliIo): number {
  io.err(`✖ ${outcome.status}: ${outcome.message}\n`);
  return EXIT_MODEL;
}

/** The network a report's text is written for (units and names); the orchestration loaded it already. */
function reportNetwork(command: AnalysisId, request: Record<string, unknown>, io: CliIo): Network | undefined {
  const files = pathLoaders;
  if (command === 'risk') {
    const set = files.hazards(request.hazards as string, io.cwd);
    return set.ok ? set.value.network : undefined;
  }
  if (command === 'bypass' || command === 'rules' || command === 'backtest') return undefined;
  const network = files.network(request.network as string, io.cwd);
  return network.ok ? network.value : undefined;
}

async function operationCommand(command: AnalysisId, args: readonly string[], io: CliIo): Promise<number> {
  const operation = ANALYSES[command];
  const parsed = parseOperation(operation, args, PRESENTATION[command]);
  if (parsed.help) {
    io.out(analysisHelp(command));
    return EXIT_OK;
  }
  const shown = parsed.presentation;
  const unit = shown.units === undefined ? unitOption(undefined) : unitOption(shown.units as string);
  const plotPath = typeof shown.plot === 'string' ? resolve(io.cwd, shown.plot) : undefined;
  if (shown.plot === '') throw new UsageError('--plot needs a file name');
  const plotProblem = plotPath === undefined ? undefined : outputProblem(plotPath, 'file', io.cwd);
  if (plotProblem) throw new UsageError(`cannot write output: ${plotProblem}`);
  if (shown.csv === '') throw new UsageError('--csv needs a directory');
  const csvDirectory = typeof shown.csv === 'string' ? resolve(io.cwd, shown.csv) : undefined;
  const csvProblem = csvDirectory === undefined ? undefined : outputProblem(csvDirectory, 'directory');
  if (csvProblem) throw new UsageError(`cannot write output: ${csvProblem}`);
  const runner = runnerOption(shown.workers as string | undefined, command === 'risk', shown.queue as string | undefined);
  // Ctrl-C: risk finishes the chunk in hand and reports what is done; a second Ctrl-C aborts.
  let stopping = false;
  const onInterrupt = () => {
    if (stopping) process.exit(130);
    stopping = true;
    io.err('\nstopping once the work already queued is solved (Ctrl-C again to abort)…\n');
  };
  if (command === 'risk') process.on('SIGINT', onInterrupt);
  const context: OperationContext = { loaders: pathLoaders, baseDirectory: io.cwd, runner, onProgress: progressReporter(io, shown.quiet === true, PROGRESS_LABEL[command], shown.progress === true), shouldStop: () => stopping };
  let report;
  try {
    report = await (ANALYSIS_RUNNERS[command] as (request: unknown, context: OperationContext) => Promise<unknown>)(parsed.request, context);
  } catch (error) {
    if (!(error instanceof OperationInputError)) throw error;
    const located = error.issues.filter((issue) => issue.file);
    if (located.length > 0) return reportIssues(located, io);
    throw new UsageError(error.issues.map((issue) => flagMessage(operation, issue)).join('\n'));
  } finally {
    process.off('SIGINT', onInterrupt);
    await runner.close();
  }
  if (report && typeof report === 'object' && 'status' in report && 'message' in report) return failed(report as { status: string; message: string }, io);
  if (shown.json) {
    io.out(`${JSON.stringify(publishedReport(command, report), null, 2)}\n`);
  } else {
    const network = reportNetwork(command, parsed.request as Record<string, unknown>, io);
    io.out(reportText(command, report, network, unit));
  }
  if (csvDirectory !== undefined && command === 'criticality') {
    const problem = writeAll(new Map([...criticalityCsvFiles(report as CriticalityReport)].map(([name, content]) => [join(csvDirectory, name), content])));
    if (problem) throw new UsageError(`cannot write ${problem}; nothing was written`);
  }
  if (command === 'risk') {
    const risk = report as Parameters<typeof riskText>[0];
    if (plotPath !== undefined) {
      const network = reportNetwork(command, parsed.request as Record<string, unknown>, io);
      const currency = network && isGas(network) ? (network.commodity.currency ?? 'EUR') : 'USD';
      const problem = writeAll(new Map([[plotPath, riskSvg(risk, `Annual loss of ${risk.metric === '*exporters' ? riskTotalName(network) : risk.metric}: ${risk.network}`, currency)]]));
      if (problem) throw new UsageError(`cannot write ${problem}; nothing was written`);
    }
    return risk.partial ? 130 : EXIT_OK;
  }
  return EXIT_OK;
}

function reportText(command: AnalysisId, report: unknown, network: Network | undefined, unit: VolumeUnit): string {
  const volumes = { unit, barrelsPerTonne: network?.commodity.barrelsPerTonne ?? 7.3 };
  switch (command) {
    case 'criticality':
      return criticalityText(report as Parameters<typeof criticalityText>[0], volumes, network!);
    case 'leverage':
      return leverageText(report as Parameters<typeof leverageText>[0], volumes, network!);
    case 'power':
      return powerText(report as Parameters<typeof powerText>[0], network!);
    case 'bypass':
      return bypassText(report as Parameters<typeof bypassText>[0]);
    case 'rules':
      return rulesText(report as Parameters<typeof rulesText>[0]);
    case 'risk':
      return riskText(report as Parameters<typeof riskText>[0], network!);
    case 'backtest':
      return backtestText((report as BacktestReport).cases);
  }
}

async function compareCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOperation(compareOperation, args, PRESENTATION.compare);
  if (parsed.help) {
    io.out(analysisHelp('compare'));
    return EXIT_OK;
  }
  const unit = unitOption(parsed.presentation.units as string | undefined);
  const results: RunResult[] = [];
  let network: Network | undefined;
  for (const reference of [parsed.request.a, parsed.request.b]) {
    const saved = savedResult(resolve(io.cwd, reference));
    if (saved) {
      results.push(saved);
      continue;
    }
    const scenario = loadScenario(reference, io.cwd);
    if (!scenario.ok) return reportIssues(scenario.issues, io);
    network = scenario.value.network;
    const outcome = await runScenario(scenario.value);
    if (outcome.status !== 'optimal') return failed({ status: outcome.status, message: `${reference}: ${outcome.message}` }, io);
    results.push(outcome.result);
  }
  const report = finiteOr(compareRuns(results[0]!, results[1]!));
  if ('message' in report) return failed(report, io);
  if (parsed.presentation.json) {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT_OK;
  }
  // A saved result names its network: read for names only when it is a built-in one.
  network ??= builtInNetwork(results[1]!.definition.network, io);
  const gas = results.find((result) => result.gas)?.gas;
  io.out(compareText(report, gas ? gasUnits(gas.units.currency) : crudeUnits({ unit, barrelsPerTonne: network?.commodity.barrelsPerTonne ?? 7.3 }), network));
  return EXIT_OK;
}

function builtInNetwork(id: string, io: CliIo): Network | undefined {
  const loaded = builtinLoaders.network(id, io.cwd);
  return loaded.ok ? loaded.value : undefined;
}

/** A result saved by `run --json`, or undefined when the file is not one. */
function savedResult(path: string): RunResult | undefined {
  if (!/\.json$/i.test(path)) return undefined;
  const text = readBoundedText(path, 'result file');
  if (!text.ok) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text.value);
  } catch {
    return undefined;
  }
  const parsed = readResult(data);
  return parsed.success ? parsed.data : undefined;
}
