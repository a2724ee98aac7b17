"""Every call passes two checks: the token's scope for this method, then the acting user's Django
permissions, the same ones the screens check."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from api.models import ApiToken
from api.scopes import Scope


class ScopeMissing(exceptions.PermissionDenied):
    default_code = "scope_missing"


class TokenScopeAndPermission(BasePermission):
    """A view declares ``scopes`` and ``permissions``, each a dict from HTTP method to what it needs
    (``permissions`` values are lists). A method without a scope is refused."""

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            raise exceptions.NotAuthenticated()
        if not hasattr(view, request.method.lower()):
            return True  # DRF answers 405 next
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        scope = view.scopes.get(method)
        if scope is None or not token.has_scope(scope):
            raise ScopeMissing(
                _("This API key lacks the scope %(scope)s (%(label)s).")
                % {"scope": scope, "label": Scope(scope).label if scope in Scope.values else "-"}
            )
        needed = view.permissions.get(method, [])
        if not request.user.has_perms(needed):
            raise exceptions.PermissionDenied(
                _("The user this API key acts as lacks the permission: %(permissions)s.")
                % {"permissions": ", ".join(needed)}
            )
        return True
