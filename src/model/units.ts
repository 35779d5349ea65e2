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
 *
 * A gas network (commodity kind `gas`, docs/gas-model.md) keeps the same dimensions but its base
 * quantity is energy: "mass" is MWh, "mass flow" MWh/d, "price" money per MWh; cubic metres
 * convert through the stated calorific value (MWh per m3 in place of the density). Money is the
 * network's currency (USD for crude, EUR by default for gas); a price or amount written in the
 * other currency converts at the network's stated USD-per-EUR rate.
 */

export type Dimension = 'mass' | 'massFlow' | 'price' | 'money' | 'ratio' | 'duration';

export type CommodityKind = 'crude' | 'gas';
export type Currency = 'USD' | 'EUR';

export interface CommodityConversion {
  readonly barrelsPerTonne: number;
  /** Tonnes per cubic metre (crude); MWh per cubic metre at standard conditions (gas). */
  readonly tonnesPerCubicMetre: number;
  /** Absent = crude: base quantity tonnes. Gas: base quantity MWh. */
  readonly kind?: CommodityKind | undefined;
  /** The currency of every canonical amount; absent = USD. */
  readonly currency?: Currency | undefined;
  /** Exchange rate for amounts written in the other currency (USD per EUR). */
  readonly usdPerEur?: number | undefined;
}

/** 1 MMBtu (international table) = 1.055056 GJ = 0.29307107 MWh. */
export const MWH_PER_MMBTU = 0.29307107;

/** One US oil barrel is exactly 42 US gallons = 0.158987294928 m3. */
export const CUBIC_METRES_PER_BARREL = 0.158987294928;
export const DAYS_PER_YEAR = 365;
export const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;

type Basis = 'mass' | 'barrels' | 'cubicMetres' | 'energy' | 'none';

