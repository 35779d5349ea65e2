/**
 * A chart as a small tree of SVG elements, built without a DOM: the CLI writes it as text
 * (svgString) and the web app turns it into elements (web/src/svg-dom.ts). Text and attribute
 * values are data, escaped on output, so a name can never become markup.
 */
export type SvgAttributes = Readonly<Record<string, string | number | undefined>>;

export interface SvgElement {
  readonly tag: string;
  readonly attrs: SvgAttributes;
  readonly children: readonly SvgChild[];
}

export type SvgChild = SvgElement | string;

export const el = (tag: string, attrs: SvgAttributes = {}, ...children: SvgChild[]): SvgElement => ({ tag, attrs, children });

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Numbers in coordinates are kept to one decimal: shorter files, no visible difference. */
export const attributeText = (value: string | number) => (typeof value === 'number' ? String(Math.round(value * 10) / 10) : value);

export function svgString(node: SvgChild): string {
  if (typeof node === 'string') return escape(node);
  const attrs = Object.entries(node.attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escape(attributeText(value))}"`)
    .join('');
  return node.children.length === 0 ? `<${node.tag}${attrs}/>` : `<${node.tag}${attrs}>${node.children.map(svgString).join('')}</${node.tag}>`;
}
