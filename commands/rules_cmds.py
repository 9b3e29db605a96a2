"""`claims rules`: write the built-in rules out as a file, check a file of extra rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from extract.errors import ExtractError
from extract.patterns import PatternError, all_rules
from extract.patterns.files import dump_rules, load_rules
from extract.pipeline import build_pipeline
from settings import Settings

#: Exit code for a patterns file that is not in the expected format (sysexits.h EX_DATAERR).
EXIT_BAD_INPUT = 65


class BadPatterns(click.ClickException):
    exit_code = EXIT_BAD_INPUT


@click.group("rules")
def rules_group() -> None:
    """The claim rules: write them out as a file, check a file of extra rules.

    Example:

    \b
        claims rules export builtin.jsonl
        claims rules check my_rules.jsonl
    """


@rules_group.command("export")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--claims-only", is_flag=True, help="Leave out the period rules.")
def export_cmd(output: Path, claims_only: bool) -> None:
    """Write the built-in rules to OUTPUT (.json or .jsonl), in the form extra-patterns files use.

    Every word list is written out, so the file shows exactly what each rule matches; copy a
    rule from it, give it a new id, and load it with --patterns or the extra_patterns setting.

    Example:

    \b
        claims rules export builtin.jsonl
        claims rules export builtin.json --claims-only
    """
    rules = [r for r in all_rules() if r.family == "claims" or not claims_only]
    try:
        n = dump_rules(rules, output)
    except ExtractError as exc:
        raise BadPatterns(str(exc)) from exc
    click.echo(f"wrote {n} rules to {output}", err=True)


@rules_group.command("check")
@click.argument("patterns", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per example.")
@click.pass_obj
def check_cmd(settings: Settings, patterns: Path, as_json: bool) -> None:
    """Check a file of extra rules: is it valid, and does each example give a claim of its rule?

    Exits 65 when the file is malformed (the message says where and what to change), 1 when an
    example is matched by no pattern of its rule, 0 otherwise (an example that matches but makes
    no claim, for want of an offense or a period, is listed as "matched").

    Example:

    \b
        claims rules check my_rules.jsonl
        claims rules check my_rules.toml --json
    """
    from extract.rulecheck import check_examples

    try:
        rules = load_rules(patterns)
        nlp = build_pipeline(settings.override(extra_patterns=str(patterns)))
    except ExtractError as exc:
        raise BadPatterns(str(exc)) from exc
    except PatternError as exc:
        raise click.ClickException(str(exc)) from exc
    results = check_examples(nlp, rules)
    for r in results:
        if as_json:
            click.echo(json.dumps(r.as_dict(), ensure_ascii=False, allow_nan=False))
        else:
            click.echo(f"{r.status:<8} {r.rule:<32} {r.example!r}  {r.note}")
    if not as_json:
        counts = {s: sum(r.status == s for r in results) for s in ("claim", "matched", "missed")}
        click.echo(f"{len(rules)} rules, {len(results)} examples: {counts['claim']} claims, "
                   f"{counts['matched']} matched without a claim, {counts['missed']} missed", err=True)
    if any(r.status == "missed" for r in results):
        sys.exit(1)


COMMANDS = [rules_group]
