"""The error of the offense vocabulary (the CLI and the official-data layer translate it)."""

from __future__ import annotations


class UnknownOffense(ValueError):
    """An offense name that is neither in the vocabulary nor a known synonym."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"Unknown offense {name!r}.{hint} Use a name of the claim vocabulary (homicide, "
            "robbery, ...), a finer official id (murder, shooting_victims, ...), a common synonym, "
            "or 'local:<label>' for a category the vocabulary does not cover."
        )
