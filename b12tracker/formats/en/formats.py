"""English as this app writes it: the British formats (25 Oct 2006, 25/10/2006, weeks from
Monday). The language is "en" (one English catalogue, the source), its formats en_GB's."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
