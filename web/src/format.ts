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

/** Text from the API or a file, made safe to put inside HTML (ids, names, notes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A table's HTML from a header row and body rows of already formatted (and escaped) cells. */
export function tableHtml(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<tr>${header.map((cell) => `<th>${cell}</th>`).join('')}</tr>${rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}`;
}
