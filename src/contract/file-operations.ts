import { z } from 'zod';
import { amount, documentReference, field, id } from './fields.ts';
import { operation } from './operations.ts';

/**
 * The operations that move networks in and out of other tools' formats. Export answers with the
 * documents themselves (the CLI writes them where it is told; the API sends them back and writes
 * nothing). Import is a command-line operation only: docs/api.md says why.
 */

const position = z.tuple([z.number().describe('longitude'), z.number().describe('latitude')]);
const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const featureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        geometry: z.union([z.object({ type: z.literal('Point'), coordinates: position }), z.object({ type: z.literal('LineString'), coordinates: z.array(position) }), z.null()]).describe('null when the asset has no location.'),
        properties: z.record(z.string(), cell).describe('Capacities (t/d), tariffs, jurisdiction and owners; with a run, its flows and losses.'),
      }),
    ),
    chokepoint: z.looseObject({ network: z.string(), name: z.string() }).describe('What the file shows (an RFC 7946 foreign member).'),
  })
  .describe('RFC 7946 GeoJSON: nodes as Points, links as LineStrings along their polyline (else straight between their ends).');

export const exportSchema = z
  .object({
    network: z.string().describe('The id of the network exported.'),
    geojson: featureCollectionSchema,
    csv: z.record(z.string(), z.string()).describe('nodes.csv, links.csv, owners.csv (one row per holding) and actors.csv, by file name.'),
    unlocated: z.array(z.string()).describe('Nodes without a location: their geometry is null.'),
  })
  .describe('A network (and a run of it) as GeoJSON and CSV tables for GIS tools.');

export const exportOperation = operation({
  id: 'export',
  summary: "A network (and a run's flows and losses) as GeoJSON and CSV tables for QGIS or kepler.gl",
  usage: 'chokepoint export [NETWORK] (--geojson FILE | --csv DIR) [--result RUN.json]',
  description: `Writes NETWORK (built-in id or file; default caspian-crude) for GIS tools such as QGIS or
kepler.gl: RFC 7946 GeoJSON (nodes as Points, links as LineStrings along their polyline when they
have one, else straight between their ends; properties carry capacities in t/d, tariffs,
jurisdiction and owners) and CSV tables (nodes, links, owners with one row per holding, actors).
With a run of this network, each asset also gets its baseline and scenario flows (t), flow lost,
tariff lost, owners' loss (USD), shut-in, stock built and supply shortfall. Over HTTP the files
come back in the answer; the server writes nothing.`,
  fields: {
    network: field(documentReference('network').default('caspian-crude'), { positional: 'NETWORK' }),
    result: field(
      z
        .string()
        .min(1, { error: 'give a run' })
        .max(4096, { error: 'a run reference is at most 4096 characters' })
        .optional()
        .describe('A run of this network whose flows and losses join each asset: on the command line a file written by `chokepoint run --json`; over HTTP a stored run id.'),
      { placeholder: 'RUN.json' },
    ),
  },
  response: exportSchema,
});

export const COMMODITIES = ['gas', 'crude'] as const;
/** Snapping further than this would merge the ends of different pipelines into one node. */
export const MAX_SNAP_KM = 100;

const names = (what: string, most: number) =>
  z
    .array(z.string().min(1, { error: `give a ${what}` }).max(200, { error: `a ${what} is at most 200 characters` }))
    .min(1, { error: `list at least one ${what}` })
    .max(most, { error: `at most ${most} ${what}s` });

export const importSchema = z
  .object({
    network: z.record(z.string(), z.unknown()).describe('The network file as written (YAML on disk), with placeholders marked "estimate: placeholder".'),
    counts: z.object({ rows: z.number().int(), kept: z.number().int(), skippedStatus: z.number().int(), skippedCountry: z.number().int() }),
    warnings: z.array(z.string()),
    toAdd: z.array(z.string()).describe('What to add before the results mean anything.'),
  })
  .describe('A network built from a Global Energy Monitor pipeline sheet.');

export const importOperation = operation({
  id: 'import',
  summary: 'A network from a Global Energy Monitor pipeline sheet (command line only)',
  usage: 'chokepoint import gem FILE --commodity gas|crude --out network.yaml [options]',
  description: `Builds a network from a Global Energy Monitor pipeline sheet as published (Global Gas or
Global Oil Infrastructure Tracker; CSV or XLSX). Route ends (the WKT route's first and last
points) become nodes, ends closer than --snap-km one node, ends without a route join by location
name and country. Each segment becomes a pipeline link with its route as polyline, its capacity
converted (gas to mcm/d; crude to b/d, Mt/yr or m3/d; the factor is in the figure's source), its
countries as jurisdiction and its owners and shares as equity. Nodes no pipeline enters become
fields, nodes no pipeline leaves markets, with figures marked "estimate: placeholder"; the list of
what to add is printed and written at the top of the file, which is checked as chokepoint
validate would. Not served over HTTP (docs/api.md says why): send the network it writes inline.`,
  fields: {
    source: field(z.literal('gem', { error: 'import reads "gem" sheets (Global Energy Monitor)' }).default('gem').describe('Whose sheet: gem (Global Energy Monitor).'), { positional: 'SOURCE' }),
    sheet: field(z.string({ error: 'give the sheet (a .csv or .xlsx file)' }).min(1, { error: 'give the sheet (a .csv or .xlsx file)' }).max(4096, { error: 'a path is at most 4096 characters' }).describe('The pipeline sheet, a CSV or XLSX file.'), { positional: 'FILE' }),
    commodity: field(z.enum(COMMODITIES, { error: 'must be gas or crude' }).describe('What the sheet carries (decides the units).'), { placeholder: 'gas|crude' }),
    countries: field(names('country', 300).optional().describe('Keep segments touching these countries (names as in the sheet; default: all).'), { placeholder: 'A,B', list: true }),
    status: field(names('status', 20).default(['operating']).describe('Keep segments of these statuses.'), { placeholder: 'S,T', list: true }),
    snapKm: field(amount(0, MAX_SNAP_KM, 'Route ends closer than this are one node, km.').default(10), { flag: 'snap-km', placeholder: 'KM' }),
    id: field(id('network').regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'a network id is letters, digits, ".", "_" and "-", starting with a letter or digit' }).optional().describe("The network's id (default: from the file name)."), { placeholder: 'ID' }),
    name: field(z.string().min(1).max(200, { error: 'a name is at most 200 characters' }).optional().describe("The network's name (default: from the file name)."), { placeholder: 'NAME' }),
  },
  response: importSchema,
});
