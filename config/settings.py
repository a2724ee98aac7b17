"""Settings read from the environment; with nothing set the app runs on SQLite with eager Celery."""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
if not DEBUG and (not SECRET_KEY or not ALLOWED_HOSTS):
    raise ImproperlyConfigured("With DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be set.")
if not SECRET_KEY:
    # Only reached with DEBUG on: a per-checkout development key, never used in production.
    SECRET_KEY = "dev-only-" + str(BASE_DIR)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_fsm",
    "import_export",
    "django_celery_beat",
    "auditlog",
    "axes",
    "common",
    "inventory",
    "finance",
    "suppliers",
    "purchasing",
    "sales",
    "returns",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "api.webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.security.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.navigation",
                "common.notifications.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the long CASE expressions of the ageing and turnover reports for longer
    # than it then saves (minutes at 2,000,000 moves); the OLTP queries never reach its cost threshold.
    # One query may use at most half the cores, itself and its parallel helpers: on a small server the
    # other half keeps serving everyone else's pages (measured on 2 cores in bench/RESULTS.md).
    parallel_workers = env.int("DATABASE_PARALLEL_WORKERS", default=max(0, (os.cpu_count() or 2) // 2 - 1))
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c jit=off -c max_parallel_workers_per_gather={parallel_workers}"
    )
    # The postings' plain statements (common.bulk.plain_cursor) bind on the server, and psycopg prepares one
    # the fifth time a connection runs it, so PostgreSQL stops planning it again; Django's own queries bind
    # on the client and are never prepared. 0 prepares at once; unset it (empty) behind a transaction-mode
    # PgBouncer that cannot keep prepared statements.
    threshold = env.str("DATABASE_PREPARE_THRESHOLD", default="5")
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = int(threshold) if threshold else None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username from the same address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "common.security.LoginThrottleBackend",  # django-axes' AxesStandaloneBackend
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="erp@localhost")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))  # filebased backend
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# SMS goes through a class with ``send_sms(*, phone, text, reference)``; the default only logs.
SMS_BACKEND = env.str("SMS_BACKEND", default="common.notifications.channels.LoggingSmsBackend")
# Webhooks (api/webhooks): how long a receiver may take to answer before the attempt counts as failed.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5)

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_IGNORE_RESULT = True
# A request never waits on a dead broker: publishing does not retry and every broker socket gives up
# after BROKER_TIMEOUT seconds; work that was not sent stays in the database for the periodic sweep.
# The worker keeps reconnecting until Redis is back.
BROKER_TIMEOUT = env.float("CELERY_BROKER_TIMEOUT", default=1.0)
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker waits out a Redis outage of any length
# On a lost connection, running tasks are given back and redelivered; every task is safe to run twice.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": BROKER_TIMEOUT,
    "socket_timeout": BROKER_TIMEOUT * 2,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    "visibility_timeout": 3600,
}
CELERY_BROKER_HEARTBEAT = 0

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_HTTPONLY = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by common.security.ContentSecurityPolicyMiddleware (Django 5.2 has none built
# in). No 'unsafe-inline' for scripts: behaviour lives in static/js/app.js (data- attributes instead of
# onclick=) and the few page scripts carry the per-request nonce ({nonce} below). Style attributes stay
# allowed (style-src-attr); style blocks need the nonce too.
CONTENT_SECURITY_POLICY = env.str(
    "CONTENT_SECURITY_POLICY",
    default="default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "style-src-attr 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)

# Business settings.
LIST_PAGE_SIZE = env.int("LIST_PAGE_SIZE", default=25)
COMPANY_NAME = env.str("COMPANY_NAME", default="")
# A purchase order whose total is below this amount is approved when it is submitted; 0 = always ask.
PURCHASE_AUTO_APPROVE_LIMIT = Decimal(env.str("PURCHASE_AUTO_APPROVE_LIMIT", default="0"))
# How far (in percent of the ordered quantity) a goods receipt may go beyond the order.
PURCHASE_RECEIPT_TOLERANCE = Decimal(env.str("PURCHASE_RECEIPT_TOLERANCE", default="0"))

# The customer return form (/r/): where customers send goods back (empty: the warehouse's address), and
# how many order lookups one client IP, or one order number, may make in a window of seconds.
RETURNS_RETURN_ADDRESS = env.str("RETURNS_RETURN_ADDRESS", default="")
RETURNS_PUBLIC_LOOKUP_LIMIT = env.int("RETURNS_PUBLIC_LOOKUP_LIMIT", default=10)
RETURNS_PUBLIC_LOOKUP_WINDOW = env.int("RETURNS_PUBLIC_LOOKUP_WINDOW", default=600)
# Behind a proxy that overwrites it, the header with the client's address (e.g. HTTP_X_REAL_IP).
RETURNS_PUBLIC_IP_HEADER = env.str("RETURNS_PUBLIC_IP_HEADER", default="")
# The cache holds only the form's rate-limit counters. The default is per process; with several
# processes point CACHE_URL at the broker's Redis (redis://redis:6379/1) or at a database table
# (dbcache://django_cache, then `manage.py createcachetable`).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# The integration API's rate-limit counters (per token). Local memory counts per process; with several
# processes point API_CACHE_URL at Redis (redis://redis:6379/2) so every process shares the counts.
CACHES["api"] = env.cache("API_CACHE_URL", default="locmemcache://api")

# The integration API (/api/v1/): token authentication only (no session, so no CSRF), scope and
# permission checks per view, one JSON error shape, cursor pagination, a rate limit per token.
API_DEFAULT_RATE_LIMIT = env.int("API_DEFAULT_RATE_LIMIT", default=120)  # requests per minute per token
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScopeAndPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiTokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiCursorPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jinxiaocun integration API",
    "DESCRIPTION": "Products and stock, customers, sales orders, return requests, tracking numbers, "
    "suppliers and purchase orders. Every call needs an API key (`Authorization: Bearer <key>`) whose "
    'scopes and user allow it; errors come as {"error": {"code", "message", "fields"}}.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
