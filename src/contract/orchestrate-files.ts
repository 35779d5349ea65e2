import type { RunResult } from '../analysis/result-schema.ts';
import { networkCsvFiles, networkGeoJson, resultMismatch } from '../io/export/index.ts';
import type { builtinLoaders, DocumentReference } from '../io/files.ts';
import { gemNetwork, type Sheet } from '../io/import/index.ts';
import type { Validated } from '../model/issues.ts';
import type { exportOperation, importOperation } from './file-operations.ts';
import type { RequestOf } from './operations.ts';
import { invalid, need } from './orchestrate.ts';

/** What export reaches: the loaders (paths on the command line, built-ins over HTTP) and how a run is found. */
export interface ExportContext {
  readonly loaders: typeof builtinLoaders;
  readonly baseDirectory: string;
  /** A run by the request's reference: a RUN.json file on the command line, a stored run over HTTP. */
  readonly findResult: (reference: string) => Validated<RunResult>;
}

/** The network (and a run of it) as GeoJSON and CSV tables; nothing is written here. */
export function runExport(request: RequestOf<typeof exportOperation>, context: ExportContext) {
  const network = need(context.loaders.network(request.network as DocumentReference, context.baseDirectory), 'network');
  const result = request.result === undefined ? undefined : need(context.findResult(request.result), 'result');
  const mismatch = result === undefined ? undefined : resultMismatch(network, result);
  if (mismatch !== undefined) invalid('result', 'network-mismatch', mismatch);
  return {
    network: network.id,
    geojson: networkGeoJson(network, result),
    csv: Object.fromEntries(networkCsvFiles(network, result)),
    unlocated: network.nodes.filter((node) => !node.location).map((node) => node.id),
  };
}

/** A network from a GEM sheet already read; `fileName` names it in sources and gives the default id and name. */
export function runImport(request: RequestOf<typeof importOperation>, sheet: Sheet, fileName: string) {
  const stem = fileName.replace(/\.[^.]*$/, '');
  const outcome = gemNetwork(sheet, {
    commodity: request.commodity,
    countries: request.countries,
    statuses: request.status,
    snapKm: request.snapKm,
    id: request.id ?? (stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'imported'),
    name: request.name ?? `${stem} (GEM import)`,
    sourceLabel: fileName,
  });
  if (!outcome.ok) return invalid('sheet', 'unusable-sheet', `${fileName}: ${outcome.message}`);
  return outcome.value;
}
