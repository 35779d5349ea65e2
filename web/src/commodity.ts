import type { Network } from './types.ts';

/**
 * The units the page speaks for the network it shows. The engine's canonical "tonnes" are MWh on
 * a gas network and its money is the network's currency (docs/gas-model.md), so every figure on
 * the page goes through these: a gas view writes GWh/d, mcm/d, TWh and EUR, never kt/d, Mt or
 * barrels; a crude view keeps kt/d, Mt/yr, Mt and USD.
 */
export interface Units {
  readonly kind: 'crude' | 'gas';
  readonly currency: 'USD' | 'EUR';
  /** What flows, in a legend's words. */
  readonly stuff: 'oil' | 'gas';
  /** The map's "flows in" choices; the first is the default. */
  readonly flowUnits: readonly { readonly value: string; readonly label: string }[];
  /** A flow over `days` days (canonical amount) in a map unit. */
  flow(amount: number, days: number, unit: string): string;
  /** A total (exports lost, supply lost): Mt, or TWh/GWh. */
  amount(amount: number): string;
  /** A capacity per day, in the network's usual unit (with mcm/d beside for gas). */
  capacity(perDay: number): string;
  money(value: number): string;
  /** A price per canonical unit: USD/t or EUR/MWh. */
  readonly perUnit: string;
  /** Daily chart series: the unit written on the axis, and the divisor from canonical per day. */
  readonly rate: { readonly unit: string; readonly divisor: number };
  /** Stock charts (tanks, storage). */
  readonly stock: { readonly unit: string; readonly divisor: number };
  /** How the form asks for a new capacity or a tariff, and how it is written in the scenario file. */
  readonly capacityInput: string;
  readonly tariffInput: string;
}

export function moneyIn(currency: string): (value: number) => string {
  return (value) => {
    const magnitude = Math.abs(value);
    if (magnitude >= 1e9) return `${(value / 1e9).toFixed(2)} bn ${currency}`;
    if (magnitude >= 1e6) return `${(value / 1e6).toFixed(1)} M ${currency}`;
    return `${Math.round(value).toLocaleString('en-US')} ${currency}`;
  };
}

const CRUDE: Units = {
  kind: 'crude',
  currency: 'USD',
  stuff: 'oil',
  flowUnits: [
    { value: 'kt/d', label: 'kt/d' },
    { value: 'Mt/yr', label: 'Mt/yr' },
    { value: 'Mt', label: 'Mt over the horizon' },
  ],
  flow(tonnes, days, unit) {
    if (unit === 'Mt') return `${(tonnes / 1e6).toFixed(3)} Mt`;
    if (unit === 'Mt/yr') return `${(((tonnes / days) * 365) / 1e6).toFixed(2)} Mt/yr`;
    return `${(tonnes / days / 1000).toFixed(1)} kt/d`;
  },
  amount: (tonnes) => `${(tonnes / 1e6).toFixed(3)} Mt`,
  capacity: (perDay) => `${((perDay * 365) / 1e6).toFixed(1)} Mt/yr`,
  money: moneyIn('USD'),
  perUnit: 'USD/t',
  rate: { unit: 'kt/d', divisor: 1000 },
  stock: { unit: 'kt', divisor: 1000 },
  capacityInput: 'Mt/yr',
  tariffInput: 'USD/t',
};

/** Energy as TWh or GWh, whichever reads best (as the CLI's gas report writes it). */
export function energy(mwh: number): string {
  const magnitude = Math.abs(mwh);
  if (magnitude >= 1e6) return `${(mwh / 1e6).toFixed(2)} TWh`;
  if (magnitude >= 1e3) return `${(mwh / 1e3).toFixed(1)} GWh`;
  return `${mwh.toFixed(0)} MWh`;
}

function gasUnits(mwhPerCubicMetre: number, currency: 'USD' | 'EUR'): Units {
  const mcm = (mwh: number) => mwh / mwhPerCubicMetre / 1e6;
  return {
    kind: 'gas',
    currency,
    stuff: 'gas',
    flowUnits: [
      { value: 'GWh/d', label: 'GWh/d' },
      { value: 'mcm/d', label: 'mcm/d' },
      { value: 'TWh', label: 'TWh over the horizon' },
    ],
    flow(mwh, days, unit) {
      if (unit === 'TWh') return `${(mwh / 1e6).toFixed(2)} TWh`;
      if (unit === 'mcm/d') return `${mcm(mwh / days).toFixed(1)} mcm/d`;
      return `${(mwh / days / 1000).toFixed(1)} GWh/d`;
    },
    amount: energy,
    capacity: (perDay) => `${(perDay / 1000).toFixed(0)} GWh/d (${mcm(perDay).toFixed(1)} mcm/d)`,
    money: moneyIn(currency),
    perUnit: `${currency}/MWh`,
    rate: { unit: 'GWh/d', divisor: 1000 },
    stock: { unit: 'TWh', divisor: 1e6 },
    capacityInput: 'GWh/d',
    tariffInput: `${currency}/MWh`,
  };
}

/** The units of a served network: its commodity kind and currency say which. */
export function unitsOf(network: Pick<Network, 'commodity'>): Units {
  const { kind, currency, tonnesPerCubicMetre } = network.commodity;
  if (kind === 'gas') return gasUnits(tonnesPerCubicMetre, currency);
  return currency === 'USD' ? CRUDE : { ...CRUDE, currency, money: moneyIn(currency), perUnit: `${currency}/t`, tariffInput: `${currency}/t` };
}
