"""Fact-checkers' review queue and the verdict form's POST handler."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from db.errors import NotFound
from db.possible import possible_queue, possible_queue_size
from db.queue import QUEUE_FILTERS, QueueFilter, priority_words, queue_choices
from db.store import add_review, queue_size, review_queue
from web.csrf import checked_form
from web.flash import flash
from web.guards import require_role
from web.routes.claims import claim_id_of, claim_page
from web.state import state_of
from web.verdict_words import UnknownVerdict, label, to_verdict

QUEUE_PAGE = 25
QUEUE_FILTER_LABELS: dict[str, str] = {"city": "City", "offense": "Offense", "verdict": "Machine verdict",
                                       "flag": "Flag", "outlet": "Outlet"}
MAX_NOTE = 5000


def _page_number(request: Request, name: str) -> int:
    try:
        return max(1, int(request.query_params.get(name) or 1))
    except ValueError:
        return 1


SHOW = ("all", "claims", "possible")
_MAX_VALUE = 200


def _queue_filter(request: Request) -> QueueFilter:
    values = {name: (request.query_params.get(name) or "").strip()[:_MAX_VALUE] or None
              for name in QUEUE_FILTERS}
    return QueueFilter(**values)


def _url(path: str, pairs: list[tuple[str, str]], **changes: object) -> str:
    """``path`` with the query ``pairs``, ``changes`` applied (None removes one)."""
    params = dict(pairs)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return f"{path}?{urlencode(params)}" if params else path


def _pages(path: str, pairs: list[tuple[str, str]], name: str, number: int, count: int,
           anchor: str = "") -> dict[str, object]:
    return {
        "number": number, "count": count,
        "prev": _url(path, pairs, **{name: number - 1 if number > 2 else None}) + anchor
        if number > 1 else None,
        "next": _url(path, pairs, **{name: number + 1}) + anchor if number < count else None,
    }


async def queue(request: Request) -> Response:
    require_role(request, "reviewer")
    st = state_of(request)
    reviewed = request.query_params.get("reviewed") == "1"
    show = request.query_params.get("show") or "all"
    show = show if show in SHOW else "all"
    filters = _queue_filter(request)
    path = request.url_for("queue").path
    base = [*filters.items(), *([("reviewed", "1")] if reviewed else []),
            *([("show", show)] if show != "all" else [])]
    choices = await st.run(queue_choices, include_reviewed=reviewed)
    total = await st.run(queue_size, include_reviewed=reviewed, filters=filters)
    count = max(1, -(-total // QUEUE_PAGE))
    page = min(_page_number(request, "page"), count)
    rows = []
    if show != "possible":
        rows = await st.run(review_queue, limit=QUEUE_PAGE, offset=(page - 1) * QUEUE_PAGE,
                            include_reviewed=reviewed, filters=filters)
    # possible claims have no verdict, offense or flag yet: those filters leave none of them
    possible_open = show != "claims" and not (filters.offense or filters.verdict or filters.flag)
    possible_total = await st.run(possible_queue_size, city=filters.city, outlet=filters.outlet) \
        if possible_open else 0
    possible_count = max(1, -(-possible_total // QUEUE_PAGE))
    ppage = min(_page_number(request, "ppage"), possible_count)
    possible_rows = await st.run(possible_queue, limit=QUEUE_PAGE, offset=(ppage - 1) * QUEUE_PAGE,
                                 city=filters.city, outlet=filters.outlet) if possible_open else []
    page_pairs = [*base, *([("ppage", str(ppage))] if ppage > 1 else [])]
    ppage_pairs = [*base, *([("page", str(page))] if page > 1 else [])]
    context = {
        "active": "queue",
        "priority_words": priority_words,
        "rows": rows,
        "total": total,
        "reviewed": reviewed,
        "show": show,
        "show_urls": {name: _url(path, base, show=None if name == "all" else name, page=None,
                                 ppage=None) for name in SHOW},
        "filters": dict(filters.items()),
        "filter_labels": QUEUE_FILTER_LABELS,
        "choices": choices,
        "remove_urls": {name: _url(path, base, **{name: None}) for name, _ in filters.items()},
        "clear_url": _url(path, [p for p in base if p[0] not in QUEUE_FILTERS]),
        "hidden": [p for p in base if p[0] not in QUEUE_FILTERS],
        "toggle_url": _url(path, base, reviewed=None if reviewed else "1"),
        "first_rank": (page - 1) * QUEUE_PAGE + 1,
        "page_urls": _pages(path, page_pairs, "page", page, count),
        "possible_open": possible_open,
        "possible_rows": possible_rows,
        "possible_total": possible_total,
        "possible_first_rank": (ppage - 1) * QUEUE_PAGE + 1,
        "possible_page_urls": _pages(path, ppage_pairs, "ppage", ppage, possible_count, "#possible"),
    }
    return st.render(request, "queue.html", context)


async def post_review(request: Request) -> Response:
    user = require_role(request, "reviewer")
    assert user is not None
    form = await checked_form(request)
    st = state_of(request)
    claim_id = claim_id_of(request)
    wording = str(form.get("wording") or "").strip()
    chosen = str(form.get("verdict") or "").strip()
    note = str(form.get("note") or "").strip()
    values = {"verdict": chosen, "wording": wording, "note": note}
    if len(note) > MAX_NOTE:
        return await claim_page(request, error=f"The note is longer than {MAX_NOTE} characters; "
                                "shorten it.", form=values, status_code=400)
    try:
        verdict = to_verdict(wording or chosen)
    except UnknownVerdict as exc:
        message = str(exc) if (wording or chosen) else "Choose a verdict or type your wording."
        return await claim_page(request, error=message, form=values, status_code=400)
    try:
        await st.run(add_review, claim_id, user.name, verdict, note or None)
    except NotFound as exc:
        raise HTTPException(404, f"There is no claim {claim_id}.") from exc
    flash(request, f"Recorded “{label(verdict)}” for claim {claim_id}.", "success")
    url = request.url_for("claim_page", claim_id=claim_id).path + "#history"
    return RedirectResponse(url, status_code=303)