interface UnitDefinition {
  readonly dimension: Dimension;
  /** Multiplier from the written amount to the canonical unit, before the commodity basis. */
  readonly factor: number;
  /** What the written amount measures; volumes are turned into tonnes with the commodity. */
  readonly basis: Basis;
  /** For prices and money: the currency written (converted to the network's). */
  readonly currency?: Currency;
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
  mcm: { dimension: 'mass', factor: 1e6, basis: 'cubicMetres', description: 'million cubic metres (gas at standard conditions; via the calorific value in a gas network)' },
  bcm: { dimension: 'mass', factor: 1e9, basis: 'cubicMetres', description: 'billion cubic metres (gas at standard conditions; via the calorific value in a gas network)' },
  kWh: { dimension: 'mass', factor: 1e-3, basis: 'energy', description: 'kilowatt hour (gas networks)' },
  MWh: { dimension: 'mass', factor: 1, basis: 'energy', description: 'megawatt hour (gas networks)' },
  GWh: { dimension: 'mass', factor: 1e3, basis: 'energy', description: 'gigawatt hour (gas networks)' },
  TWh: { dimension: 'mass', factor: 1e6, basis: 'energy', description: 'terawatt hour (gas networks)' },
  MMBtu: { dimension: 'mass', factor: MWH_PER_MMBTU, basis: 'energy', description: 'million British thermal units (gas networks; 0.29307107 MWh)' },
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
  'MWh/d': { dimension: 'massFlow', factor: 1, basis: 'energy', description: 'megawatt hours per day (gas networks)' },
  'GWh/d': { dimension: 'massFlow', factor: 1e3, basis: 'energy', description: 'gigawatt hours per day (gas networks)' },
  'TWh/d': { dimension: 'massFlow', factor: 1e6, basis: 'energy', description: 'terawatt hours per day (gas networks)' },
  'TWh/month': { dimension: 'massFlow', factor: 1e6 * perMonth, basis: 'energy', description: 'terawatt hours per month (gas networks)' },
  'TWh/yr': { dimension: 'massFlow', factor: 1e6 * perYear, basis: 'energy', description: 'terawatt hours per year (gas networks)' },
  // price
  'USD/t': { dimension: 'price', factor: 1, basis: 'mass', currency: 'USD', description: 'US dollars per tonne' },
  'USD/kt': { dimension: 'price', factor: 1e-3, basis: 'mass', currency: 'USD', description: 'US dollars per thousand tonnes' },
  'USD/bbl': { dimension: 'price', factor: 1, basis: 'barrels', currency: 'USD', description: 'US dollars per barrel' },
  'USD/m3': { dimension: 'price', factor: 1, basis: 'cubicMetres', currency: 'USD', description: 'US dollars per cubic metre' },
  'EUR/MWh': { dimension: 'price', factor: 1, basis: 'energy', currency: 'EUR', description: 'euros per megawatt hour (gas networks)' },
  'USD/MWh': { dimension: 'price', factor: 1, basis: 'energy', currency: 'USD', description: 'US dollars per megawatt hour (gas networks)' },
  'USD/MMBtu': { dimension: 'price', factor: 1 / MWH_PER_MMBTU, basis: 'energy', currency: 'USD', description: 'US dollars per million British thermal units (gas networks; × 3.412142 = USD/MWh)' },
  'USD/tcm': { dimension: 'price', factor: 1e-3, basis: 'cubicMetres', currency: 'USD', description: 'US dollars per thousand cubic metres (gas contract prices, via the calorific value)' },
  'EUR/tcm': { dimension: 'price', factor: 1e-3, basis: 'cubicMetres', currency: 'EUR', description: 'euros per thousand cubic metres (via the calorific value)' },
  // money
  USD: { dimension: 'money', factor: 1, basis: 'none', currency: 'USD', description: 'US dollars' },
  kUSD: { dimension: 'money', factor: 1e3, basis: 'none', currency: 'USD', description: 'thousand US dollars' },
  MUSD: { dimension: 'money', factor: 1e6, basis: 'none', currency: 'USD', description: 'million US dollars' },
  bnUSD: { dimension: 'money', factor: 1e9, basis: 'none', currency: 'USD', description: 'billion US dollars' },
  EUR: { dimension: 'money', factor: 1, basis: 'none', currency: 'EUR', description: 'euros' },
  kEUR: { dimension: 'money', factor: 1e3, basis: 'none', currency: 'EUR', description: 'thousand euros' },
  MEUR: { dimension: 'money', factor: 1e6, basis: 'none', currency: 'EUR', description: 'million euros' },
  bnEUR: { dimension: 'money', factor: 1e9, basis: 'none', currency: 'EUR', description: 'billion euros' },
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

/**
 * A gas network's conversions: base quantity MWh, cubic metres through the calorific value
 * (kWh per m3 at standard conditions), money in `currency`. Barrels have no meaning for gas; the
 * value 1 only keeps per-barrel terms (always 0 for gas) out of the arithmetic.
 */
export function gasConversion(kWhPerCubicMetre: number, currency: Currency = 'EUR', usdPerEur?: number): CommodityConversion {
  return { barrelsPerTonne: 1, tonnesPerCubicMetre: kWhPerCubicMetre / 1000, kind: 'gas', currency, ...(usdPerEur === undefined ? {} : { usdPerEur }) };
}

/** Converts one written amount in `unit` to the canonical unit of its dimension. */
export function toCanonical(amount: number, unit: string, commodity: CommodityConversion): number {
  const definition = UNITS[unit];
  if (!definition) throw new Error(`unknown unit ${unit}`);
  if (amount === 0) return 0;
  return amount * definition.factor * basisFactor(definition, commodity) * currencyFactor(definition, commodity);
}

/** The inverse of `toCanonical`: expresses a canonical value in `unit`. */
export function fromCanonical(value: number, unit: string, commodity: CommodityConversion): number {
  const definition = UNITS[unit];
  if (!definition) throw new Error(`unknown unit ${unit}`);
  return value / (definition.factor * basisFactor(definition, commodity) * currencyFactor(definition, commodity));
}

/** Canonical amount per written amount, from the commodity (barrels, density or calorific value). */
function basisFactor(definition: UnitDefinition, commodity: CommodityConversion): number {
  // Amounts per volume (prices) scale the other way from volumes themselves.
  const perVolume = definition.dimension === 'price';
  switch (definition.basis) {
    case 'barrels':
      return perVolume ? commodity.barrelsPerTonne : 1 / commodity.barrelsPerTonne;
    case 'cubicMetres':
      return perVolume ? 1 / commodity.tonnesPerCubicMetre : commodity.tonnesPerCubicMetre;
    case 'energy':
      if ((commodity.kind ?? 'crude') !== 'gas') throw new Error(`energy units need a gas network (commodity kind gas)`);
      return 1;
    default:
      return 1;
  }
}

/** Network currency per written currency unit. */
export function currencyFactor(definition: { readonly currency?: Currency | undefined }, commodity: CommodityConversion): number {
  const target = commodity.currency ?? 'USD';
  if (!definition.currency || definition.currency === target) return 1;
  const rate = commodity.usdPerEur;
  if (rate === undefined) throw new Error(`an amount in ${definition.currency} needs the network's money.usdPerEur rate`);
  return definition.currency === 'USD' ? 1 / rate : rate;
}

/** Which units a network of this kind accepts (the others are refused with their path). */
export function unitFitsCommodity(unit: string, kind: CommodityKind): boolean {
  const basis = UNITS[unit]?.basis;
  if (basis === undefined) return true;
  return kind === 'gas' ? basis !== 'mass' && basis !== 'barrels' : basis !== 'energy';
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
