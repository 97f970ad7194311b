import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCityConfig } from '../../../definitions/city-config';
import { escapeHtml } from '../../../functions/domain/pages/html';
import { renderSkillPage, type SkillPageModel, SkillPageModelSchema } from '../../../functions/domain/pages/skill-page';
import { presentSkill, skillsFromSpine } from '../../../functions/domain/skills';
import { city } from './fixtures';
import { metaOf, PAGE_TAGS, tagsOf, textOf } from './markup';

const demo = parseCityConfig(JSON.parse(readFileSync('cities/demo.json', 'utf8')), 'cities/demo.json');
const { skills } = skillsFromSpine(demo.skillsSpine);
const skillModel = (id: string): SkillPageModel => ({ city, skill: presentSkill(skills.find((s) => s.id === id)!, city.baseUrl) });

describe('renderSkillPage', () => {
  it('shows what presentSkill answers: name, description, group, framework, levels with descriptors, keywords', () => {
    const model = skillModel('coding');
    expect(SkillPageModelSchema.parse(model).skill.name).toBe('Coding');
    const page = renderSkillPage(model);
    const text = textOf(page);
    expect(page).toContain('<h1 id="skill-name">Coding</h1>');
    expect(text).toContain('Group Digital skills');
    expect(text).toContain('Framework Demo City Skills Spine, version 2026.1');
    const coding = demo.skillsSpine.skills.find((s) => s.id === 'coding')!;
    for (const level of demo.skillsSpine.levels) {
      expect(text).toContain(`${level.name} ${coding.levels[level.id]} ${level.description}`);
    }
    for (const keyword of coding.keywords) expect(page).toContain(`<li>${escapeHtml(keyword)}</li>`);
    expect(text).not.toContain('Retired');
  });

  it('links the whole spine, names its JSON as alternate and shares itself', () => {
    const page = renderSkillPage(skillModel('coding'));
    const links = tagsOf(page).filter((t) => t.name === 'link' || t.name === 'a');
    expect(links).toContainEqual({ name: 'link', attributes: { rel: 'alternate', type: 'application/json', href: 'https://learn.demo.example/skills/coding' } });
    expect(links).toContainEqual({ name: 'link', attributes: { rel: 'canonical', href: 'https://learn.demo.example/skills/coding' } });
    expect(links).toContainEqual({ name: 'a', attributes: { href: 'https://learn.demo.example/skills' } });
    expect(metaOf(page)).toMatchObject({ 'og:title': 'Coding', 'og:url': 'https://learn.demo.example/skills/coding' });
    expect(page).toMatch(/<html lang="en">/);
    expect(page).not.toMatch(/<script/i);
  });

  it('falls back to what a level means in general when the spine says nothing for the skill at it', () => {
    const text = textOf(renderSkillPage(skillModel('creativity')));
    for (const level of demo.skillsSpine.levels) expect(text).toContain(`${level.name} ${level.description}`);
  });

  it('says when a skill has been retired', () => {
    const model = skillModel('teamwork');
    const page = renderSkillPage({ ...model, skill: { ...model.skill, retired: true } });
    expect(textOf(page)).toContain('Retired: this skill is no longer part of the spine.');
  });

  it('escapes hostile text in every field and links nothing that is not http(s)', () => {
    const hostile = `<script>alert(1)</script>"'><img src=x onerror=alert(2)>`;
    const model = skillModel('coding');
    const page = renderSkillPage({
      city: { ...city, branding: { ...city.branding, displayName: hostile, logoUrl: 'javascript:alert(1)' } },
      skill: {
        ...model.skill,
        id: 'javascript:alert(1)',
        name: hostile,
        description: hostile,
        group: { id: 'x', name: hostile },
        keywords: [hostile],
        levels: [{ id: 'x', name: hostile, description: hostile, descriptor: hostile }],
        framework: { name: hostile, version: hostile, url: 'data:text/html,<script>alert(1)</script>' },
      },
    });
    const tags = tagsOf(page);
    expect(tags.map((t) => t.name).filter((name) => !PAGE_TAGS.has(name))).toEqual([]);
    expect(page).not.toMatch(/<script|<img|javascript:|data:text/i);
    expect(page).toContain(`<h1 id="skill-name">${escapeHtml(hostile)}</h1>`);
  });
});
