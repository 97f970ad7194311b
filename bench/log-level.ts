// Imported first by run.ts, before any function module: the functions' one logger takes its level from
// the environment when it is made, and Powertools puts that level back at every invocation after the
// first, so a level set later (logger.setLogLevel) lasts one request. The bench's in-process handlers
// then log as the local city's functions do (warnings only), not a line per request.
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
