"""Named errors of the extract package; the CLI turns them into one-paragraph messages."""

from __future__ import annotations


class ExtractError(Exception):
    """Base class for extraction errors."""


class BadInputLine(ExtractError):
    """A JSON Lines input line is not a {"id", "text", ...} object."""


class GoldFormatError(ExtractError):
    """An annotated (gold) file does not follow the {"id", "sentence", "claims"} format."""


class ModelFileError(ExtractError):
    """The learned reader's weights file (extract/number_roles.py) is missing or malformed."""
