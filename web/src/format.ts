import { html, type TemplateResult } from 'lit-html';

/** Formatting and DOM helpers shared by the app's panels. */

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

// Amounts and money are written in the network's units: commodity.ts (unitsOf).

export const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)} %`;

/** A cell is text (bound as text, never parsed as HTML) or a template of its own. */
export type Cell = string | TemplateResult;

/** A table's rows from a header row and body rows; every value is bound, none concatenated. */
export function tableRows(header: readonly string[], rows: readonly (readonly Cell[])[]): TemplateResult {
  return html`<tr>${header.map((cell) => html`<th>${cell}</th>`)}</tr>${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}`;
}
