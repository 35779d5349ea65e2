import { Document, isScalar, visit, type YAMLMap } from 'yaml';
import type { GemImport } from './gem-network.ts';

/**
 * The imported network as YAML, with what the user must add listed at the top. Small maps
 * (points, owners, sourced figures) are written on one line so a route stays readable.
 */
export function importedYaml(imported: GemImport): string {
  // Points shared by a node and the routes that end there are written out, not as YAML aliases.
  const document = new Document(imported.network, { aliasDuplicateObjects: false });
  document.commentBefore = [
    ` ${imported.network.name}: imported from a Global Energy Monitor pipeline sheet (CC BY 4.0).`,
    ' Placeholders are figures with `estimate: placeholder…`. Before the results mean anything, add:',
    ...imported.toAdd.map((item) => ` - ${item}`),
  ].join('\n');
  visit(document, {
    Map(_, node: YAMLMap) {
      if (node.items.every((pair) => isScalar(pair.value))) node.flow = true;
    },
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return document.toString({ lineWidth: 0 });
}
