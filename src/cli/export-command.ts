import { join, resolve } from 'node:path';
import type { RunResult } from '../analysis/result-schema.ts';
import { readResult } from '../analysis/gas-words.ts';
import { exportOperation } from '../contract/index.ts';
import { OperationInputError } from '../contract/orchestrate.ts';
import { runExport } from '../contract/orchestrate-files.ts';
import { pathLoaders } from '../io/files.ts';
import { readBoundedText } from '../io/read-bounded.ts';
import type { Validated } from '../model/issues.ts';
import { EXIT_INPUT, EXIT_OK, reportIssues, UsageError, type CliIo } from './common.ts';
import { flagMessage, operationHelp, parseOperation, type PresentationFlag } from './operation-flags.ts';
import { outputProblem, writeAll } from './output-files.ts';

/** Where the command line writes what export answers (over HTTP the answer carries it). */
const OUTPUTS: readonly PresentationFlag[] = [
  { name: 'geojson', placeholder: 'FILE', help: 'write the GeoJSON to FILE (a new or regular file)' },
  { name: 'csv', placeholder: 'DIR', help: 'write nodes.csv, links.csv, owners.csv and actors.csv into DIR (a new or existing folder)' },
];

export function exportHelp(): string {
  return operationHelp(exportOperation, OUTPUTS);
}

export function exportCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseOperation(exportOperation, args, OUTPUTS);
  if (parsed.help) {
    io.out(exportHelp());
    return EXIT_OK;
  }
  const { geojson, csv } = parsed.presentation as { geojson?: string; csv?: string };
  if (geojson === undefined && csv === undefined) throw new UsageError('export needs --geojson FILE or --csv DIR (or both)');
  if (geojson === '' || csv === '') throw new UsageError('--geojson and --csv each need a path');
  const geojsonPath = geojson === undefined ? undefined : resolve(io.cwd, geojson);
  const csvDirectory = csv === undefined ? undefined : resolve(io.cwd, csv);
  const problems = [geojsonPath && outputProblem(geojsonPath, 'file'), csvDirectory && outputProblem(csvDirectory, 'directory')].filter(Boolean);
  if (problems.length > 0) throw new UsageError(`cannot write output: ${problems.join('; ')}`);

  let report;
  try {
    report = runExport(parsed.request, { loaders: pathLoaders, baseDirectory: io.cwd, findResult: (reference) => readRun(resolve(io.cwd, reference)) });
  } catch (error) {
    if (!(error instanceof OperationInputError)) throw error;
    const located = error.issues.filter((issue) => issue.file);
    if (located.length > 0) return reportIssues(located, io);
    throw new UsageError(error.issues.map((issue) => flagMessage(exportOperation, issue)).join('\n'));
  }
  const outputs = new Map<string, string>();
  if (geojsonPath) outputs.set(geojsonPath, `${JSON.stringify(report.geojson)}\n`);
  if (csvDirectory) for (const [name, content] of Object.entries(report.csv)) outputs.set(join(csvDirectory, name), content);
  const failed = writeAll(outputs);
  if (failed !== undefined) {
    io.err(`✖ cannot write ${failed}; nothing was written.\n`);
    return EXIT_INPUT;
  }
  const run = report.geojson.chokepoint.run;
  const count = (asset: string) => report.geojson.features.filter((feature) => feature.properties.asset === asset).length;
  io.out(`✔ ${report.network}: ${count('node')} nodes, ${count('link')} links${run ? ` with run ${run.scenario}` : ''} → ${[...outputs.keys()].join(', ')}\n`);
  if (report.unlocated.length > 0) io.out(`  without a location (geometry null): ${report.unlocated.join(', ')}\n`);
  return EXIT_OK;
}

/** A result saved by `chokepoint run --json` (a bounded read of a regular file). */
function readRun(path: string): Validated<RunResult> {
  const text = readBoundedText(path, 'result file');
  if (!text.ok) return text;
  const refuse = (message: string): Validated<RunResult> => ({ ok: false, issues: [{ code: 'not-a-result', path: [], message }] });
  let data: unknown;
  try {
    data = JSON.parse(text.value);
  } catch (error) {
    return refuse(`${path} is not JSON (${(error as Error).message}): write it with chokepoint run SCENARIO --json > ${path}`);
  }
  const parsed = readResult(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0]!;
  return refuse(`${path} is not a run result: ${first.message} at ${first.path.join('.') || '(top)'}; write it with chokepoint run SCENARIO --json`);
}
