from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt


def api_docs(request):
    """Swagger UI from our own static files (npm swagger-ui-dist), reading /api/v1/schema/."""
    return render(request, "api/docs.html")


@csrf_exempt  # nothing is changed here, and a JSON client should not meet the CSRF page
def not_found(request):
    return JsonResponse({"detail": "Not found."}, status=404)
