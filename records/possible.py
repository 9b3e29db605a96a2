"""The `PossibleClaim` record: a sentence that looks like a crime statistic no rule parsed.

The detector that finds them is extract/possible.py; db/ stores them for a reviewer to promote
or dismiss, and the backfill writes them to Parquet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class FoundNumber:
    """A number in a possible claim's sentence, as written and as a value."""

    text: str
    value: float

    def as_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if self.value.is_integer() else self.value
        return {"text": self.text, "value": value}


@dataclass(frozen=True, slots=True)
class PossibleClaim:
    """A sentence that looks like a crime statistic no rule parsed.

    ``start``/``end`` are the sentence's character offsets in the input text; ``cues`` name the
    statistic cues found as ``family:word``; ``score`` counts the cue families, plus one when a
    number stands next to the offense word; ``reason`` says all that in a phrase; ``detector`` is
    the versioned id of the detector that found it (``extract.possible.DETECTOR_VERSION``).
    """

    sentence: str
    start: int
    end: int
    numbers: tuple[FoundNumber, ...]
    offense_words: tuple[str, ...]
    offenses: tuple[str, ...]
    cues: tuple[str, ...]
    score: float
    reason: str
    detector: str
    id: str | None = None  # the input document's id

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "sentence": self.sentence, "start": self.start, "end": self.end,
                "numbers": [n.as_dict() for n in self.numbers], "offense_words": list(self.offense_words),
                "offenses": list(self.offenses), "cues": list(self.cues), "score": self.score,
                "reason": self.reason, "detector": self.detector, "possible": True}
