from django.conf import settings
from django.core.checks import Error, register


@register()
def check_time_zone_is_utc(app_configs, **kwargs):
    # Due dates are computed in each patient's own zone from UTC instants; a server zone
    # other than UTC would shift every stored datetime the ORM hands us.
    if settings.TIME_ZONE != "UTC":
        return [Error("TIME_ZONE must be 'UTC'.", id="b12tracker.E001")]
    return []
