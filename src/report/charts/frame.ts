import { el, type SvgChild, type SvgElement } from './svg-tree.ts';

/** Font and size of every chart: the page and the CLI's files look the same. */
export const FONT = 'DejaVu Sans, sans-serif';
export const FONT_PX = 11;
/** Roughly how wide a character of the chart font is, for laying out legends without a DOM. */
export const CHAR_PX = FONT_PX * 0.6;

export const PALETTE = ['#3a6ea5', '#c0392b', '#2e8b57', '#e67e22', '#8e44ad', '#16a085', '#7f8c8d', '#d35400', '#2c3e50', '#b7950b'];

/** A self-contained SVG: white background, the font named, a role and a label for screen readers. */
export function frame(width: number, height: number, label: string, ...children: SvgChild[]): SvgElement {
  return el('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label, 'font-family': FONT, 'font-size': FONT_PX }, el('rect', { width: '100%', height: '100%', fill: 'white' }), ...children);
}

/** A tick label: whole numbers from 100 up, one decimal from 10, two below. */
export function tickText(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude >= 100 ? value.toFixed(0) : magnitude >= 10 ? value.toFixed(1) : value === 0 ? '0' : value.toFixed(2);
}

export interface LegendItem {
  readonly label: string;
  readonly colour: string;
  readonly dashed?: boolean;
  readonly swatch?: 'line' | 'box';
}

/**
 * Legend entries flowed into rows within `width`, each as wide as its label: long names take
 * the room they need instead of running into the next entry.
 */
export function legendLayout(items: readonly LegendItem[], width: number): { x: number; row: number }[] {
  const gap = 14;
  const places: { x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const size = 22 + item.label.length * CHAR_PX;
    if (x > 0 && x + size > width) {
      x = 0;
      row += 1;
    }
    places.push({ x, row });
    x += size + gap;
  }
  return places;
}

export const legendRows = (items: readonly LegendItem[], width: number) => (items.length === 0 ? 0 : Math.max(...legendLayout(items, width).map((place) => place.row)) + 1);

export function legend(items: readonly LegendItem[], left: number, top: number, width: number): SvgElement {
  const places = legendLayout(items, width);
  return el(
    'g',
    { class: 'legend' },
    ...items.map((item, index) => {
      const { x, row } = places[index]!;
      const y = top + row * 14;
      const swatch =
        item.swatch === 'box'
          ? el('rect', { x: left + x, y: y - 9, width: 10, height: 10, fill: item.colour })
          : el('line', { x1: left + x, y1: y - 4, x2: left + x + 18, y2: y - 4, stroke: item.colour, 'stroke-width': 2, 'stroke-dasharray': item.dashed ? '4 3' : undefined });
      return el('g', {}, swatch, el('text', { x: left + x + 22, y }, item.label));
    }),
  );
}
