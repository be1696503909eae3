import sqlite3

import pytest
from lxml import etree

from copydesk.errors import InputError
from copydesk.memory import (
    MatchKind,
    MemoryEntry,
    TranslationMemory,
    export_tmx,
    import_tmx,
    read_tmx,
)
from tests.fixtures.shared_data import require
from tests.memory.data import TMX_DIR, needs_shared_data

COMPKIT = TMX_DIR / "compkit"


def entries_of(name, **languages):
    require()
    entries, report = read_tmx(TMX_DIR / name, **languages)
    return entries, report


# -- reading real files -------------------------------------------------------------------------

def test_paired_codes_become_paired_tags_numbered_alike_in_source_and_target():
    # UTF-16 with a byte-order mark; the French target swaps the two codes.
    entries, report = entries_of("compkit/ImportTest2A.tmx")
    first = entries[0]
    assert (first.source_lang, first.target_lang) == ("en", "fr")
    assert first.source == "The big <g1>black</g1> <g2>cat</g2> sleeps."
    assert first.target == "Le gros <g2>chat</g2> <g1>noir</g1> dors."
    assert report.imported == 7 and report.pairs == {"en-fr": 7}


def test_escaped_characters_stay_literal_text():
    entries, _ = entries_of("compkit/ImportTest2A.tmx")
    assert entries[1].source == ('Test for special characters = <g1><</g1>=lt, <g2>></g2>=gt, '
                                 '<g3>&</g3>=amp, <g4>"</g4>=quot.')


def test_isolated_placeholder_and_highlight_codes():
    entries, report = entries_of("a_small_test2.tmx")
    [entry] = entries
    assert entry.source == "<g1><g2>Click <x3/> to start.</g2>"
    assert entry.target == "<g2><g1>Cliquez <x3/> pour commencer.</g2>"
    assert report.notes["<hi> markup dropped, its text kept"] == 2
    assert report.notes["text inside <sub> of an inline code dropped"] == 2


def test_codes_without_x_are_numbered_by_order():
    entries, _ = entries_of("html_test.tmx")
    by_source = {e.source: e.target for e in entries}
    assert by_source["This is<x1/>a para<x2/>graph with line breaks"] == \
        "ThXs Xs<x1/>X pXrX<x2/>grXph wXth lXne brXXks"
    assert by_source["Second <g1>paragraph</g1> tag"] == "SXcXnd <g1>pXrXgrXph</g1> tXg"


def test_dates_and_ids_become_provenance():
    [entry], _ = entries_of("compkit/ImportTest1L.tmx")
    assert (entry.source, entry.target) == ("Text of the segment.", "Texte du segment.")
    assert entry.editor == "ys"
    assert entry.created_at == entry.changed_at == "2002-05-23T09:12:00+00:00"
    assert entry.origin == "import"


def test_every_target_language_gives_a_pair_and_same_language_variants_are_skipped():
    entries, report = entries_of("compkit/ImportTest1C.tmx")
    assert report.pairs == {"en-ja": 3, "en-fr": 3, "en-es": 3}
    entries, report = entries_of("compkit/ImportTest1C.tmx", target_lang="es")
    assert [e.target for e in entries] == ["First entry in Spanish", "Second entry in Spanish",
                                           "Third entry in Spanish"]
    entries, _ = entries_of("compkit/ImportTest1C.tmx", source_lang="fr", target_lang="ja")
    assert entries[0].source == "First entry in French Canadian"


@needs_shared_data
@pytest.mark.parametrize("path", sorted(TMX_DIR.rglob("*.tmx")), ids=lambda p: p.name)
def test_every_real_file_imports_or_says_why_not(tmp_path, path):
    with TranslationMemory(tmp_path / "memory.sqlite3") as tm:
        try:
            report = import_tmx(tm, path)
        except InputError as err:
            assert "no translation units" in str(err)
            assert len(tm) == 0
            return
        assert len(tm) == report.imported > 0
        entry = next(tm.entries(*next(iter(report.pairs)).split("-")))
        match = tm.lookup(entry.source, entry.source_lang, entry.target_lang)[0]
        assert match.kind is MatchKind.EXACT


# -- bad files ----------------------------------------------------------------------------------

