"""Every exit code of `claims`, in one table: the top-level --help epilog, each command's
epilog and the README's table are checked against it (tests/test_cli_help.py)."""

from __future__ import annotations

# code -> what it means, for every command
COMMON: dict[int, str] = {
    0: "done (also when nothing matched or nothing was new)",
    1: "an error: a database that cannot be opened, an output file that cannot be written, an "
       "unusable settings or sources file",
    2: "bad usage: an unknown option, or a city, offense or verdict no stored claim has (the "
       "message suggests close ones)",
}

# command path -> {code: meaning} beyond COMMON (or narrowing it)
SPECIFIC: dict[str, dict[int, str]] = {
    "crawl": {3: "nothing could be fetched at all (network down, every host unreachable)"},
    "extract": {65: "input that is not UTF-8 text or not in the expected JSON Lines shape "
                    "(sysexits' EX_DATAERR)"},
    "eval": {65: "a gold file that is not UTF-8 text or not in the expected JSON Lines shape"},
    "train-roles": {65: "an annotated file that is not UTF-8 text or not in the expected JSON Lines shape"},
    "rules check": {1: "an example is matched by no pattern of its rule",
                    65: "a malformed rule file"},
    "official import": {1: "some rows are bad (the good ones were stored)",
                        2: "the file cannot be used at all (missing, not UTF-8, required "
                           "columns missing)"},
    "official fetch": {1: "some source failed (the others were stored)",
                       2: "unknown city, source or offense"},
    "show": {1: "no claim with that id"},
    "demo": {1: "a stage of the demo failed"},
    "users": {1: "no user of that name, or the name is taken"},
}


def codes_for(path: str) -> dict[int, str]:
    """Every exit code of one command (``"official import"``), lowest first."""
    codes = dict(COMMON)
    for prefix, extra in SPECIFIC.items():
        if path == prefix or path.startswith(prefix + " "):
            codes.update(extra)
    return dict(sorted(codes.items()))


def epilog(path: str | None) -> str:
    """The 'Exit codes' paragraph of a command's --help (every code of every command for the
    top level)."""
    if path is None:
        lines = [f"{code}  {meaning}" for code, meaning in COMMON.items()]
        lines += [f"{code}  `claims {name}`: {meaning}" for name, extra in SPECIFIC.items()
                  for code, meaning in sorted(extra.items()) if code not in COMMON]
    else:
        lines = [f"{code}  {meaning}" for code, meaning in codes_for(path).items()]
    return "\b\nExit codes:\n" + "\n".join(lines)
