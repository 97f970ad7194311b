import { readCity } from '../../definitions/city-env';
import { getSpine } from '../data/skills';
import { invalid } from '../domain/errors';
import { presentSkill } from '../domain/skills';
import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';

const { baseUrl } = readCity();

export const list = httpRoute(contract['GET /skills'], async ({ query }) => {
  const { summary, skills } = await getSpine();
  if (query.group && !summary?.groups.some((g) => g.id === query.group)) {
    throw invalid([{ in: 'query', field: 'group', detail: `is not a group of this spine` }]);
  }
  const shown = skills.filter((s) => (query.includeRetired === 'true' || !s.retired) && (!query.group || s.group.id === query.group));
  return json(
    {
      id: `${baseUrl}/skills`,
      type: 'SkillsFramework',
      name: summary?.name,
      version: summary?.version,
      description: summary?.description,
      levels: summary?.levels ?? [],
      groups: summary?.groups ?? [],
      skills: shown.map((skill) => presentSkill(skill, baseUrl)),
    },
    { cacheSeconds: 300 },
  );
});
