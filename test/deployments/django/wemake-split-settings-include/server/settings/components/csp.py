CSP_SCRIPT_SRC = ("'self'",)
CSP_DEFAULT_SRC = ("'none'",)
