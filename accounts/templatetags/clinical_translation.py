"""Whether clinical advice shown now is a translation still awaiting clinical review."""

from django import template
from django.conf import settings
from django.utils import translation

register = template.Library()


@register.simple_tag
def clinical_review_pending() -> bool:
    return translation.get_language() not in settings.CLINICAL_TRANSLATIONS_REVIEWED
