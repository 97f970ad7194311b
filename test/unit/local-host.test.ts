import { describe, expect, it } from 'vitest';
import { optionsFromEnv } from '../../local/city';
import { DEFAULT_HOST, localEndpoint, parseHost } from '../../local/services';

describe('HOST, where the local city listens', () => {
  it('is loopback unless told otherwise', () => {
    expect(DEFAULT_HOST).toBe('127.0.0.1');
    expect(optionsFromEnv({}).host).toBe('127.0.0.1');
    expect(optionsFromEnv({ HOST: '' }).host).toBe('127.0.0.1');
    expect(optionsFromEnv({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('must be an IP address', () => {
    for (const bad of ['localhost.', 'example', '127.1', '0', '::g']) expect(() => parseHost(bad), bad).toThrow(/HOST must be an IP address/);
    expect(parseHost('::1')).toBe('::1');
  });

  it('is reached by clients on this machine at a loopback address when it means every interface', () => {
    expect(localEndpoint('127.0.0.1', 8000)).toBe('http://127.0.0.1:8000');
    expect(localEndpoint('0.0.0.0', 8000)).toBe('http://127.0.0.1:8000');
    expect(localEndpoint('::', 8000)).toBe('http://[::1]:8000');
    expect(localEndpoint('192.0.2.7', 8000)).toBe('http://192.0.2.7:8000');
  });
});
