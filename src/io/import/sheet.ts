import type ExcelJS from 'exceljs';

/** A tracker sheet as rows of cells keyed by the header's column names (trimmed). */
export type SheetRow = Readonly<Record<string, string>>;

export interface Sheet {
  readonly columns: readonly string[];
  readonly rows: readonly SheetRow[];
  /** The worksheet read, for XLSX workbooks with several. */
  readonly sheetName?: string | undefined;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; a BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let index = 0; index < source.length; index += 1) {
    const character = source[index]!;
    if (quoted) {
      if (character === '"' && source[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"' && field.length === 0) quoted = true;
    else if (character === ',') {
      record.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && source[index + 1] === '\n') index += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += character;
  }
  if (field.length > 0 || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((row) => row.some((cell) => cell.trim().length > 0));
}

function sheetOf(records: readonly (readonly string[])[], sheetName?: string): Sheet {
  const [header = [], ...body] = records;
  const columns = header.map((name) => name.trim());
  const rows = body.map((cells) => Object.fromEntries(columns.map((column, index) => [column, (cells[index] ?? '').trim()])));
  return { columns, rows, sheetName };
}

export function csvSheet(text: string): Sheet {
  return sheetOf(parseCsv(text));
}

/** Text of an XLSX cell whatever it holds: rich text, a formula's result, a hyperlink, a date. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return '';
}

/**
 * Reads an XLSX workbook; the published trackers hold an "About" sheet and data sheets, so the
 * first sheet whose first row has every required column is taken.
 */
export async function xlsxSheet(bytes: Uint8Array, required: readonly string[]): Promise<Sheet | { readonly missing: string; readonly sheets: string[] }> {
  // Loaded on demand: the reader is large, and every other command would pay for it at start-up.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const names: string[] = [];
  for (const worksheet of workbook.worksheets) {
    names.push(worksheet.name);
    const records: string[][] = [];
    worksheet.eachRow({ includeEmpty: false }, (row) => {
      const values = row.values as ExcelJS.CellValue[];
      // row.values is 1-based: index 0 is always empty.
      records.push(Array.from({ length: Math.max(0, values.length - 1) }, (_, index) => cellText(values[index + 1])));
    });
    const header = new Set((records[0] ?? []).map(normaliseColumn));
    if (required.every((column) => header.has(normaliseColumn(column)))) return sheetOf(records, worksheet.name);
  }
  return { missing: required.join(', '), sheets: names };
}

/** Column names are matched without case, spaces or underscores ("Start Country" = "StartCountry"). */
export function normaliseColumn(name: string): string {
  return name.toLowerCase().replace(/[\s_]+/g, '');
}
