from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """Pages across the apps for review: dashboards of many patients, the pre-visit summary,
    exports. It reads every app and no app reads it (like b12tracker/views.py's dashboard)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "review"
    verbose_name = "Care-team review and exports"
