import { join, resolve } from 'node:path';
import { z } from 'zod';
import { runScenario, withMode } from '../analysis/run.ts';
import { finiteOr, type NonFiniteFailure } from '../analysis/result-schema.ts';
import { publishedResult, publishedResultSchema } from '../analysis/gas-words.ts';
import { readBoundedText } from '../io/read-bounded.ts';
import { builtinCandidates, builtinNetworks, builtinScenarios, loadCandidates, loadNetwork, loadScenario, loadSensitivity } from '../io/files.ts';
import { sensitivity } from '../analysis/sensitivity.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { networkSchema } from '../model/network-schema.ts';
import { UNITS } from '../model/units.ts';
import { csvFiles } from '../report/csv.ts';
import { textReport } from '../report/text-report.ts';
import { scenarioSchema } from '../scenario/scenario-schema.ts';
import { scenarioWarnings } from '../scenario/warnings.ts';
import { parseText } from '../model/parse-document.ts';
import { highsRuntime, SolverAbortError } from '../solve/highs.ts';
import { analysisCommand, ANALYSIS_SCHEMAS, unitOption, unitsFlag } from './analysis-commands.ts';
import { operationHelp, parseOperation, type PresentationFlag } from './operation-flags.ts';
import { outputProblem, writeAll } from './output-files.ts';
import { runOperation } from '../contract/index.ts';
import { BACKEND_NAMES, ModelTooLargeError, SolverUnavailableError, type BackendName } from '../solve/backends/index.ts';
import { nativeRunner } from '../node/native-runner.ts';
import { serve } from './serve-command.ts';
import { workerCommand } from './worker-command.ts';
import { exportCommand } from './export-command.ts';
import { importCommand } from './import-command.ts';
import { EXIT_INPUT, EXIT_MODEL, EXIT_OK, parse, reportIssues, UsageError, type CliIo } from './common.ts';

export { EXIT_INPUT, EXIT_MODEL, EXIT_OK, type CliIo } from './common.ts';

const HELP = `chokepoint — simulate disruptions of energy export corridors

Usage:
  chokepoint run [SCENARIO] [options]   solve a scenario and its baseline, report the impact
  chokepoint validate FILE              check a network or scenario file
  chokepoint list                       built-in networks and scenarios
  chokepoint criticality [NETWORK]      N-1 (and N-2) of every asset, export security indicators
  chokepoint leverage [NETWORK]         who can hurt whom by closing what it controls, at what cost
  chokepoint power [NETWORK]            pipeline power: Shapley values of the actors
  chokepoint bypass --candidates FILE   bypass projects: loss avoided, NPV, break-even probability
  chokepoint compare A B                two runs side by side
  chokepoint risk [HAZARDS]             simulated years of disruptions: expected and tail losses
  chokepoint rules [SCENARIO]           who bears each sanction rule's cost; which exemptions matter
  chokepoint backtest [CASE...]         real disruptions replayed: model vs observed, with errors
  chokepoint serve [--port P]           the HTTP API (runs on worker threads, stored in SQLite)
  chokepoint worker --queue URL         solve the variant batches sent to a BullMQ queue on Redis
  chokepoint export NETWORK --geojson FILE | --csv DIR [--result RUN.json]
                                        the network (and a run's flows and losses) for QGIS, kepler.gl
  chokepoint import gem FILE --commodity gas|crude --out FILE
                                        a network from a Global Energy Monitor pipeline sheet
  chokepoint schema NAME                JSON Schema of: result, network, scenario, criticality,
                                        leverage, power, bypass, compare, risk, rules, backtest,
                                        candidates, hazards
  chokepoint units                      the units quantities can be written in
  chokepoint COMMAND --help             help for one command

SCENARIO is a built-in id (default cpc-2022-ban) or a path to a YAML/JSON file; NETWORK
likewise (default caspian-crude).
Exit codes: 0 ok, 1 model outcome (infeasible, unbounded), 2 bad input.
`;