BAD_FILES = {
    "not-xml.tmx": (b"This is not XML at all.", "well-formed XML"),
    "binary.tmx": (bytes(range(256)) * 4, "well-formed XML"),
    "empty.tmx": (b"", "well-formed XML"),
    "truncated.tmx": (b'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en">',
                      "well-formed XML"),
    "xliff.tmx": (b'<xliff version="1.2"><file/></xliff>', "not TMX"),
    "no-units.tmx": (b'<tmx version="1.4"><header srclang="en"/><body/></tmx>',
                     "no translation units"),
    "unknown-source.tmx": (b'<tmx version="1.4"><header srclang="tlh"/><body><tu>'
                           b'<tuv xml:lang="tlh"><seg>a</seg></tuv></tu></body></tmx>', "--from"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_get_a_clear_error_and_import_nothing(memory, tmp_path, name):
    content, message = BAD_FILES[name]
    memory.add("Already here.", "Schon da.", "en", "de")
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        import_tmx(memory, path)
    assert len(memory) == 1


@needs_shared_data
@pytest.mark.parametrize("path, languages", [
    (COMPKIT / "ImportTest1B.tmx", {"target_lang": "de"}),  # English-French only
    (COMPKIT / "ImportTest1D.tmx", {}),  # US and UK English: no second language
    (COMPKIT / "ImportTest1B.tmx", {"source_lang": "de"}),
])
def test_wrong_languages_import_nothing(memory, path, languages):
    with pytest.raises(InputError, match="no translation units"):
        import_tmx(memory, path, **languages)
    assert len(memory) == 0


def test_a_missing_file_is_an_input_error(memory, tmp_path):
    with pytest.raises(InputError, match="check the path"):
        import_tmx(memory, tmp_path / "nowhere.tmx")


# -- writing ------------------------------------------------------------------------------------

ENTRIES = [
    MemoryEntry("The <g1>minister</g1> resigned.<x2/>", "Der <g1>Minister</g1> trat zurück.<x2/>",
                "en", "de", previous="Protests went on.", next="He left.", editor="anna",
                signature="engine:deepl|v:0.1", created_at="2024-05-01T10:00:00+00:00",
                changed_at="2024-05-02T08:30:00+00:00"),
    MemoryEntry("Profits rose 5% <g3>& more", "Gewinne <g3>stiegen um 5 % & mehr", "en", "de",
                origin="mt", created_at="2024-05-03T00:00:00+00:00"),
    MemoryEntry("a < b</g2> said \"they\".", "a < b</g2> sagten „sie“.", "en", "de",
                created_at="2024-05-04T00:00:00+00:00"),
]


@needs_shared_data
def test_export_is_valid_tmx_14b_and_imports_back_the_same(memory, tmp_path):
    memory.add_many(ENTRIES)
    memory.add("Other pair.", "Autre paire.", "en", "fr")
    path = tmp_path / "out.tmx"
    assert export_tmx(memory, path, "en", "de") == 3
    dtd = etree.DTD(str(TMX_DIR / "tmx14.dtd"))
    document = etree.parse(str(path))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    header = document.getroot().find("header")
    assert header.get("creationtool") == "copydesk" and header.get("srclang") == "en"
    assert (header.get("segtype"), header.get("datatype")) == ("sentence", "plaintext")
    entries, report = read_tmx(path)
    assert report.pairs == {"en-de": 3}
    assert entries == list(memory.entries("en", "de"))
    assert [(e.source, e.target, e.previous, e.next, e.editor, e.origin, e.signature)
            for e in entries] == [(e.source, e.target, e.previous, e.next, e.editor, e.origin,
                                   e.signature) for e in ENTRIES]


@needs_shared_data
def test_export_of_an_empty_pair_is_still_valid(memory, tmp_path):
    path = tmp_path / "empty.tmx"
    assert export_tmx(memory, path, "en", "nl") == 0
    assert etree.DTD(str(TMX_DIR / "tmx14.dtd")).validate(etree.parse(str(path)))


def test_a_failed_export_leaves_nothing_behind(memory, tmp_path):
    with pytest.raises(InputError, match="folder"):
        export_tmx(memory, tmp_path / "missing" / "out.tmx", "en", "de")
    memory.add_many(ENTRIES)
    memory.db.close()  # the memory cannot be read half-way through the export
    with pytest.raises(sqlite3.ProgrammingError):
        export_tmx(memory, tmp_path / "out.tmx", "en", "de")
    assert not list(tmp_path.glob("*.tmx")) and not list(tmp_path.glob(".tmx-*"))
