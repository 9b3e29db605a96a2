"""One settings object, built once in the CLI and passed explicitly to every stage.

Defaults are declared as data (name, default, help). A TOML file (``claims.toml`` or
``--config``) overrides what it sets, then ``CLAIMS_*`` environment variables, then CLI flags.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

SETTINGS: tuple[tuple[str, Any, str], ...] = (
    ("db_path", "claims.db", "SQLite database file."),
    ("user_agent", "claims-tracker/0.1 (+https://github.com/claims-tracker/claims-tracker; "
     "newsroom fact-checking crawler)", "User-Agent sent with every request, with a contact URL."),
    ("contact_url", "https://github.com/claims-tracker/claims-tracker", "Where site owners reach us."),
    ("timeout", 20.0, "Seconds before a request is abandoned."),
    ("max_bytes", 10_000_000, "Largest decompressed body we accept, in bytes."),
    ("max_redirects", 5, "Redirects followed per request."),
    ("retries", 3, "Retries on transient errors (timeouts, 429, 5xx)."),
    ("backoff", 1.0, "First retry delay in seconds; doubles each retry, with jitter."),
    ("per_host_concurrency", 1, "Requests in flight per host."),
    ("per_host_delay", 1.0, "Seconds between requests to one host (robots.txt Crawl-delay wins)."),
    ("global_concurrency", 8, "Requests in flight in all."),
    ("http_transport", "lean", "Crawler HTTP transport: 'lean' (built-in HTTP/1.1 keep-alive, least CPU) "
     "or 'httpx' (httpx's default httpcore transport)."),
    ("allow_private_addresses", False, "Fetch loopback and private addresses (tests, demo)."),
    ("respect_robots", True, "Obey robots.txt."),
    ("spacy_model", "", "Optional trained spaCy pipeline; rules run on spacy.blank('en') if empty."),
    ("auth_db_path", "", "Web accounts and sessions (names, roles, password hashes): a separate "
     "SQLite file, never shared; '<db stem>.auth.db' beside db_path if empty."),
    ("secret_key", "", "Signs web session cookies (at least 32 bytes); a random key is made per "
     "run if empty."),
    ("base_url", "", "Public address of the web app (e.g. https://claims.example.org); absolute "
     "links and the ClaimReview url use it, never the request's Host header. If empty, "
     "`claims serve` uses the address it listens on."),
    ("require_login_for_search", False, "Make reporters log in too."),
    ("newsroom", "claims-tracker", "Author and publisher named in ClaimReview exports."),
    ("verify", (), "Verdict tolerances and bands ([verify] table in claims.toml; names as in "
     "verify/settings.py, e.g. integer_pct_tol = 0.5, close_min_pp = 2.0)."),
    ("fbi_api_key", "", "FBI Crime Data Explorer key (from FBI_API_KEY); never stored."),
    ("socrata_app_token", "", "Socrata app token (from SOCRATA_APP_TOKEN); never stored."),
)

_ENV_ALIASES = {"fbi_api_key": "FBI_API_KEY", "socrata_app_token": "SOCRATA_APP_TOKEN"}


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: str = "claims.db"
    user_agent: str = SETTINGS[1][1]
    contact_url: str = SETTINGS[2][1]
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0
    per_host_concurrency: int = 1
    per_host_delay: float = 1.0
    global_concurrency: int = 8
    http_transport: str = "lean"
    allow_private_addresses: bool = False
    respect_robots: bool = True
    spacy_model: str = ""
    auth_db_path: str = ""
    secret_key: str = ""
    base_url: str = ""
    require_login_for_search: bool = False
    newsroom: str = "claims-tracker"
    verify: tuple[tuple[str, Any], ...] = ()
    fbi_api_key: str = ""
    socrata_app_token: str = ""

    def override(self, **changes: Any) -> Settings:
        """A copy with the given (non-None) values replaced."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, raw: str) -> Any:
    default = next(d for n, d, _ in SETTINGS if n == name)
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def load_settings(config: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then the TOML file, then the environment."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = config or (Path("claims.toml") if Path("claims.toml").exists() else None)
    if path is not None:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        known = {f.name for f in fields(Settings)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"Unknown setting(s) in {path}: {', '.join(sorted(unknown))}. "
                             f"Known settings: {', '.join(sorted(known))}.")
        if isinstance(data.get("verify"), dict):  # kept hashable: sorted (name, value) pairs
            data["verify"] = tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                                          for k, v in data["verify"].items()))
        values.update(data)
    for name, default, _help in SETTINGS:
        if isinstance(default, tuple):  # tables live in the file only
            continue
        key = _ENV_ALIASES.get(name, f"CLAIMS_{name.upper()}")
        if key in env:
            values[name] = _coerce(name, env[key])
    if "CLAIMS_DB" in env:
        values["db_path"] = env["CLAIMS_DB"]
    return Settings(**values)