const RUN_FLAGS: readonly PresentationFlag[] = [
  { name: 'json', switch: true, help: 'print the full result as JSON (schema: chokepoint schema result; a gas network\'s in MWh and its currency)' },
  { name: 'csv', placeholder: 'DIR', help: 'also write daily series as CSV files into DIR (a new or existing folder)' },
  unitsFlag,
  { name: 'write-lp', placeholder: 'FILE', help: 'write the scenario LP to FILE and the baseline LP next to it (CPLEX LP format; a new or regular file)' },
  { name: 'solver', placeholder: 'S', help: `${BACKEND_NAMES.join(', ')}: in-process HiGHS (default), or a native solver through files (CLP: Debian coinor-clp; highs: a HiGHS binary on the PATH). The default goes native by itself only for a model too large for the in-process heap (about 800,000 columns), and says so.` },
  { name: 'no-sensitivity', switch: true, help: "skip the sensitivity table (the network's estimates re-solved at each end of their sourced ranges, data/sensitivity/NETWORK.yaml)" },
  { name: 'quiet', switch: true, help: 'no progress messages' },
];

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(HELP);
        return EXIT_OK;
      case 'run':
        return await run(rest, io);
      case 'validate':
        return validate(rest, io);
      case 'list':
        return list(rest, io);
      case 'schema':
        return schema(rest, io);
      case 'units':
        return units(rest, io);
      case 'criticality':
      case 'leverage':
      case 'power':
      case 'bypass':
      case 'compare':
      case 'risk':
      case 'rules':
      case 'backtest':
        return await analysisCommand(command, rest, io);
      case 'serve':
        return await serve(rest, io);
      case 'worker':
        return await workerCommand(rest, io);
      case 'export':
        return exportCommand(rest, io);
      case 'import':
        return await importCommand(rest, io);
      default:
        io.err(`chokepoint: unknown command "${command}"\n\n${HELP}`);
        return EXIT_INPUT;
    }
  } catch (error) {
    if (error instanceof ModelTooLargeError || error instanceof SolverUnavailableError || error instanceof SolverAbortError) {
      io.err(`chokepoint: ${error.message}\n`);
      return EXIT_INPUT;
    }
    if (error instanceof UsageError) {
      io.err(`chokepoint: ${error.message}\n`);
      return EXIT_INPUT;
    }
    throw error;
  }
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOperation(runOperation, args, RUN_FLAGS);
  if (parsed.help) {
    io.out(operationHelp(runOperation, RUN_FLAGS));
    return EXIT_OK;
  }
  const values = parsed.presentation as { json?: boolean; csv?: string; units?: string; 'write-lp'?: string; solver?: string; 'no-sensitivity'?: boolean; quiet?: boolean };
  const unit = unitOption(values.units);
  if (values['write-lp'] === '') throw new UsageError('--write-lp needs a file name');
  const solver = values.solver as BackendName | undefined;
  if (solver !== undefined && !BACKEND_NAMES.includes(solver)) throw new UsageError(`unknown --solver "${values.solver}"; use one of ${BACKEND_NAMES.join(', ')}`);
  if (values.csv === '') throw new UsageError('--csv needs a directory');
  const lpTarget = values['write-lp'] === undefined ? undefined : resolve(io.cwd, values['write-lp']);
  const problems = [
    lpTarget === undefined ? undefined : outputProblem(lpTarget, 'file'),
    lpTarget === undefined ? undefined : outputProblem(baselineLpPath(lpTarget), 'file'),
    values.csv === undefined ? undefined : outputProblem(resolve(io.cwd, values.csv), 'directory'),
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) throw new UsageError(`cannot write output: ${problems.join('; ')}`);
  const reference = parsed.request.scenario;
  // Compiling the solver's WebAssembly runs in the background while the files are read.
  if (solver === undefined || solver === 'highs-wasm') void highsRuntime().catch(() => undefined);
  const loaded = loadScenario(reference, io.cwd);
  if (!loaded.ok) return reportIssues(loaded.issues, io);
  const scenario = withMode(loaded.value, parsed.request.mode);

  if (lpTarget !== undefined && scenario.operations?.mode === 'rolling' && !values.quiet) io.err('note: --write-lp writes the hindsight LPs (scenario and baseline); a rolling run solves one decision window per day\n');
  const started = Date.now();
  const progress = io.interactive && !values.quiet;
  const stageText = { build: 'building the LP', 'solve-baseline': 'solving the baseline', 'solve-scenario': 'solving the scenario' } as const;
  const outcome = await runScenario(scenario, {
    withLpText: lpTarget !== undefined,
    solver: { name: solver, runner: nativeRunner() },
    onNote: (note) => {
      if (!values.quiet) io.err(`note: ${note}\n`);
    },
    onStage: (stage) => {
      if (progress) io.err(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${stageText[stage]}…\n`);
    },
  });
  if (outcome.status !== 'optimal') {
    io.err(`✖ ${scenario.id}: ${outcome.status}: ${outcome.message}\n`);
    if (outcome.conflicting.length > 0) io.err(`  conflicting constraints: ${outcome.conflicting.join(', ')}\n`);
    io.err('nothing was written.\n');
    return EXIT_MODEL;
  }
  const ranges = values['no-sensitivity'] ? undefined : loadSensitivity(scenario.network);
  if (ranges && !ranges.ok) return reportIssues(ranges.issues, io);
  if (ranges) {
    if (progress) io.err(`[${((Date.now() - started) / 1000).toFixed(1)} s] sensitivity of the headline…\n`);
    const variant = async (patched: Scenario) => {
      const solved = await runScenario(patched);
      return solved.status === 'optimal' ? solved.result : undefined;
    };
    outcome.result.sensitivity = await sensitivity(scenario, outcome.result, ranges.value, variant);
  }
  if (progress) io.err(`[${((Date.now() - started) / 1000).toFixed(1)} s] done\n`);
  const checked = finiteOr(outcome.result);
  if (checked !== outcome.result) {
    io.err(`✖ ${scenario.id}: ${(checked as NonFiniteFailure).message}\nnothing was written.\n`);
    return EXIT_MODEL;
  }

  // Everything is computed before anything is written, and every file is staged before any is
  // put in place, so a failure leaves no partial output.
  const outputs = new Map<string, string>();
  if (lpTarget !== undefined && outcome.solve.lpText) {
    outputs.set(lpTarget, outcome.solve.lpText.scenario);
    outputs.set(baselineLpPath(lpTarget), outcome.solve.lpText.baseline);
  }
  if (values.csv !== undefined) {
    for (const [name, content] of csvFiles(outcome.result)) outputs.set(join(resolve(io.cwd, values.csv), name), content);
  }
  const written = writeAll(outputs);
  if (written !== undefined) {
    io.err(`✖ cannot write ${written}; nothing was written.\n`);
    return EXIT_INPUT;
  }
  // A gas run speaks gas: MWh and its currency, no barrels (see gas-words.ts).
  if (values.json) io.out(`${JSON.stringify(publishedResult(outcome.result), null, 2)}\n`);
  else io.out(textReport(outcome.result, scenario.network, { unit, barrelsPerTonne: scenario.network.commodity.barrelsPerTonne }));
  return EXIT_OK;
}

/** `model.lp` -> `model.baseline.lp`; other names get `.baseline.lp` appended. */
export function baselineLpPath(target: string): string {
  return target.endsWith('.lp') ? `${target.slice(0, -3)}.baseline.lp` : `${target}.baseline.lp`;
}

function validate(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse(args, {});
  if (values.help || positionals.length !== 1) {
    (values.help ? io.out : io.err)('chokepoint validate FILE\n\nChecks a network or scenario file (YAML or JSON) and reports every problem with file, line and path.\n');
    return values.help ? EXIT_OK : EXIT_INPUT;
  }
  const file = positionals[0]!;
  // A scenario has a horizon; anything else is checked as a network.
  if (topLevelKeys(resolve(io.cwd, file)).has('horizon')) {
    const scenario = loadScenario(file, io.cwd);
    if (!scenario.ok) return reportIssues(scenario.issues, io);
    io.out(`✔ scenario ${scenario.value.id}: ${scenario.value.dates.length} days on network ${scenario.value.network.id}, ${scenario.value.events.length} events\n`);
    for (const warning of scenarioWarnings(scenario.value)) io.out(`! ${warning.message} (at ${warning.path})\n`);
    return EXIT_OK;
  }
  const network = loadNetwork(file, io.cwd);
  if (!network.ok) return reportIssues(network.issues, io);
  io.out(`✔ network ${network.value.id}: ${network.value.nodes.length} nodes, ${network.value.links.length} links, ${network.value.actors.length} actors\n`);
  return EXIT_OK;
}

function topLevelKeys(path: string): Set<string> {
  const text = readBoundedText(path, 'file');
  if (!text.ok) return new Set();
  const parsed = parseText(text.value, path);
  const data = parsed.ok ? parsed.value.data : undefined;
  return new Set(typeof data === 'object' && data !== null ? Object.keys(data) : []);
}

function list(args: readonly string[], io: CliIo): number {
  const { values } = parse(args, {});
  if (values.help) {
    io.out('chokepoint list\n\nLists the built-in networks and scenarios.\n');
    return EXIT_OK;
  }
  // One column width for all three lists, so a long id never runs into its description.
  const networks = builtinNetworks();
  const scenarios = builtinScenarios();
  const candidateSets = builtinCandidates();
  const width = 2 + Math.max(0, ...[...networks, ...scenarios, ...candidateSets].map((entry) => entry.id.length));
  const line = (id: string, text: string): void => io.out(`  ${id.padEnd(width)}${text}\n`);
  const invalid = '(invalid: run chokepoint validate)';
  io.out('networks:\n');
  for (const entry of networks) {
    const network = loadNetwork(entry.id);
    line(entry.id, network.ok ? network.value.name : invalid);
  }
  io.out('scenarios:\n');
  for (const entry of scenarios) {
    const scenario = loadScenario(entry.id);
    line(entry.id, scenario.ok ? scenario.value.name : invalid);
  }
  io.out('bypass candidates:\n');
  for (const entry of candidateSets) {
    const set = loadCandidates(entry.id);
    line(entry.id, set.ok ? `${set.value.name} (${set.value.file.candidates.length} projects)` : invalid);
  }
  return EXIT_OK;
}

function schema(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse(args, {});
  const schemas = { result: publishedResultSchema, network: networkSchema, scenario: scenarioSchema, ...ANALYSIS_SCHEMAS } as const;
  const name = positionals[0] as keyof typeof schemas | undefined;
  if (values.help || !name || !(name in schemas)) {
    (values.help ? io.out : io.err)(`chokepoint schema NAME\n\nPrints the JSON Schema of one of: ${Object.keys(schemas).join(', ')}.\n`);
    return values.help ? EXIT_OK : EXIT_INPUT;
  }
  const inputs = new Set(['network', 'scenario', 'candidates', 'hazards']);
  const json = z.toJSONSchema(schemas[name], { unrepresentable: 'any', io: inputs.has(name) ? 'input' : 'output' });
  io.out(`${JSON.stringify(json, null, 2)}\n`);
  return EXIT_OK;
}

function units(args: readonly string[], io: CliIo): number {
  const { values } = parse(args, {});
  if (values.help) {
    io.out('chokepoint units\n\nLists the units quantities can be written in, by dimension.\n');
    return EXIT_OK;
  }
  const rows = Object.entries(UNITS).map(([unit, definition]) => `  ${definition.dimension.padEnd(10)}${unit.padEnd(10)}${definition.description}\n`);
  io.out(rows.join(''));
  return EXIT_OK;
}
