import { basename, resolve } from 'node:path';
import { importOperation } from '../contract/index.ts';
import { OperationInputError } from '../contract/orchestrate.ts';
import { runImport } from '../contract/orchestrate-files.ts';
import { GEM_COLUMNS, csvSheet, importedYaml, knownUnits, xlsxSheet, type Sheet } from '../io/import/index.ts';
import { readBoundedBytes } from '../io/read-bounded.ts';
import { networkFromText } from '../model/load-network.ts';
import { EXIT_INPUT, EXIT_OK, reportIssues, UsageError, type CliIo } from './common.ts';
import { flagMessage, operationHelp, parseOperation, type PresentationFlag } from './operation-flags.ts';
import { outputProblem, writeAll } from './output-files.ts';

const OUT: readonly PresentationFlag[] = [{ name: 'out', placeholder: 'FILE', help: 'the network YAML to write (a new or regular file)' }];

export function importHelp(): string {
  return `${operationHelp(importOperation, OUT)}
The sheet's columns: ${GEM_COLUMNS.join(', ')}
(and Countries, when present, for the countries a segment crosses).
Capacity units known for gas: ${knownUnits('gas')}
for crude: ${knownUnits('crude')}
`;
}

export async function importCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOperation(importOperation, args, OUT);
  if (parsed.help) {
    io.out(importHelp());
    return EXIT_OK;
  }
  const out = parsed.presentation.out as string | undefined;
  if (!out) throw new UsageError('--out FILE is needed: where to write the network YAML');
  const outPath = resolve(io.cwd, out);
  const problem = outputProblem(outPath, 'file');
  if (problem) throw new UsageError(`cannot write output: ${problem}`);

  const path = resolve(io.cwd, parsed.request.sheet);
  let imported;
  try {
    imported = runImport(parsed.request, await readSheet(path), basename(path));
  } catch (error) {
    if (!(error instanceof OperationInputError)) throw error;
    throw new UsageError(error.issues.map((issue) => flagMessage(importOperation, issue)).join('\n'));
  }
  const text = importedYaml(imported);
  const failed = writeAll(new Map([[outPath, text]]));
  if (failed !== undefined) {
    io.err(`✖ cannot write ${failed}; nothing was written.\n`);
    return EXIT_INPUT;
  }
  const { counts, warnings, toAdd, network } = imported;
  io.out(`✔ ${out}: ${network.nodes.length} nodes, ${network.links?.length ?? 0} links, ${network.actors.length} actors from ${counts.kept} of ${counts.rows} rows (${counts.skippedStatus} of other statuses, ${counts.skippedCountry} outside the countries)\n`);
  for (const warning of warnings) io.out(`  ! ${warning}\n`);
  io.out('To add before the results mean anything:\n');
  for (const item of toAdd) io.out(`  - ${item}\n`);
  // The same checks as chokepoint validate, so a written file is known to load.
  const check = networkFromText(text, outPath);
  if (!check.ok) {
    io.err(`the file was written but does not validate:\n`);
    return reportIssues(check.issues, io);
  }
  io.out(`✔ validates: chokepoint validate ${out}\n`);
  return EXIT_OK;
}

/** The sheet as CSV or XLSX (a zip archive, whatever the file is called); a bounded read of a regular file. */
async function readSheet(path: string): Promise<Sheet> {
  const bytes = readBoundedBytes(path, 'sheet');
  if (!bytes.ok) throw new UsageError(bytes.issues.map((issue) => issue.message).join('; '));
  const isZip = bytes.value.length > 4 && bytes.value[0] === 0x50 && bytes.value[1] === 0x4b && bytes.value[2] === 0x03 && bytes.value[3] === 0x04;
  if (!isZip) return csvSheet(bytes.value.toString('utf8'));
  let sheet: Awaited<ReturnType<typeof xlsxSheet>>;
  try {
    sheet = await xlsxSheet(bytes.value, GEM_COLUMNS);
  } catch (error) {
    throw new UsageError(`cannot read ${path} as an XLSX workbook: ${(error as Error).message}`);
  }
  if ('missing' in sheet) throw new UsageError(`${path}: no worksheet has the columns ${sheet.missing} in its first row (sheets: ${sheet.sheets.join(', ')})`);
  return sheet;
}
