import { html, type TemplateResult } from 'lit-html';

/** Formatting and DOM helpers shared by the app's panels. */

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export function usd(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9) return `${(value / 1e9).toFixed(2)} bn USD`;
  if (magnitude >= 1e6) return `${(value / 1e6).toFixed(1)} M USD`;
  return `${Math.round(value).toLocaleString('en-US')} USD`;
}

export const mt = (tonnes: number) => `${(tonnes / 1e6).toFixed(3)} Mt`;

export const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)} %`;

/** A cell is text (bound as text, never parsed as HTML) or a template of its own. */
export type Cell = string | TemplateResult;

/** A table's rows from a header row and body rows; every value is bound, none concatenated. */
export function tableRows(header: readonly string[], rows: readonly (readonly Cell[])[]): TemplateResult {
  return html`<tr>${header.map((cell) => html`<th>${cell}</th>`)}</tr>${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}`;
}
