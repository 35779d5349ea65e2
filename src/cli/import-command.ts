import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { GEM_COLUMNS, csvSheet, gemNetwork, importedYaml, knownUnits, xlsxSheet, type Commodity, type Sheet } from '../io/import/index.ts';
import { networkFromText } from '../model/load-network.ts';
import { EXIT_INPUT, EXIT_OK, parse, reportIssues, UsageError, type CliIo } from './common.ts';
import { outputProblem, writeAll } from './output-files.ts';

const DEFAULT_SNAP_KM = 10;

const HELP = `chokepoint import gem FILE --commodity gas|crude --out network.yaml [options]

Builds a network from a Global Energy Monitor pipeline sheet as published (Global Gas or
Global Oil Infrastructure Tracker; CSV or XLSX), with the columns
  ${GEM_COLUMNS.join(', ')}
(and Countries, when present, for the countries a segment crosses).

  - Route ends (the WKT route's first and last points) become nodes; ends closer than
    --snap-km are one node; ends without a route join by location name and country.
  - Each segment becomes a pipeline link with its route as the link's polyline, its capacity
    converted (gas to mcm/d; crude to b/d, Mt/yr or m3/d; the factor is in the figure's source),
    its countries as jurisdiction and its owners and shares as equity.
  - Nodes no pipeline enters become fields, nodes no pipeline leaves become markets, with
    figures marked "estimate: placeholder"; the list of what to add is printed and written at
    the top of the file. The file is checked as chokepoint validate would.

Options:
  --commodity gas|crude   what the sheet carries (decides the units)
  --out FILE              the network YAML to write
  --countries A,B         keep segments touching these countries (names as in the sheet)
  --status S,T            keep segments of these statuses (default operating)
  --snap-km KM            snapping tolerance in km (default ${DEFAULT_SNAP_KM})
  --id ID, --name NAME    the network's id and name (default from the file name)
  -h, --help              this help

Capacity units known for gas: ${knownUnits('gas')}
for crude: ${knownUnits('crude')}
`;

export async function importCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    commodity: { type: 'string' },
    out: { type: 'string' },
    countries: { type: 'string' },
    status: { type: 'string' },
    'snap-km': { type: 'string' },
    id: { type: 'string' },
    name: { type: 'string' },
  });
  if (values.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  const [source, file, ...extra] = positionals;
  if (source !== 'gem') throw new UsageError(`import reads "gem" sheets: chokepoint import gem FILE --commodity gas|crude --out network.yaml`);
  if (!file || extra.length > 0) throw new UsageError('import gem takes one FILE (a GEM pipeline sheet, .csv or .xlsx)');
  if (values.commodity !== 'gas' && values.commodity !== 'crude') throw new UsageError('--commodity must be gas or crude');
  if (!values.out) throw new UsageError('--out FILE is needed: where to write the network YAML');
  const snapKm = values['snap-km'] === undefined ? DEFAULT_SNAP_KM : Number(values['snap-km']);
  if (!(snapKm >= 0 && Number.isFinite(snapKm))) throw new UsageError(`--snap-km must be a distance in km ≥ 0, got "${values['snap-km']}"`);
  const outPath = resolve(io.cwd, values.out);
  const problem = outputProblem(outPath, 'file');
  if (problem) throw new UsageError(`cannot write output: ${problem}`);

  const path = resolve(io.cwd, file);
  const sheet = await readSheet(path);
  const stem = basename(path, extname(path));
  const id = values.id ?? (stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'imported');
  const outcome = gemNetwork(sheet, {
    commodity: values.commodity as Commodity,
    countries: values.countries?.split(',').map((country) => country.trim()).filter((country) => country.length > 0),
    statuses: (values.status ?? 'operating').split(',').map((status) => status.trim()),
    snapKm,
    id,
    name: values.name ?? `${stem} (GEM import)`,
    sourceLabel: basename(path),
  });
  if (!outcome.ok) throw new UsageError(`${file}: ${outcome.message}`);
  const text = importedYaml(outcome.value);
  const failed = writeAll(new Map([[outPath, text]]));
  if (failed !== undefined) {
    io.err(`✖ cannot write ${failed}; nothing was written.\n`);
    return EXIT_INPUT;
  }
  const { counts, warnings, toAdd, network } = outcome.value;
  io.out(`✔ ${values.out}: ${network.nodes.length} nodes, ${network.links?.length ?? 0} links, ${network.actors.length} actors from ${counts.kept} of ${counts.rows} rows (${counts.skippedStatus} of other statuses, ${counts.skippedCountry} outside the countries)\n`);
  for (const warning of warnings) io.out(`  ! ${warning}\n`);
  io.out('To add before the results mean anything:\n');
  for (const item of toAdd) io.out(`  - ${item}\n`);
  // The same checks as chokepoint validate, so a written file is known to load.
  const check = networkFromText(text, outPath);
  if (!check.ok) {
    io.err(`the file was written but does not validate:\n`);
    return reportIssues(check.issues, io);
  }
  io.out(`✔ validates: chokepoint validate ${values.out}\n`);
  return EXIT_OK;
}

async function readSheet(path: string): Promise<Sheet> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  // XLSX is a zip archive: "PK\\x03\\x04", whatever the file is called.
  const isZip = bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (!isZip) return csvSheet(bytes.toString('utf8'));
  let sheet: Awaited<ReturnType<typeof xlsxSheet>>;
  try {
    sheet = await xlsxSheet(bytes, GEM_COLUMNS);
  } catch (error) {
    throw new UsageError(`cannot read ${path} as an XLSX workbook: ${(error as Error).message}`);
  }
  if ('missing' in sheet) throw new UsageError(`${path}: no worksheet has the columns ${sheet.missing} in its first row (sheets: ${sheet.sheets.join(', ')})`);
  return sheet;
}
