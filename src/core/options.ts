/** What a dialect's loader and model are given from the run's options. */

/**
 * Options a dialect plugin declares for itself (`serverRoot`, `nginxPrefix`...),
 * added here by each plugin's declaration merging, as ServerModels is.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each plugin's declaration merging
export interface DialectOptions {}

/** Every plugin's options, and what all dialects share. */
export interface ServerOptions extends DialectOptions {
  /** Target Django version, major.minor (default: a current Django). */
  djangoVersion?: string;
}
