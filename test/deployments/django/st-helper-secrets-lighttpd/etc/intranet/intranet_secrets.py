# Managed by puppet (modules/intranet/templates/secrets.py.erb). Mode 0640 root:intranet.
SECRET_KEY = "p!9s$w2#z-NOT-REAL-4u@h7k&m1q"
DATABASE_PASSWORD = "ldap-dir-8842"
LDAP_BIND_PASSWORD = "bindpw-3391"
