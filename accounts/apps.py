from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts and care teams"

    def ready(self) -> None:
        # Registers the system checks and connects the login signal receivers.
        from . import checks, lockout, sessions  # noqa: F401


class VerifiedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with accounts.admin_site.VerifiedAdminSite as `admin.site`."""

    default = False  # AccountsConfig stays the default config of this module
    default_site = "accounts.admin_site.VerifiedAdminSite"
