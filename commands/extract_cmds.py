"""`claims extract` and `claims eval`: run the rules on text, score them on annotated text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from extract import build_pipeline, evaluate, extract_documents, possible_claims_for
from extract.errors import ExtractError
from extract.inputs import read_documents
from extract.number_roles import MODEL_PATH
from extract.patterns import PatternError
from extract.pipeline import OFFSET_KEY, ModelNotFound
from extract.render import claims_table
from extract.scoring import EvalReport, Scores, blind_slice, rest_slice
from extract.train_number_roles import DEFAULT_THRESHOLD, TrainingFile, train
from settings import Settings

#: Exit code for input that is not in the expected format (sysexits.h EX_DATAERR).
EXIT_BAD_INPUT = 65


class BadInput(click.ClickException):
    exit_code = EXIT_BAD_INPUT


def not_utf8(exc: UnicodeDecodeError, names: tuple[str, ...] | list[str]) -> BadInput:
    """The one-paragraph error for an input that is not UTF-8 text."""
    which = f"{names[0] if names[0] != '-' else 'Standard input'}" if len(names) == 1 else "One of the inputs"
    return BadInput(f"{which} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} cannot be decoded). "
                    "Save it as UTF-8, for example with `iconv -f cp1252 -t utf-8 FILE > FILE.utf8`, "
                    "and run again.")


@click.command("extract")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--jsonl", is_flag=True, help='Inputs are JSON Lines of {"id", "text", "city"?, "state"?, "published"?, '
              '"headline"?, "url"?}.')
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="One JSON object per claim, or a table for reading on a terminal.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format jsonl.")
@click.option("--city", help="City of plain-text inputs (the default place of their claims).")
@click.option("--state", help="State of plain-text inputs, e.g. CT.")
@click.option("--published", help="Publication date of plain-text inputs, YYYY-MM-DD.")
@click.option("--headline", help="Headline of plain-text inputs: its one offense is lent to sentences that name none.")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1), help="Worker processes.")
@click.option("--possible", is_flag=True,
              help='Also print possible claims: sentences that look like a crime statistic no rule parsed '
                   '(JSON objects with "possible": true, after each document\'s claims).')
@click.option("--patterns", type=click.Path(exists=True, dir_okay=False),
              help="Extra rules (.json, .jsonl or .toml) added to the built-in ones; see `claims rules`.")
@click.pass_obj
def extract_cmd(settings: Settings, files: tuple[str, ...], jsonl: bool, fmt: str, as_json: bool,
                city: str | None, state: str | None, published: str | None, headline: str | None, processes: int,
                possible: bool, patterns: str | None) -> None:
    """Find statistical crime claims in plain text files or JSON Lines (no database needed).

    Reads standard input when FILE is "-" or missing. Writes one JSON object per claim.
    Exits 65 when an input is not UTF-8 text, or a line or the --patterns file is not in the
    expected format.

    Example:

    \b
        claims extract article.txt --city Hartford --state CT
        claims extract article.txt --headline "Car thefts climb for a third year"
        echo '{"id": "a1", "text": "Homicides fell 18 percent."}' | claims extract --jsonl -
        claims extract stories.jsonl --jsonl --format table
        claims extract article.txt --possible
        claims extract article.txt --patterns newsroom_rules.jsonl
    """
    try:
        nlp = build_pipeline(settings.override(extra_patterns=patterns))
        documents = read_documents(files, jsonl=jsonl, stdin=sys.stdin,
                                   city=city, state=state, published=published, headline=headline)
        found = extract_documents(documents, nlp=nlp, n_process=processes)
        if fmt == "table" and not as_json:
            claims, maybe = [], []
            for document, found_claims in found:
                claims.extend(found_claims)
                if possible:
                    maybe += possible_claims_for(document.text, found_claims, settings=settings, nlp=nlp,
                                                 doc_id=document.id, offset=int(document.extra.get(OFFSET_KEY, 0)))
            click.echo(claims_table(claims, color=sys.stdout.isatty()), nl=False)
            if maybe:
                click.echo(f"\nPossible claims (no rule parsed these sentences): {len(maybe)}")
                for p in maybe:
                    click.echo(f"  [{p.start}-{p.end}] {p.sentence}\n      {p.reason}")
            return
        for document, claims in found:
            for claim in claims:
                click.echo(json.dumps(claim.as_dict(), ensure_ascii=False, allow_nan=False))
            if possible:
                for p in possible_claims_for(document.text, claims, settings=settings, nlp=nlp, doc_id=document.id,
                                             offset=int(document.extra.get(OFFSET_KEY, 0))):
                    click.echo(json.dumps(p.as_dict(), ensure_ascii=False, allow_nan=False))
    except ExtractError as exc:
        raise BadInput(str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise not_utf8(exc, list(files) or ["-"]) from exc
    except (ModelNotFound, PatternError) as exc:
        raise click.ClickException(str(exc)) from exc


def _scores_row(label: str, s: Scores) -> str:
    return f"{label:<22} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.gold:5d} {s.predicted:5d}"


def _render_report(report: EvalReport, verbose: bool) -> list[str]:
    lines = [f"{'kind':<22} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}"]
    lines += [_scores_row(k, s) for k, s in report.per_kind.items()]
    lines += ["", f"{'offense':<22} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}"]
    lines += [_scores_row(k, s) for k, s in report.per_offense.items()]
    if verbose:
        lines.append("")
        for label, items in (("MISS", report.misses), ("EXTRA", report.extras)):
            for m in items:
                c = m.claim
                note = " (value and direction agree; kind or offense differ)" if m.core_matched else ""
                lines.append(f"{label} {m.id}: {c.get('quote')!r} kind={c.get('kind')} value={c.get('value')} "
                             f"direction={c.get('direction')} offense={c.get('offense')}{note}")
    return [*lines, "", *report.summary_lines()]


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="List missed and extra claims.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as one JSON object.")
@click.option("--slice", "part", type=click.Choice(["all", "blind", "rest"]), default="all", show_default=True,
              help="Score only the blind slice (every Nth record, kept unseen while writing rules) or the rest.")
@click.option("--every", type=click.IntRange(min=2), default=5, show_default=True,
              help="N for --slice: the blind slice is records N, 2N, 3N, ... of the file.")
@click.option("--context/--no-context", default=True, show_default=True,
              help="Read records that share a source_url as one article (earlier sentences give context).")
@click.option("--patterns", type=click.Path(exists=True, dir_okay=False),
              help="Extra rules (.json, .jsonl or .toml) added to the built-in ones; see `claims rules`.")
@click.pass_obj
def eval_cmd(settings: Settings, gold: Path, verbose: bool, as_json: bool, part: str, every: int,
             context: bool, patterns: str | None) -> None:
    """Score the extractor on an annotated file: precision, recall, F1 (core and full).

    GOLD has one sentence a line: {"id", "city", "state", "sentence", "claims": [...]}. A claim
    matches at "core" when value and direction agree, at "full" when kind and offense agree too.
    Exits 65 when GOLD is not UTF-8 text or a line is not in the expected format.

    Example:

    \b
        claims eval tests/gold/claims.jsonl -v
        claims eval my_newsroom_gold.jsonl --json
        claims eval ../shared/dev/claims_real_dev.jsonl --slice blind
    """
    select = {"all": None, "blind": blind_slice(every), "rest": rest_slice(every)}[part]
    try:
        report = evaluate(gold, nlp=build_pipeline(settings.override(extra_patterns=patterns)), select=select,
                          context=context)
    except ExtractError as exc:
        raise BadInput(str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise not_utf8(exc, [str(gold)]) from exc
    except (ModelNotFound, PatternError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, allow_nan=False))
        return
    click.echo("\n".join(_render_report(report, verbose)))


@click.command("train-roles")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rest", "rest_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file of which only the rest slice is trained on (every --every-th record is kept out, "
                   "as `claims eval --slice blind` scores it). Repeatable.")
@click.option("--every", type=click.IntRange(min=2), default=5, show_default=True, help="N for --rest.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=DEFAULT_THRESHOLD, show_default=True,
              help="Least probability at which a number's role becomes a claim.")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=MODEL_PATH, show_default=True,
              help="Where to write the weights (the default is the model the extractor ships with).")
@click.option("--json", "as_json", is_flag=True, help="Print what was trained on as JSON.")
@click.pass_obj
def train_roles_cmd(settings: Settings, files: tuple[Path, ...], rest_files: tuple[Path, ...], every: int, threshold: float,
                    out: Path, as_json: bool) -> None:
    """Train the learned reader of numbers no rule reads (extract/number_roles.py).

    FILES are annotated sentences in the real-news shape (`claims eval` reads the same); every
    record is trained on, and each --rest file's rest slice. Exits 65 when a file is not in the
    expected format.

    Example:

    \b
        claims train-roles --rest ../shared/dev/claims_real_dev.jsonl my_newsroom_gold.jsonl
    """
    specs = [TrainingFile(p) for p in files] + [TrainingFile(p, rest_slice(every), f"rest, every {every}")
                                                 for p in rest_files]
    if not specs:
        raise click.UsageError("Name at least one annotated file (FILES or --rest FILE).")
    try:
        model, provenance = train(specs, build_pipeline(settings.override(learned_reader=False)), threshold=threshold)
    except ExtractError as exc:
        raise BadInput(str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise not_utf8(exc, [str(s.path) for s in specs]) from exc
    except ValueError as exc:
        raise BadInput(str(exc)) from exc
    out.write_text(model.to_json(provenance) + "\n")
    if as_json:
        click.echo(json.dumps({"out": str(out), "features": len(model.weights), "labels": list(model.labels),
                               "trained_on": provenance}, allow_nan=False))
        return
    examples = sum(int(p["examples"]) for p in provenance)  # type: ignore[call-overload]
    click.echo(f"Wrote {out}: {len(model.weights):,} features, {len(model.labels)} roles, "
               f"{examples:,} numbers from {len(specs)} file(s).")


COMMANDS = [extract_cmd, eval_cmd, train_roles_cmd]
