"""One settings object, built once in the CLI and passed explicitly to every stage.

Each setting is declared once, as a field of ``Settings`` made by ``setting(default, help, ...)``:
its type is the field's annotation, its range or choices are declared beside it. A TOML file
(``claims.toml`` or ``--config``) overrides what it sets, then ``CLAIMS_*`` environment variables,
then CLI flags. Every value from every layer is checked against its declared type and range; a
wrong one is a ``SettingsError`` naming the file (or variable), the key and what was expected.
A new setting needs only its field: ``max_pages: int = setting(100, "Pages per crawl.", min=1)``.
"""

from __future__ import annotations

import math
import os
import tomllib
import typing
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


class SettingsError(ValueError):
    """A setting has the wrong type or is out of range; the message names where it came from."""


def setting(default: Any, help: str, *, min: float | None = None, max: float | None = None,
            choices: tuple[str, ...] = (), env: str | None = None) -> Any:
    """Declare one setting: its default, help text, and optionally a range (inclusive), the allowed
    values, or an environment variable other than ``CLAIMS_<NAME>``."""
    return field(default=default, metadata={"help": help, "min": min, "max": max, "choices": choices,
                                            "env": env})


DEFAULT_USER_AGENT = ("claims-tracker/0.1 (+https://github.com/claims-tracker/claims-tracker; "
                      "newsroom fact-checking crawler)")


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: str = setting("claims.db", "SQLite database file.", env="CLAIMS_DB")
    user_agent: str = setting(DEFAULT_USER_AGENT, "User-Agent sent with every request, with a contact URL.")
    contact_url: str = setting("https://github.com/claims-tracker/claims-tracker", "Where site owners reach us.")
    timeout: float = setting(20.0, "Seconds before a request is abandoned.", min=0.1, max=3600)
    max_bytes: int = setting(10_000_000, "Largest decompressed body we accept, in bytes.", min=1024,
                             max=2_000_000_000)
    max_redirects: int = setting(5, "Redirects followed per request.", min=0, max=30)
    retries: int = setting(3, "Retries on transient errors (timeouts, 429, 5xx).", min=0, max=20)
    backoff: float = setting(1.0, "First retry delay in seconds; doubles each retry, with jitter.", min=0, max=600)
    per_host_concurrency: int = setting(1, "Requests in flight per host.", min=1, max=64)
    per_host_delay: float = setting(1.0, "Seconds between requests to one host (robots.txt Crawl-delay wins).",
                                    min=0, max=3600)
    global_concurrency: int = setting(8, "Requests in flight in all.", min=1, max=1024)
    allow_private_addresses: bool = setting(False, "Fetch loopback and private addresses (tests, demo).")
    respect_robots: bool = setting(True, "Obey robots.txt.")
    max_dom_depth: int = setting(256, "Deepest element nesting a page may have; deeper pages are refused before "
                                 "parsing (libxml2, the HTML parser, stops reading at 256 and would drop the "
                                 "rest silently).", min=1, max=100_000)
    max_dom_elements: int = setting(20_000, "Most HTML elements a page may have; larger pages are refused before "
                                    "parsing (parse time grows with the element count; a heavy news page has "
                                    "1,000-5,000).", min=1, max=10_000_000)
    parse_timeout: float = setting(5.0, "CPU seconds one page may take in a parse worker process (wall time up "
                                   "to 10x that); a slower page is recorded as failed ('parse timed out after "
                                   "N s'), its worker replaced, and the crawl or ingest goes on. 0 turns the "
                                   "timeout off (ingest then parses in its own process).", min=0, max=3600)
    max_claims_per_article: int = setting(300, "Most claims stored for one article; the rest are counted, logged, "
                                          "reported in the crawl/ingest summary and recorded on the article "
                                          "(claims_over_cap).", min=0, max=1_000_000)
    spacy_model: str = setting("", "Optional trained spaCy pipeline; rules run on spacy.blank('en') if empty.")
    extra_patterns: str = setting("", "JSON, JSON Lines or TOML file of extra claim rules added to the built-in "
                                  "ones (see extract/patterns/README.md; `claims rules export` writes the "
                                  "built-in ones in that form).")
    learned_reader: bool = setting(True, "Read the numbers no rule matches with the learned number-roles model "
                                   "(extract/number_roles.py; claims it finds name rule number_roles_*).")
    number_roles_model: str = setting("", "Weights for the learned reader written by `claims train-roles -o FILE`; "
                                      "the shipped extract/number_roles.json if empty.")
    max_possible_claims_per_article: int = setting(
        5, "Possible claims (sentences that look like a crime statistic no rule parsed) kept per article, "
        "best scored first; 0 turns the detector off.", min=0, max=1000)
    auth_db_path: str = setting("", "Web accounts and sessions (names, roles, password hashes): a separate "
                                "SQLite file, never shared; '<db stem>.auth.db' beside db_path if empty.")
    secret_key: str = setting("", "Signs web session cookies (at least 32 bytes); a random key is made per "
                              "run if empty.")
    base_url: str = setting("", "Public address of the web app (e.g. https://claims.example.org); absolute "
                            "links and the ClaimReview url use it, never the request's Host header. If empty, "
                            "`claims serve` uses the address it listens on.")
    require_login_for_search: bool = setting(False, "Make reporters log in too.")
    newsroom: str = setting("claims-tracker", "Author and publisher named in ClaimReview exports.")
    verify: tuple[tuple[str, Any], ...] = setting((), "Verdict tolerances and bands ([verify] table in "
                                                  "claims.toml; names as in verify/settings.py, e.g. "
                                                  "integer_pct_tol = 0.5, close_min_pp = 2.0).")
    load_bundled: bool = setting(True, "Load the bundled FBI Table 8 figures (2006-2023) into a store that has "
                                 "none, the first time `claims check` runs; false leaves the store empty until "
                                 "`claims official load-bundled`.")
    bundled_min_population: int = setting(50_000, "Agencies loaded by default from the bundled FBI tables: "
                                          "those that reached this population in some year (0 = all 11,000+).",
                                          min=0, max=100_000_000)
    fbi_api_key: str = setting("", "FBI Crime Data Explorer key (from FBI_API_KEY); never stored.", env="FBI_API_KEY")
    socrata_app_token: str = setting("", "Socrata app token (from SOCRATA_APP_TOKEN); never stored.",
                                     env="SOCRATA_APP_TOKEN")

    def __post_init__(self) -> None:
        for f in fields(self):
            check_value(f.name, getattr(self, f.name), f"setting {f.name}")

    def override(self, **changes: Any) -> Settings:
        """A copy with the given (non-None) values replaced (checked like every other layer)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_TYPES: dict[str, Any] = typing.get_type_hints(Settings)
_FIELDS = {f.name: f for f in fields(Settings)}

# (name, default, help) of every setting, in declaration order: the list the docs are checked against.
SETTINGS: tuple[tuple[str, Any, str], ...] = tuple((f.name, f.default, f.metadata["help"]) for f in fields(Settings))


def env_name(name: str) -> str:
    """The environment variable that sets ``name``."""
    return _FIELDS[name].metadata["env"] or f"CLAIMS_{name.upper()}"


def _kind(name: str) -> type:
    hint = _TYPES[name]
    return tuple if typing.get_origin(hint) is tuple else hint


def _expected(name: str) -> str:
    meta, kind = _FIELDS[name].metadata, _kind(name)
    if meta["choices"]:
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    words = {bool: "true or false", int: "a whole number", float: "a number", str: "text",
             tuple: "a table"}[kind]
    lo, hi = meta["min"], meta["max"]
    if lo is not None and hi is not None:
        return f"{words} from {lo:g} to {hi:g}"
    if lo is not None:
        return f"{words} of at least {lo:g}"
    return words


def check_value(name: str, value: Any, where: str) -> Any:
    """``value`` for setting ``name`` if it has the declared type and range (an int is accepted
    where a float is declared); raise ``SettingsError`` naming ``where`` otherwise."""
    kind, meta = _kind(name), _FIELDS[name].metadata

    def fail(problem: str) -> SettingsError:
        return SettingsError(f"{where}: {name} = {value!r} {problem}; expected {_expected(name)}.")

    if kind is bool and not isinstance(value, bool):
        raise fail("is not true or false (write it without quotes)" if isinstance(value, str) else "is not a boolean")
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise fail("is not a whole number")
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail("is not a number")
        if not math.isfinite(value):
            raise fail("is not a finite number")
    if kind is str and not isinstance(value, str):
        raise fail("is not text")
    if kind is tuple and not isinstance(value, tuple):
        raise fail("is not a table")
    if meta["choices"] and value not in meta["choices"]:
        raise fail("is not a known choice")
    if meta["min"] is not None and value < meta["min"]:
        raise fail("is too small")
    if meta["max"] is not None and value > meta["max"]:
        raise fail("is too large")
    return float(value) if kind is float else value


def _from_env(name: str, raw: str, key: str) -> Any:
    """An environment variable's text as the setting's type; only explicit words for booleans."""
    kind = _kind(name)
    where = f"environment variable {key}"
    text = raw.strip()
    if kind is bool:
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise SettingsError(f"{where}: {name} = {raw!r} is not a boolean; expected one of "
                            f"{', '.join(sorted(TRUE_WORDS | FALSE_WORDS))}.")
    try:
        if kind is int:
            return int(text)
        if kind is float:
            return float(text)
    except ValueError:
        raise SettingsError(f"{where}: {name} = {raw!r} is not {'a whole number' if kind is int else 'a number'}; "
                            f"expected {_expected(name)}.") from None
    return raw


def _from_file(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path} is not valid TOML ({exc}). Fix the file or pass another with --config.") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path} is not UTF-8 text; save it as UTF-8 TOML.") from None
    unknown = set(data) - set(_FIELDS)
    if unknown:
        raise SettingsError(f"Unknown setting(s) in {path}: {', '.join(sorted(unknown))}. "
                            f"Known settings: {', '.join(sorted(_FIELDS))}.")
    if "verify" in data:
        if not isinstance(data["verify"], dict):
            raise SettingsError(f"{path}: verify = {data['verify']!r} is not a table; write it as a "
                                "[verify] section.")
        # kept hashable: sorted (name, value) pairs
        data["verify"] = tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                                      for k, v in data["verify"].items()))
    return {name: check_value(name, value, str(path)) for name, value in data.items()}


def load_settings(config: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then the TOML file, then the environment; each value checked where it came from."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = config or (Path("claims.toml") if Path("claims.toml").exists() else None)
    if path is not None:
        values.update(_from_file(path))
    for name in _FIELDS:
        if _kind(name) is tuple:  # tables live in the file only
            continue
        key = env_name(name)
        if key in env:
            values[name] = check_value(name, _from_env(name, env[key], key), f"environment variable {key}")
    return Settings(**values)
