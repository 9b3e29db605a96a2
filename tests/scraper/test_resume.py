"""Kill -9 in the middle of a crawl, run it again: nothing stored is fetched twice, nothing lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crawlsite import rss
from scraper_testsite import Response, Site

from db.connection import open_db

N = 30
PARAS = ["Officers answered {n} calls on the east side during the week of story {i}.",
         "The precinct commander said story {i} shows patrol changes reached {n} blocks.",
         "Residents of ward {i} will meet with the captain on Thursday evening at the library.",
         "Figures for story {i} come from the department's weekly report, which lists {n} incidents."]


def story(i: int) -> bytes:
    paras = "".join(f"<p>{p.format(i=i, n=i * 7 + 3)}</p>" for p in PARAS)
    return (f"<html><head><title>Story {i}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Story {i}</h1>{paras}</article></body></html>").encode()


def _children(pid: int) -> set[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _count(path: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_sigkill_mid_crawl_then_resume(site: Site, tmp_path: Path) -> None:
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    paths = [f"/s/{i}.html" for i in range(N)]
    site.page("/feed.xml", rss(site.base, paths), ctype="application/rss+xml")
    for i, p in enumerate(paths):
        site.add(p, Response(200, story(i), {"Content-Type": "text/html"}, delay=0.3))
    sources = tmp_path / "s.toml"
    sources.write_text(f'[[source]]\nname = "R"\ncity = "Riverside"\nstate = "OH"\nfeeds = ["{site.base}/feed.xml"]\n')
    db_path = tmp_path / "resume.db"
    env = {**os.environ, "CLAIMS_DB": str(db_path), "CLAIMS_ALLOW_PRIVATE_ADDRESSES": "1",
           "CLAIMS_PER_HOST_DELAY": "0", "CLAIMS_PER_HOST_CONCURRENCY": "2", "CLAIMS_TIMEOUT": "5"}
    cmd = [sys.executable, "-m", "cli", "crawl", "--sources", str(sources), "--json", "--no-extract"]
    cwd = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until a few articles are stored, then kill -9
        time.sleep(0.05)
        if db_path.exists() and _count(db_path, "SELECT count(*) FROM articles") >= 3:
            break
    helpers = _children(proc.pid)  # the parse worker process(es) and multiprocessing's tracker
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert helpers, "the crawl should have started a parse worker"
    gone_by = time.monotonic() + 10
    while any(_alive(p) for p in helpers) and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert not [p for p in helpers if _alive(p)], "processes of the killed crawl were left running"
    db = open_db(db_path)
    stored_before = {r[0] for r in db.execute("SELECT url FROM articles")}
    archived_before = {r[0] for r in db.execute("SELECT url FROM frontier WHERE state = 'fetched'")}
    db.close()
    assert 0 < len(stored_before) < N, "the kill should land mid-crawl"
    assert stored_before <= archived_before
    again = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    db = open_db(db_path)
    stored_after = {r[0] for r in db.execute("SELECT url FROM articles")}
    assert stored_after == {site.base + p for p in paths}  # nothing lost
    for p in paths:
        if site.base + p in archived_before:  # stored, or archived and parsed again from the archive
            assert site.hits[p] == 1, f"{p} was stored before the kill but fetched again"
        else:
            assert site.hits[p] <= 2, p  # at most once more if it was in flight at the kill
