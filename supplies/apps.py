from django.apps import AppConfig


class SuppliesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "supplies"
    verbose_name = "Supplies and appointments"

    def ready(self) -> None:
        # Keeps the stored supply forecast in step with the plan (see supplies/signals.py).
        from . import signals  # noqa: F401
