"""Concordance over the memory: folding with offsets, and the word index bounding the scan."""

from __future__ import annotations

import unicodedata

from copydesk.memory import TranslationMemory
from copydesk.memory import concordance as core


def test_the_index_bounds_the_memory_scan(tmp_path):
    with TranslationMemory.in_home(tmp_path) as tm:
        for n in range(300):
            tm.add(f"Common words here {n}.", f"Gemeinsame Wörter {n}.", "en", "de")
        tm.add("A rare zebra here.", "Ein seltenes Zebra.", "en", "de")
        found = core.lookup(tm, "rare zebra", "en", "de", limit=5)
        assert [o.source for o in found] == ["A rare zebra here."]
        assert core.lookup(tm, "words here", "en", "de", limit=5, scan=3) != []
        assert len(core.lookup(tm, "words here", "en", "de", limit=500, scan=50)) == 50


def test_fold_keeps_offsets_in_the_plain_text():
    folded = core.fold("Die <g1>STRASSE</g1>\u00a0\u00a0und İstanbul")
    assert folded.plain == "Die STRASSE\u00a0\u00a0und İstanbul"
    spans = folded.spans(core.needle("strasse und istanbul"))
    assert [folded.plain[a:b] for a, b in spans] == ["STRASSE\u00a0\u00a0und İstanbul"]


def test_decomposed_and_full_width_queries_find_the_entry(tmp_path):
    with TranslationMemory.in_home(tmp_path) as tm:
        tm.add("The Café <g1>FAST</g1> opened.", "Das Café FAST öffnete.", "en", "de")
        for query in (unicodedata.normalize("NFD", "café fast"), "ＣＡＦＥ́ fast"):
            (found,) = core.lookup(tm, query, "en", "de", limit=5)
            assert found.source == "The Café FAST opened."
            assert [found.source[a:b] for a, b in found.source_spans] == ["Café FAST"]
        assert core.lookup(tm, "cafe fast", "en", "de", limit=5) == []  # accents count
        assert core.lookup(tm, "café fast", "en", "fr", limit=5) == []  # another pair
