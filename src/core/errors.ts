/** A mistake in how djlint-conf was asked to run (a flag, a configuration file, an input): exit code 2, no stack. */
export class UsageError extends Error {}
