from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts and care teams"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
