/**
 * Names of common nginx directives (core, http, stream and mail modules that
 * ship with nginx, plus the usual third-party ones). The builder uses them to
 * spot a missing `;` (a line that starts with a directive name inside another
 * directive's arguments); dialect detection uses them as evidence.
 */
const NAMES = `
absolute_redirect accept_mutex accept_mutex_delay access_log add_after_body add_before_body add_header add_trailer
aio aio_write alias allow ancient_browser ancient_browser_value auth_basic auth_basic_user_file auth_delay
auth_http auth_http_header auth_http_pass_client_cert auth_http_timeout auth_jwt auth_jwt_key_file auth_request
auth_request_set autoindex autoindex_exact_size autoindex_format autoindex_localtime break charset charset_map
charset_types chunked_transfer_encoding client_body_buffer_size client_body_in_file_only client_body_in_single_buffer
client_body_temp_path client_body_timeout client_header_buffer_size client_header_timeout client_max_body_size
connection_pool_size create_full_put_path daemon dav_access dav_methods debug_connection debug_points default_type
deny directio directio_alignment disable_symlinks empty_gif env error_log error_page etag events expires
fastcgi_bind fastcgi_buffer_size fastcgi_buffering fastcgi_buffers fastcgi_busy_buffers_size fastcgi_cache
fastcgi_cache_background_update fastcgi_cache_bypass fastcgi_cache_key fastcgi_cache_lock fastcgi_cache_lock_age
fastcgi_cache_lock_timeout fastcgi_cache_methods fastcgi_cache_min_uses fastcgi_cache_path fastcgi_cache_revalidate
fastcgi_cache_use_stale fastcgi_cache_valid fastcgi_catch_stderr fastcgi_connect_timeout fastcgi_force_ranges
fastcgi_hide_header fastcgi_ignore_client_abort fastcgi_ignore_headers fastcgi_index fastcgi_intercept_errors
fastcgi_keep_conn fastcgi_max_temp_file_size fastcgi_next_upstream fastcgi_next_upstream_timeout
fastcgi_next_upstream_tries fastcgi_no_cache fastcgi_param fastcgi_pass fastcgi_pass_header
fastcgi_pass_request_body fastcgi_pass_request_headers fastcgi_read_timeout fastcgi_request_buffering
fastcgi_send_lowat fastcgi_send_timeout fastcgi_socket_keepalive fastcgi_split_path_info fastcgi_store
fastcgi_store_access fastcgi_temp_file_write_size fastcgi_temp_path flv geo geoip_city geoip_country geoip_org
geoip_proxy grpc_pass grpc_set_header grpc_read_timeout gunzip gunzip_buffers gzip gzip_buffers gzip_comp_level
gzip_disable gzip_http_version gzip_min_length gzip_proxied gzip_static gzip_types gzip_vary hash http http2
http2_max_concurrent_streams http2_push http2_push_preload http3 if if_modified_since ignore_invalid_headers
image_filter imap_capabilities include index internal ip_hash js_content js_import js_include js_set keepalive
keepalive_disable keepalive_requests keepalive_time keepalive_timeout large_client_header_buffers least_conn
limit_conn limit_conn_log_level limit_conn_status limit_conn_zone limit_except limit_rate limit_rate_after
limit_req limit_req_log_level limit_req_status limit_req_zone lingering_close lingering_time lingering_timeout
listen load_module location lock_file log_format log_not_found log_subrequest map map_hash_bucket_size
map_hash_max_size master_process max_ranges merge_slashes min_delete_depth mp4 msie_padding msie_refresh
multi_accept open_file_cache open_file_cache_errors open_file_cache_min_uses open_file_cache_valid
open_log_file_cache output_buffers pcre_jit perl perl_modules perl_require perl_set pid pop3_capabilities
port_in_redirect postpone_output proxy_bind proxy_buffer_size proxy_buffering proxy_buffers
proxy_busy_buffers_size proxy_cache proxy_cache_background_update proxy_cache_bypass proxy_cache_convert_head
proxy_cache_key proxy_cache_lock proxy_cache_lock_age proxy_cache_lock_timeout proxy_cache_methods
proxy_cache_min_uses proxy_cache_path proxy_cache_revalidate proxy_cache_use_stale proxy_cache_valid
proxy_connect_timeout proxy_cookie_domain proxy_cookie_flags proxy_cookie_path proxy_force_ranges
proxy_headers_hash_bucket_size proxy_headers_hash_max_size proxy_hide_header proxy_http_version
proxy_ignore_client_abort proxy_ignore_headers proxy_intercept_errors proxy_max_temp_file_size proxy_method
proxy_next_upstream proxy_next_upstream_timeout proxy_next_upstream_tries proxy_no_cache proxy_pass
proxy_pass_header proxy_pass_request_body proxy_pass_request_headers proxy_protocol proxy_read_timeout
proxy_redirect proxy_request_buffering proxy_send_lowat proxy_send_timeout proxy_set_body proxy_set_header
proxy_socket_keepalive proxy_ssl_certificate proxy_ssl_certificate_key proxy_ssl_ciphers proxy_ssl_name
proxy_ssl_protocols proxy_ssl_server_name proxy_ssl_session_reuse proxy_ssl_trusted_certificate
proxy_ssl_verify proxy_ssl_verify_depth proxy_store proxy_store_access proxy_temp_file_write_size
proxy_temp_path proxy_timeout random_index read_ahead real_ip_header real_ip_recursive recursive_error_pages
referer_hash_bucket_size referer_hash_max_size request_pool_size reset_timedout_connection resolver
resolver_timeout return rewrite rewrite_log root satisfy scgi_pass scgi_param send_lowat send_timeout sendfile
sendfile_max_chunk server server_name server_name_in_redirect server_names_hash_bucket_size
server_names_hash_max_size server_tokens set set_real_ip_from slice smtp_auth smtp_capabilities source_charset
split_clients ssi ssi_types ssl ssl_buffer_size ssl_certificate ssl_certificate_key ssl_ciphers
ssl_client_certificate ssl_conf_command ssl_crl ssl_dhparam ssl_early_data ssl_ecdh_curve ssl_password_file
ssl_prefer_server_ciphers ssl_preread ssl_protocols ssl_session_cache ssl_session_tickets ssl_session_ticket_key
ssl_session_timeout ssl_stapling ssl_stapling_file ssl_stapling_responder ssl_stapling_verify
ssl_trusted_certificate ssl_verify_client ssl_verify_depth starttls stream stub_status sub_filter
sub_filter_once sub_filter_types subrequest_output_buffer_size tcp_nodelay tcp_nopush thread_pool timer_resolution
try_files types types_hash_bucket_size types_hash_max_size underscores_in_headers uninitialized_variable_warn
upstream use user userid userid_domain userid_expires userid_name userid_path uwsgi_buffer_size uwsgi_buffering
uwsgi_buffers uwsgi_busy_buffers_size uwsgi_cache uwsgi_cache_key uwsgi_cache_path uwsgi_cache_valid
uwsgi_connect_timeout uwsgi_hide_header uwsgi_ignore_client_abort uwsgi_intercept_errors uwsgi_modifier1
uwsgi_modifier2 uwsgi_next_upstream uwsgi_param uwsgi_pass uwsgi_pass_header uwsgi_read_timeout
uwsgi_request_buffering uwsgi_send_timeout valid_referers variables_hash_bucket_size variables_hash_max_size
worker_aio_requests worker_connections worker_cpu_affinity worker_priority worker_processes worker_rlimit_core
worker_rlimit_nofile worker_shutdown_timeout working_directory xclient xml_entities xslt_stylesheet xslt_types
zone more_set_headers more_clear_headers lua_package_path lua_shared_dict lua_code_cache brotli brotli_types
brotli_comp_level brotli_static modsecurity modsecurity_rules_file pagespeed passenger_enabled passenger_root
`;

