/** Number formatting and plain-text tables for terminal reports. */

export type VolumeUnit = 't' | 'kt' | 'Mt' | 'bbl' | 'kb' | 'mb';
export const VOLUME_UNITS: readonly VolumeUnit[] = ['t', 'kt', 'Mt', 'bbl', 'kb', 'mb'];

export interface VolumeFormat {
  readonly unit: VolumeUnit;
  /** Barrels per tonne used when a figure known only in tonnes is shown in barrels. */
  readonly barrelsPerTonne: number;
}

const DIVISORS: Record<VolumeUnit, number> = { t: 1, kt: 1e3, Mt: 1e6, bbl: 1, kb: 1e3, mb: 1e6 };

export function isBarrelUnit(unit: VolumeUnit): boolean {
  return unit === 'bbl' || unit === 'kb' || unit === 'mb';
}

/** Formats a volume given in tonnes (and, when known exactly, in barrels). */
export function volume(tonnes: number, format: VolumeFormat, barrels?: number): string {
  const amount = isBarrelUnit(format.unit) ? (barrels ?? tonnes * format.barrelsPerTonne) : tonnes;
  return `${grouped(amount / DIVISORS[format.unit], decimalsFor(format.unit))} ${format.unit}`;
}

function decimalsFor(unit: VolumeUnit): number {
  return unit === 'Mt' || unit === 'mb' ? 3 : unit === 'kt' || unit === 'kb' ? 1 : 0;
}

export function usd(amount: number): string {
  const magnitude = Math.abs(amount);
  if (magnitude >= 1e9) return `${grouped(amount / 1e9, 2)} bn USD`;
  if (magnitude >= 1e6) return `${grouped(amount / 1e6, 1)} M USD`;
  return `${grouped(amount, 0)} USD`;
}

export function grouped(value: number, decimals: number): string {
  const fixed = (Object.is(value, -0) ? 0 : value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.');
  const withCommas = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${withCommas}.${fraction}` : withCommas;
}

export function percent(share: number): string {
  return `${grouped(share * 100, 1)} %`;
}

/** A left-aligned first column, right-aligned numbers; no colour so logs stay clean. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
