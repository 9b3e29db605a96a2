"""The Jinja environment of the web app: templates, the filters they use, and what every page gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from starlette.requests import Request

from db.places import place_key
from display import human_time, number
from web import dates, safety
from web.csrf import csrf_token
from web.flash import pop_flashes
from web.session_guard import current_user
from web.verdict_words import label as verdict_label

TEMPLATES_DIR = Path(__file__).parent / "templates"


def _humanize(value: Any) -> str:
    return str(value).replace("_", " ") if value is not None else ""


def _highlighted(stored: Any) -> Any:
    claim = stored.claim
    local_start = None
    if claim.sentence_start is not None:
        local_start = claim.start - claim.sentence_start
    return safety.highlight(claim.sentence, claim.quote, local_start)


def _number(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return "—" if value is None else value
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(_number(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_number(v)}" for k, v in value.items())
    return value


def _mark_span(text: str, start: int, end: int) -> Any:
    return safety.mark_span(text, start, end)


@pass_context
def _path_for(context: dict[str, Any], name: str, /, **path_params: Any) -> str:
    """``url_for`` in templates: a site path, never an absolute URL built from the Host header."""
    request: Request = context["request"]
    return request.scope.get("root_path", "") + str(request.app.url_path_for(name, **path_params))


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html", "xml"), default=True),
        undefined=StrictUndefined,
        trim_blocks=False,
    )
    env.filters["safe_url"] = safety.safe_url
    env.filters["verdict_label"] = verdict_label
    env.filters["humanize"] = _humanize
    env.filters["highlighted"] = _highlighted
    env.filters["number"] = _number
    env.filters["mark_span"] = _mark_span
    env.filters["human_time"] = human_time
    env.filters["place_key"] = place_key
    env.filters["span"] = dates.span
    env.globals["url_for"] = _path_for  # Jinja2Templates only sets its own when none is set
    return env


def page_context(request: Request) -> dict[str, Any]:
    """What every page's template gets: the user, the CSRF token and waiting flash messages."""
    return {"user": current_user(request), "csrf_token": csrf_token(request.session),
            "flashes": pop_flashes(request),
            "active": None}
