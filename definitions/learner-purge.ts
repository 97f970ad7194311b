// The scheduled purge of learners' accounts due for deletion (functions/learners/purge.ts): under-13s'
// accounts whose guardian did not agree within 7 days of the last request, and any deletion cut short.
// An EventBridge schedule runs it in AWS (lib/constructs/learner-purge.ts); the local city runs the
// same handler on the same interval (local/city.ts). Pure data: no runtime imports.

export const LEARNER_PURGE_ENTRY = 'functions/learners/purge.ts';
export const LEARNER_PURGE_DESCRIPTION = "Deletes learners' accounts due for deletion: under-13s' whose guardian never agreed, and deletions cut short";
/** How often it runs: an account is deleted within this long of falling due. */
export const LEARNER_PURGE_EVERY_MINUTES = 60;
/** Accounts one run deletes at most (the rest wait for the next run); well inside its timeout. */
export const LEARNER_PURGE_BATCH = 50;
export const LEARNER_PURGE_TIMEOUT_SECONDS = 120;
