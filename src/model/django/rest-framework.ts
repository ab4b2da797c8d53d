/**
 * Django REST framework's settings, as far as the server's configuration
 * depends on them: the authentication classes that read the `Authorization`
 * header (token, HTTP Basic, JWT, OAuth2), which a server must pass on.
 * `SessionAuthentication` uses the session cookie and `RemoteUserAuthentication`
 * the server's `REMOTE_USER`; neither needs the header.
 */

/** Class names (last dotted part) of authentication backends that read `Authorization`. */
const HEADER_AUTH = /(Token|JWT|JSONWebToken|Jwt|Basic|OAuth2?|Bearer|Knox|APIKey|ApiKey|Digest|Hawk)\w*Authentication$|^JWTAuthentication$/;

/**
 * The `DEFAULT_AUTHENTICATION_CLASSES` of a `REST_FRAMEWORK` value (as the
 * Django model gives it: JSON, an unknown part as `{ unknown }`) that read the
 * `Authorization` header; null when the value (or the list) is not known, an
 * empty list when it names none (or leaves DRF's default, which does not
 * count: projects on the default rarely rely on HTTP Basic).
 */
export function headerAuthClasses(restFramework: unknown): string[] | null {
  if (!isObject(restFramework) || "unknown" in restFramework) return null;
  if (!("DEFAULT_AUTHENTICATION_CLASSES" in restFramework)) return [];
  const list = restFramework.DEFAULT_AUTHENTICATION_CLASSES;
  if (!Array.isArray(list)) return null;
  return list.filter((item): item is string => typeof item === "string" && HEADER_AUTH.test(item.split(".").pop() as string));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
