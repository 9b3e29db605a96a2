"""The JSON API: search, one claim, and the OpenAPI description."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from db.errors import NotFound, StoreError
from web.guards import require_role
from web.openapi import ROUTE_SUMMARIES, openapi_spec
from web.params import FILTERS, BadParams, SearchParams
from web.routes.claims import claim_id_of, load_detail
from web.state import state_of


async def api_claims(request: Request) -> Response:
    require_role(request, "reporter")
    params = SearchParams.from_query(request.query_params)
    try:
        page = await state_of(request).run(state_of(request).search_cache.search, params.query())
    except (BadParams, StoreError) as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    path = request.url_for("api_claims").path
    more = params.page * params.per_page < page.total
    facets = {name: [{"value": v, "count": n} for v, n in page.facets[FILTERS[name][0]]]
              for name in FILTERS if FILTERS[name][0] in page.facets}
    return JSONResponse({
        "total": page.total, "page": params.page, "per_page": params.per_page,
        "next": params.url(path, page=params.page + 1) if more else None,
        "claims": [row.as_dict() for row in page.rows],
        "facets": facets,
        "facets_timed_out": [name for name in FILTERS if FILTERS[name][0] in page.facets_timed_out],
    })


async def api_claim(request: Request) -> Response:
    require_role(request, "reporter")
    claim_id = claim_id_of(request)
    try:
        detail = await state_of(request).run(load_detail, claim_id)
    except NotFound as exc:
        raise HTTPException(404, f"There is no claim {claim_id}.") from exc
    body = detail.stored.as_dict()
    body["checks"] = [c.as_dict() for c in detail.checks]
    body["reviews"] = [{"verdict": r.verdict, "created_at": r.created_at} for r in detail.reviews]
    body["observations"] = [o.as_dict() for o in detail.observations]
    body["same_claim_elsewhere"] = [o.claim_id for o in detail.elsewhere]
    body["paragraph"] = detail.paragraph
    return JSONResponse(body)


async def openapi(request: Request) -> Response:
    st = state_of(request)
    return JSONResponse(openapi_spec(st.absolute(request.scope.get("root_path", "") + "/")))


async def api_docs(request: Request) -> Response:
    st = state_of(request)
    example = st.absolute(str(request.app.url_path_for("api_claims"))) + "?q=homicides&per_page=5"
    return st.render(request, "api.html", {"active": "api", "routes": ROUTE_SUMMARIES,
                                           "example": example})
