"""Every setting is declared once, with its default and help, and the layers override in order."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from settings import SETTINGS, Settings, load_settings


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
