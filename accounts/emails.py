"""Emails built from templates: `emails/<name>-subject.txt`, `-body.txt`, `-body.html`.

A subject is a header, not HTML: it is rendered without autoescaping (else "Alex's" arrives
as "Alex&#x27;s") and squeezed onto one line, so a CR/LF in a patient's name can neither
fail the send (BadHeaderError) nor inject a header.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from .text import one_line


def site_link(view_name: str, *args) -> str:
    """An absolute link for an email: from SITE_URL, never from the request's Host header."""
    return settings.SITE_URL + reverse(view_name, args=args)


def render_plain(template_name: str, context: dict) -> str:
    """A Django template rendered as plain text: values are not HTML-escaped."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_subject(template_name: str, context: dict) -> str:
    return one_line(render_plain(template_name, context))


def templated_email(name: str, context: dict, *, to: list[str]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        render_subject(f"emails/{name}-subject.txt", context),
        render_to_string(f"emails/{name}-body.txt", context),
        to=to,
    )
    message.attach_alternative(render_to_string(f"emails/{name}-body.html", context), "text/html")
    return message
