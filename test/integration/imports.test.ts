// Award imports against the local city: a file of 1,200 learners with invalid and duplicate rows is
// processed in the background to the right counts and error report; only the badge class's provider
// and city admins can see the job; a wrong file is refused at once, naming the column; and the CLI
// does the whole thing from a terminal.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const base = inject('cityUrl');
const adminKey = inject('adminKey');
const providerKey = inject('providerKey');

const call = async (path: string, key: string | undefined, init: RequestInit = {}) => {
  const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, {
    ...init,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers as Record<string, string>) },
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV
  }
  return { status: response.status, headers: response.headers, body, text };
};
const postJson = (path: string, key: string, body: unknown) =>
  call(path, key, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const upload = (badgeClassId: string, csv: string | Buffer, key = providerKey, headers: Record<string, string> = {}) =>
  call(`/badge-classes/${badgeClassId}/imports`, key, { method: 'POST', headers: { 'content-type': 'text/csv', ...headers }, body: csv });
const newBadgeClass = async () => (await postJson('/badge-classes', providerKey, { name: 'Imported badge', description: 'x', criteria: { narrative: 'y' } })).body.id as string;

async function finished(url: string, key = providerKey, timeoutMs = 280_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await call(url, key);
    if (body.status === 'completed' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`import still ${body.status} at ${body.processed}/${body.total}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

let otherProviderKey: string;
let narrowKey: string;
beforeAll(async () => {
  const other = `importer-${randomBytes(4).toString('hex')}`;
  await postJson('/issuers', adminKey, { id: other, name: 'Other provider', url: 'https://other.example.org', email: 'hi@other.example.org' });
  otherProviderKey = (await postJson(`/issuers/${other}/api-keys`, adminKey, { label: 'other', scopes: ['badges:issue', 'badges:manage'] })).body.key;
  narrowKey = (await postJson('/issuers/central-library/api-keys', adminKey, { label: 'no issue', scopes: ['badges:manage'] })).body.key;
});

describe('POST /badge-classes/{badgeClassId}/imports', () => {
  it('awards a file of 1,200 learners in the background, reporting each row it did not award', async () => {
    const badgeClassId = await newBadgeClass();
    const tag = randomBytes(4).toString('hex');
    const email = (i: number) => `learner${i}-${tag}@example.org`;
    // Two learners hold the badge already.
    for (const i of [10, 11]) expect((await postJson(`/badge-classes/${badgeClassId}/awards`, providerKey, { recipient: { email: email(i) } })).status).toBe(201);
    const lines = ['email,narrative,issuedOn,evidenceUrl,evidenceName'];
    for (let i = 0; i < 1200; i++) lines.push(`${email(i)},"Came to every session, and helped others",2026-03-01,https://example.org/work/${i},Project ${i}`);
    lines[101] = `not-an-email-${tag},,,,`; // row 102
    lines[202] = `${email(7)},,,,`; // row 203: learner 7 again
    lines[303] = `${email(303)},,2999-01-01,,`; // row 304: a future date
    lines[404] = `${email(404)},,,,Only a name`; // row 405: evidence without a url
    lines.splice(600, 0, ',,,,'); // a blank row, which is not counted
    const csv = `${lines.join('\r\n')}\r\n`;

    const key = `import-${tag}`;
    const submitted = await upload(badgeClassId, csv, providerKey, { 'idempotency-key': key });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ status: 'queued', total: 1200, processed: 0, badgeClass: { id: badgeClassId } });
    expect(submitted.headers.get('location')).toBe(`${base}/imports/${submitted.body.id}`);
    expect(submitted.text).not.toContain(tag);
    // Retrying the upload with the same Idempotency-Key starts nothing new.
    const retried = await upload(badgeClassId, csv, providerKey, { 'idempotency-key': key });
    expect([retried.status, retried.body.id]).toEqual([202, submitted.body.id]);

    const job = await finished(submitted.body.url);
    expect(job).toMatchObject({ status: 'completed', total: 1200, processed: 1200, created: 1200 - 6, duplicates: 3, invalid: 3, failed: 0 });
    expect(job.errorsUrl).toBe(`${base}/imports/${job.id}/errors`);

    const report = await call(job.errorsUrl, providerKey);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(report.headers.get('content-disposition')).toBe(`attachment; filename="import-${job.id}-errors.csv"`);
    expect(report.text.trimEnd().split('\r\n')).toEqual([
      'row,status,email,columns,detail',
      expect.stringMatching(/^12,duplicate,l\*\*\*@e\*\*\*\.org,,this learner already holds this badge: award [a-z2-7]{26} \(http:\/\/localhost:\d+\/badges\/[a-z2-7]{26}\)$/),
      expect.stringMatching(/^13,duplicate,l\*\*\*@e\*\*\*\.org,,this learner already holds this badge: award /),
      '102,invalid,n***,email,email must be an email address',
      '203,duplicate,l***@e***.org,,the same learner is on row 9 of this file',
      '304,invalid,l***@e***.org,issuedOn,issuedOn must not be in the future',
      '405,invalid,l***@e***.org,evidenceUrl evidenceNarrative,"evidenceUrl or evidenceNarrative needs a url, a narrative, or both"',
    ]);
    expect(report.text).not.toContain(tag);

    // A second import of the same file awards nobody twice.
    const again = await upload(badgeClassId, csv);
    expect(await finished(again.body.url)).toMatchObject({ status: 'completed', created: 0, duplicates: 1197, invalid: 3 });
  }, 600_000);

  it('is seen only by the badge class provider and city admins', async () => {
    const badgeClassId = await newBadgeClass();
    const submitted = await upload(badgeClassId, 'email\nsomeone@example.org\n');
    const { id } = await finished(submitted.body.url);
    for (const path of [`/imports/${id}`, `/imports/${id}/errors`]) {
      expect((await call(path, providerKey)).status, path).toBe(200);
      expect((await call(path, adminKey)).status, path).toBe(200);
      const other = await call(path, otherProviderKey);
      expect([other.status, other.body.detail], path).toEqual([404, `Import ${id} was not found`]);
      expect((await call(path, narrowKey)).status, path).toBe(403);
      expect((await call(path, undefined)).status, path).toBe(401);
    }
    // Another provider cannot import into this class either; a city admin can.
    expect((await upload(badgeClassId, 'email\nx@example.org\n', otherProviderKey)).status).toBe(404);
    expect((await upload(badgeClassId, 'email\nx@example.org\n', adminKey)).status).toBe(202);
    expect((await call('/imports/aaaaaaaaaaaaaaaaaaaa', adminKey)).status).toBe(404);
    expect((await call('/imports/not-an-id', adminKey)).body.errors).toEqual([{ in: 'path', field: 'importId', detail: 'must be an import id' }]);
  }, 120_000);

  it('refuses a file it cannot import at once, naming the column or row', async () => {
    const badgeClassId = await newBadgeClass();
    const header = await upload(badgeClassId, 'e-mail,narrative\nx@example.org,hi\n');
    expect(header.status).toBe(400);
    expect(header.headers.get('content-type')).toBe('application/problem+json');
    expect(header.body.errors).toEqual([
      { in: 'body', field: 'e-mail', detail: expect.stringMatching(/^is not a known column; the columns are email, /) },
      { in: 'body', field: 'email', detail: expect.stringMatching(/^column is required/) },
    ]);
    expect((await upload(badgeClassId, 'email\nx@example.org,"unclosed\n')).body.errors).toEqual([{ in: 'body', field: 'row 2', detail: 'a quoted field is never closed' }]);
    expect((await upload(badgeClassId, 'email\n')).body.errors).toEqual([{ in: 'body', field: '', detail: 'has a header row but no learners' }]);
    const json = await call(`/badge-classes/${badgeClassId}/imports`, providerKey, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect((await upload(badgeClassId, `email\n${'x'.repeat(4 * 1024 * 1024)}\n`)).status).toBe(413);
    // Latin-1 bytes on row 3: the 400 names the row.
    const latin1 = await upload(badgeClassId, Buffer.concat([Buffer.from('email,narrative\na@example.org,fine\nb@example.org,Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect([latin1.status, latin1.body.errors]).toEqual([400, [{ in: 'body', field: 'row 3', detail: 'is not UTF-8 text: save the file as "CSV UTF-8"' }]]);
    // A file over the gateway's 10 MB is answered while it is still being sent (not a reset connection).
    expect((await upload(badgeClassId, Buffer.alloc(11 * 1024 * 1024, 'a'))).status).toBe(413);
    await postJson(`/badge-classes/${badgeClassId}/archive`, providerKey, {});
    expect((await upload(badgeClassId, 'email\nx@example.org\n')).status).toBe(409);
  });
});

describe('npm run import', () => {
  // Asynchronous: a CLI run that blocked this process for seconds left its pooled keep-alive sockets
  // closed by the server unnoticed, and the next fetch failed with "other side closed".
  const runCli = (args: string[], key = providerKey) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', '--city', 'demo', '--url', base, '--interval', '0.3', ...args], {
        env: { ...process.env, COL_API_KEY: key },
        timeout: 120_000,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('uploads, follows the job, prints the summary and saves the error report beside the file', async () => {
    const badgeClassId = await newBadgeClass();
    const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
    const file = join(dir, 'club.csv');
    writeFileSync(file, ['email,narrative', ...Array.from({ length: 30 }, (_, i) => `cli${i}@example.org,Well done`), 'nobody,', 'cli3@example.org,'].join('\n'));
    const result = await runCli(['--badge-class', badgeClassId, file]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^queued: 32 rows$/m);
    expect(result.stdout).toMatch(/^Import [a-z2-7]{20} completed: 32 rows\.$/m);
    expect(result.stdout).toMatch(/^ {2}created {5}30$/m);
    expect(result.stdout).toContain(`Rows not awarded, and why: ${join(dir, 'club.errors.csv')}`);
    expect(readFileSync(join(dir, 'club.errors.csv'), 'utf8')).toBe(
      'row,status,email,columns,detail\r\n32,invalid,n***,email,email must be an email address\r\n33,duplicate,c***@e***.org,,the same learner is on row 5 of this file\r\n',
    );
  }, 150_000);

  it('says what is wrong with a file, and fails', async () => {
    const badgeClassId = await newBadgeClass();
    const file = join(mkdtempSync(join(tmpdir(), 'import-cli-')), 'bad.csv');
    writeFileSync(file, 'nom,mail\nAna,ana@example.org\n');
    const result = await runCli(['--badge-class', badgeClassId, file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('400: Invalid request');
    expect(result.stderr).toMatch(/^ {2}- nom: is not a known column/m);
    expect(result.stderr).toMatch(/^ {2}- email: column is required/m);
    expect((await runCli(['--badge-class', badgeClassId, file], 'col_nope')).status).toBe(1);
  }, 60_000);
});
