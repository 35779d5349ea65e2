import { attributeText } from '../../src/report/charts/svg-tree.ts';
import type { SvgChild } from '../../src/report/charts/index.ts';

const NS = 'http://www.w3.org/2000/svg';

/**
 * A shared chart (src/report/charts) as SVG elements: names and values set as text and
 * attributes one by one, never parsed as markup.
 */
export function toDom(node: SvgChild): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const element = document.createElementNS(NS, node.tag);
  for (const [name, value] of Object.entries(node.attrs)) if (value !== undefined && name !== 'xmlns') element.setAttribute(name, attributeText(value));
  for (const child of node.children) element.append(toDom(child));
  return element;
}
