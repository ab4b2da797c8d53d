/** The servers djlint-conf reads, by name. */
export type Dialect = "apache" | "nginx" | "lighttpd";
