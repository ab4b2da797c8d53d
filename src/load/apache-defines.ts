/**
 * httpd's `${VAR}` substitution from Define, apart from the loader: rules and the model use it, and importing it must not
 * initialise the Apache grammar (a lint of another dialect loads the rules, not the grammar).
 */
const VAR = /\$\{([A-Za-z0-9_:.-]+)\}/g;

/** `s` with every `${VAR}` replaced by its Define, or null when one is not defined. */
export function substituteDefines(s: string, defines: Map<string, string>): string | null {
  let unresolved = false;
  const out = s.replace(VAR, (m, name: string) => {
    const v = defines.get(name);
    if (v === undefined) unresolved = true;
    return v ?? m;
  });
  return unresolved ? null : out;
}
