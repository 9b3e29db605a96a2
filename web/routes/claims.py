"""One claim: its paragraph, official figures, arithmetic, verdicts, history, and the archived page."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from sqlite_utils import Database
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from db.checks import MAX_ID
from db.errors import NotFound
from db.possible import PossibleDecision, decisions_for
from db.records import CheckRow, ReviewRow, StoredClaim
from db.store import (
    checks_for,
    get_article,
    get_claim,
    get_observations,
    review_queue,
    reviews_for,
    same_claim_elsewhere,
)
from db.web_queries import ArchivedPage, archived_page_for_claim
from records.check import VERDICTS
from records.official import Observation
from web.charts import Chart
from web.claim_view import arithmetic, explanation, period_words
from web.claimreview import claim_review
from web.guards import require_role
from web.headline import headline
from web.safety import json_for_script, mark_span, paragraph_around
from web.series_chart import claim_chart
from web.state import state_of


@dataclass(frozen=True, slots=True)
class ClaimDetail:
    stored: StoredClaim
    checks: list[CheckRow]
    reviews: list[ReviewRow]
    observations: list[Observation]
    elsewhere: list[StoredClaim]
    paragraph: str
    para_start: int
    para_end: int
    has_archive: bool
    promotions: list[PossibleDecision] = field(default_factory=list)  # a reviewer made it from a possible claim
    chart: Chart | None = None  # the official series with the claim's period and claimed value
    text_length: int = 0  # characters of extracted article text (the readable archived copy)


def load_detail(db: Database, claim_id: int) -> ClaimDetail:
    stored = get_claim(db, claim_id)
    checks = checks_for(db, claim_id)
    reviews = reviews_for(db, claim_id)
    obs_ids: list[int] = []
    if checks:
        obs_ids = list(checks[-1].observation_ids)
    observations = get_observations(db, obs_ids) if obs_ids else []
    try:
        text = get_article(db, stored.article_id).text or ""
    except NotFound:
        text = ""
    para, a, b = paragraph_around(text, stored.claim.start, stored.claim.end)
    if not para or para[a:b] != stored.claim.quote:
        para, a, b = stored.claim.sentence, -1, -1
    has_archive = archived_page_for_claim(db, claim_id, with_body=False) is not None
    chart = claim_chart(db, stored, checks[-1] if checks else None, observations)
    return ClaimDetail(stored, checks, reviews, observations, same_claim_elsewhere(db, claim_id),
                       para, a, b, has_archive, decisions_for(db, claim_id=claim_id), chart, len(text))


def claim_id_of(request: Request) -> int:
    """The route's claim id; 404 when it is not one SQLite could hold (1 to 2**63 - 1)."""
    try:
        claim_id = int(request.path_params["claim_id"])
    except (KeyError, ValueError) as exc:
        raise HTTPException(404, "There is no such claim.") from exc
    if not 0 < claim_id <= MAX_ID:
        raise HTTPException(404, "There is no such claim.")
    return claim_id


def claim_url(request: Request, claim_id: int) -> str:
    """The claim page's absolute URL, from the base_url setting (never the Host header)."""
    return state_of(request).absolute(str(request.app.url_path_for("claim_page", claim_id=claim_id)))


async def _detail(request: Request) -> ClaimDetail:
    claim_id = claim_id_of(request)
    try:
        return await state_of(request).run(load_detail, claim_id)
    except NotFound as exc:
        raise HTTPException(404, f"There is no claim {claim_id}.") from exc


def history(detail: ClaimDetail) -> list[dict[str, Any]]:
    """Machine checks and human reviews in one list, oldest first (both are append-only), after
    the promotion that made the claim from a possible claim, if one did."""
    items: list[dict[str, Any]] = []
    for p in detail.promotions:
        text = f"Promoted from possible claim {p.possible_claim_id} (no rule parsed this sentence)."
        items.append({"when": p.created_at, "who": p.user_name, "verdict": None, "flags": (),
                      "text": text + (f" {p.note}" if p.note else ""), "kind": "promotion"})
    for c in detail.checks:
        items.append({"when": c.checked_at, "who": f"machine ({c.method_version})",
                      "verdict": c.verdict, "flags": c.flags, "text": c.explanation,
                      "kind": "check"})
    for r in detail.reviews:
        items.append({"when": r.created_at, "who": r.user_name, "verdict": r.verdict, "flags": (),
                      "text": r.note, "kind": "review"})
    order = {"promotion": 0, "check": 1, "review": 2}
    items.sort(key=lambda i: (i["when"] or "", order[i["kind"]]))
    return items


