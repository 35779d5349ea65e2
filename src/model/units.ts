/**
 * Quantities are written with units in network and scenario files ("67 Mt/yr", "4.8 USD/bbl")
 * and converted once, at load time, into the engine's canonical units:
 *   mass            tonnes (t)
 *   mass flow       tonnes per day (t/d)
 *   price           USD per tonne (USD/t)
 *   money           USD
 *   ratio           fraction (0.5 = 50 %)
 *   duration        days
 * Volume units need the commodity: barrels per tonne, and density for cubic metres.
 */

export type Dimension = 'mass' | 'massFlow' | 'price' | 'money' | 'ratio' | 'duration';

export interface CommodityConversion {
  readonly barrelsPerTonne: number;
  /** Tonnes per cubic metre. */
  readonly tonnesPerCubicMetre: number;
}

/** One US oil barrel is exactly 42 US gallons = 0.158987294928 m3. */
export const CUBIC_METRES_PER_BARREL = 0.158987294928;
export const DAYS_PER_YEAR = 365;
export const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;

type Basis = 'mass' | 'barrels' | 'cubicMetres' | 'none';

interface UnitDefinition {
  readonly dimension: Dimension;
  /** Multiplier from the written amount to the canonical unit, before the commodity basis. */
  readonly factor: number;
  /** What the written amount measures; volumes are turned into tonnes with the commodity. */
  readonly basis: Basis;
  readonly description: string;
}

const perYear = 1 / DAYS_PER_YEAR;
const perMonth = 1 / DAYS_PER_MONTH;

export const UNITS: Readonly<Record<string, UnitDefinition>> = {
  // mass
  t: { dimension: 'mass', factor: 1, basis: 'mass', description: 'tonne' },
  kt: { dimension: 'mass', factor: 1e3, basis: 'mass', description: 'thousand tonnes' },
  Mt: { dimension: 'mass', factor: 1e6, basis: 'mass', description: 'million tonnes' },
  bbl: { dimension: 'mass', factor: 1, basis: 'barrels', description: 'barrel (via barrels per tonne)' },
  kb: { dimension: 'mass', factor: 1e3, basis: 'barrels', description: 'thousand barrels' },
  mb: { dimension: 'mass', factor: 1e6, basis: 'barrels', description: 'million barrels' },
  m3: { dimension: 'mass', factor: 1, basis: 'cubicMetres', description: 'cubic metre (via density)' },
  mcm: { dimension: 'mass', factor: 1e6, basis: 'cubicMetres', description: 'million cubic metres (gas at standard conditions, via density)' },
  bcm: { dimension: 'mass', factor: 1e9, basis: 'cubicMetres', description: 'billion cubic metres (gas at standard conditions, via density)' },
  // mass flow
  't/d': { dimension: 'massFlow', factor: 1, basis: 'mass', description: 'tonnes per day' },
  'kt/d': { dimension: 'massFlow', factor: 1e3, basis: 'mass', description: 'thousand tonnes per day' },
  't/yr': { dimension: 'massFlow', factor: perYear, basis: 'mass', description: 'tonnes per year' },
  'kt/yr': { dimension: 'massFlow', factor: 1e3 * perYear, basis: 'mass', description: 'thousand tonnes per year' },
  'Mt/yr': { dimension: 'massFlow', factor: 1e6 * perYear, basis: 'mass', description: 'million tonnes per year' },
  'kt/month': { dimension: 'massFlow', factor: 1e3 * perMonth, basis: 'mass', description: 'thousand tonnes per month' },
  'Mt/month': { dimension: 'massFlow', factor: 1e6 * perMonth, basis: 'mass', description: 'million tonnes per month' },
  'b/d': { dimension: 'massFlow', factor: 1, basis: 'barrels', description: 'barrels per day' },
  'bbl/d': { dimension: 'massFlow', factor: 1, basis: 'barrels', description: 'barrels per day' },
  'kb/d': { dimension: 'massFlow', factor: 1e3, basis: 'barrels', description: 'thousand barrels per day' },
  'mb/d': { dimension: 'massFlow', factor: 1e6, basis: 'barrels', description: 'million barrels per day' },
  'm3/d': { dimension: 'massFlow', factor: 1, basis: 'cubicMetres', description: 'cubic metres per day' },
  'mcm/d': { dimension: 'massFlow', factor: 1e6, basis: 'cubicMetres', description: 'million cubic metres per day (gas)' },
  'bcm/yr': { dimension: 'massFlow', factor: 1e9 * perYear, basis: 'cubicMetres', description: 'billion cubic metres per year (gas; 1 bcm/yr = 1/0.365 mcm/d)' },
  // price
  'USD/t': { dimension: 'price', factor: 1, basis: 'mass', description: 'US dollars per tonne' },
  'USD/kt': { dimension: 'price', factor: 1e-3, basis: 'mass', description: 'US dollars per thousand tonnes' },
  'USD/bbl': { dimension: 'price', factor: 1, basis: 'barrels', description: 'US dollars per barrel' },
  'USD/m3': { dimension: 'price', factor: 1, basis: 'cubicMetres', description: 'US dollars per cubic metre' },
  // money
  USD: { dimension: 'money', factor: 1, basis: 'none', description: 'US dollars' },
  kUSD: { dimension: 'money', factor: 1e3, basis: 'none', description: 'thousand US dollars' },
  MUSD: { dimension: 'money', factor: 1e6, basis: 'none', description: 'million US dollars' },
  bnUSD: { dimension: 'money', factor: 1e9, basis: 'none', description: 'billion US dollars' },
  // ratio
  '%': { dimension: 'ratio', factor: 0.01, basis: 'none', description: 'per cent' },
  // duration
  d: { dimension: 'duration', factor: 1, basis: 'none', description: 'days' },
  days: { dimension: 'duration', factor: 1, basis: 'none', description: 'days' },
};

