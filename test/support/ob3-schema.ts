// The canonical 1EdTech OB 3.0 JSON Schema (draft 2019-09), from test/fixtures/openbadges, as 1EdTech's validator runs it.
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { referenceFile } from './openbadges-reference';

const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);

export const validateAchievementCredential = ajv.compile(referenceFile('schemas/ob-v3p0-achievementcredential.schema.json') as object);

/** The schema's errors as `path message` lines, empty when valid: readable in a failed assertion. */
export function schemaErrors(credential: unknown): string[] {
  if (validateAchievementCredential(credential)) return [];
  return (validateAchievementCredential.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
