"""A multi-megabyte input streams through in bounded memory, with offsets into the whole file."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from spacy.language import Language

from extract import extract_documents
from extract.inputs import read_documents

PARAGRAPH = ("Robberies in the city fell 12 percent this year, police said on Monday, and the mayor "
             "credited new patrols downtown. Residents at a community meeting asked about response "
             "times, staffing and the budget for the coming year, which the council will debate.\n\n")


@pytest.mark.slow  # about 35 s: tracemalloc slows allocation-heavy code down a lot
def test_multi_megabyte_input_runs_in_bounded_memory(nlp: Language) -> None:
    text = PARAGRAPH * (2_000_000 // len(PARAGRAPH))  # about 2 MB
    handle = io.StringIO(text)
    tracemalloc.start()
    try:
        count = 0
        documents = read_documents(["-"], stdin=handle, chunk_chars=50_000)
        for _document, claims in extract_documents(documents, nlp=nlp, batch_size=8):
            for claim in claims:
                assert text[claim.start:claim.end] == claim.quote
                count += 1
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == text.count("fell 12 percent")
    assert peak < 100 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"  # measured about 12 MB
