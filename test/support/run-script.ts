// Runs one of the repository's commands (scripts/*.ts, as `npm run <name> --` would) in a child process
// and collects what it printed.
import { spawn } from 'node:child_process';
import { repoRoot } from '../../local/city';

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A Node stack frame line: what a command must never print at a user. */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;
