"""Every setting is declared once, with its default and help, and the layers override in order."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from settings import SETTINGS, Settings, SettingsError, load_settings


def test_every_field_is_declared_with_help_and_the_same_default() -> None:
    declared = {name: (default, help_text) for name, default, help_text in SETTINGS}
    assert set(declared) == {f.name for f in fields(Settings)}
    for f in fields(Settings):
        default, help_text = declared[f.name]
        assert help_text.strip(), f"{f.name} has no help text"
        assert f.default == default, f"{f.name}: Settings says {f.default!r}, SETTINGS says {default!r}"


def test_file_then_environment_override_the_defaults(tmp_path: Path) -> None:
    config = tmp_path / "claims.toml"
    config.write_text('newsroom = "The Riverton Ledger"\nper_host_delay = 2.5\ntimeout = 9.0\n')
    settings = load_settings(config, environ={"CLAIMS_TIMEOUT": "4", "FBI_API_KEY": "k",
                                               "CLAIMS_DB": "x.db"})
    assert (settings.newsroom, settings.per_host_delay) == ("The Riverton Ledger", 2.5)
    assert (settings.timeout, settings.fbi_api_key, settings.db_path) == (4.0, "k", "x.db")
    assert settings.override(timeout=None, db_path="y.db").db_path == "y.db"


def test_an_unknown_setting_is_named_with_the_known_ones(tmp_path: Path) -> None:
    config = tmp_path / "claims.toml"
    config.write_text("timeot = 3\n")
    with pytest.raises(ValueError, match="Unknown setting.*timeot.*Known settings"):
        load_settings(config, environ={})


def test_the_verify_table_sets_the_verdict_bands(tmp_path: Path) -> None:
    from verify.errors import VerifyError
    from verify.run import _from_settings

    config = tmp_path / "claims.toml"
    config.write_text("[verify]\nclose_min_pp = 3.0\nreview_offenses = ['other', 'assault']\n")
    bands = _from_settings(load_settings(config, environ={}))
    assert (bands.close_min_pp, bands.review_offenses) == (3.0, ("other", "assault"))
    assert bands.integer_pct_tol == 0.5  # untouched defaults stay

    config.write_text("[verify]\nclose_band = 3.0\n")
    with pytest.raises(VerifyError, match="close_band.*Fix the \\[verify\\] table"):
        _from_settings(load_settings(config, environ={}))


# issue 10: every value is checked against its declared type and range, where it came from.
BAD_TOML = [
    ('allow_private_addresses = "false"', "allow_private_addresses = 'false' is not true or false "
                                           "(write it without quotes); expected true or false."),
    ('respect_robots = 0', "respect_robots = 0 is not a boolean; expected true or false."),
    ('timeout = "abc"', "timeout = 'abc' is not a number; expected a number from 0.1 to 3600."),
    ("timeout = nan", "timeout = nan is not a finite number"),
    ("timeout = 0", "timeout = 0 is too small; expected a number from 0.1 to 3600."),
    ("max_bytes = -1", "max_bytes = -1 is too small; expected a whole number from 1024 to 2e+09."),
    ("max_bytes = 2.5", "max_bytes = 2.5 is not a whole number"),
    ("retries = true", "retries = True is not a whole number"),
    ("newsroom = 7", "newsroom = 7 is not text; expected text."),
    ("verify = 3", "verify = 3 is not a table; write it as a [verify] section."),
]


@pytest.mark.issue(10)
@pytest.mark.parametrize(("line", "message"), BAD_TOML, ids=[line for line, _ in BAD_TOML])
def test_a_wrong_type_in_the_file_names_the_file_key_and_expected_type(tmp_path: Path, line: str,
                                                                       message: str) -> None:
    config = tmp_path / "claims.toml"
    config.write_text(line + "\n")
    with pytest.raises(SettingsError) as info:
        load_settings(config, environ={})
    assert str(info.value).startswith(f"{config}: ") or str(info.value).startswith(f"{config}: verify")
    assert message in str(info.value)


BAD_ENV = [
    ("CLAIMS_ALLOW_PRIVATE_ADDRESSES", "nope", "environment variable CLAIMS_ALLOW_PRIVATE_ADDRESSES: "
     "allow_private_addresses = 'nope' is not a boolean; expected one of 0, 1, false, no, off, on, true, yes."),
    ("CLAIMS_ALLOW_PRIVATE_ADDRESSES", "", "is not a boolean"),
    ("CLAIMS_TIMEOUT", "abc", "environment variable CLAIMS_TIMEOUT: timeout = 'abc' is not a number; "
     "expected a number from 0.1 to 3600."),
    ("CLAIMS_TIMEOUT", "inf", "timeout = inf is not a finite number"),
    ("CLAIMS_MAX_BYTES", "-1", "environment variable CLAIMS_MAX_BYTES: max_bytes = -1 is too small"),
    ("CLAIMS_RETRIES", "2.5", "retries = '2.5' is not a whole number"),
]


@pytest.mark.issue(10)
@pytest.mark.parametrize(("key", "raw", "message"), BAD_ENV, ids=[f"{k}={r}" for k, r, _ in BAD_ENV])
def test_a_wrong_environment_value_names_the_variable(key: str, raw: str, message: str) -> None:
    with pytest.raises(SettingsError, match="environment variable " + key) as info:
        load_settings(None, environ={key: raw})
    assert message in str(info.value)


@pytest.mark.issue(10)
@pytest.mark.parametrize(("raw", "value"), [("true", True), ("ON", True), ("1", True), ("yes", True),
                                            ("false", False), ("Off", False), ("0", False), (" no ", False)])
def test_environment_booleans_take_only_explicit_words(raw: str, value: bool, tmp_path: Path) -> None:
    config = tmp_path / "claims.toml"
    config.write_text("allow_private_addresses = true\ntimeout = 7\n")
    settings = load_settings(config, environ={"CLAIMS_ALLOW_PRIVATE_ADDRESSES": raw})
    assert settings.allow_private_addresses is value
    assert settings.timeout == 7.0 and isinstance(settings.timeout, float)  # an int where a float is declared


@pytest.mark.issue(10)
def test_the_cli_reports_a_bad_setting_in_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import cli

    config = tmp_path / "claims.toml"
    config.write_text('allow_private_addresses = "false"\n')
    result = CliRunner().invoke(cli, ["--config", str(config), "official", "sources"])
    assert result.exit_code == 1
    assert result.output == (f"Error: {config}: allow_private_addresses = 'false' is not true or false "
                             "(write it without quotes); expected true or false.\n")


@pytest.mark.issue(10)
def test_settings_made_in_code_are_checked_too() -> None:
    with pytest.raises(SettingsError, match="setting max_bytes: max_bytes = -1 is too small"):
        Settings(max_bytes=-1)
    with pytest.raises(SettingsError, match="setting allow_private_addresses"):
        Settings().override(allow_private_addresses="false")


def test_defaults_are_written_once() -> None:
    import inspect

    import settings as module

    assert "SETTINGS[" not in inspect.getsource(module)


@pytest.mark.issue(11)
def test_no_module_reads_a_setting_with_a_second_default() -> None:
    """``getattr(settings, "name", default)`` would hide a default that differs from the one
    declared in settings.py (``load_bundled`` was read as False there, declared True)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    pattern = re.compile(r"getattr\(\s*settings\s*,")
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if ".venv" not in p.parts and "tests" not in p.parts and pattern.search(p.read_text("utf-8"))]
    assert offenders == []
