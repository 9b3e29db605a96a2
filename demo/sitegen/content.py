"""Read the demo site's content files: outlets, their articles and the claims planted in them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONTENT_DIR = Path(__file__).parent / "content"
# Every absolute URL in the site uses this origin; the demo server rewrites it to its own address.
ORIGIN = "https://demo.claims-tracker.invalid"
OUTLET_ORDER = ("riverton-ledger", "lakecity-news", "porthale-press", "baltimore-pd", "chicago-mayor")
INTENDED = ("supported", "close", "contradicted", "unverifiable", "needs_review", "not_crawled")


@dataclass(frozen=True, slots=True)
class PlantedClaim:
    """A claim we wrote into a page, with the verdict we mean it to get."""

    quote: str
    kind: str
    offense: str
    verdict: str
    why: str
    flags: tuple[str, ...] = ()
    currently: str | None = None  # today's verdict when it differs (a known gap); "missed" = not extracted
    gap: str | None = None  # why it differs: the part of the pipeline that gets it wrong


@dataclass(frozen=True, slots=True)
class HardNegative:
    """A number in a page that is not a crime statistic: no claim may cover it."""

    quote: str
    why: str
    in_text: bool = True  # False: boilerplate (comments, ads) that must not reach the article text
    gap: str | None = None  # set while today's pipeline still extracts it (a known false positive)


@dataclass(frozen=True, slots=True)
class DemoArticle:
    outlet: str
    path: str  # relative to the outlet root; a trailing "/" means ".../index.html"
    title: str
    published: str  # ISO 8601 with offset
    author: str
    section: str
    summary: str
    body: str
    claims: tuple[PlantedClaim, ...] = ()
    negatives: tuple[HardNegative, ...] = ()
    comments: tuple[dict[str, str], ...] = ()
    release_no: str | None = None
    table: tuple[tuple[str, ...], ...] = ()
    table_caption: str | None = None
    robots_disallowed: bool = False

    @property
    def file(self) -> str:
        """Path of the HTML file under demo/site/."""
        rel = self.path + "index.html" if self.path.endswith("/") else self.path
        return f"{self.outlet}/{rel}"

    @property
    def url_path(self) -> str:
        """Path part of the page's URL (what a browser asks the server for)."""
        return f"/{self.outlet}/{self.path}"

    def paragraphs(self) -> list[str]:
        return [p.strip().replace("\n", " ") for p in self.body.strip().split("\n\n") if p.strip()]


@dataclass(frozen=True, slots=True)
class Outlet:
    slug: str
    name: str
    city: str
    state: str
    kind: str
    template: str
    tagline: str
    feed: str  # rss | atom | none
    sitemap: bool
    sections: tuple[str, ...]
    listing_per_page: int = 50
    articles: tuple[DemoArticle, ...] = field(default=())

    @property
    def root_path(self) -> str:
        return f"/{self.slug}/"


def _article(slug: str, raw: dict) -> DemoArticle:
    claims = tuple(
        PlantedClaim(quote=c["quote"], kind=c["kind"], offense=c["offense"], verdict=c["verdict"],
                     why=c["why"], flags=tuple(c.get("flags", ())), currently=c.get("currently"),
                     gap=c.get("gap"))
        for c in raw.get("claims", ())
    )
    for c in claims:
        if c.verdict not in INTENDED or (c.currently and c.currently not in (*INTENDED, "missed")):
            raise ValueError(f"{slug}/{raw['path']}: unknown verdict in {c.quote!r}")
        if bool(c.currently) != bool(c.gap):
            raise ValueError(f"{slug}/{raw['path']}: {c.quote!r} needs both `currently` and `gap`")
    return DemoArticle(
        outlet=slug, path=raw["path"], title=raw["title"], published=raw["published"],
        author=raw["author"], section=raw.get("section", ""), summary=raw["summary"], body=raw["body"],
        claims=claims, negatives=tuple(
            HardNegative(quote=n["quote"], why=n["why"], in_text=n.get("in_text", True), gap=n.get("gap"))
            for n in raw.get("negatives", ())),
        comments=tuple(raw.get("comments", ())), release_no=raw.get("release_no"),
        table=tuple(tuple(r) for r in raw.get("table", ())), table_caption=raw.get("table_caption"),
        robots_disallowed=bool(raw.get("robots_disallowed", False)),
    )


def load_outlet(path: Path) -> Outlet:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    o = data["outlet"]
    articles = tuple(sorted((_article(o["slug"], a) for a in data.get("articles", ())),
                            key=lambda a: a.published, reverse=True))
    return Outlet(slug=o["slug"], name=o["name"], city=o["city"], state=o["state"], kind=o["kind"],
                  template=o["template"], tagline=o["tagline"], feed=o["feed"], sitemap=o["sitemap"],
                  sections=tuple(o["sections"]), listing_per_page=o.get("listing_per_page", 50),
                  articles=articles)


def load_outlets(content_dir: Path = CONTENT_DIR) -> list[Outlet]:
    """All outlets, in the demo's fixed order."""
    by_slug = {o.slug: o for o in (load_outlet(p) for p in sorted(content_dir.glob("*.toml")))}
    return [by_slug[s] for s in OUTLET_ORDER if s in by_slug] + [
        o for s, o in by_slug.items() if s not in OUTLET_ORDER]


def planted_claims(outlets: list[Outlet]) -> list[tuple[DemoArticle, PlantedClaim]]:
    return [(a, c) for o in outlets for a in o.articles for c in a.claims]


def hard_negatives(outlets: list[Outlet]) -> list[tuple[DemoArticle, HardNegative]]:
    return [(a, n) for o in outlets for a in o.articles for n in a.negatives]