async def claim_page(request: Request, *, error: str | None = None, form: dict | None = None,
                     status_code: int = 200) -> Response:
    user = require_role(request, "reporter")
    st = state_of(request)
    detail = await _detail(request)
    review = claim_review(detail.stored, detail.reviews, claim_url(request, detail.stored.claim_id),
                          publisher=st.settings.newsroom)
    latest_check = detail.checks[-1] if detail.checks else None
    next_id = None
    if user and user.can_review:
        upcoming = await st.run(review_queue, limit=2)
        next_id = next((c.claim_id for c in upcoming if c.claim_id != detail.stored.claim_id), None)
    context = {
        "c": detail.stored,
        "d": detail,
        "latest_check": latest_check,
        "headline": headline(detail.stored.claim, latest_check),
        "arithmetic": arithmetic(detail.stored, latest_check) if latest_check else None,
        "period_words": period_words(detail.stored, latest_check),
        "plain": explanation(detail.stored, latest_check, detail.observations) if latest_check else (),
        "raw_check": json.dumps(latest_check.as_dict(), indent=2, ensure_ascii=False, allow_nan=False) if latest_check else None,
        "history": history(detail),
        "verdicts": VERDICTS,
        "jsonld": json_for_script(review) if review else None,
        "show_history": bool(user and user.can_review),
        "error": error,
        "review_form": form or {"verdict": "", "wording": "", "note": ""},
        "next_id": next_id,
    }
    return st.render(request, "claim.html", context, status_code=status_code)


async def claim_page_get(request: Request) -> Response:
    return await claim_page(request)


async def claimreview_json(request: Request) -> Response:
    require_role(request, "reporter")
    detail = await _detail(request)
    review = claim_review(detail.stored, detail.reviews, claim_url(request, detail.stored.claim_id),
                          publisher=state_of(request).settings.newsroom)
    if review is None:
        raise HTTPException(404, "No fact-checker has reviewed this claim yet, so there is no "
                                 "ClaimReview to publish.")
    return JSONResponse(review, media_type="application/ld+json", headers={
        "Content-Disposition": f'inline; filename="claimreview-{detail.stored.claim_id}.json"'})


def _decode(page: ArchivedPage) -> str:
    charset = "utf-8"
    ctype = (page.content_type or "").lower()
    if "charset=" in ctype:
        charset = ctype.split("charset=", 1)[1].split(";")[0].strip().strip('"') or "utf-8"
    try:
        return page.body.decode(charset, errors="replace")
    except LookupError:
        return page.body.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class ReadableCopy:
    """The article's extracted text, with where and when it was fetched."""

    stored: StoredClaim
    title: str | None
    text: str
    page: ArchivedPage | None


def load_readable(db: Database, claim_id: int) -> ReadableCopy:
    stored = get_claim(db, claim_id)
    try:
        article = get_article(db, stored.article_id)
        title, text = article.title, article.text or ""
    except NotFound:
        title, text = stored.article_title, ""
    return ReadableCopy(stored, title, text, archived_page_for_claim(db, claim_id, with_body=False))


def readable_paragraphs(text: str, start: int, end: int, quote: str) -> list[Markup]:
    """The text's non-empty lines as escaped paragraphs, the claim's quote in ``<mark>``."""
    out: list[Markup] = []
    offset = 0
    for line in text.split("\n"):
        a, b = start - offset, end - offset
        offset += len(line) + 1
        if not line.strip():
            continue
        if 0 <= a < b <= len(line) and line[a:b] == quote:
            out.append(mark_span(line, a, b))
        else:
            out.append(Markup(escape(line.strip())))
    return out


async def archive(request: Request) -> Response:
    """The archived copy as a reader wants it: the article's extracted text, no page chrome."""
    require_role(request, "reporter")
    claim_id = claim_id_of(request)
    try:
        copy = await state_of(request).run(load_readable, claim_id)
    except NotFound as exc:
        raise HTTPException(404, f"There is no claim {claim_id}.") from exc
    if not copy.text:
        raise HTTPException(404, "We have no text of this claim's article.")
    paragraphs = readable_paragraphs(copy.text, copy.stored.claim.start, copy.stored.claim.end,
                                     copy.stored.claim.quote)
    return state_of(request).render(request, "archive.html", {
        "c": copy.stored, "title": copy.title, "paragraphs": paragraphs, "page": copy.page})


async def archive_raw(request: Request) -> Response:
    """The raw page as we fetched it, as a plain-text download in a sandbox: hostile HTML cannot
    run, and a browser saves it rather than showing it."""
    require_role(request, "reporter")
    claim_id = claim_id_of(request)
    page = await state_of(request).run(archived_page_for_claim, claim_id)
    if page is None:
        raise HTTPException(404, "We have no archived copy of this claim's article (it was "
                                 "ingested from text, or the fetch stored no body).")
    header = (f"Archived copy of {page.url}\nFetched {page.fetched_at or 'at an unknown time'}; "
              f"original content type {page.content_type or 'unknown'}. Shown as plain text.\n"
              + "-" * 72 + "\n")
    return Response(header + _decode(page), media_type="text/plain; charset=utf-8", headers={
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'attachment; filename="archived-claim-{claim_id}.html.txt"',
        "Cache-Control": "private, max-age=300",
    })
