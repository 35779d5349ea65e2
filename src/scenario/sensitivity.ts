import type { ValidationIssue, Validated } from '../model/issues.ts';
import type { Network } from '../model/network.ts';
import { locate, parseWithSchema } from '../model/parse-document.ts';
import { canonical, canonicalRatio } from '../model/resolve-network.ts';
import { sensitivityFileSchema, type SensitivityParameterFile } from './sensitivity-schema.ts';

export type SensitivityKind = SensitivityParameterFile['kind'];

/** A parameter resolved against its network: base, low and high in canonical units. */
export interface SensitivityParameter {
  readonly id: string;
  readonly name: string;
  readonly kind: SensitivityKind;
  readonly assets: readonly string[];
  /** The network's own value (for several assets, the first one's); factors have base 1, ramps 0. */
  readonly base: number;
  readonly low: number;
  readonly high: number;
  /** Unit of base, low and high as printed: "%", "t", "x", "days". */
  readonly unit: string;
  readonly metric: string;
  readonly source: string;
}

/** Reads a sensitivity file and checks it against its network. */
export function sensitivityFromText(text: string, file: string, network: Network): Validated<readonly SensitivityParameter[]> {
  const parsed = parseWithSchema(text, file, sensitivityFileSchema);
  if (!parsed.ok) return parsed;
  const data = parsed.value.value;
  const issues: ValidationIssue[] = [];
  if (data.network !== network.id) issues.push({ code: 'wrong-network', path: ['network'], message: `the file is for network "${data.network}", not "${network.id}"` });
  const parameters = data.parameters.map((parameter, index) => {
    const path = ['parameters', index];
    parameter.assets.forEach((asset, position) => {
      const node = network.nodes.find((candidate) => candidate.id === asset);
      const link = network.links.find((candidate) => candidate.id === asset);
      const wanted = parameter.kind === 'tariffIncomeShare' ? link : parameter.kind === 'storageCapacity' ? (node?.kind === 'storage' ? node : undefined) : node?.kind === 'field' ? node : undefined;
      if (!wanted) issues.push({ code: 'unknown-asset', path: [...path, 'assets', position], message: `"${asset}" is not a ${parameter.kind === 'tariffIncomeShare' ? 'link' : parameter.kind === 'storageCapacity' ? 'storage node' : 'field'} of network "${network.id}"` });
    });
    const resolved = resolveRange(parameter, network);
    if (resolved.low > resolved.high) issues.push({ code: 'out-of-range', path: [...path, 'high'], message: 'high must not be below low: swap them' });
    if (!parameter.source && !parameter.estimate) issues.push({ code: 'missing-source', path, message: 'give the range a source or say why it is an estimate' });
    return { id: parameter.id, name: parameter.name, kind: parameter.kind, assets: parameter.assets, metric: parameter.metric, source: [parameter.source, parameter.estimate ? `estimate: ${parameter.estimate}` : undefined].filter(Boolean).join(' '), ...resolved };
  });
  if (issues.length > 0) return { ok: false, issues: locate(issues, file, parsed.value.parsed) };
  return { ok: true, value: parameters };
}

function resolveRange(parameter: SensitivityParameterFile, network: Network): { base: number; low: number; high: number; unit: string } {
  const first = parameter.assets[0];
  const node = network.nodes.find((candidate) => candidate.id === first);
  switch (parameter.kind) {
    case 'fiscalTake':
      return { base: node?.kind === 'field' ? node.fiscalTake : NaN, low: canonicalRatio(parameter.low), high: canonicalRatio(parameter.high), unit: '%' };
    case 'tariffIncomeShare':
      return { base: 1, low: canonicalRatio(parameter.low), high: canonicalRatio(parameter.high), unit: '%' };
    case 'storageCapacity':
      return { base: node?.kind === 'storage' ? node.capacityTonnes : NaN, low: canonical(parameter.low, 'mass', network.commodity), high: canonical(parameter.high, 'mass', network.commodity), unit: 't' };
    case 'shutInCostFactor':
      return { base: 1, low: parameter.low, high: parameter.high, unit: 'x' };
    case 'restartRampDays':
      return { base: 0, low: parameter.low, high: parameter.high, unit: 'days' };
  }
}