export const NGINX_DIRECTIVES: ReadonlySet<string> = new Set(NAMES.split(/\s+/).filter(Boolean));

/** Blocks whose bodies are key/value lines, not directives (a key may look like a directive name). */
export const KEY_VALUE_BLOCKS: ReadonlySet<string> = new Set(["map", "geo", "types", "split_clients", "charset_map", "match", "user_agent"]);

/**
 * The most arguments nginx accepts for directives that take a fixed number
 * (NGX_CONF_TAKE1, TAKE12, ...): more is "invalid number of arguments", so a
 * directive name starting a line among too many arguments is a missing `;`
 * that nginx rejects too. Variadic directives (server_name, index, listen...)
 * are absent: nginx accepts whatever follows, so the builder says nothing.
 */
export const NGINX_MAX_ARGS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    0: "internal ip_hash least_conn break stub_status http events stream mail",
    1: `alias root proxy_pass uwsgi_pass fastcgi_pass scgi_pass grpc_pass ssl_certificate ssl_certificate_key ssl_ciphers
        ssl_dhparam ssl_client_certificate ssl_trusted_certificate client_max_body_size client_body_buffer_size default_type
        fastcgi_index proxy_read_timeout proxy_connect_timeout proxy_send_timeout proxy_http_version proxy_buffering
        proxy_buffer_size proxy_request_buffering sendfile tcp_nopush tcp_nodelay gzip gzip_comp_level gzip_min_length
        gzip_vary server_tokens charset autoindex worker_processes worker_connections pid include auth_basic
        auth_basic_user_file allow deny ssl_session_timeout ssl_prefer_server_ciphers ssl_stapling ssl_stapling_verify
        ssl_session_tickets uwsgi_read_timeout fastcgi_read_timeout client_body_timeout client_header_timeout
        send_timeout server_names_hash_bucket_size types_hash_max_size keepalive_requests proxy_intercept_errors
        fastcgi_intercept_errors absolute_redirect port_in_redirect server_name_in_redirect merge_slashes
        underscores_in_headers log_not_found recursive_error_pages satisfy ssl_verify_client resolver_timeout
        auth_request limit_rate proxy_cache proxy_cache_key ssl_ecdh_curve etag if_modified_since`,
    2: `user keepalive_timeout expires proxy_redirect set proxy_set_header error_log return 
        grpc_set_header ssl_session_cache limit_conn auth_request_set sub_filter`,
    3: "fastcgi_param uwsgi_param scgi_param add_header rewrite limit_req",
  }).flatMap(([n, names]) =>
    names
      .split(/\s+/)
      .filter(Boolean)
      .map((name) => [name, Number(n)] as [string, number]),
  ),
);
