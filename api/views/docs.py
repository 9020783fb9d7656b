from django.shortcuts import render


def api_docs(request):
    """Swagger UI from our own static files (npm swagger-ui-dist), reading /api/v1/schema/."""
    return render(request, "api/docs.html")
