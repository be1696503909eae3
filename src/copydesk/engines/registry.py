"""Finding engines: built-ins and plugins both register under the
``copydesk.engines`` entry-point group, and ``auto`` picks the first usable one.
A comma-separated name (``deepl,ctranslate2``) builds a fallback chain.

``unable`` and ``capable`` answer, before any text is sent, whether an
engine setting can translate a pair and which engines could, so the desk can
refuse a job that would only fail."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import entry_points

from copydesk.engines.base import Engine
from copydesk.engines.wrappers import FallbackEngine, cached
from copydesk.errors import (
    ConfigError,
    CopydeskError,
    EngineError,
    EngineUnavailableError,
    UnsupportedPairError,
)
from copydesk.settings import Settings

GROUP = "copydesk.engines"


def engine_classes() -> dict[str, type[Engine]]:
    """Every registered engine class by name (importing each plugin)."""
    found: dict[str, type[Engine]] = {}
    for ep in entry_points(group=GROUP):
        try:
            found[ep.name] = ep.load()
        except ImportError:  # a plugin whose optional dependency is missing
            continue
    return found


def create(name: str, settings: Settings) -> Engine:
    """Instantiate the engine called ``name`` from the settings."""
    classes = engine_classes()
    if name not in classes:
        known = ", ".join(sorted(classes)) or "none"
        raise ConfigError(f"Unknown engine {name!r}; installed engines: {known}, or 'auto'.")
    return classes[name].from_settings(settings)


@dataclass
class Choice:
    engine: Engine
    warnings: list[str] = field(default_factory=list)
    fallback: bool = False  # 'auto' found no usable engine and chose pseudo


def choose(name: str, source_lang: str, target_lang: str, settings: Settings) -> Choice:
    """The engine to use for a pair: the named one, or with ``auto`` the first
    usable engine of ``engine_order``, falling back to ``pseudo`` with a warning.
    The ``engine_cache`` setting wraps the chosen engine(s) in a cache."""
    if "," in name:
        return _chain([n.strip() for n in name.split(",") if n.strip()], source_lang,
                      target_lang, settings)
    if name != "auto":
        engine = create(name, settings)
        problem = engine.availability()
        if problem:
            raise EngineUnavailableError(f"Engine '{name}' is not available: {problem}")
        if not engine.supports(source_lang, target_lang):
            raise UnsupportedPairError(
                f"Engine '{name}' cannot translate {source_lang}->{target_lang}; "
                "see 'copydesk engines list' and 'copydesk models list'.")
        return Choice(cached(engine, settings))
    reasons = []
    for candidate in settings.engine_order:
        try:
            engine = create(candidate, settings)
        except (ConfigError, EngineError) as exc:
            reasons.append(f"{candidate}: {exc}")
            continue
        problem = _problem(engine, source_lang, target_lang)
        if problem:
            reasons.append(f"{candidate}: {problem}")
        else:
            return Choice(cached(engine, settings))
    why = "; ".join(reasons) or "no engines configured"
    warning = (f"No translation engine is available for {source_lang}->{target_lang} ({why}). "
               "Using the PSEUDO engine: its output is NOT a translation. Install a model with "
               f"'copydesk models install opus-mt --from {source_lang} --to {target_lang}'.")
    return Choice(create("pseudo", settings), [warning], fallback=True)


def unable(name: str, source_lang: str, target_lang: str, settings: Settings) -> str | None:
    """Why the engine setting ``name`` (an engine, a chain, ``auto``) cannot translate the
    pair now, or ``None`` when it can. ``auto`` always can: it falls back to ``pseudo``."""
    if name == "auto":
        return None
    reasons = []
    for candidate in [n.strip() for n in name.split(",") if n.strip()]:
        try:
            problem = _problem(create(candidate, settings), source_lang, target_lang)
        except ConfigError as exc:
            problem = str(exc)
        if problem is None:
            return None
        reasons.append(f"{candidate}: {problem}")
    return "; ".join(reasons) or "no engine named"


def capable(source_lang: str, target_lang: str, settings: Settings) -> list[str]:
    """The installed engines (translating ones, not ``pseudo``) usable for the pair now."""
    names = []
    for name, cls in sorted(engine_classes().items()):
        if not cls.is_real_translation:
            continue
        try:
            engine = cls.from_settings(settings)
        except CopydeskError:
            continue
        if _problem(engine, source_lang, target_lang) is None:
            names.append(name)
    return names


def _problem(engine: Engine, source_lang: str, target_lang: str) -> str | None:
    """Why ``engine`` cannot translate the pair now, or ``None``."""
    try:
        problem = engine.availability()
        if problem is None and not engine.supports(source_lang, target_lang):
            problem = f"no model for {source_lang}->{target_lang}"
    except EngineError as exc:
        problem = str(exc)
    return problem


def _chain(names: list[str], source_lang: str, target_lang: str, settings: Settings) -> Choice:
    """A fallback chain of the usable engines among ``names``, in order; the others
    are left out with a warning."""
    usable: list[Engine] = []
    warnings: list[str] = []
    for name in names:
        engine = create(name, settings)
        problem = _problem(engine, source_lang, target_lang)
        if problem:
            warnings.append(f"Engine '{name}' is left out of the chain: {problem}")
        else:
            usable.append(cached(engine, settings))
    if not usable:
        raise EngineUnavailableError(
            f"No engine of '{','.join(names)}' can translate {source_lang}->{target_lang} ("
            + "; ".join(warnings) + "); see 'copydesk engines list'.")
    engine = usable[0] if len(usable) == 1 else FallbackEngine(usable)
    return Choice(engine, warnings)
