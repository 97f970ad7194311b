import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { bundledContextUrls, createDocumentLoader, UnknownDocumentError } from '../../../functions/domain/credentials/document-loader';
import { CONTEXT_FILES, referenceFile } from './support';

describe('createDocumentLoader', () => {
  const loader = createDocumentLoader();

  it('bundles exactly the contexts an OB 3.0 credential and its issuer key documents need', () => {
    expect(bundledContextUrls().sort()).toEqual(Object.keys(CONTEXT_FILES).sort());
  });

  it.each(Object.entries(CONTEXT_FILES))('serves %s JSON-equal to the reference copy of contexts/%s', async (url, file) => {
    const answer = await loader(url);
    expect(answer).toMatchObject({ contextUrl: null, documentUrl: url });
    expect(answer.document).toEqual(referenceFile(`contexts/${file}`));
  });

  it('keeps in contexts/ only those copies, each JSON-equal to the same reference file', () => {
    const folder = 'functions/domain/credentials/contexts';
    const files = readdirSync(folder).sort();
    expect(files).toEqual(Object.values(CONTEXT_FILES).sort());
    for (const file of files) expect(JSON.parse(readFileSync(`${folder}/${file}`, 'utf8'))).toEqual(referenceFile(`contexts/${file}`));
  });

  it('asks the injected resolver for any other URL, and never for a bundled context', async () => {
    const key = { id: 'https://unit.example/issuer#key' };
    const resolve = vi.fn(async (url: string) => (url === key.id ? key : undefined));
    const withResolver = createDocumentLoader({ resolve });
    expect((await withResolver(key.id)).document).toBe(key);
    await withResolver('https://www.w3.org/ns/credentials/v2');
    expect(resolve.mock.calls).toEqual([[key.id]]);
  });

  it('refuses unknown URLs with an error naming them, instead of fetching', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await expect(loader('https://www.w3.org/2018/credentials/v1')).rejects.toThrow(UnknownDocumentError);
    await expect(createDocumentLoader({ resolve: async () => undefined })('https://evil.example/ctx')).rejects.toThrow(
      /No document for https:\/\/evil\.example\/ctx/,
    );
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });
});
