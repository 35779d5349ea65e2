/**
 * The capacity units of the GEM pipeline trackers, each with the conversion to a unit the network
 * files speak: gas into mcm/d (million standard cubic metres per day), crude into b/d, Mt/yr or
 * m3/d as written (barrels stay barrels, tonnes stay tonnes). The stated factors are part of the
 * imported figure's source text.
 */

export type Commodity = 'gas' | 'crude';

interface Conversion {
  readonly unit: string;
  readonly factor: number;
  readonly how: string;
}

const CUBIC_METRES_PER_CUBIC_FOOT = 0.028316846592; // exactly 0.3048^3
const MCM_PER_BCM_YEAR = 1000 / 365;
/** BP Statistical Review, approximate conversion factors: 1 Mt of LNG = 1.36 bcm of natural gas. */
const BCM_PER_MT_LNG = 1.36;
/** GIE storage data: ≈10.3 TWh per bcm (gas-facts.md, derived from AGSI+ [S64]). */
const GWH_PER_MCM = 10.3;

const GAS: Readonly<Record<string, Conversion>> = {
  'bcm/y': { unit: 'mcm/d', factor: MCM_PER_BCM_YEAR, how: '1 bcm/y = 1000/365 mcm/d' },
  'mcm/d': { unit: 'mcm/d', factor: 1, how: 'as written' },
  'mmscmd': { unit: 'mcm/d', factor: 1, how: '1 MMSCMD = 1 mcm/d' },
  'mcm/y': { unit: 'mcm/d', factor: 1 / 365, how: '1 mcm/y = 1/365 mcm/d' },
  'mmcf/d': { unit: 'mcm/d', factor: CUBIC_METRES_PER_CUBIC_FOOT, how: '1 MMcf/d = 0.0283168 mcm/d (1 ft3 = 0.0283168 m3)' },
  'bcf/d': { unit: 'mcm/d', factor: 1000 * CUBIC_METRES_PER_CUBIC_FOOT, how: '1 bcf/d = 28.3168 mcm/d' },
  'bcf/y': { unit: 'mcm/d', factor: (1000 * CUBIC_METRES_PER_CUBIC_FOOT) / 365, how: '1 bcf/y = 28.3168/365 mcm/d' },
  mtpa: { unit: 'mcm/d', factor: (BCM_PER_MT_LNG * 1000) / 365, how: '1 Mtpa of LNG = 1.36 bcm/y (BP Statistical Review conversion factors) = 3.726 mcm/d' },
  'gwh/d': { unit: 'mcm/d', factor: 1 / GWH_PER_MCM, how: '10.3 GWh per mcm (GIE AGSI+ storage data, ≈10.3 TWh/bcm)' },
  'm3/d': { unit: 'mcm/d', factor: 1e-6, how: '1 m3/d = 1e-6 mcm/d' },
};

const CRUDE: Readonly<Record<string, Conversion>> = {
  'b/d': { unit: 'b/d', factor: 1, how: 'as written' },
  'kb/d': { unit: 'b/d', factor: 1e3, how: '1 kb/d = 1000 b/d' },
  'mmbbl/d': { unit: 'b/d', factor: 1e6, how: '1 MMbbl/d = 1e6 b/d' },
  'b/y': { unit: 'b/d', factor: 1 / 365, how: '1 b/y = 1/365 b/d' },
  'mt/y': { unit: 'Mt/yr', factor: 1, how: 'as written' },
  't/y': { unit: 'Mt/yr', factor: 1e-6, how: '1 t/y = 1e-6 Mt/yr' },
  'm3/d': { unit: 'm3/d', factor: 1, how: 'as written' },
  'm3/y': { unit: 'm3/d', factor: 1 / 365, how: '1 m3/y = 1/365 m3/d' },
};

/** Spellings seen in the trackers, folded to one key. */
const ALIASES: Readonly<Record<string, string>> = {
  'bcm/yr': 'bcm/y', 'bcm/a': 'bcm/y', bcma: 'bcm/y', 'bcm/year': 'bcm/y', bcmy: 'bcm/y', 'bcm per year': 'bcm/y',
  mmscm: 'mmscmd', 'mmscm/d': 'mmscmd', 'mscm/d': 'mmscmd', 'million m3/d': 'mcm/d', 'mcmd': 'mcm/d',
  mmcfd: 'mmcf/d', mmscfd: 'mmcf/d', 'mmscf/d': 'mmcf/d', 'mmcf/day': 'mmcf/d', 'bcfd': 'bcf/d', 'bcf/yr': 'bcf/y',
  'mt/yr': 'mt/y', 'mt/a': 'mt/y', 'mtpa (lng)': 'mtpa', 'mtpy': 'mtpa',
  'gwh/day': 'gwh/d', 'm3/day': 'm3/d', 'm3/yr': 'm3/y',
  bpd: 'b/d', 'bbl/d': 'b/d', 'boe/d': 'b/d', boepd: 'b/d', 'b/day': 'b/d', 'barrels/d': 'b/d',
  kbpd: 'kb/d', 'kbbl/d': 'kb/d', 'kboe/d': 'kb/d', 'thousand b/d': 'kb/d',
  // "Mb/d" is left out on purpose: the industry reads it as thousand, this project's units as million.
  mmbpd: 'mmbbl/d', 'mmb/d': 'mmbbl/d', 'million b/d': 'mmbbl/d', 'bbl/y': 'b/y', bpy: 'b/y',
  tpa: 't/y', 't/yr': 't/y', 't/a': 't/y',
};

/** For crude, "Mtpa" means million tonnes of crude a year, not LNG. */
const CRUDE_ALIASES: Readonly<Record<string, string>> = { mtpa: 'mt/y', mtpy: 'mt/y' };

export type CapacityConversion =
  | { readonly ok: true; readonly amount: number; readonly unit: string; readonly how: string }
  | { readonly ok: false; readonly message: string };

export function convertCapacity(amount: number, writtenUnit: string, commodity: Commodity): CapacityConversion {
  const key = writtenUnit.trim().toLowerCase().replace(/\s+/g, ' ');
  const table = commodity === 'gas' ? GAS : CRUDE;
  const folded = (commodity === 'crude' ? CRUDE_ALIASES[key] : undefined) ?? ALIASES[key] ?? key;
  const conversion = table[folded];
  if (!conversion) return { ok: false, message: `unit "${writtenUnit}" is not a ${commodity} capacity unit this importer knows (listed by chokepoint import --help)` };
  if (!Number.isFinite(amount) || amount < 0) return { ok: false, message: `capacity "${amount}" is not a non-negative number` };
  return { ok: true, amount: amount * conversion.factor, unit: conversion.unit, how: conversion.how };
}

export function knownUnits(commodity: Commodity): string {
  const table = commodity === 'gas' ? GAS : CRUDE;
  const aliases = Object.entries({ ...ALIASES, ...(commodity === 'crude' ? CRUDE_ALIASES : {}) })
    .filter(([, key]) => key in table)
    .map(([alias]) => alias);
  return [...Object.keys(table), ...aliases].join(', ');
}
