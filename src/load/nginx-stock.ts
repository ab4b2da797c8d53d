/**
 * What the parameter files nginx's packages install in its conf directory set,
 * for a site file that includes one by the usual relative name (`include
 * proxy_params;`, `include uwsgi_params;`) and is linted where the file is not
 * (a repository's `deploy/nginx/`, a sites-enabled file without its
 * nginx.conf). nginx reads the installed file there; without these the include
 * would be unknown and every rule that asks what it sets would stay silent.
 *
 * The parameters are those of nginx's own files (conf/uwsgi_params,
 * conf/fastcgi_params, conf/fastcgi.conf, conf/scgi_params) and of Debian's
 * proxy_params (Debian, Ubuntu); Debian's 2026 security update sets `Host` from
 * `$host` where it used `$http_host`, and adds `HTTP_HOST $host` to the others,
 * which passes the client's name all the same.
 */

/** `[parameter, value]` pairs in the order the files set them. */
type Params = readonly (readonly [string, string])[];

const CGI_COMMON: Params = [
  ["QUERY_STRING", "$query_string"],
  ["REQUEST_METHOD", "$request_method"],
  ["CONTENT_TYPE", "$content_type"],
  ["CONTENT_LENGTH", "$content_length"],
];

const FASTCGI: Params = [
  ...CGI_COMMON,
  ["SCRIPT_NAME", "$fastcgi_script_name"],
  ["REQUEST_URI", "$request_uri"],
  ["DOCUMENT_URI", "$document_uri"],
  ["DOCUMENT_ROOT", "$document_root"],
  ["SERVER_PROTOCOL", "$server_protocol"],
  ["REQUEST_SCHEME", "$scheme"],
  ["HTTPS", "$https if_not_empty"],
  ["GATEWAY_INTERFACE", "CGI/1.1"],
  ["SERVER_SOFTWARE", "nginx/$nginx_version"],
  ["REMOTE_ADDR", "$remote_addr"],
  ["REMOTE_PORT", "$remote_port"],
  ["REMOTE_USER", "$remote_user"],
  ["SERVER_ADDR", "$server_addr"],
  ["SERVER_PORT", "$server_port"],
  ["SERVER_NAME", "$server_name"],
  ["REDIRECT_STATUS", "200"],
];

const UWSGI: Params = [
  ...CGI_COMMON,
  ["REQUEST_URI", "$request_uri"],
  ["PATH_INFO", "$document_uri"],
  ["DOCUMENT_ROOT", "$document_root"],
  ["SERVER_PROTOCOL", "$server_protocol"],
  ["REQUEST_SCHEME", "$scheme"],
  ["HTTPS", "$https if_not_empty"],
  ["REMOTE_ADDR", "$remote_addr"],
  ["REMOTE_PORT", "$remote_port"],
  ["SERVER_PORT", "$server_port"],
  ["SERVER_NAME", "$server_name"],
];

const SCGI: Params = [
  ["REQUEST_METHOD", "$request_method"],
  ["REQUEST_URI", "$request_uri"],
  ["QUERY_STRING", "$query_string"],
  ["CONTENT_TYPE", "$content_type"],
  ["DOCUMENT_URI", "$document_uri"],
  ["DOCUMENT_ROOT", "$document_root"],
  ["SCGI", "1"],
  ["SERVER_PROTOCOL", "$server_protocol"],
  ["REQUEST_SCHEME", "$scheme"],
  ["HTTPS", "$https if_not_empty"],
  ["REMOTE_ADDR", "$remote_addr"],
  ["REMOTE_PORT", "$remote_port"],
  ["SERVER_PORT", "$server_port"],
  ["SERVER_NAME", "$server_name"],
];

const PROXY: Params = [
  ["Host", "$host"],
  ["X-Real-IP", "$remote_addr"],
  ["X-Forwarded-For", "$proxy_add_x_forwarded_for"],
  ["X-Forwarded-Proto", "$scheme"],
];

const text = (directive: string, params: Params) => params.map(([k, v]) => `${directive} ${k} ${v};\n`).join("");

/**
 * nginx's conf/mime.types: one `types` block and nothing else, which is what matters here (an `include mime.types;`
 * that could not be read left a whole `http` block unknown). The list is cut to the common web types: no rule reads it.
 */
const MIME_TYPES = [
  ["text/html", "html htm shtml"],
  ["text/css", "css"],
  ["text/xml", "xml"],
  ["image/gif", "gif"],
  ["image/jpeg", "jpeg jpg"],
  ["application/javascript", "js"],
  ["text/plain", "txt"],
  ["image/png", "png"],
  ["image/svg+xml", "svg svgz"],
  ["image/webp", "webp"],
  ["image/x-icon", "ico"],
  ["font/woff", "woff"],
  ["font/woff2", "woff2"],
  ["application/json", "json"],
  ["application/pdf", "pdf"],
  ["application/zip", "zip"],
  ["application/octet-stream", "bin exe dll"],
]
  .map(([type, exts]) => `    ${type} ${exts};\n`)
  .join("");

/** The text of each stock parameter file, by its name under the conf directory. */
export const STOCK_PARAMS: ReadonlyMap<string, string> = new Map([
  ["mime.types", `types {\n${MIME_TYPES}}\n`],
  ["proxy_params", text("proxy_set_header", PROXY)],
  ["uwsgi_params", text("uwsgi_param", UWSGI)],
  ["fastcgi_params", text("fastcgi_param", FASTCGI)],
  ["fastcgi.conf", text("fastcgi_param", [["SCRIPT_FILENAME", "$document_root$fastcgi_script_name"], ...FASTCGI])],
  ["scgi_params", text("scgi_param", SCGI)],
]);

/** Where the packages install them (Debian, Ubuntu, nginx.org, RHEL): the path findings and related locations name. */
export const STOCK_DIR = "/etc/nginx";
