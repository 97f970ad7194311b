// `npm start`: run a whole city on this machine, print where to click, stop everything on Ctrl-C.
import { optionsFromEnv, startLocalCity } from './city';
import { LocalCityError } from './services';

try {
  const options = optionsFromEnv();
  console.log(`Starting city "${options.cityId}" (data in ${options.dataDir}) ...`);
  const city = await startLocalCity(options);
  console.log(`\n${city.config.name} is running at ${city.url}\n`);
  for (const link of city.seed.links) console.log(`  ${link.label.padEnd(38)} ${link.url}`);
  console.log(`  ${'Mailbox (every mail the city sends)'.padEnd(38)} ${city.mailboxUrl}`);
  console.log('\nAPI keys for this local city (send as Authorization: Bearer <key>):');
  for (const key of city.seed.keys) console.log(`  ${key.label.padEnd(38)} ${key.key}`);
  console.log('\nPress Ctrl-C to stop.\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the city ...`);
    await city.stop();
    process.exit(0);
  };
  // Started by local/child-process.ts (tests, benchmarks): it may ask when every stream consumer has
  // caught up, so that what a request's consumers write later is not taken for the next request's.
  process.on('message', (message) => {
    if (message === 'stream-drained?') void city.streamDrained().then(() => process.send?.('stream-drained'));
  });
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof LocalCityError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
