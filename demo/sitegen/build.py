"""Render demo/site/ and demo/NOTES.md from the content files.

Run from the repository root: ``.venv/bin/python -m demo.sitegen.build``.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from demo.sitegen.content import ORIGIN, DemoArticle, Outlet, hard_negatives, load_outlets, planted_claims

HERE = Path(__file__).parent
DEMO_DIR = HERE.parent
SITE_DIR = DEMO_DIR / "site"
NOTES = DEMO_DIR / "NOTES.md"
DEMO_NOTICE = ("Demo page written for claims-tracker. The outlet, its staff and the people quoted are "
               "fictional. Homicide counts given for Baltimore and Chicago are real FBI and police "
               "figures as published by FiveThirtyEight (murder_2016, CC BY 4.0); other figures are "
               "invented.")
ROBOTS_DISALLOW = ("/porthale-press/drafts/", "/baltimore-pd/search", "/chicago-mayor/search")
LEDGER_CSS = "body{font-family:Georgia,serif;margin:0}.masthead{border-bottom:3px double #000}" \
             ".cookie-banner{position:fixed;bottom:0;background:#222;color:#fff}.ad{background:#f4f4f4}\n"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _human(iso: str) -> str:
    dt = datetime.fromisoformat(iso)
    hour = dt.strftime("%I").lstrip("0")
    return f"{dt.strftime('%B')} {dt.day}, {dt.year} {hour}:{dt.strftime('%M')} {dt.strftime('%p')}"


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "xml"]), keep_trailing_newline=True)
    env.filters["slug"] = _slug
    return env


def _outlet_ctx(o: Outlet) -> dict:
    return {"slug": o.slug, "name": o.name, "city": o.city, "state": o.state, "tagline": o.tagline,
            "feed": o.feed, "sections": o.sections, "root": f"{ORIGIN}/{o.slug}/"}


def _article_ctx(o: Outlet, a: DemoArticle) -> dict:
    url = f"{ORIGIN}{a.url_path}"
    blocks = [{"h2": p[3:].strip(), "p": None} if p.startswith("## ") else {"h2": None, "p": p}
              for p in a.paragraphs()]
    others = [b for b in o.articles if b is not a and not b.robots_disallowed][:3]
    jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
                         "datePublished": a.published, "dateModified": a.published,
                         "author": {"@type": "Person", "name": a.author}, "mainEntityOfPage": url,
                         "publisher": {"@type": "Organization", "name": o.name}}, indent=None, allow_nan=False)
    return {
        "url": url, "title": a.title, "summary": a.summary, "author": a.author, "section": a.section,
        "section_slug": _slug(a.section), "published": a.published, "published_human": _human(a.published),
        "published_rfc822": format_datetime(datetime.fromisoformat(a.published)), "blocks": blocks,
        "related": [{"url": f"{ORIGIN}{b.url_path}", "title": b.title} for b in others],
        "comments": list(a.comments), "release_no": a.release_no or "", "table": [list(r) for r in a.table],
        "table_caption": a.table_caption or "", "tags": [a.section, o.city],
        "jsonld": Markup(jsonld.replace("</", "<\\/")),
    }


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build_site(site_dir: Path = SITE_DIR) -> list[Path]:
    """Render every page, feed, sitemap and robots.txt into ``site_dir``; returns the files written."""
    env = _env()
    outlets = load_outlets()
    if site_dir.exists():
        shutil.rmtree(site_dir)
    written: list[Path] = []

    def out(rel: str, text: str) -> None:
        _write(site_dir / rel, text)
        written.append(site_dir / rel)

    sitemap_lines: list[str] = []
    for o in outlets:
        oc = _outlet_ctx(o)
        public = [a for a in o.articles if not a.robots_disallowed]
        ctxs = {a.path: _article_ctx(o, a) for a in o.articles}
        for a in o.articles:
            out(a.file, env.get_template(o.template).render(o=oc, a=ctxs[a.path], demo_notice=DEMO_NOTICE))
        pages = [public[i:i + o.listing_per_page] for i in range(0, len(public), o.listing_per_page)] or [[]]
        for n, items in enumerate(pages, start=1):
            name = "index.html" if n == 1 else f"page{n}.html"
            prev_name = None if n == 1 else ("index.html" if n == 2 else f"page{n - 1}.html")
            out(f"{o.slug}/{name}", env.get_template("index.html").render(
                o=oc, demo_notice=DEMO_NOTICE, items=[ctxs[a.path] for a in items], page_no=n,
                page_count=len(pages), canonical=f"{oc['root']}{name}",
                page_title=f"{o.name} - page {n}" if n > 1 else o.name,
                heading="News releases" if o.kind != "news" else "Latest stories",
                prev_url=f"{oc['root']}{prev_name}" if prev_name else None,
                next_url=f"{oc['root']}page{n + 1}.html" if n < len(pages) else None))
        out(f"{o.slug}/about.html", env.get_template("about.html").render(
            o=oc, demo_notice=DEMO_NOTICE, canonical=f"{oc['root']}about.html"))
        if o.template == "ledger.html":
            out(f"{o.slug}/assets/ledger.css", LEDGER_CSS)
        newest = o.articles[0].published if o.articles else "2025-01-01T00:00:00+00:00"
        items = [ctxs[a.path] for a in public]
        if o.feed == "rss":
            out(f"{o.slug}/feed.xml", env.get_template("rss.xml").render(
                o=oc, items=items, updated_rfc822=format_datetime(datetime.fromisoformat(newest))))
        elif o.feed == "atom":
            out(f"{o.slug}/feed.xml", env.get_template("atom.xml").render(o=oc, items=items, updated=newest))
        if o.sitemap:
            stories = [{"loc": ctxs[a.path]["url"], "lastmod": a.published[:10]} for a in o.articles]
            fixed = [{"loc": f"{oc['root']}index.html", "lastmod": None},
                     {"loc": f"{oc['root']}about.html", "lastmod": None}]
            if o.feed == "none":  # a sitemap index over two child sitemaps
                out(f"{o.slug}/sitemap-stories.xml", env.get_template("sitemap.xml").render(urls=stories))
                out(f"{o.slug}/sitemap-pages.xml", env.get_template("sitemap.xml").render(urls=fixed))
                out(f"{o.slug}/sitemap.xml", env.get_template("sitemapindex.xml").render(urls=[
                    {"loc": f"{oc['root']}sitemap-stories.xml", "lastmod": newest[:10]},
                    {"loc": f"{oc['root']}sitemap-pages.xml", "lastmod": None}]))
            else:
                out(f"{o.slug}/sitemap.xml", env.get_template("sitemap.xml").render(urls=stories + fixed))
            sitemap_lines.append(f"Sitemap: {oc['root']}sitemap.xml")
    robots = ["# Demo newsroom site served by `claims demo`.", "User-agent: *",
              *[f"Disallow: {p}" for p in ROBOTS_DISALLOW], "", *sitemap_lines, ""]
    out("robots.txt", "\n".join(robots))
    out("index.html", env.get_template("about.html").render(
        o={"name": "the claims-tracker demo newsroom", "root": f"{ORIGIN}/"}, demo_notice=DEMO_NOTICE,
        canonical=f"{ORIGIN}/").replace("</main>", "<ul>" + "".join(
            f'<li><a href="{ORIGIN}/{o.slug}/">{o.name}</a></li>' for o in outlets) + "</ul></main>"))
    return written


def _feeds_line(o: Outlet) -> str:
    ways = []
    if o.feed != "none":
        ways.append(f"{o.feed.upper()} feed `{o.slug}/feed.xml`")
    if o.sitemap:
        ways.append(f"sitemap `{o.slug}/sitemap.xml`" + (" (a sitemap index)" if o.feed == "none" else ""))
    if o.feed == "none" and not o.sitemap:
        pages = -(-len([a for a in o.articles if not a.robots_disallowed]) // o.listing_per_page)
        ways.append(f"listing pages only (`{o.slug}/index.html`" + (", `page2.html`" if pages > 1 else "") + ")")
    return "; ".join(ways)


def render_notes() -> str:
    outlets = load_outlets()
    planted = planted_claims(outlets)
    counts = Counter(c.verdict for _, c in planted)
    lines = [
        "# The demo newsroom: pages, planted claims and intended verdicts",
        "",
        "Generated by `python -m demo.sitegen.build` from `demo/sitegen/content/*.toml`; edit those, not",
        "this file. `claims demo` serves `demo/site/` on 127.0.0.1, crawls it, extracts claims, imports",
        "`demo/official/*.csv` and checks every claim. This file is the expected outcome, and",
        "`tests/demo/` reads the same content files.",
        "",
        "All outlets, reporters and quoted people are fictional. Riverton (OH), Lake City (MN) and",
        "Port Hale (ME) and their official figures (`demo/official/fictional_cities.csv`) are invented.",
        "For Baltimore and Chicago the pages are fictional press releases, but the homicide counts",
        "they cite are the real FBI UCR / police figures published by FiveThirtyEight",
        "(`murder_2016`, CC BY 4.0): 2014 -> 2015 Baltimore 211 -> 344 (+63.0%), Chicago 411 -> 478",
        "(+16.3%); 2016 to date vs the same period of 2015: Chicago 378 -> 536 through 2016-10-02",
        "(+41.8%), Baltimore 249 -> 230 through 2016-10-01 (-7.6%). Shooting and carjacking numbers",
        "for those two cities are invented and have no official series, so they are meant to come out",
        "`unverifiable`.",
        "",
        "`claims demo` also loads the bundled FBI *Crime in the United States* Table 8 figures",
        "2006-2023 (`claims official load-bundled`, real and public domain; see",
        "`official/data/bundled/README.md`). The Ledger's 2024 data-desk article makes claims about",
        "real cities' years that check against them: some supported, some contradicted, one that",
        "needs review because of an FBI footnote, one year the FBI did not publish and one",
        "year-to-date count annual tables cannot settle. Any invented figure in a fictional release",
        "about a year those tables cover is checked against the real figures too.",
        "",
        "Tolerances assumed (DESIGN.md): integer percent +/-0.5 pp; `about`/`nearly` +/-2 pp; `close` =",
        "right direction and within max(2 pp, 10% of the true change); counts exact.",
        "",
        "## Intended verdicts, in all",
        "",
        "| verdict | planted claims |",
        "|---|---|",
        *[f"| {v} | {counts[v]} |" for v in sorted(counts)],
        f"| **total** | {sum(counts.values())} |",
        "",
        "## Known gaps: where today's pipeline differs from the intended verdict",
        "",
        "`tests/demo/test_run_demo.py` expects these to fail (xfail) until the part named is fixed;",
        "every other planted claim must get its intended verdict.",
        "",
        *[f"- `{a.url_path}` \"{c.quote}\": intended {c.verdict}, today {c.currently}. {c.gap}"
          for a, c in planted if c.gap],
        *[f"- `{a.url_path}` \"{n.quote}\": not a claim ({n.why}), but extracted today. {n.gap}"
          for a, n in hard_negatives(outlets) if n.gap],
        "",
        "`not_crawled` is a claim on a page that the sitemap lists but robots.txt disallows: it must",
        "never reach the database. Hard negatives (ages, addresses, money, times, phone numbers,",
        "staffing, poll results, attendance, comment-section numbers) are in every page and should",
        "produce no claims.",
        "",
    ]
    for o in outlets:
        lines += [f"## {o.name} ({o.city}, {o.state}) - `{o.slug}/`", "",
                  f"Kind: {o.kind}. Discovered through: {_feeds_line(o)}.", ""]
        for a in o.articles:
            lines += [f"### {a.title}", "",
                      f"`{a.url_path}` - published {a.published}" +
                      (" - **disallowed by robots.txt**" if a.robots_disallowed else ""), ""]
            if not a.claims:
                lines += ["No statistical claims (hard negatives only).", ""]
            else:
                lines += ["| quote | kind | offense | intended | why |", "|---|---|---|---|---|"]
                for c in a.claims:
                    flags = f" ({', '.join(c.flags)})" if c.flags else ""
                    now = f" - today: {c.currently} (known gap)" if c.currently else ""
                    lines.append(f"| {c.quote} | {c.kind} | {c.offense} | **{c.verdict}**{flags}{now} | "
                                 f"{c.why} |")
                lines.append("")
            if a.negatives:
                lines.append("Not claims: " + "; ".join(
                    f"\"{n.quote}\" ({n.why}{', known false positive' if n.gap else ''})" for n in a.negatives)
                    + ".")
                lines.append("")
    return "\n".join(lines)


def main() -> None:
    files = build_site()
    NOTES.write_text(render_notes(), encoding="utf-8")
    print(f"wrote {len(files)} files under {SITE_DIR} and {NOTES}")


if __name__ == "__main__":
    main()
