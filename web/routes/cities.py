"""City pages: every place claims are about, and one place's claims, outlets and figures."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from db.places import find_place, places_with_claims
from web.city_view import build_city_page
from web.guards import require_role
from web.state import state_of


async def city_index(request: Request) -> Response:
    require_role(request, "reporter")
    st = state_of(request)
    places = await st.run(places_with_claims)
    return st.render(request, "cities.html", {"places": places, "active": "cities"})


async def city_page(request: Request) -> Response:
    require_role(request, "reporter")
    st = state_of(request)
    key = str(request.path_params.get("place", ""))
    place = await st.run(find_place, key)
    if place is None:
        raise HTTPException(404, f"No claims are about a place called '{key}'. The Cities page "
                                 "lists every place with claims.")

    def claim_path(claim_id: int) -> str:
        return str(request.app.url_path_for("claim_page", claim_id=claim_id))

    page = await st.run(build_city_page, place, claim_path)
    return st.render(request, "city.html", {"page": page, "active": "cities"})
