/**
 * The servers djlint-conf reads, by name. Each dialect plugin adds its server
 * model here by declaration merging (src/dialects/<name>/index.ts):
 *
 *   declare module "../../core/dialect.js" {
 *     interface ServerModels { nginx: NginxServer }
 *   }
 *
 * so that `Dialect` and `ServerModels` are derived from the plugins, never
 * written out by hand.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each plugin's declaration merging
export interface ServerModels {}

/** A dialect's name: a key of ServerModels. */
export type Dialect = keyof ServerModels & string;
