/**
 * Django REST framework's settings, as far as the server's configuration
 * depends on them: the authentication classes that read the `Authorization`
 * header (token, HTTP Basic, JWT, OAuth2), which a server must pass on.
 * `SessionAuthentication` uses the session cookie and `RemoteUserAuthentication`
 * the server's `REMOTE_USER`; neither needs the header.
 */
import type { PyValue } from "./python/values.js";

/** Class names (last dotted part) of authentication backends that read `Authorization`. */
const HEADER_AUTH = /(Token|JWT|JSONWebToken|Jwt|Basic|OAuth2?|Bearer|Knox|APIKey|ApiKey|Digest|Hawk)\w*Authentication$|^JWTAuthentication$/;

/**
 * The `DEFAULT_AUTHENTICATION_CLASSES` of a `REST_FRAMEWORK` value that read
 * the `Authorization` header; null when the value (or the list) is not known,
 * an empty list when it names none (or leaves DRF's default, which does not
 * count: projects on the default rarely rely on HTTP Basic).
 */
export function headerAuthClasses(restFramework: PyValue): string[] | null {
  if (restFramework.kind !== "dict") return null;
  const entry = restFramework.entries.find(([k]) => k.kind === "str" && k.value === "DEFAULT_AUTHENTICATION_CLASSES");
  if (!entry) return [];
  const list = entry[1];
  if (list.kind !== "list" && list.kind !== "tuple") return null;
  const out: string[] = [];
  for (const item of list.items) if (item.kind === "str" && HEADER_AUTH.test(item.value.split(".").pop() as string)) out.push(item.value);
  return out;
}
