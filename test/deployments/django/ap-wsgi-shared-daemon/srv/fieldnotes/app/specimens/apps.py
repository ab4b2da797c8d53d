from django.apps import AppConfig


class SpecimensConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "specimens"
