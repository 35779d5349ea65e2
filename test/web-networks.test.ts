import { afterAll, describe, expect, it } from 'vitest';
import { networkListSchema, scenarioListSchema, servedCandidatesSchema, servedNetworkSchema } from '../src/contract/index.ts';
import { testApp } from './helpers-app.ts';

/** What the web app's network picker reads: the networks with their commodity, the scenarios with their network. */
describe('the API behind the network picker', () => {
  const api = testApp();
  afterAll(() => api.close());

  it('lists each built-in network with its name, what it carries and its currency', async () => {
    const networks = networkListSchema.parse(await (await api.request('/api/networks')).json());
    expect(networks).toContainEqual({ id: 'caspian-crude', name: expect.any(String), kind: 'crude', currency: 'USD' });
    expect(networks).toContainEqual({ id: 'europe-gas', name: expect.any(String), kind: 'gas', currency: 'EUR' });
  });

  it('lists each built-in scenario with its name and the network it runs on', async () => {
    const scenarios = scenarioListSchema.parse(await (await api.request('/api/scenarios')).json());
    expect(scenarios.find((row) => row.id === 'cpc-2022-ban')?.network).toBe('caspian-crude');
    const gas = scenarios.filter((row) => row.network === 'europe-gas').map((row) => row.id);
    expect(gas).toContain('europe-gas-2022-sokhranivka');
    expect(gas).toContain('europe-gas-2022-baseline');
    expect(scenarios.every((row) => row.name.length > 0)).toBe(true);
  });

  it('serves the gas network with its commodity kind, currency and calorific value, and its nodes located', async () => {
    const network = servedNetworkSchema.parse(await (await api.request('/api/networks/europe-gas')).json());
    expect(network.commodity.kind).toBe('gas');
    expect(network.commodity.currency).toBe('EUR');
    // MWh per m3 at standard conditions: about 10.5 kWh/m3 for pipeline gas.
    expect(network.commodity.tonnesPerCubicMetre).toBeGreaterThan(0.009);
    expect(network.commodity.tonnesPerCubicMetre).toBeLessThan(0.012);
    const located = network.nodes.filter((node) => node.location);
    expect(located.length / network.nodes.length).toBeGreaterThan(0.9);
    const crude = servedNetworkSchema.parse(await (await api.request('/api/networks/caspian-crude')).json());
    expect(crude.commodity).toMatchObject({ kind: 'crude', currency: 'USD' });
  });

  it('serves a built-in candidates file with each candidate\'s new links and their route geometry (the map sketches them)', async () => {
    const served = servedCandidatesSchema.parse(await (await api.request('/api/candidates/kazakh-bypass')).json());
    const candidates = served.file.candidates as { id: string; changes: { link?: { id: string; polyline?: unknown[] } }[] }[];
    const supsa = candidates.find((candidate) => candidate.id === 'baku-supsa')!.changes.flatMap((change) => (change.link ? [change.link] : []));
    expect(supsa.find((link) => link.id === 'baku-supsa')?.polyline?.length).toBeGreaterThan(5);
    expect((await api.request('/api/candidates/nowhere')).status).toBe(404);
  });
});
