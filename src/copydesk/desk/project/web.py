"""The web side of the desk's Django settings: sessions, templates, static files, headers.

Merged into ``copydesk.desk.project.settings.build``. Static files are served
by WhiteNoise straight from the app's ``static`` folder (no collect step), so
any WSGI server can run the desk alone. Sign-in is throttled by django-axes,
with each password check reserved first so parallel sign-ins cannot pass the
limit (see ``copydesk.desk.signin``), and every unexpected server error is written
with its traceback to standard error, which gunicorn's server processes share.
"""

from __future__ import annotations

from typing import Any

WEB_APPS = [
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
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
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into its answer
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before any password check
    "copydesk.desk.signin.SignInBackend",  # takes a place in the counts, then checks the password
]

# Django drops request errors when DEBUG is off unless a handler takes them.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"desk": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "desk",
                            "stream": "ext://sys.stderr"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR"},
        "copydesk.desk.signin": {"handlers": ["stderr"], "level": "WARNING"},
        "axes": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]

# django-axes; the limits and the cool-off come from the copydesk settings at each sign-in.
SIGN_IN: dict[str, Any] = {
    "AUTHENTICATION_BACKENDS": AUTHENTICATION_BACKENDS,
    "AXES_HANDLER": "copydesk.desk.signin.SignInHandler",
    "AXES_LOCKOUT_PARAMETERS": ["username", "ip_address"],  # each alone, in this order
    "AXES_FAILURE_LIMIT": "copydesk.desk.signin.failure_limit",
    "AXES_COOLOFF_TIME": "copydesk.desk.signin.cool_off",
    "AXES_RESET_ON_SUCCESS": False,  # a success must not wipe an address's count
    "AXES_CLIENT_IP_CALLABLE": "copydesk.desk.signin.client_address",
    "AXES_USERNAME_CALLABLE": "copydesk.desk.signin.account_name",
    "AXES_LOCKOUT_CALLABLE": "copydesk.desk.views.auth.locked_out",
    "AXES_ENABLE_ACCESS_FAILURE_LOG": True,
    "AXES_ENABLE_ADMIN": False,
    "AXES_VERBOSE": False,
}


def web_settings() -> dict[str, Any]:
    """Django settings for serving the review desk in a browser."""
    return {
        **SIGN_IN,
        "LOGGING": LOGGING,
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
