"""Writes of the API app: its tokens. Documents change through the services of their own apps."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, key_hash
from api.scopes import Scope
from common.exceptions import DomainError

KEY_PREFIX = "jx_"


def api_token_create(*, name: str, scopes: list[str], user, by, rate_limit: int | None = None):
    """Return the token and its key; the key is shown once and only its hash is kept."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the integration a name."), field="name")
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        raise DomainError(_("Choose at least one scope from the list."), field="scopes")
    if not user.is_active:
        raise DomainError(_("%(user)s is inactive.") % {"user": user}, field="user")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        prefix=key[:10],
        key_hash=key_hash(key),
        scopes=[scope for scope in Scope.values if scope in scopes],
        user=user,
        rate_limit=rate_limit,
        created_by=by,
    )
    return token, key


def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise DomainError(_("%(token)s is already revoked.") % {"token": token.name})
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_touch(token: ApiToken) -> None:
    """Record the last use, at most once a minute per token, so calls do not all write."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
