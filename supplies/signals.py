"""The supply forecast follows the plan without schedules knowing about supplies.

`schedules.services.regimen_refresh_next_due` is the one writer of a regimen's stored plan
(`next_due_on`, `current_phase`) and runs after every change of doses, prescription, phase or
status. Its save is what tells us the plan moved: supplies sits above schedules and may listen,
while schedules may not call up into supplies.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from schedules.models import Regimen


@receiver(post_save, sender=Regimen, dispatch_uid="supplies-forecast-follows-the-plan")
def plan_changed(sender, instance: Regimen, update_fields=None, raw=False, **kwargs) -> None:
    if raw or not update_fields or "next_due_on" not in update_fields:
        return
    if instance.current_version_id is None:
        return
    from .services import forecast_refresh

    forecast_refresh(regimen=instance)
