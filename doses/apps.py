from django.apps import AppConfig


class DosesConfig(AppConfig):
    name = "doses"
    verbose_name = "Dose log"
