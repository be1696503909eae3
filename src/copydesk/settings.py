"""The one table of settings, and how they are resolved.

Precedence, highest first: command option > ``COPYDESK_<NAME>`` environment
variable > config file (``$COPYDESK_HOME/config.toml`` or ``--config``) >
default. Secrets (API keys) are read from the environment only.

The config file is TOML::

    engine = "ctranslate2"
    threads = 2

    [editions.de]
    disclosure = "Dieser Artikel wurde mithilfe von digitalen Tools übersetzt."
"""

from __future__ import annotations

import os
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from copydesk.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str


def _bool(value: str) -> bool:
    lowered = str(value).strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(f"expected a positive whole number, got {value!r}")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError(f"expected a positive number, got {value!r}")
    return number


def _non_negative_float(value: str) -> float:
    number = float(value)
    if number < 0:
        raise ValueError(f"expected zero or a positive number, got {value!r}")
    return number


def _share(value: str) -> float:
    number = float(value)
    if not 0 < number <= 1:
        raise ValueError(f"expected a number above 0 and at most 1, got {value!r}")
    return number


def _one_of(*choices: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        cleaned = value.strip().lower()
        if cleaned not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, got {value!r}")
        return cleaned

    return parse


REDIS_SCHEMES = ("redis", "rediss", "unix")
REDIS_PASSWORD_ENV = "COPYDESK_REDIS_PASSWORD"


def _redis_url(value: str) -> str:
    """A ``redis://``, ``rediss://`` (TLS) or ``unix://`` address, without a password."""
    url = unicodedata.normalize("NFC", value).strip()
    if not url.isascii() or any(c.isspace() or not c.isprintable() for c in url):
        raise ValueError("a Redis address is plain ASCII without spaces (write an "
                         "international host name in its xn-- form)")
    parts = urlsplit(url)
    if parts.scheme.lower() not in REDIS_SCHEMES:
        raise ValueError("expected an address starting redis://, rediss:// or unix://, "
                         "e.g. redis://127.0.0.1:6379/0")
    if parts.password:
        raise ValueError(f"keep the password out of the address: put it in {REDIS_PASSWORD_ENV} "
                         "(read from the environment only)")
    if parts.query or parts.fragment:
        raise ValueError("the address takes no ?options or #fragment; the database number "
                         "is its path, e.g. redis://127.0.0.1:6379/1")
    if parts.scheme.lower() == "unix":
        if not parts.path.startswith("/"):
            raise ValueError("a unix:// address names the socket's absolute path, e.g. "
                             "unix:///run/redis/redis-server.sock")
        return url
    if not parts.hostname:
        raise ValueError("the address names no host, e.g. redis://127.0.0.1:6379/0")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 or (port is None and parts.netloc.endswith(":")):
        raise ValueError("the port is a number from 1 to 65535, e.g. redis://127.0.0.1:6379/0")
    database = parts.path.removeprefix("/")
    if database and not (database.isdigit() and len(database) <= 5):
        raise ValueError("the path of the address is the database number, e.g. /0")
    return url


def _optional_http_url(value: str) -> str:
    """Empty, or an http(s) address with a host."""
    url = unicodedata.normalize("NFC", value).strip().rstrip("/")
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError("expected an http:// or https:// address, e.g. "
                         "http://127.0.0.1:8000/v1")
    if parts.password or parts.username:
        raise ValueError("keep credentials out of the address; the key goes in "
                         "COPYDESK_QE_API_KEY")
    return url


def _default_home() -> str:
    return str(Path.home() / ".copydesk")


def _default_web_workers() -> int:
    """One web server process per CPU, and at least two, so a save never waits for a render."""
    return max(2, os.cpu_count() or 1)


SETTINGS: tuple[Setting, ...] = (
    Setting("home", None, "Data directory: installed models, config.toml, the desk's database. "
            "Default ~/.copydesk."),
    Setting("engine", "auto", "Translation engine: a name from 'copydesk engines list', 'auto' "
            "for the first available engine that supports the language pair, or a "
            "comma-separated fallback chain such as 'deepl,ctranslate2'."),
    Setting("engine_order", ["ctranslate2", "apertium"],
            "Comma-separated engines that 'auto' tries, in order (engines that send text "
            "off-site are only used when listed here or named with --engine).",
            lambda v: [e.strip() for e in v.split(",") if e.strip()]),
    Setting("threads", 2, "CPU threads a local model may use.", _positive_int),
    Setting("device", "cpu", "Where local models run: 'cpu' or 'cuda'."),
    Setting("compute_type", "default", "Quantisation for local models: 'default' (int8 on CPU, "
            "float16 on GPU), 'int8', 'int8_float16', 'float16', 'float32'."),
    Setting("beam_size", 4, "Beam width for local models.", _positive_int),
    Setting("batch_size", 32, "Segments per engine call.", _positive_int),
    Setting("testsets_dir", "", "Folder holding the test sets that 'copydesk eval --testset' "
            "reads in place (its wmt/ and flores200/ folders); nothing is downloaded."),
    Setting("fetch_timeout", 15.0, "Seconds to wait for a URL before giving up.", _positive_float),
    Setting("fetch_max_bytes", 5_000_000, "Largest page or file accepted, in bytes.",
            _positive_int),
    Setting("allow_private_urls", False, "Allow fetching URLs on private, loopback and link-local "
            "addresses (e.g. an intranet CMS).", _bool),
    Setting("max_article_chars", 200_000, "Longest article body accepted, in characters.",
            _positive_int),
    Setting("max_block_chars", 20_000, "Longest paragraph (or title, or one segment) accepted, "
            "in characters.", _positive_int),
    Setting("engine_timeout", 60.0, "Seconds to wait for a translation engine (a web service or "
            "the apertium command) to answer one batch.", _positive_float),
    Setting("engine_cache", "off", "Reuse earlier machine translations: 'off', 'memory' (this "
            "process only) or 'file' (a SQLite file under the data directory).",
            _one_of("off", "memory", "file")),
    Setting("memory", "on", "Translation memory: 'on' reuses what editors confirmed (the "
            "memory.sqlite3 file in the data directory) before any engine runs, and the desk "
            "stores every confirmed segment there; 'off' does neither.", _one_of("on", "off")),
    Setting("memory_threshold", 0.75, "Lowest fuzzy-match score (above 0, at most 1) at which "
            "the memory suggests a stored translation to the editor; exact and in-context "
            "matches are always reused. 1 turns suggestions off.", _share),
    Setting("deepl_server_url", "", "DeepL API address; empty picks api.deepl.com or "
            "api-free.deepl.com from the key. The key comes from DEEPL_AUTH_KEY only."),
    Setting("deepl_formality", "default", "DeepL formality: 'default', 'more', 'less', "
            "'prefer_more' or 'prefer_less'; an edition's 'formality' overrides it.",
            _one_of("default", "more", "less", "prefer_more", "prefer_less")),
    Setting("openai_base_url", "https://api.openai.com/v1", "OpenAI-compatible chat API address "
            "(OpenAI, Azure, Mistral, vLLM, Ollama, llama.cpp server). The key comes from "
            "OPENAI_API_KEY only; a server on localhost needs none."),
    Setting("openai_model", "gpt-4o-mini", "Model name sent to the chat-completions endpoint."),
    Setting("openai_temperature", 0.0, "Sampling temperature for the chat model (0 = most "
            "repeatable).", _non_negative_float),
    Setting("qe_base_url", "", "OpenAI-compatible chat API address of the optional "
            "'quality-estimate' check, which asks a language model for error spans; empty "
            "leaves the check off. The key comes from COPYDESK_QE_API_KEY only; a server on "
            "localhost needs none.", _optional_http_url),
    Setting("qe_model", "", "Model name the 'quality-estimate' check sends (required once "
            "qe_base_url is set)."),
    Setting("qe_timeout", 30.0, "Seconds the 'quality-estimate' check waits for one answer; "
            "after a timeout or a server failure it stops asking for the rest of the article.",
            _positive_float),
    Setting("qe_max_segments", 200, "Most segments of one article (of one input for 'copydesk "
            "check') that the 'quality-estimate' check sends to the model.", _positive_int),
    Setting("apertium_command", "apertium", "The apertium command (a name on PATH or a full "
            "path); pairs come from installed Debian packages such as apertium-eng-spa."),
    Setting("web_workers", _default_web_workers(), "Server processes of 'copydesk serve' and "
            "'copydesk demo' (each its own Python, so requests run in parallel on several "
            "cores). Default: the number of CPUs, at least 2.", _positive_int),
    Setting("web_threads", 1, "Requests each server process answers at a time: 1 (the "
            "fastest on the desk's load benchmark) or more, as threads that share the "
            "process's core and keep browser connections open.", _positive_int),
    Setting("worker_lease_seconds", 60.0, "Seconds a background worker's claim on a task lasts "
            "without a heartbeat (it sends one every quarter of that); after it runs out, "
            "another worker takes the task over.", _positive_float),
    Setting("task_backend", "database", "Where background tasks wait for a worker: 'database' "
            "(the desk's own database, no other server) or 'rq' (a Redis server through RQ, "
            "at redis_url, for many workers on many machines).", _one_of("database", "rq")),
    Setting("redis_url", "redis://127.0.0.1:6379/0", "The Redis server of task_backend 'rq': "
            "redis://host:port/database, rediss:// for TLS or unix:///path/to/socket; give "
            "the desk a database number of its own. A password comes from "
            "COPYDESK_REDIS_PASSWORD only.", _redis_url),
    Setting("worker_max_attempts", 3, "How many times a task is started before, its worker "
            "having stopped answering each time, it is marked failed instead.", _positive_int),
    Setting("sign_in_failure_limit", 5, "Failed desk sign-ins for one account, from any "
            "address, after which it is locked for 'sign_in_lockout_minutes'.", _positive_int),
    Setting("sign_in_address_failure_limit", 20, "Failed desk sign-ins from one address (an "
            "IPv6 /64), for any accounts, after which that address is locked.", _positive_int),
    Setting("sign_in_lockout_minutes", 15, "Minutes a locked account or address waits after "
            "its last failed sign-in; 'copydesk users unlock' ends it sooner.", _positive_int),
    Setting("client_address_header", "", "Header a reverse proxy in front of the desk sets to "
            "the client's address (e.g. X-Forwarded-For; the last address in it counts). "
            "Empty: the connection's address only. Set it only when the proxy always "
            "overwrites or appends it."),
    Setting("audit_checkpoint_file", "", "File the desk appends its signed audit checkpoints "
            "to (one JSON line each); empty: audit-checkpoints.jsonl in the data directory. "
            "Keep it, or a copy, off the database host. The signing key comes from "
            "COPYDESK_AUDIT_KEY only."),
    Setting("audit_checkpoint_url", "", "An http(s) address that receives every audit "
            "checkpoint as a JSON POST, sent by the worker (e.g. a log service on another "
            "machine); empty sends none."),
    Setting("audit_checkpoint_minutes", 10, "Minutes between the worker's periodic audit "
            "checkpoints (written only when a trail grew); every publication writes one too.",
            _positive_int),
    Setting("audit_checkpoint_timeout", 10.0, "Seconds to wait for audit_checkpoint_url to "
            "answer one checkpoint.", _positive_float),
    Setting("webhook_timeout", 10.0, "Seconds a webhook receiver may take for each step of "
            "one delivery (connecting, taking the message, answering) before the attempt "
            "counts as failed.", _positive_float),
    Setting("webhook_max_attempts", 8, "How many times a webhook message is sent before it is "
            "marked failed; retries wait 30 s, 2 min, 10 min, 1 h, 6 h, 12 h, then 24 h.",
            _positive_int),
)

BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings; ``editions`` holds per-edition tables from the config file."""

    values: Mapping[str, Any]
    editions: Mapping[str, Mapping[str, Any]]
    sources: Mapping[str, str]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def home_path(self) -> Path:
        return Path(self.values["home"]).expanduser()

    @property
    def models_path(self) -> Path:
        return self.home_path / "models"

    def edition(self, language: str) -> Mapping[str, Any]:
        """The ``[editions.<language>]`` table; ``de-CH`` falls back to ``[editions.de]``."""
        return self.editions.get(language) or self.editions.get(language.split("-")[0], {})


def _parse(setting: Setting, raw: Any, origin: str) -> Any:
    """Turn a raw value (a string, or a TOML/option value) into the setting's type."""
    if isinstance(raw, list):
        raw = ",".join(str(item) for item in raw)
    elif isinstance(raw, bool):
        raw = "true" if raw else "false"
    elif not isinstance(raw, str):
        raw = str(raw)
    try:
        return setting.parse(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"Setting '{setting.name}' from {origin} is invalid: {exc}. "
                          f"{setting.help}") from None


def load(
    options: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    config_file: str | Path | None = None,
) -> Settings:
    """Resolve every setting from options, environment, config file and defaults."""
    environ = os.environ if environ is None else environ
    options = {k: v for k, v in (options or {}).items() if v is not None}
    for key in options:
        if key not in BY_NAME:
            raise ConfigError(f"Unknown setting {key!r}.")
    home = options.get("home") or environ.get("COPYDESK_HOME") or _default_home()
    path = Path(config_file) if config_file else Path(home).expanduser() / "config.toml"
    file_values = _read_config(path, explicit=config_file is not None)
    editions = file_values.pop("editions", {})
    if not isinstance(editions, dict) or not all(isinstance(t, dict) for t in editions.values()):
        raise ConfigError(f"{path}: 'editions' must hold one table per language, e.g. "
                          "[editions.de] with its settings below it.")
    unknown = sorted(set(file_values) - set(BY_NAME))
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}; "
                          "see 'copydesk settings' for the list.")
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for setting in SETTINGS:
        env_name = f"COPYDESK_{setting.name.upper()}"
        if setting.name in options:
            raw, origin = options[setting.name], "command option"
        elif env_name in environ:
            raw, origin = environ[env_name], f"environment variable {env_name}"
        elif setting.name in file_values:
            raw, origin = file_values[setting.name], f"config file {path}"
        else:
            values[setting.name], sources[setting.name] = setting.default, "default"
            continue
        values[setting.name] = _parse(setting, raw, origin)
        sources[setting.name] = origin
    values["home"] = home
    return Settings(values=values, editions=editions, sources=sources)


def _read_config(path: Path, explicit: bool) -> dict[str, Any]:
    if not path.exists():
        if explicit:
            raise ConfigError(
                f"Config file {path} does not exist; check the path given to --config.")
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"Config file {path} cannot be read ({exc.strerror}); check the path "
                          "and its permissions.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"Config file {path} is not valid TOML ({exc}); fix or remove it.") from None
