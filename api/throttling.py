"""Rate limits per token: each token has its own count per minute, in the ``api`` cache (Redis with
several processes, see API_CACHE_URL)."""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class ApiTokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def __init__(self):
        self.cache = caches["api"]
        # The rate depends on the token: set per request in allow_request.

    def allow_request(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        self.rate = f"{token.rate_limit or settings.API_DEFAULT_RATE_LIMIT}/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
