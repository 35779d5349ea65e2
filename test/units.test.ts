import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commodityConversion, fromCanonical, gasConversion, parseQuantity, toCanonical, unitFitsCommodity, UNITS, unitsOf } from '../src/model/units.ts';

const crude = { ...commodityConversion(7.9), usdPerEur: 1.05 };
const gas = gasConversion(10.55, 'EUR', 1.05);

describe('units', () => {
  it('converts the figures analysts write to tonnes, tonnes per day and USD per tonne', () => {
    expect(toCanonical(67, 'Mt/yr', crude)).toBeCloseTo(67e6 / 365, 9);
    expect(toCanonical(3.5, 'Mt/month', crude)).toBeCloseTo((3.5e6 * 12) / 365, 9);
    expect(toCanonical(1.4, 'mb/d', crude)).toBeCloseTo(1.4e6 / 7.9, 9);
    expect(toCanonical(200, 'kb/d', crude)).toBeCloseTo(200e3 / 7.9, 9);
    expect(toCanonical(38, 'USD/t', crude)).toBe(38);
    expect(toCanonical(4.8, 'USD/bbl', crude)).toBeCloseTo(4.8 * 7.9, 12);
    // Density from barrels per tonne: 1 / (7.9 × 0.158987294928) t/m3 ≈ 0.796 t/m3.
    expect(toCanonical(1e6, 'm3', crude)).toBeCloseTo(1e6 / (7.9 * 0.158987294928), 6);
    expect(toCanonical(1e6, 'm3', commodityConversion(7.9, 0.85))).toBeCloseTo(850_000, 6);
    expect(toCanonical(50, '%', crude)).toBe(0.5);
  });

  it('round-trips every unit', () => {
    for (const unit of Object.keys(UNITS)) {
      const commodity = unitFitsCommodity(unit, 'crude') ? crude : gas;
      fc.assert(
        fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (amount) => {
          const back = fromCanonical(toCanonical(amount, unit, commodity), unit, commodity);
          return Math.abs(back - amount) <= 1e-9 * Math.max(1, Math.abs(amount));
        }),
      );
    }
  });

  it('parses any number written with any unit of the right dimension', () => {
    const dimensions = ['mass', 'massFlow', 'price', 'money', 'ratio', 'duration'] as const;
    for (const dimension of dimensions) {
      fc.assert(
        fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constantFrom(...unitsOf(dimension)), fc.constantFrom('', ' ', '  '), (amount, unit, space) => {
          const parsed = parseQuantity(`${amount}${space || ' '}${unit}`, dimension);
          return parsed.ok && parsed.quantity.unit === unit && parsed.quantity.amount === amount;
        }),
      );
    }
  });

  it('rejects an unknown unit and lists the known ones', () => {
    const parsed = parseQuantity('67 Mt/y', 'massFlow');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toContain('unknown unit "Mt/y"');
      expect(parsed.message).toContain('Mt/yr');
      expect(parsed.message).toContain('kb/d');
    }
  });

  it('rejects a unit of the wrong dimension and text that is not a quantity', () => {
    const wrong = parseQuantity('67 USD/t', 'massFlow');
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.message).toContain('is a price unit');
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseQuantity(text, 'mass');
        // Whatever the text, the parser answers with a result, never an exception.
        return parsed.ok ? unitsOf('mass').includes(parsed.quantity.unit) : parsed.message.length > 0;
      }),
    );
  });
});
