// The rules of a city config's fields that its parts share (definitions/city-config.ts and the parts
// the Lambdas read: portal-config.ts, skills-spine.ts, insights-config.ts).
import * as z from 'zod/mini';

export const slug = z.string().check(
  z.regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, 'must be a lowercase slug: 3-40 of a-z, 0-9 and -, starting with a letter'),
);
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));
export const colour = z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a2b3c'));
export const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });
export const dnsName = z.string().check(z.regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lowercase DNS name'));
