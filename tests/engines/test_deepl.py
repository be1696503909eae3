"""The DeepL engine through the official SDK against a local fake DeepL server."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import deepl
import pytest

from copydesk import settings
from copydesk.engines.base import Context
from copydesk.engines.deepl import DeepLEngine, entries_hash, map_error
from copydesk.errors import (
    BadResponseError,
    EngineUnavailableError,
    RateLimitedError,
    UnsupportedPairError,
)
from tests.fixtures.engine_fakes import AUTH_KEY, FakeDeepL, engines_cli, fake_deepl

GLOSSARY = {"central bank": "Notenbank", "Copydesk": "Copydesk"}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDeepL]:
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)
    with fake_deepl() as state:
        yield state


def closed_port() -> int:
    """A port that was free a moment ago: nobody listens there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def engine_for(server: FakeDeepL, **options) -> DeepLEngine:
    return DeepLEngine(AUTH_KEY, server_url=server.url, **options)


def last_translate(server: FakeDeepL) -> dict:
    return server.calls("POST", "/v2/translate")[-1]["body"]


def test_tags_go_out_as_xml_that_never_splits_a_sentence(server):
    engine = engine_for(server)
    [candidate] = engine.translate(["The <g1>bank</g1> met<x2/> on <g3>Monday</g3>."], "en", "de")
    assert candidate.text == "THE <g1>BANK</g1> MET<x2/> ON <g3>MONDAY</g3>."
    body = last_translate(server)
    assert body["tag_handling"] == "xml"
    assert body["non_splitting_tags"] == ["g1", "g3", "x2"]
    assert body["outline_detection"] is False
    assert body["split_sentences"] == "nonewlines"
    assert (body["source_lang"], body["target_lang"]) == ("EN", "DE")


@pytest.mark.parametrize(("ours", "theirs"), [
    ("de", "DE"), ("en", "EN-GB"), ("en-US", "EN-US"), ("pt", "PT-PT"), ("pt-BR", "PT-BR"),
    ("de-CH", "DE"),
])
def test_target_languages_are_mapped_to_deepl_codes(server, ours, theirs):
    assert engine_for(server).target_code(ours) == theirs


def test_language_lists_are_fetched_once(server):
    engine = engine_for(server)
    assert engine.supports("en", "de") and engine.supports("de", "en-US")
    assert not engine.supports("en", "mt")
    assert len(server.calls("GET", "/v2/languages")) == 2  # sources and targets, once


def test_formality_from_settings_is_sent_only_where_deepl_has_it(server):
    engine = engine_for(server, formality="more")
    engine.translate(["Hello."], "en", "de")
    assert last_translate(server)["formality"] == "more"
    engine.translate(["Hallo."], "de", "en")
    assert "formality" not in last_translate(server)  # English has no formality at DeepL
    assert engine.translate(["Hello."], "en", "de")[0].signature.options == (
        ("target", "DE"), ("formality", "more"))


def test_an_editions_formality_overrides_the_setting(server):
    engine = engine_for(server, formality="more", edition_formality={"de": "prefer_less"})
    engine.translate(["Hello."], "en", "de")
    assert last_translate(server)["formality"] == "prefer_less"


def test_neighbouring_sentences_go_in_the_context_parameter(server):
    context = Context(title="Rates rise", previous=["The bank met."], following=["Markets fell."])
    engine_for(server).translate(["It raised rates."], "en", "de", context=context)
    assert last_translate(server)["context"] == "Rates rise\nThe bank met.\nMarkets fell."


def test_a_glossary_is_created_once_named_by_its_content_and_applied(server):
    engine = engine_for(server)
    [first] = engine.translate(["The central bank met."], "en", "de", glossary=GLOSSARY)
    engine.translate(["The central bank met again."], "en", "de", glossary=GLOSSARY)
    assert first.text == "THE Notenbank MET."
    [created] = server.glossaries.values()
    assert created["info"]["name"] == f"copydesk-en-de-{entries_hash(GLOSSARY)}"
    assert created["entries"] == GLOSSARY
    assert len(server.calls("POST", "/v2/glossaries")) == 1
    assert last_translate(server)["glossary_id"] == created["info"]["glossary_id"]
    assert ("glossary", entries_hash(GLOSSARY)) in first.signature.options


def test_another_worker_reuses_the_glossary_by_name(server):
    engine_for(server).translate(["The central bank."], "en", "de", glossary=GLOSSARY)
    engine_for(server).translate(["The central bank."], "en", "de", glossary=GLOSSARY)
    assert len(server.calls("POST", "/v2/glossaries")) == 1
    assert len(server.glossaries) == 1


