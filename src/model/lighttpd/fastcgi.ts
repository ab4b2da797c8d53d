/** Reading `fastcgi.server` hosts the way the FastCGI rules need them. */
import type { FastcgiHost, FastcgiMount } from "./server.js";
import { phrase, Phrase } from "../../source/quote.js";

/**
 * Whether a host serves an application mounted at a URL prefix (the Django
 * setup: `"/mysite.fcgi" => ( "main" => ( "socket" => ... ) )`), as opposed to
 * a handler for script files on disk (`".php" => ...`, a PHP `bin-path`) or an
 * authorizer.
 */
export function djangoHost(mount: FastcgiMount, host: FastcgiHost): boolean {
  if (!mount.mount.startsWith("/")) return false;
  const bin = host.option("bin-path");
  if (bin && (bin.value.type !== "string" || /php/i.test(bin.value.value))) return false;
  const mode = host.option("mode");
  if (mode && (mode.value.type !== "string" || mode.value.value !== "responder")) return false;
  return true;
}

/** `"main"` for a labelled host, `(unlabelled)` for the `(( ... ))` form. */
export function hostName(host: FastcgiHost): Phrase {
  return host.label !== null ? phrase`"${host.label}"` : new Phrase("(unlabelled)");
}
