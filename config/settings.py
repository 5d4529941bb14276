"""Anjuan settings: one module, driven by environment variables.

With no variables set, Anjuan runs on its embedded defaults: SQLite and local
files under ``var/``, the django-tasks database queue, embedded search. A
deployment (see docker-compose.yml) sets the variables read below; every one of
them is read through :mod:`config.env`.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

VAR_DIR = env.path("ANJUAN_VAR_DIR", BASE_DIR / "var", doc="Local state: SQLite database, media, secret key")

DEBUG = env.bool("DEBUG", False, doc="Django debug mode; never on in production")


def _secret_key():
    key = env.str("SECRET_KEY", doc="Django secret key; generated into var/ when unset")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"], doc="Host names this site answers to, comma separated"
)
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", doc="Origins trusted for POSTs behind a proxy, e.g. https://anjuan.example.gov.cn"
)
BASE_URL = env.str("BASE_URL", "http://127.0.0.1:8000", doc="Public base URL, used in emails and feeds")

INSTALLED_APPS = [
    "wagtail.sites",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # After the Wagtail apps: casefiles.ready() replaces the permission policies
    # they register. Its admin template overrides live in templates/.
    "casefiles",
    "archive",
    "ocr",
    "search",
    "modelcluster",
    "taggit",
    "django_filters",
    "guardian",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "casefiles.guard.CaseContentGuardMiddleware",
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
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
_database_url = env.str(
    "DATABASE_URL", doc="Database URL, e.g. postgres://user:pass@host:5432/anjuan; SQLite in var/ when unset"
)
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "anjuan.sqlite3",
            "OPTIONS": {
                # WAL lets the web process read while the worker writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file, not memory, so that worker processes started by the tests share it.
            "TEST": {"NAME": VAR_DIR / "test-anjuan.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # Object permissions on case files, answered by casefiles.access.
    "casefiles.access.CaseFileAccessBackend",
]
# django-guardian: anonymous users hold no object permissions at all.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = True
# Our backend subclasses guardian's ObjectPermissionBackend (see casefiles.access);
# guardian's check only recognises its own dotted path.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# Chinese by default, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", BASE_DIR / "static", doc="Where collectstatic puts static files")

# Case documents are private: they live in their own storage, outside
# MEDIA_ROOT and without any URL, and are only ever served through the
# permission-checked document view. MEDIA_ROOT holds public media only.
MEDIA_ROOT = env.path("MEDIA_ROOT", VAR_DIR / "media", doc="Folder for public media (never case documents)")
MEDIA_URL = "/media/"
PRIVATE_MEDIA_ROOT = env.path(
    "PRIVATE_MEDIA_ROOT", VAR_DIR / "private", doc="Folder for case documents; never served directly"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "casefiles": {
        "BACKEND": "casefiles.storage.PrivateFileSystemStorage",
        # A string: Wagtail's file-deletion task carries the storage's arguments as JSON.
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640

# Uploads of case documents.
ANJUAN_MAX_UPLOAD_MB = env.int("ANJUAN_MAX_UPLOAD_MB", 200, doc="Largest accepted upload, in megabytes")
ANJUAN_MAX_IMAGE_MEGAPIXELS = env.int(
    "ANJUAN_MAX_IMAGE_MEGAPIXELS", 200, doc="Largest accepted image, in megapixels (decompression bombs)"
)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Archival codes (档号), after DA/T 22-2015: 全宗号-年度-保管期限-件号.
ANJUAN_ARCHIVAL_CODE_PATTERN = env.str(
    "ANJUAN_ARCHIVAL_CODE_PATTERN",
    "{fonds}-{year}-{retention}-{item:04d}",
    doc="Archival code pattern; fields {fonds}, {year}, {retention}, {item} (e.g. {item:04d})",
)


# The access log (casefiles.access_log) records where requests come from: the
# peer's address, or behind these reverse proxies the X-Forwarded-For address
# they vouch for. Never trust the header from anyone else.
def _networks(name, values):
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as e:
            raise ImproperlyConfigured(f"{name}: {value!r} is not an IP address or network") from e
    return values


ANJUAN_TRUSTED_PROXIES = _networks(
    "ANJUAN_TRUSTED_PROXIES",
    env.list(
        "ANJUAN_TRUSTED_PROXIES",
        doc="Addresses or networks of reverse proxies whose X-Forwarded-For is believed, comma separated",
    ),
)

# Background tasks: django-tasks (Wagtail's own task API).
TASKS_BACKEND = env.choice(
    "TASKS_BACKEND",
    ["db", "rq", "immediate"],
    "db",
    doc="db: django-tasks-db worker (embedded); rq: Redis workers; immediate: run inline",
)
REDIS_URL = env.str("REDIS_URL", "redis://127.0.0.1:6379/0", doc="Redis URL for the rq task backend")
# Two queues: "default" for quick work, "ocr" for text extraction; workers
# take "default" first.
TASK_QUEUES = ["default", "ocr"]
if TASKS_BACKEND == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
elif TASKS_BACKEND == "rq":
    # Workers: python manage.py rqworker default ocr --job-class django_tasks_rq.Job --with-scheduler
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
    RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600} for name in TASK_QUEUES}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}}

# Text extraction (OCR).
OCR_ON_UPLOAD = env.bool("OCR_ON_UPLOAD", True, doc="Extract the text of every file when it is stored")
OCR_TESSDATA_DIR = env.path(
    "OCR_TESSDATA_DIR", VAR_DIR / "tessdata", doc="Tesseract language data (made by manage.py ocr_setup)"
)
OCR_LANGUAGES = env.str("OCR_LANGUAGES", "chi_sim+eng", doc="Tesseract languages")
OCR_RENDER_DPI = env.int("OCR_RENDER_DPI", 300, doc="Resolution PDF pages without text are rendered at")
OCR_MAX_PAGES = env.int("OCR_MAX_PAGES", 500, doc="Longest file text extraction accepts, in pages")
OCR_TEXT_LAYER_MIN_CHARS = env.int(
    "OCR_TEXT_LAYER_MIN_CHARS", 20, doc="Characters a PDF page's text layer needs to be used instead of OCR"
)
OCR_PAGES_PER_TASK = env.int("OCR_PAGES_PER_TASK", 1, doc="Pages per extraction task")
OCR_LEASE_SECONDS = env.int(
    "OCR_LEASE_SECONDS", 300, doc="Seconds without progress after which an extraction's missing pages are redone"
)
OCR_PAGE_TIMEOUT_SECONDS = env.int("OCR_PAGE_TIMEOUT_SECONDS", 300, doc="Longest Tesseract may take on one page")
OCR_WORKERS = env.int("OCR_WORKERS", os.cpu_count() or 1, doc="Task worker processes ./anjuan serve starts")

# Case search (search/): embedded in the database, or Elasticsearch 8.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", doc="Elasticsearch 8 URL; embedded search when unset")
SEARCH_BACKEND = env.choice(
    "SEARCH_BACKEND",
    ["embedded", "elasticsearch"],
    "elasticsearch" if ELASTICSEARCH_URL else "embedded",
    doc="embedded: SQLite FTS5 or PostgreSQL full text; elasticsearch: ELASTICSEARCH_URL",
)
ELASTICSEARCH_INDEX = env.str(
    "ELASTICSEARCH_INDEX", "anjuan-cases", doc="Name of the alias searches use; versioned indexes sit behind it"
)
ELASTICSEARCH_ANALYZER = env.choice(
    "ELASTICSEARCH_ANALYZER",
    ["auto", "smartcn", "cjk"],
    "auto",
    doc="Chinese analyzer: smartcn (plugin analysis-smartcn), cjk (built in), or auto: smartcn when installed",
)
ELASTICSEARCH_TIMEOUT = env.int("ELASTICSEARCH_TIMEOUT", 10, doc="Seconds an Elasticsearch request may take")
# Wagtail's own search (its admin search of pages, documents, snippets).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Deadlines (issue 5): what the admin home page lists, and when reminders are emailed.
DEADLINE_SOON_WORKING_DAYS = env.int(
    "DEADLINE_SOON_WORKING_DAYS", 5, doc="The admin home page lists open deadlines due within this many working days"
)
DEADLINE_REMINDER_WORKING_DAYS = sorted(
    {
        int(days)
        for days in env.list(
            "DEADLINE_REMINDER_WORKING_DAYS",
            ["3", "1"],
            doc="Email reminders this many working days before a deadline (comma-separated); once more when overdue",
        )
    },
    reverse=True,
)

# Email.
EMAIL_HOST = env.str("EMAIL_HOST", doc="SMTP host; emails are printed to the console when unset")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", 25, doc="SMTP port")
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "", doc="SMTP user")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "", doc="SMTP password")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", False, doc="Use STARTTLS for SMTP")
else:
    env.int("EMAIL_PORT", doc="SMTP port")
    env.str("EMAIL_HOST_USER", doc="SMTP user")
    env.str("EMAIL_HOST_PASSWORD", doc="SMTP password")
    env.bool("EMAIL_USE_TLS", doc="Use STARTTLS for SMTP")
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "anjuan@localhost", doc="Sender of Anjuan's emails")

# Wagtail.
WAGTAIL_SITE_NAME = _("Anjuan")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILDOCS_DOCUMENT_MODEL = "casefiles.CaseDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "casefiles.forms.CaseDocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "tif", "tiff"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = ANJUAN_MAX_UPLOAD_MB * 1024 * 1024
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "image/jpeg", "image/png"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars fetched from the internet.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_COMMENTS_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = env.bool(
    "WAGTAIL_PASSWORD_RESET_ENABLED", bool(EMAIL_HOST), doc="Offer password reset by email"
)

# Security headers; HTTPS-only settings turn on with SECURE_SSL.
SECURE_SSL = env.bool("SECURE_SSL", False, doc="Serve over HTTPS only (secure cookies, HSTS, redirect)")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL else None
SECURE_HSTS_SECONDS = 31536000 if SECURE_SSL else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO", doc="Log level")},
    # fontTools reports every table it subsets when fixture PDFs are made.
    "loggers": {"fontTools": {"level": "WARNING"}},
}

if not DEBUG and SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be set to a real secret outside DEBUG")
