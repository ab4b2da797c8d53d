ALLOWED_HOSTS = ["netbox.example.com"]
DATABASE = {"NAME": "netbox", "USER": "netbox", "HOST": "localhost"}
REDIS = {"tasks": {"HOST": "localhost"}, "caching": {"HOST": "localhost"}}
SECRET_KEY = ""
