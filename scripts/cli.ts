// What every command in scripts/ does alike: its options read with node:util's parseArgs, `--help`
// printing its usage (exit 0), a mistake answered with a sentence and the usage (exit 1), never a stack
// trace, and a deployed city's stack outputs read from the file `cdk deploy --outputs-file` wrote.
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CityConfig } from '../definitions/city-config';
import { cityStackId } from '../lib/city-stack-id';

/** Says why, on stderr, and exits 1. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** The command's options (and positionals, when it takes some); `--help` and mistakes end it here. */
export function commandLine<const O extends NonNullable<ParseArgsConfig['options']>, const P extends boolean = false>(usage: string, options: O, allowPositionals?: P) {
  const config = { options: { ...options, ...HELP }, allowPositionals: (allowPositionals ?? false) as P, strict: true as const };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    fail(`${(error as Error).message}\n\n${usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}

/** A deployed city stack's outputs by name, from `cdk deploy --outputs-file <file>`; a missing one ends the command, named. */
export function stackOutputs(config: CityConfig, outputsFile: string): (name: string) => string {
  let outputs: Record<string, Record<string, string>>;
  try {
    outputs = JSON.parse(readFileSync(outputsFile, 'utf8')) as typeof outputs;
  } catch {
    fail(`Cannot read ${outputsFile}: deploy with \`npx cdk deploy -c city=${config.id} --all --outputs-file ${outputsFile}\` first`);
  }
  const stack = outputs[cityStackId(config)] ?? {};
  return (name) => stack[name] ?? fail(`${outputsFile} has no ${name} for ${cityStackId(config)}: deploy the city (again) first`);
}
