"""Turn the words of a number as written into its value: "1,204", "7.5", "twenty-two", "a dozen".

`parse_number` takes the token texts of one number phrase (as the tokenizer split them, so
"twenty-two" arrives as ["twenty", "-", "two"]) and returns None when they are not one number
(a phone number "555-0134", a range, a stray word). `number_words` writes an integer out in
words; the property tests check that parse_number reads it back.
"""

from __future__ import annotations

import math
import re

from extract.vocab import DOZEN_WORDS, SCALE_WORDS, TENS_WORDS, UNITS_WORDS

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
_WORD_VALUES: dict[str, int] = {**UNITS_WORDS, **TENS_WORDS}

# The largest number a crime claim can state, per unit. A count above a billion is more than the
# country's population; a change of more than 100,000 percent is a thousandfold rise. Past these
# (or past float range: a 400-digit number reads as inf) the text is a typo or a hostile page.
MAX_CLAIM_NUMBER: dict[str, float] = {"percent": 100_000.0, "per_100k": 100_000.0, "per_1000": 1000.0}
MAX_CLAIM_COUNT = 1e9


def implausible(value: float | None, unit: str) -> str | None:
    """Why a claim may not state ``value`` in ``unit`` (non-finite or too large), or None."""
    if value is None:
        return None
    if not math.isfinite(value):
        return f"{value} is not a finite number"
    limit = MAX_CLAIM_NUMBER.get(unit, MAX_CLAIM_COUNT)
    if abs(value) > limit:
        return f"{value:.6g} is more than {limit:,.0f}, implausible for a claim in {unit}"
    return None


def parse_digits(text: str) -> float | None:
    """'1,204' -> 1204.0, '7.5' -> 7.5; None for anything else ('0134' keeps its value 134)."""
    if not _DIGITS.match(text):
        return None
    return float(text.replace(",", ""))


def _parse_words(words: list[str]) -> float | None:
    total = 0
    current = 0
    seen = False
    for word in words:
        if word in ("-", "and"):
            continue
        if word in ("a", "an") and not seen:
            current = 1
            continue
        if word in _WORD_VALUES:
            value = _WORD_VALUES[word]
            if seen and current % 10 != 0 and current % 100 != 0:
                return None  # "two three"
            current += value
            seen = True
        elif word in DOZEN_WORDS:
            current = (current or 1) * DOZEN_WORDS[word]
            seen = True
        elif word in SCALE_WORDS:
            scale = SCALE_WORDS[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def parse_number(tokens: list[str]) -> float | None:
    """The value of one number phrase given as token texts, or None if it is not one number."""
    words = [t.lower() for t in tokens if t]
    if not words:
        return None
    if len(words) == 1:
        value = parse_digits(words[0])
        return value if value is not None else _parse_words(words)
    first = parse_digits(words[0])
    if first is not None:
        # "1.2 million", "3 dozen"; digits joined by a hyphen are a phone number or a range.
        if len(words) == 2 and words[1] in SCALE_WORDS:
            return first * SCALE_WORDS[words[1]]
        if len(words) == 2 and words[1] in DOZEN_WORDS:
            return first * DOZEN_WORDS[words[1]]
        return None
    return _parse_words(words)


def number_words(n: int) -> str:
    """An integer from 0 to 999,999 written out: 22 -> 'twenty-two', 105 -> 'one hundred five'."""
    if not 0 <= n < 1_000_000:
        raise ValueError(f"number_words handles 0..999999, not {n}")
    units = {v: k for k, v in UNITS_WORDS.items()}
    tens = {v: k for k, v in TENS_WORDS.items()}

    def below_thousand(m: int) -> list[str]:
        parts: list[str] = []
        if m >= 100:
            parts += [units[m // 100], "hundred"]
            m %= 100
        if m >= 20:
            parts.append(tens[m - m % 10] + (f"-{units[m % 10]}" if m % 10 else ""))
        elif m or not parts:
            parts.append(units[m])
        return parts

    if n < 1000:
        return " ".join(below_thousand(n))
    head = below_thousand(n // 1000) + ["thousand"]
    rest = n % 1000
    return " ".join(head + (below_thousand(rest) if rest else []))
