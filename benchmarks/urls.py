"""The URLs the benchmark serves: the project's, plus a baseline page.

The baseline exists only while the benchmark runs (it sets ROOT_URLCONF to this module), so
it goes through exactly the same middleware, session, authentication and template engine as
the pages it is compared with, and no deployed server ever answers it.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

BASELINE_TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang=\"en\"><title>Baseline</title>"
    "<main><p>Hello, {{ user.get_short_name }}.</p></main></html>"
)


@login_required
def baseline(request):
    """The least a page for a logged-in user can cost: a minimal template, no patient."""
    return HttpResponse(BASELINE_TEMPLATE.render({}, request))


urlpatterns = [
    path("__bench__/baseline/", baseline, name="bench-baseline"),
    path("", include("b12tracker.urls")),
]
