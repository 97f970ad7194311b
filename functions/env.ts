// Reading the Lambda environment once, at module scope, with a clear error when a variable is missing.
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
