/**
 * Which units a network may use depends on what it carries: a gas network measures energy (MWh,
 * mcm via the calorific value) and has no tonnes or barrels; a crude network has no energy units.
 * Amounts in a currency other than the network's need its stated exchange rate. The schema checks
 * every quantity of a file once, here, so each refusal names its path.
 */
import type { z } from 'zod';
import { UNITS, unitFitsCommodity, type CommodityKind, type Currency } from './units.ts';

const QUANTITY = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S+)\s*$/;

interface UnitContext {
  readonly kind: CommodityKind;
  readonly currency: Currency;
  readonly hasRate: boolean;
}

/** The network's currency: stated, or USD for crude and EUR for gas. */
export function networkCurrency(kind: CommodityKind, stated: Currency | undefined): Currency {
  return stated ?? (kind === 'gas' ? 'EUR' : 'USD');
}

interface NetworkLike {
  readonly commodity: { readonly kind: CommodityKind };
  readonly money?: { readonly currency?: Currency | undefined; readonly usdPerEur?: unknown } | undefined;
}

export function checkCommodityUnits(file: NetworkLike, context: z.RefinementCtx): void {
  const unitContext: UnitContext = {
    kind: file.commodity.kind,
    currency: networkCurrency(file.commodity.kind, file.money?.currency),
    hasRate: file.money?.usdPerEur !== undefined,
  };
  for (const issue of unitIssues(file, unitContext, [])) context.addIssue({ code: 'custom', path: issue.path, message: issue.message, params: { code: 'unit-not-for-commodity' } });
}

/** Checks the quantities of any document (a network or a scenario) against a network's units. */
export function unitIssues(value: unknown, unitContext: UnitContext, path: (string | number)[]): { path: (string | number)[]; message: string }[] {
  if (typeof value === 'string') {
    const problem = unitProblem(value, unitContext);
    return problem ? [{ path, message: problem }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => unitIssues(item, unitContext, [...path, index]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => (key === 'source' || key === 'estimate' || key === 'note' ? [] : unitIssues(item, unitContext, [...path, key])));
}

function unitProblem(text: string, unitContext: UnitContext): string | undefined {
  const match = QUANTITY.exec(text);
  const unit = match?.[2];
  const definition = unit === undefined ? undefined : UNITS[unit];
  // Zero is zero in any unit (the schema's defaults, such as a tariff of 0 USD/t, are written so).
  if (!unit || !definition || Number(match?.[1]) === 0) return undefined;
  if (!unitFitsCommodity(unit, unitContext.kind)) {
    return unitContext.kind === 'gas'
      ? `"${unit}" measures crude (tonnes or barrels): a gas network writes energy (MWh, GWh/d, TWh, EUR/MWh, USD/MMBtu) or volumes (mcm, mcm/d, bcm/yr)`
      : `"${unit}" is an energy unit: only a gas network (commodity kind: gas) uses it`;
  }
  if (definition.currency && definition.currency !== unitContext.currency && !unitContext.hasRate) {
    return `"${text}" is in ${definition.currency} but the network counts in ${unitContext.currency}: add money.usdPerEur (with its date and source) or write the figure in ${unitContext.currency}`;
  }
  return undefined;
}
