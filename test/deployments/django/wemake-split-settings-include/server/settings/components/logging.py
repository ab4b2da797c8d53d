LOGGING = {"version": 1, "disable_existing_loggers": False}
