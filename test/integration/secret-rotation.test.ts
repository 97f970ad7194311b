// Rotating the local city's secret (npm run city-secret:rotate -- --local) loses nothing: after a
// restart, the API key, the list cursor and the learner's sealed name made before still work, and the
// learner's recipient key is unchanged (they still hold the badge), while new values use version 2.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCityProcess, tempDataDir } from '../../local/child-process';
import { runScript } from '../support/run-script';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const keyOf = (output: string, label: string) => new RegExp(`^\\s+${label}\\s+(col_\\S+)$`, 'm').exec(output)![1]!;

describe("rotating the local city's secret", () => {
  it('keeps API keys, cursors, sealed names and recipient keys made before it', async () => {
    const first = await runCityProcess({ dataDir });
    const key = keyOf(first.output(), 'Provider central-library');
    const call = async (url: string, method = 'GET', body?: unknown) => {
      const response = await fetch(`${url}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    let cursor: string;
    let badgeClassId: string;
    try {
      badgeClassId = (await call(`${first.url}/badge-classes`, 'POST', { name: 'Rotation badge', description: 'x', criteria: { narrative: 'y' } })).body.id;
      for (const [email, name] of [['ana.rotation@example.org', 'Ana Souza'], ['ben.rotation@example.org', 'Ben Okafor']]) {
        expect((await call(`${first.url}/badge-classes/${badgeClassId}/awards`, 'POST', { recipient: { email, name } })).status).toBe(201);
      }
      const page = await call(`${first.url}/badge-classes/${badgeClassId}/awards?limit=1`);
      cursor = page.body.next;
      expect(cursor).toMatch(/^k1\./);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const rotated = await runScript('scripts/city-secret-rotate.ts', ['--city', 'demo', '--local'], { LOCAL_DATA_DIR: dataDir });
    expect(rotated.stderr).toBe('');
    expect(rotated.stdout).toMatch(/version 2/);
    const ring = JSON.parse(JSON.parse(readFileSync(join(dataDir, 'demo', 'secrets.json'), 'utf8')).citySecret);
    expect(Object.keys(ring.versions)).toEqual(['1', '2']);

    const second = await runCityProcess({ dataDir, ports: first.ports });
    try {
      // The key from before, and the cursor from before, on the same list.
      const next = await call(`${second.url}/badge-classes/${badgeClassId}/awards?limit=1&cursor=${encodeURIComponent(cursor)}`);
      expect(next.status).toBe(200);
      expect(next.body.items).toHaveLength(1);
      const all = await call(`${second.url}/badge-classes/${badgeClassId}/awards`);
      expect(all.body.items.map((a: any) => a.recipient.name).sort()).toEqual(['Ana Souza', 'Ben Okafor']);
      // Same recipient key: Ana still holds the badge.
      expect((await call(`${second.url}/badge-classes/${badgeClassId}/awards`, 'POST', { recipient: { email: 'ana.rotation@example.org' } })).status).toBe(409);
      // New values use version 2, and work alongside the old.
      expect((await call(`${second.url}/badge-classes/${badgeClassId}/awards`, 'POST', { recipient: { email: 'cy.rotation@example.org', name: 'Cy Adeyemi' } })).status).toBe(201);
      const names = await call(`${second.url}/badge-classes/${badgeClassId}/awards?limit=2`);
      expect(names.body.next).toMatch(/^k2\./);
      expect((await call(`${second.url}/badge-classes/${badgeClassId}/awards`)).body.items.map((a: any) => a.recipient.name).sort()).toEqual(['Ana Souza', 'Ben Okafor', 'Cy Adeyemi']);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 360_000);

  it('refuses while the city runs, saying why', async () => {
    const city = await runCityProcess({ dataDir });
    try {
      const run = await runScript('scripts/city-secret-rotate.ts', ['--city', 'demo', '--local'], { LOCAL_DATA_DIR: dataDir });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/is running: stop it first/);
    } finally {
      await city.stop();
    }
  }, 180_000);
});
