// A valid POST /pathways body over the given badge classes (all steps, in a suggested order), with
// whatever the test changes.
export function pathwayBody(badgeClassIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    name: 'Into Digital Making',
    description: 'From a first program to making things others use.',
    skills: ['coding'],
    rule: { type: 'group', order: 'suggested', of: badgeClassIds.map((badgeClassId) => ({ type: 'badge-class', badgeClassId })) },
    ...overrides,
  };
}
