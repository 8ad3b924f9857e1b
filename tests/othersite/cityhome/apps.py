from django.apps import AppConfig


class CityHomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cityhome"
