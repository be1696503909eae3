"""The web side of the desk's Django settings: sessions, templates, static files, headers.

Merged into ``copydesk.desk.project.settings.build``. Static files are served
by WhiteNoise straight from the app's ``static`` folder (no collect step), so
any WSGI server can run the desk alone.
"""

from __future__ import annotations

from typing import Any

WEB_APPS = [
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "copydesk.desk.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "copydesk.desk.middleware.ApiTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]


def web_settings() -> dict[str, Any]:
    """Django settings for serving the review desk in a browser."""
    return {
        "MIDDLEWARE": MIDDLEWARE,
        "TEMPLATES": TEMPLATES,
        "ROOT_URLCONF": "copydesk.desk.project.urls",
        "STATIC_URL": "/static/",
        "WHITENOISE_USE_FINDERS": True,
        "WHITENOISE_AUTOREFRESH": False,
        "LOGIN_URL": "desk:login",
        "LOGIN_REDIRECT_URL": "desk:inbox",
        "LOGOUT_REDIRECT_URL": "desk:login",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_HTTPONLY": True,  # pages carry the token; scripts never read the cookie
        "CSRF_COOKIE_SAMESITE": "Lax",
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "MESSAGE_STORAGE": "django.contrib.messages.storage.session.SessionStorage",
    }
