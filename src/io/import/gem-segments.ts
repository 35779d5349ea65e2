import { convertCapacity, type Commodity } from './capacity-units.ts';
import { chainParts } from './geo.ts';
import { parseOwners, type OwnerShare } from './owners.ts';
import { normaliseColumn, type Sheet, type SheetRow } from './sheet.ts';
import { parseWkt, type LonLat } from './wkt.ts';

/** The columns of GEM's pipeline sheets that the importer reads (Countries is optional). */
export const GEM_COLUMNS = [
  'ProjectID',
  'PipelineName',
  'SegmentName',
  'Status',
  'Capacity',
  'CapacityUnits',
  'StartLocation',
  'StartCountry',
  'EndLocation',
  'EndCountry',
  'Owner',
  'WKTFormat',
] as const;

type Column = (typeof GEM_COLUMNS)[number] | 'Countries';

export interface RouteEnd {
  readonly name: string;
  readonly country: string;
  readonly point: LonLat | undefined;
}

export interface Segment {
  /** The sheet's line number (the header is line 1), for messages. */
  readonly line: number;
  readonly projectId: string;
  readonly name: string;
  readonly status: string;
  readonly capacity: { readonly amount: number; readonly unit: string; readonly written: string; readonly how: string } | undefined;
  readonly capacityProblem: string | undefined;
  readonly start: RouteEnd;
  readonly end: RouteEnd;
  readonly polyline: LonLat[] | undefined;
  readonly owners: OwnerShare[];
  readonly countries: string[];
}

export interface SegmentFilter {
  readonly commodity: Commodity;
  readonly statuses: readonly string[];
  readonly countries?: readonly string[] | undefined;
  readonly snapKm: number;
}

/** Finds each column by name, ignoring case, spaces and underscores; lists what is missing. */
export function columnsOf(sheet: Sheet): { readonly found: Map<Column, string> } | { readonly missing: string[] } {
  const byKey = new Map(sheet.columns.map((name) => [normaliseColumn(name), name]));
  const found = new Map<Column, string>();
  const missing: string[] = [];
  for (const column of [...GEM_COLUMNS, 'Countries' as const]) {
    const actual = byKey.get(normaliseColumn(column));
    if (actual !== undefined) found.set(column, actual);
    else if (column !== 'Countries') missing.push(column);
  }
  return missing.length > 0 ? { missing } : { found };
}

const list = (cell: string) => cell.split(/[;,]/).map((item) => item.trim()).filter((item) => item.length > 0);

/** Reads the rows the filter keeps; what cannot be read becomes a warning naming the line. */
export function readSegments(sheet: Sheet, found: Map<Column, string>, filter: SegmentFilter, warnings: string[]) {
  const cell = (row: SheetRow, column: Column) => row[found.get(column) ?? ''] ?? '';
  const statuses = new Set(filter.statuses.map((status) => status.toLowerCase()));
  const countries = filter.countries && new Set(filter.countries.map((country) => country.toLowerCase()));
  const segments: Segment[] = [];
  const skipped = { status: 0, country: 0 };
  sheet.rows.forEach((row, index) => {
    const line = index + 2;
    if (!statuses.has(cell(row, 'Status').toLowerCase())) return void (skipped.status += 1);
    const rowCountries = [cell(row, 'StartCountry'), cell(row, 'EndCountry'), ...list(cell(row, 'Countries'))].filter((name) => name.length > 0);
    if (countries && !rowCountries.some((country) => countries.has(country.toLowerCase()))) return void (skipped.country += 1);
    const route = routeOf(cell(row, 'WKTFormat'), line, filter.snapKm, warnings);
    const capacity = capacityOf(cell(row, 'Capacity'), cell(row, 'CapacityUnits'), filter.commodity);
    segments.push({
      line,
      projectId: cell(row, 'ProjectID') || `row-${line}`,
      name: [cell(row, 'PipelineName'), cell(row, 'SegmentName')].filter((part) => part.length > 0).join(': ') || `line ${line}`,
      status: cell(row, 'Status').toLowerCase(),
      capacity: capacity.ok ? capacity.value : undefined,
      capacityProblem: capacity.ok ? undefined : capacity.problem,
      start: { name: cell(row, 'StartLocation'), country: cell(row, 'StartCountry'), point: route?.[0] },
      end: { name: cell(row, 'EndLocation'), country: cell(row, 'EndCountry'), point: route?.at(-1) },
      polyline: route,
      owners: parseOwners(cell(row, 'Owner')),
      countries: [...new Set(rowCountries)],
    });
  });
  return { segments, skipped };
}

function routeOf(wkt: string, line: number, snapKm: number, warnings: string[]): LonLat[] | undefined {
  if (wkt.trim().length === 0) return undefined;
  const parsed = parseWkt(wkt);
  if (!parsed.ok) {
    warnings.push(`line ${line}: WKTFormat ${parsed.message}; its ends are joined by location name instead`);
    return undefined;
  }
  const chained = chainParts(parsed.lines);
  const gaps = chained.gapsKm.filter((gap) => gap > snapKm);
  if (gaps.length > 0) warnings.push(`line ${line}: MULTILINESTRING parts do not touch (gaps of ${gaps.map((gap) => gap.toFixed(1)).join(', ')} km), bridged straight`);
  return chained.points.length >= 2 ? chained.points : undefined;
}

type CapacityRead = { readonly ok: true; readonly value: NonNullable<Segment['capacity']> } | { readonly ok: false; readonly problem: string };

function capacityOf(written: string, unit: string, commodity: Commodity): CapacityRead {
  if (written.trim().length === 0) return { ok: false, problem: 'no capacity in the sheet' };
  const amount = Number(written.replace(/,/g, ''));
  if (!Number.isFinite(amount)) return { ok: false, problem: `capacity "${written}" is not a number` };
  const converted = convertCapacity(amount, unit, commodity);
  if (!converted.ok) return { ok: false, problem: converted.message };
  return { ok: true, value: { amount: converted.amount, unit: converted.unit, written: `${written} ${unit}`, how: converted.how } };
}
