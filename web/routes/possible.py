"""Possible claims in the review queue: a sentence no rule parsed, promoted to a claim or dismissed.

Reviewers only. Promotion stores a real claim (rule ``manual``) with the fields the reviewer
typed and records the decision; dismissal records the decision. Both are CSRF-checked POSTs
that answer with a redirect, or the form again with the problem (400) or the conflict (409).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from db.errors import Conflict, NotFound
from db.possible import (
    InvalidManualClaim,
    ManualClaim,
    StoredPossibleClaim,
    decisions_for,
    dismiss_possible_claim,
    get_possible_claim,
    promote_possible_claim,
)
from db.store import get_article
from records.claim import DIRECTIONS, KINDS, OFFENSES, UNITS
from web.csrf import checked_form
from web.flash import flash
from web.guards import require_role
from web.safety import paragraph_around
from web.state import state_of

MAX_NOTE = 5000
FIELDS: tuple[str, ...] = ("kind", "direction", "value", "from_value", "unit", "offense", "period", "baseline",
                           "city", "state", "quote", "note")
LABEL = "Possible claim — no rule parsed this sentence"


def possible_id_of(request: Request) -> int:
    try:
        return int(request.path_params["possible_id"])
    except (KeyError, ValueError) as exc:
        raise HTTPException(404, "There is no such possible claim.") from exc


def suggested_fields(p: StoredPossibleClaim) -> dict[str, str]:
    """The form's first values, from what the detector found: its first number and offense."""
    percent = any(c.startswith("percent:") for c in p.cues)
    value = p.numbers[0]["value"] if p.numbers else ""
    return {"kind": "percent_change" if percent else "count", "direction": "none", "value": str(value),
            "from_value": "", "unit": "percent" if percent else "count",
            "offense": p.offenses[0] if p.offenses else "", "period": "", "baseline": "",
            "city": p.city or "", "state": p.state or "", "quote": "", "note": ""}


def _load(db: Database, possible_id: int) -> tuple[StoredPossibleClaim, str, int, int, list[Any]]:
    p = get_possible_claim(db, possible_id)
    try:
        text = get_article(db, p.article_id).text or ""
    except NotFound:
        text = ""
    para, a, b = paragraph_around(text, p.start, p.end)
    if not para or para[a:b] != p.sentence:
        para, a, b = p.sentence, 0, len(p.sentence)
    return p, para, a, b, decisions_for(db, possible_id=possible_id)


async def possible_page(request: Request, *, error: str | None = None, form: dict[str, str] | None = None,
                        status_code: int = 200) -> Response:
    require_role(request, "reviewer")
    st = state_of(request)
    try:
        p, para, a, b, decisions = await st.run(_load, possible_id_of(request))
    except NotFound as exc:
        raise HTTPException(404, f"There is no possible claim {request.path_params['possible_id']}.") from exc
    context = {"active": "queue", "p": p, "label": LABEL, "paragraph": para, "para_start": a, "para_end": b,
               "decisions": decisions, "error": error, "form": form or suggested_fields(p),
               "kinds": KINDS, "directions": DIRECTIONS, "units": UNITS, "offenses": OFFENSES}
    return st.render(request, "possible.html", context, status_code=status_code)


async def possible_get(request: Request) -> Response:
    return await possible_page(request)


async def _reviewer(request: Request) -> str:
    """The logged-in reviewer's name (the session guard has already checked the account: it
    exists, is enabled and holds its role now)."""
    user = require_role(request, "reviewer")
    assert user is not None
    return user.name


async def promote(request: Request) -> Response:
    name = await _reviewer(request)
    form = await checked_form(request)
    values = {f: str(form.get(f) or "").strip() for f in FIELDS}
    possible_id = possible_id_of(request)
    if len(values["note"]) > MAX_NOTE:
        return await possible_page(request, error=f"The note is longer than {MAX_NOTE} characters; shorten it.",
                                   form=values, status_code=400)
    try:
        fields = ManualClaim.parse(values)
        claim_id = await state_of(request).run(promote_possible_claim, possible_id, name, fields,
                                               values["note"] or None)
    except InvalidManualClaim as exc:
        return await possible_page(request, error=str(exc), form=values, status_code=400)
    except Conflict as exc:
        return await possible_page(request, error=str(exc), form=values, status_code=409)
    except NotFound as exc:
        raise HTTPException(404, f"There is no possible claim {possible_id}.") from exc
    flash(request, f"Possible claim {possible_id} is now claim {claim_id}.", "success")
    return RedirectResponse(request.url_for("claim_page", claim_id=claim_id).path + "#history", status_code=303)


async def dismiss(request: Request) -> Response:
    name = await _reviewer(request)
    form = await checked_form(request)
    note = str(form.get("note") or "").strip()
    possible_id = possible_id_of(request)
    if len(note) > MAX_NOTE:
        return await possible_page(request, error=f"The note is longer than {MAX_NOTE} characters; shorten it.",
                                   status_code=400)
    try:
        await state_of(request).run(dismiss_possible_claim, possible_id, name, note or None)
    except Conflict as exc:
        return await possible_page(request, error=str(exc), status_code=409)
    except NotFound as exc:
        raise HTTPException(404, f"There is no possible claim {possible_id}.") from exc
    flash(request, f"Dismissed possible claim {possible_id}.", "success")
    return RedirectResponse(request.url_for("queue").path + "#possible", status_code=303)
