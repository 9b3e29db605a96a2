"""Errors of the backfill, each with a message that says what to do."""

from __future__ import annotations


class BackfillError(Exception):
    """A backfill or an import of one could not be done; the message says why and what to do."""


class NoInput(BackfillError):
    """No WARC file matched the paths or globs given."""


class ClusterError(BackfillError):
    """The Dask scheduler could not be reached or the cluster could not be started."""


class PartitionError(BackfillError):
    """A backfill output folder is missing, incomplete or not one `claims backfill` wrote."""
