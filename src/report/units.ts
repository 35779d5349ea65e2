/**
 * How a text report writes the engine's canonical figures for the network it is about. The engine
 * counts every network in "tonnes" and "USD"; on a gas network those hold MWh and the network's
 * currency (docs/gas-model.md), so a gas report writes GWh/TWh, the currency and the currency per
 * MWh, and names its figures in gas words. (The web page's counterpart is web/src/commodity.ts.)
 */
import { energy, money } from './gas-report.ts';
import { grouped, usd, volume, type VolumeFormat } from './format.ts';

export interface ReportUnits {
  readonly kind: 'crude' | 'gas';
  /** A canonical amount (tonnes; MWh on gas). */
  amount(canonical: number): string;
  /** Canonical money (USD; the network's currency on gas). */
  money(value: number): string;
  /** A price per canonical unit (USD/t; currency/MWh on gas). */
  perUnit(value: number): string;
  /** A figure's name as the engine writes it, in the network's words. */
  words(name: string): string;
}

export function crudeUnits(format: VolumeFormat): ReportUnits {
  return { kind: 'crude', amount: (tonnes) => volume(tonnes, format), money: usd, perUnit: (value) => `${grouped(value, 2)} USD/t`, words: (name) => name };
}

/**
 * The text's words for figures a gas comparison names tersely (compare.ts already names them in
 * gas words: deliveries, supplies, storage; docs/gas-results.md): what they add up over, and who
 * earns the revenue and netback.
 */
const GAS_WORDS: readonly (readonly [RegExp, string])[] = [
  [/^deliveries lost$/, 'deliveries lost, all corridors (net of replacement)'],
  [/^revenue lost$/, "suppliers' revenue lost"],
  [/^netback lost$/, "suppliers' netback lost"],
  [/^storage built$/, 'storage built (end)'],
  [/^peak storage built$/, 'storage built (peak)'],
  [/^shadow price (.*)$/, 'shadow price of $1 (mean)'],
];

export function gasUnits(currency: string): ReportUnits {
  return {
    kind: 'gas',
    amount: energy,
    money: (value) => money(value, currency),
    perUnit: (value) => `${grouped(value, 2)} ${currency}/MWh`,
    words: (name) => GAS_WORDS.reduce((text, [pattern, words]) => text.replace(pattern, words), name),
  };
}
