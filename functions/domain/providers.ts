// A learning provider of the city (college, youth club, library, employer…): the organisation that
// issues badges. Its public issuer profile is published in Open Badges 2.0 and 3.0 form.
import * as z from 'zod/mini';

export const providerId = z.string().check(
  z.regex(/^[a-z][a-z0-9-]{1,62}[a-z0-9]$/, 'must be a lowercase slug: 3-64 of a-z, 0-9 and -, starting with a letter'),
);
const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));
const webUrl = z.httpUrl().check(z.maxLength(2000));

/** What a city admin gives to create a provider, and (all optional) what a provider may change. */
export const ProviderProfileSchema = z.object({
  name: text(200),
  url: webUrl,
  /** The organisation's public contact address (published in its issuer profile, as Open Badges requires). */
  email: z.email().check(z.maxLength(320)),
  description: z.optional(text(2000)),
  imageUrl: z.optional(webUrl),
});
export const NewProviderSchema = z.extend(ProviderProfileSchema, { id: providerId });
export const ProviderUpdateSchema = z.partial(ProviderProfileSchema);

export const ProviderSchema = z.extend(NewProviderSchema, { createdAt: z.string(), updatedAt: z.string() });
export type Provider = z.infer<typeof ProviderSchema>;
export type NewProvider = z.infer<typeof NewProviderSchema>;
export type ProviderUpdate = z.infer<typeof ProviderUpdateSchema>;
