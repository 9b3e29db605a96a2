"""The sources file for the demo site: one ``[[source]]`` per outlet, pointing at the local server."""

from __future__ import annotations

import json
from pathlib import Path

from demo.sitegen.content import Outlet, load_outlets

# Rough audience weights for the review queue (sources.reach): bigger outlets first.
REACH = {"riverton-ledger": 5, "lakecity-news": 3, "porthale-press": 1, "baltimore-pd": 4,
         "chicago-mayor": 5}
# Which article URLs each outlet's sitemap may contribute (sitemaps also list home and about pages).
URL_PATTERNS = {"riverton-ledger": "/riverton-ledger/news/",
                "porthale-press": "/porthale-press/(stories|drafts)/"}
CRAWL_DELAY = 0.02  # seconds between requests: the demo server is ours and local


def _toml_str(value: str) -> str:
    return json.dumps(value, allow_nan=False)  # a JSON string is a valid TOML basic string


def source_entry(outlet: Outlet, base_url: str) -> str:
    root = f"{base_url}/{outlet.slug}/"
    lines = ["[[source]]", f"name = {_toml_str(outlet.name)}", f"city = {_toml_str(outlet.city)}",
             f"state = {_toml_str(outlet.state)}", f"kind = {_toml_str(outlet.kind)}",
             f"homepage = {_toml_str(root)}", f"reach = {REACH.get(outlet.slug, 1)}",
             f"crawl_delay = {CRAWL_DELAY}"]
    if outlet.feed != "none":
        lines.append(f"feeds = [{_toml_str(root + 'feed.xml')}]")
    if outlet.sitemap:
        lines.append(f"sitemaps = [{_toml_str(root + 'sitemap.xml')}]")
    if outlet.feed == "none" and not outlet.sitemap:
        lines += [f"listings = [{_toml_str(root + 'index.html')}]",
                  'link_selector = "ul.release-list a.release-link"',
                  'next_selector = "nav.pagination a.next"', "max_listing_pages = 5"]
    if outlet.slug in URL_PATTERNS:
        lines.append(f"url_pattern = {_toml_str(URL_PATTERNS[outlet.slug])}")
    lines.append(f"note = {_toml_str('Bundled demo outlet (fictional), served by claims demo')}")
    return "\n".join(lines)


def write_sources(path: Path, base_url: str) -> Path:
    """Write a sources TOML for the demo site served at ``base_url``; returns ``path``."""
    header = (f"# Sources for the claims-tracker demo site at {base_url} (written by `claims demo`).\n"
              "# The same format as scraper/data/sources.toml.\n\n")
    body = "\n\n".join(source_entry(o, base_url) for o in load_outlets())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + body + "\n", encoding="utf-8")
    return path
