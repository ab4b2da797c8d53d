from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "shop.users"
    verbose_name = "Users"
