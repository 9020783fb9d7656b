from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "JSON API and personal access tokens"

    def ready(self) -> None:
        # Registers the OpenAPI description of the token scheme with drf-spectacular.
        # And the receiver that revokes tokens when a password or two-factor changes.
        from . import schema, signals  # noqa: F401
