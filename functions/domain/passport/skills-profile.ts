// A learner's skills profile: each skill of the city's spine at the highest level the learner's badges
// show (a badge aligned to a skill without a level shows the skill, at no level yet). Pure.
import type { Skill } from '../skills';

export interface Alignment {
  skillId: string;
  level?: string;
}

export interface SkillStanding {
  skillId: string;
  name: string;
  group: string;
  /** The spine's levels, lowest first, as this skill names them. */
  levels: { id: string; name: string }[];
  /** How many of the levels the badges show (0: none, or the skill without a level). */
  reached: number;
  /** Whether any badge names the skill at all. */
  shown: boolean;
  /** How many badges name it. */
  badges: number;
}

/** Every current skill of the spine, in spine order, at the highest level `alignments` show. */
export function skillsProfile(skills: readonly Skill[], alignments: readonly Alignment[]): SkillStanding[] {
  return skills
    .filter((skill) => !skill.retired)
    .sort((a, b) => a.position - b.position)
    .map((skill) => {
      const mine = alignments.filter((a) => a.skillId === skill.id);
      const reached = Math.max(0, ...mine.map((a) => (a.level === undefined ? 0 : skill.levels.findIndex((l) => l.id === a.level) + 1)));
      return {
        skillId: skill.id,
        name: skill.name,
        group: skill.group.name,
        levels: skill.levels.map((l) => ({ id: l.id, name: l.name })),
        reached,
        shown: mine.length > 0,
        badges: mine.length,
      };
    });
}

/** The level a learner would go on to in a skill they have shown: undefined at the top (or for a spine without levels). */
export const nextLevel = (standing: SkillStanding) => standing.levels[standing.reached];

/** The skills to suggest next steps for: shown ones, strongest first, at most `count`. */
export const skillsToGrow = (profile: readonly SkillStanding[], count: number) =>
  profile
    .filter((s) => s.shown && nextLevel(s) !== undefined)
    .sort((a, b) => b.reached - a.reached || b.badges - a.badges)
    .slice(0, count);