def test_changed_entries_replace_the_stale_glossary(server):
    engine_for(server).translate(["The central bank."], "en", "de", glossary=GLOSSARY)
    [stale_id] = server.glossaries
    changed = {**GLOSSARY, "rates": "Zinsen"}
    [candidate] = engine_for(server).translate(["The central bank raised rates."], "en", "de",
                                               glossary=changed)
    assert candidate.text == "THE Notenbank RAISED Zinsen."
    [current] = server.glossaries.values()
    assert current["info"]["name"].endswith(entries_hash(changed))
    assert [r["path"] for r in server.requests if r["method"] == "DELETE"] == [
        f"/v2/glossaries/{stale_id}"]


def test_a_pair_without_deepl_glossaries_translates_with_a_note(server):
    [candidate] = engine_for(server).translate(["The central bank."], "en", "nl",
                                               glossary=GLOSSARY)
    assert candidate.text == "THE CENTRAL BANK."
    assert "glossary_id" not in last_translate(server)
    assert any("no glossaries for en->nl" in note for note in candidate.notes)
    assert server.glossaries == {}


def test_a_missing_key_says_which_variable_to_set():
    engine = DeepLEngine(None)
    assert "DEEPL_AUTH_KEY" in engine.availability()
    with pytest.raises(EngineUnavailableError, match="DEEPL_AUTH_KEY"):
        engine.translate(["Hello."], "en", "de")


def test_a_wrong_key_is_unavailable_and_never_echoed(server):
    engine = DeepLEngine("wrong-secret-key", server_url=server.url)
    with pytest.raises(EngineUnavailableError, match="DEEPL_AUTH_KEY") as caught:
        engine.translate(["Hello."], "en", "de")
    assert "wrong-secret-key" not in str(caught.value)


@pytest.mark.parametrize(("status", "error"), [
    (456, RateLimitedError), (429, RateLimitedError), (503, EngineUnavailableError),
    (500, EngineUnavailableError), (413, BadResponseError),
])
def test_service_errors_map_to_engine_errors(server, status, error):
    engine = engine_for(server)
    assert engine.supports("en", "de")
    server.translate_status = status
    with pytest.raises(error):
        engine.translate(["Hello."], "en", "de")


def test_an_unreachable_server_is_unavailable(monkeypatch):
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)
    engine = DeepLEngine(AUTH_KEY, server_url=f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(EngineUnavailableError, match="Cannot reach DeepL"):
        engine.supports("en", "de")


def test_an_unsupported_pair_is_refused(server):
    with pytest.raises(UnsupportedPairError, match="en->mt"):
        engine_for(server).translate(["Hello."], "en", "mt")
    error = deepl.DeepLException("Bad request, message: Value for 'target_lang' not supported.",
                                 http_status_code=400)
    assert isinstance(map_error(error), UnsupportedPairError)


def test_from_settings_reads_the_key_from_the_environment_only(server, monkeypatch, tmp_path):
    monkeypatch.setenv("DEEPL_AUTH_KEY", AUTH_KEY)
    (tmp_path / "config.toml").write_text(
        f'deepl_server_url = "{server.url}"\ndeepl_formality = "less"\n'
        '[editions.fr]\nformality = "more"\n', encoding="utf-8")
    resolved = settings.load(environ={"COPYDESK_HOME": str(tmp_path)})
    assert AUTH_KEY not in repr(resolved.values)
    engine = DeepLEngine.from_settings(resolved)
    assert engine.availability() is None
    engine.translate(["Hello."], "en", "fr")
    assert last_translate(server)["formality"] == "more"
    engine.translate(["Hello."], "en", "de")
    assert last_translate(server)["formality"] == "less"


def test_engines_cli_translates_through_the_fake_server(server, monkeypatch, tmp_path):
    monkeypatch.setenv("DEEPL_AUTH_KEY", AUTH_KEY)
    result = engines_cli(monkeypatch, tmp_path, "test", "deepl",
                          config=f'deepl_server_url = "{server.url}"\n')
    assert result.exit_code == 0, result.output
    assert "de: THE MINISTER SAID" in result.output and "engine:deepl" in result.output


def test_engines_cli_reports_a_missing_key(monkeypatch, tmp_path):
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    result = engines_cli(monkeypatch, tmp_path, "test", "deepl")
    assert result.exit_code == 1
    assert "set the DEEPL_AUTH_KEY environment variable" in result.output


def test_engines_cli_reports_an_unreachable_server(monkeypatch, tmp_path):
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)
    monkeypatch.setenv("DEEPL_AUTH_KEY", AUTH_KEY)
    result = engines_cli(monkeypatch, tmp_path, "test", "deepl",
                          config=f'deepl_server_url = "http://127.0.0.1:{closed_port()}"\n')
    assert result.exit_code == 1
    assert "Cannot reach DeepL" in result.output and "deepl_server_url" in result.output


def test_engines_cli_reports_an_unsupported_pair(server, monkeypatch, tmp_path):
    monkeypatch.setenv("DEEPL_AUTH_KEY", AUTH_KEY)
    result = engines_cli(monkeypatch, tmp_path, "test", "deepl", "--to", "mt",
                          config=f'deepl_server_url = "{server.url}"\n')
    assert result.exit_code == 1 and "cannot translate en->mt" in result.output
