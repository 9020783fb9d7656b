"""The personal access tokens settings page: list, create (after a recent login), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.access import is_verified
from accounts.reauth import recent_login_required

from .. import services
from ..forms import TokenForm
from ..models import PersonalAccessToken


def _page(request, form, *, new_token=None, status=200):
    tokens = PersonalAccessToken.objects.filter(user=request.user)
    return render(request, "api/token_list.html", {
        "form": form, "tokens": tokens, "new_token": new_token,
    }, status=status)


@never_cache
@login_required
def token_list(request):
    return _page(request, TokenForm())


@never_cache
@require_POST
@recent_login_required
def token_add(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    token, plain = services.token_create(
        user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"],
        second_factor_verified=is_verified(request.user),
    )
    # Shown on this response only: it is stored hashed and cannot be shown again.
    return _page(request, TokenForm(), new_token={"token": token, "plain": plain})


@require_POST
@login_required
def token_revoke(request, token_id):
    token = get_object_or_404(PersonalAccessToken, pk=token_id, user=request.user)
    services.token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked: it no longer works.")
                     % {"name": token.name})
    return redirect("api-tokens")
