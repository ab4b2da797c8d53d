# Server-only settings, not in git (see .gitignore). Written by the provisioning playbook.
SECRET_KEY = "q8#v0y!t9m2r@l5k^e3w*h7n&b1c%x4z"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "blog",
        "USER": "blog",
        "PASSWORD": "s3cret-from-ansible-vault",
        "HOST": "localhost",
    }
}
