/**
 * What a runtime file certbot installs sets, for a virtual host that includes
 * it where the file is not (a repository's `deploy/apache/`, a copy of
 * /etc/apache2 without /etc/letsencrypt). certbot's Apache plugin writes
 * `Include /etc/letsencrypt/options-ssl-apache.conf` into every `-le-ssl.conf`
 * host it makes, and that file is where the host's `SSLEngine on` is: without
 * it the host would read as plain HTTP and every rule that asks whether a
 * site terminates TLS would be wrong or silent.
 *
 * The directives are those of certbot-apache's current options file
 * (certbot/certbot, certbot-apache/src/certbot_apache/_internal/tls_configs/
 * current-options-ssl-apache.conf).
 */
export const CERTBOT_OPTIONS = "/etc/letsencrypt/options-ssl-apache.conf";

export const CERTBOT_OPTIONS_TEXT = [
  "SSLEngine on",
  "SSLProtocol -all +TLSv1.2 +TLSv1.3",
  "SSLCipherSuite ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384",
  "SSLHonorCipherOrder off",
  "SSLSessionTickets off",
  "SSLOptions +StrictRequire",
  "",
].join("\n");
