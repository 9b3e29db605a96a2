"""The schema as registered sqlite-utils migrations, one function per change.

Never edit a migration that has shipped: add a new function below the last one. They run in
order, once per database, inside the lock taken by ``db.connection.open_db``.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils
from sqlite_utils import Database

from db.auth_schema import move_users_out
from dedup import content_hash

MIGRATIONS = sqlite_utils.Migrations("claims_tracker")


def _script(db: Database, sql: str) -> None:
    # executescript() would COMMIT the migration's transaction; run statement by statement.
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            db.execute(buffer.strip())
            buffer = ""
    if buffer.strip():
        db.execute(buffer.strip())


@MIGRATIONS()
def m001_crawl(db: Database) -> None:
    """Sources, the crawl frontier and the fetch log (archived raw bytes)."""
    _script(db, """
    CREATE TABLE sources (
        name TEXT PRIMARY KEY, city TEXT, state TEXT, kind TEXT, homepage TEXT,
        reach INTEGER NOT NULL DEFAULT 1, config_json TEXT);
    CREATE TABLE frontier (
        url TEXT PRIMARY KEY, source_name TEXT, discovered_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'fetched', 'failed', 'skipped')),
        attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, next_attempt_at TEXT);
    CREATE INDEX frontier_state ON frontier(state, next_attempt_at);
    CREATE TABLE pages (
        id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, final_url TEXT, status INTEGER,
        fetched_at TEXT, content_type TEXT, etag TEXT, last_modified TEXT, sha256 TEXT,
        body_gz BLOB, error TEXT, source_name TEXT)
    """)


@MIGRATIONS()
def m002_articles(db: Database) -> None:
    """Articles, with full-text search on titles."""
    _script(db, """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, canonical_url TEXT, title TEXT,
        text TEXT NOT NULL, published TEXT, author TEXT, outlet TEXT, city TEXT, state TEXT,
        source_kind TEXT, content_sha256 TEXT, raw_sha256 TEXT,
        duplicate_of INTEGER REFERENCES articles(id), pdf_links TEXT,
        page_id INTEGER REFERENCES pages(id), ingested_at TEXT NOT NULL, extracted_at TEXT);
    CREATE UNIQUE INDEX articles_content ON articles(content_sha256);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_title ON articles(title COLLATE NOCASE);
    CREATE INDEX articles_unextracted ON articles(extracted_at) WHERE extracted_at IS NULL;
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, content="articles", content_rowid="id");
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title) VALUES (new.id, new.title);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title) VALUES ('delete', old.id, old.title);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title) VALUES ('delete', old.id, old.title);
        INSERT INTO articles_fts(rowid, title) VALUES (new.id, new.title);
    END
    """)


@MIGRATIONS()
def m003_claims(db: Database) -> None:
    """Claims, with full-text search on sentence and quote, and the latest verdict copied in.

    ``verdict``/``flags``/``explanation``/``checked_at`` mirror the newest row of ``checks`` and
    ``review_verdict``/``reviewed_at`` the newest row of ``reviews`` (kept by triggers), so that
    search, facets and Datasette need no join to know a claim's current state. ``published`` and
    ``outlet`` are copied from the article for the same reason.
    """
    _script(db, """
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        quote TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        sentence TEXT NOT NULL, sentence_start INTEGER,
        kind TEXT NOT NULL, direction TEXT NOT NULL, value REAL, from_value REAL, unit TEXT,
        offense TEXT, offense_detail TEXT, offense_from TEXT, baseline TEXT, period TEXT,
        place TEXT, city TEXT COLLATE NOCASE, state TEXT COLLATE NOCASE, neighborhood TEXT,
        place_source TEXT, qualifiers TEXT NOT NULL DEFAULT '[]', rule TEXT NOT NULL,
        input_id TEXT, extracted_at TEXT NOT NULL,
        published TEXT, outlet TEXT,
        verdict TEXT, flags TEXT NOT NULL DEFAULT '[]', explanation TEXT, checked_at TEXT,
        review_verdict TEXT, reviewed_at TEXT,
        UNIQUE (article_id, start, "end", kind));
    CREATE INDEX claims_city ON claims(city, offense);
    CREATE INDEX claims_state ON claims(state);
    CREATE INDEX claims_offense ON claims(offense, kind);
    CREATE INDEX claims_kind ON claims(kind);
    CREATE INDEX claims_published ON claims(published);
    CREATE INDEX claims_verdict ON claims(verdict);
    CREATE INDEX claims_review_verdict ON claims(review_verdict);
    CREATE INDEX claims_outlet ON claims(outlet);
    CREATE VIRTUAL TABLE claims_fts USING fts5(sentence, quote, content="claims", content_rowid="id");
    CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
        INSERT INTO claims_fts(rowid, sentence, quote) VALUES (new.id, new.sentence, new.quote);
    END;
    CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, sentence, quote)
            VALUES ('delete', old.id, old.sentence, old.quote);
    END;
    CREATE TRIGGER claims_au AFTER UPDATE OF sentence, quote ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, sentence, quote)
            VALUES ('delete', old.id, old.sentence, old.quote);
        INSERT INTO claims_fts(rowid, sentence, quote) VALUES (new.id, new.sentence, new.quote);
    END
    """)


@MIGRATIONS()
def m004_official(db: Database) -> None:
    """Official sources, jurisdictions and observations (append-only, vintages coexist)."""
    _script(db, """
    CREATE TABLE official_sources (
        source_id TEXT PRIMARY KEY, kind TEXT, publisher TEXT, title TEXT, base_url TEXT,
        dataset_id TEXT, license TEXT, notes TEXT, config_json TEXT);
    CREATE TABLE jurisdictions (
        jurisdiction_id TEXT PRIMARY KEY, name TEXT NOT NULL, state TEXT, kind TEXT,
        ori TEXT, place_geoid TEXT, population INTEGER, aliases TEXT NOT NULL DEFAULT '[]');
    CREATE INDEX jurisdictions_name ON jurisdictions(name COLLATE NOCASE, state);
    CREATE TABLE observations (
        id INTEGER PRIMARY KEY, source_id TEXT NOT NULL, jurisdiction_id TEXT NOT NULL,
        offense TEXT NOT NULL, measure TEXT NOT NULL, unit TEXT NOT NULL,
        period_start TEXT NOT NULL, period_end TEXT NOT NULL, value REAL, status TEXT NOT NULL,
        as_of TEXT, retrieved_at TEXT NOT NULL, source_url TEXT NOT NULL, publisher TEXT,
        document_title TEXT, entered_by TEXT, note TEXT);
    CREATE UNIQUE INDEX observations_key ON observations(
        source_id, jurisdiction_id, offense, measure, unit, period_start, period_end,
        coalesce(as_of, ''));
    CREATE INDEX observations_lookup ON observations(jurisdiction_id, offense, period_start);
    CREATE TRIGGER observations_no_update BEFORE UPDATE ON observations BEGIN
        SELECT RAISE(ABORT, 'observations are append-only: add a new vintage instead');
    END;
    CREATE TRIGGER observations_no_delete BEFORE DELETE ON observations BEGIN
        SELECT RAISE(ABORT, 'observations are append-only: add a new vintage instead');
    END
    """)


@MIGRATIONS()
def m005_checks_reviews_users(db: Database) -> None:
    """Machine checks and human reviews (both append-only history) and web users."""
    _script(db, """
    CREATE TABLE checks (
        id INTEGER PRIMARY KEY, claim_id INTEGER NOT NULL REFERENCES claims(id),
        verdict TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '[]', explanation TEXT NOT NULL,
        method_version TEXT NOT NULL, checked_at TEXT NOT NULL,
        observation_ids TEXT NOT NULL DEFAULT '[]', computed TEXT, tolerance TEXT,
        period_start TEXT, period_end TEXT, baseline_start TEXT, baseline_end TEXT,
        fingerprint TEXT NOT NULL UNIQUE);
    CREATE INDEX checks_claim ON checks(claim_id);
    CREATE TRIGGER checks_latest AFTER INSERT ON checks BEGIN
        UPDATE claims SET verdict = new.verdict, flags = new.flags,
            explanation = new.explanation, checked_at = new.checked_at
        WHERE id = new.claim_id;
    END;
    CREATE TRIGGER checks_no_update BEFORE UPDATE ON checks BEGIN
        SELECT RAISE(ABORT, 'checks are append-only: store a new check instead');
    END;
    CREATE TRIGGER checks_no_delete BEFORE DELETE ON checks BEGIN
        SELECT RAISE(ABORT, 'checks are append-only: store a new check instead');
    END;
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY, claim_id INTEGER NOT NULL REFERENCES claims(id),
        user_name TEXT NOT NULL, verdict TEXT NOT NULL, note TEXT, created_at TEXT NOT NULL);
    CREATE INDEX reviews_claim ON reviews(claim_id);
    CREATE TRIGGER reviews_latest AFTER INSERT ON reviews BEGIN
        UPDATE claims SET review_verdict = new.verdict, reviewed_at = new.created_at
        WHERE id = new.claim_id;
    END;
    CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews BEGIN
        SELECT RAISE(ABORT, 'reviews are append-only: add a new review instead');
    END;
    CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews BEGIN
        SELECT RAISE(ABORT, 'reviews are append-only: add a new review instead');
    END;
    CREATE TABLE users (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')),
        password_hash TEXT NOT NULL, created_at TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0)
    """)


@MIGRATIONS()
def m006_views(db: Database) -> None:
    """``claims_latest``: each claim with its article and current verdicts, for Datasette."""
    _script(db, """
    CREATE VIEW claims_latest AS
    SELECT c.id AS claim_id, c.quote, c.sentence, c.kind, c.direction, c.value, c.from_value,
           c.unit, c.offense, c.city, c.state, c.published, c.outlet, a.url AS article_url,
           a.title AS article_title, c.verdict, c.flags, c.explanation, c.checked_at,
           c.review_verdict, c.reviewed_at
    FROM claims c JOIN articles a ON a.id = c.article_id
    """)


@MIGRATIONS()
def m007_covering_filter_index(db: Database) -> None:
    """City + offense + date in one index: the usual search filters answered without the table,
    so SQLite can start from the filters and probe full-text search by rowid."""
    _script(db, """
    DROP INDEX claims_city;
    CREATE INDEX claims_city_offense_published ON claims(city, offense, published)
    """)


@MIGRATIONS()
def m008_article_lsh(db: Database) -> None:
    """MinHash LSH bands of article texts, used by db/wire_copies.py to find wire copies fast.

    IF NOT EXISTS: db/wire_copies.py (then db/crawlstate.py) created this table itself before it was a migration.
    """
    db.execute(
        "CREATE TABLE IF NOT EXISTS article_lsh (band INTEGER NOT NULL, hash INTEGER NOT NULL, "
        "article_id INTEGER NOT NULL REFERENCES articles(id), PRIMARY KEY (band, hash, article_id))"
        " WITHOUT ROWID")


@MIGRATIONS()
def m009_effective_verdict_index(db: Database) -> None:
    """The verdict a reader sees (the human review if any, else the machine's, else unchecked):
    indexed so the verdict filter and facet need no table scan."""
    db.execute("CREATE INDEX IF NOT EXISTS claims_effective_verdict "
               "ON claims(coalesce(review_verdict, verdict, 'unchecked'))")


@MIGRATIONS()
def m010_crawl_indexes(db: Database) -> None:
    """The crawl's per-source frontier reads and its "archived but not parsed" check.

    IF NOT EXISTS: the crawl (then db/crawlstate.py) created these itself on every call before they were here."""
    db.execute("CREATE INDEX IF NOT EXISTS frontier_source_due "
               "ON frontier(source_name, state, next_attempt_at)")
    db.execute("CREATE INDEX IF NOT EXISTS articles_page ON articles(page_id)")


@MIGRATIONS()
def m011_possible_claims(db: Database) -> None:
    """Possible claims: sentences that look like a crime statistic no rule parsed
    (extract/possible.py), waiting for a reviewer to promote or dismiss them.

    ``possible_claim_decisions`` is their append-only history; a trigger copies the newest
    decision into ``status``/``decided_by``/``decided_at``/``claim_id`` (the claim a promotion
    made), as ``reviews`` do for claims."""
    _script(db, """
    CREATE TABLE possible_claims (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        sentence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        numbers TEXT NOT NULL DEFAULT '[]', offense_words TEXT NOT NULL DEFAULT '[]',
        offenses TEXT NOT NULL DEFAULT '[]', cues TEXT NOT NULL DEFAULT '[]',
        score REAL NOT NULL DEFAULT 0, reason TEXT NOT NULL, detector TEXT NOT NULL,
        found_at TEXT NOT NULL, published TEXT, outlet TEXT,
        city TEXT COLLATE NOCASE, state TEXT COLLATE NOCASE,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'promoted', 'dismissed')),
        decided_by TEXT, decided_at TEXT, claim_id INTEGER REFERENCES claims(id),
        UNIQUE (article_id, start, "end"));
    CREATE INDEX possible_claims_open ON possible_claims(status, score, published);
    CREATE TABLE possible_claim_decisions (
        id INTEGER PRIMARY KEY,
        possible_claim_id INTEGER NOT NULL REFERENCES possible_claims(id),
        user_name TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('promoted', 'dismissed')),
        claim_id INTEGER REFERENCES claims(id), note TEXT, created_at TEXT NOT NULL);
    CREATE INDEX possible_claim_decisions_claim ON possible_claim_decisions(claim_id);
    CREATE TRIGGER possible_claim_decided AFTER INSERT ON possible_claim_decisions BEGIN
        UPDATE possible_claims SET status = new.action, decided_by = new.user_name,
            decided_at = new.created_at, claim_id = new.claim_id
        WHERE id = new.possible_claim_id;
    END;
    CREATE TRIGGER possible_claim_decisions_no_update BEFORE UPDATE ON possible_claim_decisions BEGIN
        SELECT RAISE(ABORT, 'decisions are append-only');
    END;
    CREATE TRIGGER possible_claim_decisions_no_delete BEFORE DELETE ON possible_claim_decisions BEGIN
        SELECT RAISE(ABORT, 'decisions are append-only');
    END
    """)


@MIGRATIONS()
def m012_users_out_of_the_store(db: Database) -> None:
    """Web accounts leave the store for the accounts file (``db/auth_schema.py``), so the file
    that is shared or opened in Datasette holds no password hash. Existing users are copied
    to ``<store stem>.auth.db`` (committed there first), then the table is dropped here."""
    move_users_out(db)
    before = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")  # zero the freed pages: no hash left in the file
    db.execute("DROP TABLE IF EXISTS users")
    db.execute(f"PRAGMA secure_delete = {int(before)}")


@MIGRATIONS()
def m013_article_claims_over_cap(db: Database) -> None:
    """Claims an article had beyond ``max_claims_per_article``: found, counted, not stored."""
    if "claims_over_cap" not in db.table("articles").columns_dict:
        db.execute("ALTER TABLE articles ADD COLUMN claims_over_cap INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS()
def m014_stemmed_search(db: Database) -> None:
    """Full-text search by word stem (porter), and a claim's offense searchable as a word.

    "homicide" now finds "homicides" and "murdered" finds "murders"; a claim whose sentence says
    "killings" is found by "homicide" through its offense column. Both indexes are dropped and
    rebuilt from their content tables (the triggers are recreated to feed the new column).
    """
    _script(db, """
    DROP TRIGGER IF EXISTS claims_ai;
    DROP TRIGGER IF EXISTS claims_ad;
    DROP TRIGGER IF EXISTS claims_au;
    DROP TABLE IF EXISTS claims_fts;
    CREATE VIRTUAL TABLE claims_fts USING fts5(sentence, quote, offense, content="claims",
        content_rowid="id", tokenize='porter unicode61');
    CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
        INSERT INTO claims_fts(rowid, sentence, quote, offense)
            VALUES (new.id, new.sentence, new.quote, new.offense);
    END;
    CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, sentence, quote, offense)
            VALUES ('delete', old.id, old.sentence, old.quote, old.offense);
    END;
    CREATE TRIGGER claims_au AFTER UPDATE OF sentence, quote, offense ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, sentence, quote, offense)
            VALUES ('delete', old.id, old.sentence, old.quote, old.offense);
        INSERT INTO claims_fts(rowid, sentence, quote, offense)
            VALUES (new.id, new.sentence, new.quote, new.offense);
    END;
    INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');
    DROP TABLE IF EXISTS articles_fts;
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, content="articles", content_rowid="id",
        tokenize='porter unicode61');
    INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')
    """)


@MIGRATIONS()
def m015_one_content_hash(db: Database) -> None:
    """``articles.content_sha256`` is ``dedup.content_hash`` of the text on every row.

    Until now the crawl and ingest stored the hash of the lower-cased words, while an article
    stored without a hash got the hash of its text with only spacing collapsed; re-storing such
    a text through the other path would have missed the stored one. Every row's hash is
    recomputed from its text. Where two stored articles now hash alike (texts that differ only in
    case or punctuation), the earlier keeps the hash and the later gets none and is marked a copy
    of the earlier (``duplicate_of``); storing that text again still finds the earlier article.
    """
    rows = [(int(r[0]), content_hash(r[1])) for r in db.execute("SELECT id, text FROM articles ORDER BY id")]
    owner: dict[str, int] = {}
    updates: list[tuple[str | None, int]] = []
    copies: list[tuple[int, int]] = []
    for article_id, digest in rows:
        first = owner.setdefault(digest, article_id)
        if first == article_id:
            updates.append((digest, article_id))
        else:
            updates.append((None, article_id))
            copies.append((first, article_id))
    db.execute("UPDATE articles SET content_sha256 = NULL")
    db.conn.executemany("UPDATE articles SET content_sha256 = ? WHERE id = ?", updates)
    db.conn.executemany("UPDATE articles SET duplicate_of = ? WHERE id = ? AND duplicate_of IS NULL", copies)


@MIGRATIONS()
def m016_backfill_imports(db: Database) -> None:
    """Which backfill partitions (one block of a WARC file each) `claims import-backfill` has
    merged, so a killed import resumes where it stopped."""
    _script(db, """
    CREATE TABLE IF NOT EXISTS backfill_imports (
        partition TEXT PRIMARY KEY, block_id TEXT NOT NULL, out_dir TEXT NOT NULL,
        articles INTEGER NOT NULL, claims INTEGER NOT NULL, possible_claims INTEGER NOT NULL,
        imported_at TEXT NOT NULL)
    """)
