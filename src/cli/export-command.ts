import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resultSchema, type RunResult } from '../analysis/result-schema.ts';
import { networkCsvFiles, networkGeoJson, resultMismatch } from '../io/export/index.ts';
import { loadNetwork } from '../io/files.ts';
import { EXIT_INPUT, EXIT_OK, parse, reportIssues, UsageError, type CliIo } from './common.ts';
import { outputProblem, writeAll } from './output-files.ts';

const HELP = `chokepoint export NETWORK (--geojson FILE | --csv DIR) [--result RUN.json]

Writes NETWORK (built-in id or file) for GIS tools such as QGIS or kepler.gl.

Options:
  --geojson FILE    RFC 7946 GeoJSON: nodes as Points, links as LineStrings along their
                    polyline when they have one (else straight between their ends); properties
                    carry capacities (t/d), tariffs, jurisdiction and owners
  --csv DIR         nodes.csv, links.csv, owners.csv (one row per holding) and actors.csv
  --result RUN.json a run of this network (chokepoint run --json > RUN.json): adds each asset's
                    baseline and scenario flows (t), flow lost, tariff lost, owners' loss (USD),
                    shut-in, stock built and supply shortfall
  -h, --help        this help
`;

export function exportCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse(args, { geojson: { type: 'string' }, csv: { type: 'string' }, result: { type: 'string' } });
  if (values.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`export takes one network, got ${positionals.length}; see chokepoint export --help`);
  if (values.geojson === undefined && values.csv === undefined) throw new UsageError('export needs --geojson FILE or --csv DIR (or both)');
  if (values.geojson === '' || values.csv === '' || values.result === '') throw new UsageError('--geojson, --csv and --result each need a path');
  const geojsonPath = values.geojson === undefined ? undefined : resolve(io.cwd, values.geojson);
  const csvDirectory = values.csv === undefined ? undefined : resolve(io.cwd, values.csv);
  const problems = [geojsonPath && outputProblem(geojsonPath, 'file'), csvDirectory && outputProblem(csvDirectory, 'directory')].filter(Boolean);
  if (problems.length > 0) throw new UsageError(`cannot write output: ${problems.join('; ')}`);

  const network = loadNetwork(positionals[0]!, io.cwd);
  if (!network.ok) return reportIssues(network.issues, io);
  const result = values.result === undefined ? undefined : readRun(resolve(io.cwd, values.result));
  if (result !== undefined) {
    const mismatch = resultMismatch(network.value, result);
    if (mismatch) throw new UsageError(`${values.result}: ${mismatch}`);
  }

  const outputs = new Map<string, string>();
  if (geojsonPath) outputs.set(geojsonPath, `${JSON.stringify(networkGeoJson(network.value, result))}\n`);
  if (csvDirectory) for (const [name, content] of networkCsvFiles(network.value, result)) outputs.set(join(csvDirectory, name), content);
  const failed = writeAll(outputs);
  if (failed !== undefined) {
    io.err(`✖ cannot write ${failed}; nothing was written.\n`);
    return EXIT_INPUT;
  }
  const unlocated = network.value.nodes.filter((node) => !node.location).map((node) => node.id);
  io.out(`✔ ${network.value.id}: ${network.value.nodes.length} nodes, ${network.value.links.length} links${result ? ` with run ${result.definition.id}` : ''} → ${[...outputs.keys()].join(', ')}\n`);
  if (unlocated.length > 0) io.out(`  without a location (geometry null): ${unlocated.join(', ')}\n`);
  return EXIT_OK;
}

function readRun(path: string): RunResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --result ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON (${(error as Error).message}): write it with chokepoint run SCENARIO --json > ${path}`);
  }
  const parsed = resultSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new UsageError(`${path} is not a run result: ${first.message} at ${first.path.join('.') || '(top)'}; write it with chokepoint run SCENARIO --json`);
  }
  return parsed.data;
}