export function unitsOf(dimension: Dimension): string[] {
  return Object.keys(UNITS).filter((unit) => UNITS[unit]?.dimension === dimension);
}

export function commodityConversion(barrelsPerTonne: number, tonnesPerCubicMetre?: number): CommodityConversion {
  return {
    barrelsPerTonne,
    tonnesPerCubicMetre: tonnesPerCubicMetre ?? 1 / (barrelsPerTonne * CUBIC_METRES_PER_BARREL),
  };
}

/** Converts one written amount in `unit` to the canonical unit of its dimension. */
export function toCanonical(amount: number, unit: string, commodity: CommodityConversion): number {
  const definition = UNITS[unit];
  if (!definition) throw new Error(`unknown unit ${unit}`);
  const written = amount * definition.factor;
  // Amounts per volume (prices) scale the other way from volumes themselves.
  const perVolume = definition.dimension === 'price';
  switch (definition.basis) {
    case 'barrels':
      return perVolume ? written * commodity.barrelsPerTonne : written / commodity.barrelsPerTonne;
    case 'cubicMetres':
      return perVolume ? written / commodity.tonnesPerCubicMetre : written * commodity.tonnesPerCubicMetre;
    default:
      return written;
  }
}

/** The inverse of `toCanonical`: expresses a canonical value in `unit`. */
export function fromCanonical(value: number, unit: string, commodity: CommodityConversion): number {
  const definition = UNITS[unit];
  if (!definition) throw new Error(`unknown unit ${unit}`);
  const perVolume = definition.dimension === 'price';
  let written = value;
  if (definition.basis === 'barrels') {
    written = perVolume ? value / commodity.barrelsPerTonne : value * commodity.barrelsPerTonne;
  } else if (definition.basis === 'cubicMetres') {
    written = perVolume ? value * commodity.tonnesPerCubicMetre : value / commodity.tonnesPerCubicMetre;
  }
  return written / definition.factor;
}

export interface ParsedQuantity {
  readonly amount: number;
  readonly unit: string;
}

export type QuantityParse =
  | { readonly ok: true; readonly quantity: ParsedQuantity }
  | { readonly ok: false; readonly message: string; /** Set when the number is too large for a double: the unit it was written in. */ readonly overflowIn?: string };

const QUANTITY_PATTERN = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S+)\s*$/;

/** Parses "67 Mt/yr", "1e6 m3", "-2.75 USD/bbl", "50 %" and checks the unit's dimension. */
export function parseQuantity(text: string, dimension: Dimension): QuantityParse {
  const known = unitsOf(dimension);
  const match = QUANTITY_PATTERN.exec(text);
  if (!match) {
    return { ok: false, message: `"${text}" is not a quantity: write a number and a unit, e.g. "${exampleOf(dimension)}"` };
  }
  const amount = Number(match[1]);
  const unit = match[2] ?? '';
  const definition = UNITS[unit];
  if (!definition) {
    return { ok: false, message: `unknown unit "${unit}" in "${text}"; known ${dimension} units: ${known.join(', ')}` };
  }
  if (definition.dimension !== dimension) {
    return {
      ok: false,
      message: `"${unit}" is a ${definition.dimension} unit but a ${dimension} is expected here; use one of: ${known.join(', ')}`,
    };
  }
  if (!Number.isFinite(amount)) return { ok: false, message: `"${text}" is not a finite number`, overflowIn: unit };
  return { ok: true, quantity: { amount, unit } };
}

function exampleOf(dimension: Dimension): string {
  const examples: Record<Dimension, string> = {
    mass: '1.5 Mt',
    massFlow: '67 Mt/yr',
    price: '38 USD/t',
    money: '5 MUSD',
    ratio: '50 %',
    duration: '10 d',
  };
  return examples[dimension];
}
