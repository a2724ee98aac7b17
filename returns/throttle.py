"""A fixed-window counter in Django's cache, for the customer return form (by client IP and by number).

The counters live in ``CACHES["default"]``: per process with the development default (LocMem), shared
by every process and machine once ``CACHE_URL`` points at the Redis the broker uses (``redis://…/1``) or
at a database cache table (``dbcache://django_cache`` and ``manage.py createcachetable``). They hold
no business state: losing them only resets the limit.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

LOOKUP_LIMIT = 10
LOOKUP_WINDOW = 600  # seconds


def lookup_limit() -> int:
    return getattr(settings, "RETURNS_PUBLIC_LOOKUP_LIMIT", LOOKUP_LIMIT)


def lookup_window() -> int:
    return getattr(settings, "RETURNS_PUBLIC_LOOKUP_WINDOW", LOOKUP_WINDOW)


def client_ip(request) -> str:
    """``REMOTE_ADDR``, or the header the proxy in front sets when ``RETURNS_PUBLIC_IP_HEADER`` names it
    (for example ``HTTP_X_REAL_IP``; only behind a proxy that overwrites it, or clients could choose)."""
    header = getattr(settings, "RETURNS_PUBLIC_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def hit(scope: str, value: str, *, limit: int | None = None, window: int | None = None) -> bool:
    """Count one attempt for ``scope``/``value``; False once more than ``limit`` were made in the window."""
    limit = lookup_limit() if limit is None else limit
    window = lookup_window() if window is None else window
    key = "returns-public:" + scope + ":" + hashlib.sha256(value.encode()).hexdigest()[:32]
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit
