"""Security headers Django does not send by itself, and the sign-in throttle of django-axes."""

import secrets

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy of ``settings.CONTENT_SECURITY_POLICY`` on every response.

    Each request gets a fresh nonce (``request.csp_nonce``); a template's own ``<script>`` or ``<style>``
    block carries it as ``nonce="{{ request.csp_nonce }}"``. Inline event handlers (``onclick=``) are
    never allowed: static/js/app.js reads ``data-confirm``, ``data-autosubmit`` and ``data-print``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy.replace("{nonce}", request.csp_nonce)
        return response


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for sign-ins over the web (the login page always passes its request).

    ``authenticate()`` without a request (``manage.py`` commands, the test client's ``login()``) has no
    visitor address to throttle, so it is left to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
