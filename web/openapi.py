"""The OpenAPI 3.1 description of the JSON API, written by hand (it is small and stable)."""

from __future__ import annotations

from typing import Any

from records.check import VERDICTS
from records.claim import KINDS, OFFENSES
from web.params import MAX_PER_PAGE, SORTS


def _param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


SEARCH_PARAMETERS: list[dict[str, Any]] = [
    _param("q", "Full-text search over claim sentences (SQLite FTS5 syntax; plain words work).",
           {"type": "string"}),
    _param("city", "City the claim is about.", {"type": "string"}),
    _param("state", "Two-letter state.", {"type": "string"}),
    _param("offense", "Offense.", {"type": "string", "enum": list(OFFENSES)}),
    _param("kind", "Kind of claim.", {"type": "string", "enum": list(KINDS)}),
    _param("verdict", "Machine verdict.", {"type": "string", "enum": list(VERDICTS)}),
    _param("outlet", "Outlet name.", {"type": "string"}),
    _param("from", "First month (YYYY-MM or YYYY), by article publication date.",
           {"type": "string", "pattern": r"^\d{4}(-\d{2}){0,2}$"}),
    _param("to", "Last month (YYYY-MM or YYYY), inclusive.",
           {"type": "string", "pattern": r"^\d{4}(-\d{2}){0,2}$"}),
    _param("sort", "Order of results (default: relevance with q, else newest first).",
           {"type": "string", "enum": ["relevance", *(v for v, _ in SORTS if v)]}),
    _param("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
    _param("per_page", "Results per page.", {"type": "integer", "minimum": 1,
                                              "maximum": MAX_PER_PAGE}),
]

CLAIM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The claim contract's fields plus where it was stored and what was decided.",
    "properties": {
        "claim_id": {"type": "integer"}, "quote": {"type": "string"},
        "sentence_id": {"type": "string", "description": "'<article id>:<sentence start>': the "
                        "same for every claim of one sentence (search groups by it)"},
        "sentence": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"},
        "kind": {"type": "string", "enum": list(KINDS)},
        "direction": {"type": "string", "enum": ["decrease", "increase", "none"]},
        "value": {"type": ["number", "null"]}, "from_value": {"type": ["number", "null"]},
        "unit": {"type": ["string", "null"]}, "offense": {"type": ["string", "null"]},
        "period": {"type": ["string", "null"]}, "baseline": {"type": ["string", "null"]},
        "place": {"type": ["string", "null"]}, "city": {"type": ["string", "null"]},
        "state": {"type": ["string", "null"]}, "outlet": {"type": ["string", "null"]},
        "published": {"type": ["string", "null"], "format": "date"},
        "article_url": {"type": "string"}, "article_title": {"type": ["string", "null"]},
        "verdict": {"type": ["string", "null"], "enum": [*VERDICTS, None]},
        "flags": {"type": "array", "items": {"type": "string"}},
        "explanation": {"type": ["string", "null"]},
        "review_verdict": {"type": ["string", "null"]},
    },
    "required": ["claim_id", "quote", "sentence", "kind", "article_url"],
}

ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}


def openapi_spec(server_url: str = "/") -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Claims tracker API", "version": "1.0.0",
                 "description": "Statistical crime claims found in local news, with the "
                                "machine's verdict and fact-checkers' reviews."},
        "servers": [{"url": server_url}],
        "paths": {
            "/api/claims": {"get": {
                "summary": "Search claims",
                "operationId": "searchClaims",
                "parameters": SEARCH_PARAMETERS,
                "responses": {
                    "200": {"description": "One page of matching claims, the total and facet counts.",
                            "content": {"application/json": {"schema": {
                                "type": "object",
                                "properties": {
                                    "total": {"type": "integer"}, "page": {"type": "integer"},
                                    "per_page": {"type": "integer"},
                                    "next": {"type": ["string", "null"]},
                                    "claims": {"type": "array", "items": {"$ref": "#/components/schemas/Claim"}},
                                    "facets": {"type": "object", "additionalProperties": {
                                        "type": "array", "items": {"type": "object", "properties": {
                                            "value": {"type": "string"}, "count": {"type": "integer"}}}}},
                                    "facets_timed_out": {
                                        "type": "array", "items": {"type": "string"},
                                        "description": "Facets left out: counting them took too long."},
                                }}}}},
                    "400": {"description": "A malformed query or date; the error says how to fix it.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                }}},
            "/api/claims/{claim_id}": {"get": {
                "summary": "One claim with its machine checks and review verdicts",
                "operationId": "getClaim",
                "parameters": [{"name": "claim_id", "in": "path", "required": True,
                                "schema": {"type": "integer"}}],
                "responses": {
                    "200": {"description": "The claim.", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Claim"}}}},
                    "404": {"description": "No such claim.", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}}}},
                }}},
            "/claims/{claim_id}/claimreview.json": {"get": {
                "summary": "schema.org ClaimReview (JSON-LD) of a reviewed claim",
                "operationId": "getClaimReview",
                "parameters": [{"name": "claim_id", "in": "path", "required": True,
                                "schema": {"type": "integer"}}],
                "responses": {
                    "200": {"description": "The ClaimReview.", "content": {"application/ld+json": {
                        "schema": {"type": "object"}}}},
                    "404": {"description": "Not reviewed yet, or no such claim."},
                }}},
            "/search.csv": {"get": {
                "summary": "Every result of a search as CSV (same parameters as /api/claims)",
                "operationId": "exportCsv", "parameters": SEARCH_PARAMETERS[:10],
                "responses": {"200": {"description": "CSV file.", "content": {"text/csv": {
                    "schema": {"type": "string"}}}}}}},
            "/search.json": {"get": {
                "summary": "Every result of a search as one JSON document",
                "operationId": "exportJson", "parameters": SEARCH_PARAMETERS[:10],
                "responses": {"200": {"description": "JSON file.", "content": {"application/json": {
                    "schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": {"Claim": CLAIM_SCHEMA, "Error": ERROR}},
    }


ROUTE_SUMMARIES: list[tuple[str, str]] = [
    (path, op["get"]["summary"]) for path, op in openapi_spec()["paths"].items()
]
