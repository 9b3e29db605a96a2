"""``display.number`` is the one number formatter: the CLI's tables and counts, the web templates'
``number`` filter and the claim page's headline all show a figure the same way (issue 11)."""

from __future__ import annotations

import doctest

import pytest

import commands.queue_cmds
import commands.render
import display
import web.claim_view
import web.headline
import web.series_chart
from display import number
from web.templating import make_environment

pytestmark = pytest.mark.issue(11)


@pytest.mark.parametrize(("value", "shown"), [
    (0, "0"), (4998, "4,998"), (1234567, "1,234,567"), (3780.0, "3,780"),
    (1234.5, "1,234.5"), (812.34, "812.3"), (3.25, "3.25"), (3.2, "3.2"), (0.004, "0"),
    (-12, "\u221212"), (-0.001, "0"), (None, "?"),
])
def test_number(value: float | int | None, shown: str) -> None:
    assert number(value) == shown


def test_signed_numbers_carry_a_plus_or_a_true_minus() -> None:
    assert number(7, signed=True) == "+7"
    assert number(-1580.0, signed=True) == "\u22121,580"
    assert number(0, signed=True) == "0"


def test_the_doctest_holds() -> None:
    assert doctest.testmod(display).failed == 0


def test_every_caller_uses_the_one_formatter() -> None:
    for module in (commands.render, commands.queue_cmds, web.headline, web.claim_view, web.series_chart):
        assert module.number is display.number, module.__name__
    assert not hasattr(display, "thousands")


def test_the_templates_number_filter_shows_what_the_cli_shows() -> None:
    env = make_environment()
    for value in (4998, 1234.5, 3.25, -12, 1_000_000.0):
        assert env.from_string("{{ v | number }}").render(v=value) == number(value)
    assert env.from_string("{{ v | number }}").render(v=[1200, 14.5]) == "1,200, 14.5"
    assert env.from_string("{{ v | number }}").render(v=None) == "\u2014"
