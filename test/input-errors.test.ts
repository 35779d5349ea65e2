import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { networkFromText } from '../src/model/load-network.ts';
import { renderIssue, type ValidationIssue } from '../src/model/issues.ts';
import { scenarioFromText } from '../src/scenario/load-scenario.ts';

const networkText = readFileSync(new URL('./fixtures/two-routes.yaml', import.meta.url), 'utf8');
const scenarioText = readFileSync(new URL('./fixtures/two-routes-closure.yaml', import.meta.url), 'utf8');

function networkIssues(text: string): ValidationIssue[] {
  const result = networkFromText(text, 'net.yaml');
  if (result.ok) throw new Error('expected the network to be rejected');
  return [...result.issues];
}

function scenarioIssues(text: string): ValidationIssue[] {
  const network = networkFromText(networkText, 'net.yaml');
  const result = scenarioFromText(text, 'scen.yaml', () => network);
  if (result.ok) throw new Error('expected the scenario to be rejected');
  return [...result.issues];
}

describe('bad input gets a message naming file, line, path and fix', () => {
  it('malformed YAML', () => {
    const [issue] = networkIssues('id: x\nnodes: [\n  - a: 1\n');
    expect(issue?.code).toBe('malformed-file');
    expect(issue?.file).toBe('net.yaml');
    expect(issue?.line).toBeGreaterThan(0);
  });

  it('negative capacity', () => {
    const issues = networkIssues(networkText.replace('capacity: 60 t/d', 'capacity: -60 t/d'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'out-of-range', file: 'net.yaml', line: 22, path: ['links', 0, 'capacity'] });
    expect(renderIssue(issues[0]!)).toMatch(/^net\.yaml:22: -60 t\/d is out of range: a flow here must be from 0 to 1e9 t\/d \(at links\[0\]\.capacity\)$/);
  });

  it('unknown unit lists the known ones', () => {
    const issues = networkIssues(networkText.replace('production: 100 t/d', 'production: 100 tons/day'));
    expect(issues[0]).toMatchObject({ code: 'bad-quantity', path: ['nodes', 0, 'production'], line: 14 });
    expect(issues[0]?.message).toContain('known massFlow units: t/d, kt/d');
  });

  it('unknown node id in a link', () => {
    const issues = networkIssues(networkText.replace('from: field, to: hub', 'from: feild, to: hub'));
    expect(issues[0]).toMatchObject({ code: 'unknown-node', path: ['links', 2, 'from'] });
    expect(issues[0]?.message).toContain('unknown node "feild"');
  });

  it('unknown key and missing required key', () => {
    const issues = networkIssues(networkText.replace('liftingCost: 50 USD/t', 'liftCost: 50 USD/t'));
    const messages = issues.map((issue) => issue.message).join('\n');
    expect(messages).toContain('unknown key "liftCost"');
    expect(messages).toContain('missing required "liftingCost"');
  });

  it('dates out of order', () => {
    const issues = scenarioIssues(scenarioText.replace('end: 2022-01-30', 'end: 2021-12-30'));
    expect(issues[0]).toMatchObject({ code: 'dates-out-of-order', path: ['horizon', 'end'], file: 'scen.yaml' });
    expect(issues[0]?.message).toContain('before it starts');
  });

  it('an event on a missing asset', () => {
    const issues = scenarioIssues(scenarioText.replace('asset: cheap', 'asset: cheapest'));
    expect(issues[0]).toMatchObject({ code: 'unknown-asset', path: ['events', 0, 'asset'], line: 9 });
    expect(issues[0]?.message).toContain('"cheapest"');
  });

  it('not a calendar date', () => {
    const issues = scenarioIssues(scenarioText.replace('start: 2022-01-05', 'start: 2022-02-30'));
    expect(issues[0]?.message).toContain('not a calendar date');
  });
});
