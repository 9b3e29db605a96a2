"""Fact-checkers' review queue and the verdict form's POST handler."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from db.errors import NotFound
from db.possible import possible_queue, possible_queue_size
from db.store import add_review, queue_size, review_queue
from web.context import checked_form, flash, require_role, state_of
from web.routes.claims import claim_id_of, claim_page
from web.verdict_words import UnknownVerdict, label, to_verdict

QUEUE_PAGE = 25
MAX_NOTE = 5000


def _page_number(request: Request, name: str) -> int:
    try:
        return max(1, int(request.query_params.get(name) or 1))
    except ValueError:
        return 1


async def queue(request: Request) -> Response:
    require_role(request, "reviewer")
    st = state_of(request)
    page = _page_number(request, "page")
    reviewed = request.query_params.get("reviewed") == "1"
    total = await st.run(queue_size, include_reviewed=reviewed)
    count = max(1, -(-total // QUEUE_PAGE))
    page = min(page, count)
    rows = await st.run(review_queue, limit=QUEUE_PAGE, offset=(page - 1) * QUEUE_PAGE,
                        include_reviewed=reviewed)
    path = request.url_for("queue").path
    extra = "reviewed=1&" if reviewed else ""
    possible_total = await st.run(possible_queue_size)
    possible_count = max(1, -(-possible_total // QUEUE_PAGE))
    ppage = min(_page_number(request, "ppage"), possible_count)
    possible_rows = await st.run(possible_queue, limit=QUEUE_PAGE, offset=(ppage - 1) * QUEUE_PAGE)
    context = {
        "active": "queue",
        "rows": rows,
        "total": total,
        "reviewed": reviewed,
        "toggle_url": path if reviewed else f"{path}?reviewed=1",
        "first_rank": (page - 1) * QUEUE_PAGE + 1,
        "page_urls": {
            "number": page, "count": count,
            "prev": (f"{path}?{extra}page={page - 1}" if page > 2 else
                     (f"{path}?reviewed=1" if reviewed else path)) if page > 1 else None,
            "next": f"{path}?{extra}page={page + 1}" if page < count else None,
        },
        "possible_rows": possible_rows,
        "possible_total": possible_total,
        "possible_first_rank": (ppage - 1) * QUEUE_PAGE + 1,
        "possible_page_urls": {
            "number": ppage, "count": possible_count,
            "prev": f"{path}?{extra}ppage={ppage - 1}#possible" if ppage > 1 else None,
            "next": f"{path}?{extra}ppage={ppage + 1}#possible" if ppage < possible_count else None,
        },
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
