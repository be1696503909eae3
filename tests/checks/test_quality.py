"""The quality-estimate check against a local server that speaks the chat-completions API:
good answers become issues with the model in their provenance; timeouts, server errors,
malformed answers and spans outside the text give a note and never an invented issue;
answers are cached and a pair is asked once, also from two threads at a time."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest

from copydesk import settings
from copydesk.checks.base import SegmentContext, Severity
from copydesk.checks.quality import (
    QualityConfig,
    QualityEstimateCheck,
    QualityEstimator,
)
from copydesk.checks.quality_answer import BadAnswer, read_answer
from copydesk.checks.quality_cache import QualityCache, fingerprint
from copydesk.errors import ConfigError
from tests.fixtures.qe_server import Reply, errors, fake_quality_model, span

SOURCE = "China denied the report on Monday."
TARGET = "Porcelana negó el informe el lunes."
KEY = "qe-secret-key-0000"


def checker(url: str, tmp_path: Path | None = None, **options: object) -> QualityEstimateCheck:
    values: dict = {"timeout": 5.0, "max_segments": 200, **options}
    config = QualityConfig(base_url=url, model="tiny-qe", cache_path=(
        tmp_path / "cache" / "quality.sqlite3" if tmp_path else None), **values)
    return QualityEstimateCheck(QualityEstimator(config))


def context(**fields: object) -> SegmentContext:
    return SegmentContext(source_lang="en", target_lang="es", **fields)


def porcelana(source: str, translation: str) -> Reply:
    if "Porcelana" in translation:
        return errors(span("Porcelana", severity="critical", explanation="China is the country"))
    return errors()


def test_a_marked_span_becomes_an_issue_with_the_model_in_its_provenance():
    with fake_quality_model(porcelana) as server:
        issues = checker(server.url).run(SOURCE, TARGET, context())
    [issue] = issues
    assert issue.check == "quality-estimate" and issue.severity == Severity.MAJOR
    assert TARGET[slice(*issue.target_span)] == "Porcelana"
    assert "tiny-qe" in issue.message and "critical accuracy/mistranslation" in issue.message
    assert issue.provenance == "qe:127.0.0.1|model:tiny-qe|prompt:1"
    assert issue.to_dict()["provenance"] == issue.provenance
    sent = server.requests[0]
    assert sent["model"] == "tiny-qe" and sent["temperature"] == 0
    assert "MQM" in sent["messages"][0]["content"]


def test_severities_and_sides_follow_the_allowlist():
    def answer(source: str, translation: str) -> Reply:
        return errors(span("el lunes", "Fluency / Grammar", "Minor"),
                      span("on Monday", "omission", "major"))

    with fake_quality_model(answer) as server:
        issues = checker(server.url).run(SOURCE, TARGET, context())
    assert [i.severity for i in issues] == [Severity.MINOR, Severity.MAJOR]
    assert TARGET[slice(*issues[0].target_span)] == "el lunes"
    assert issues[1].target_span is None and SOURCE[slice(*issues[1].source_span)] == "on Monday"


@pytest.mark.parametrize("entry, why", [
    (span("Beijing"), "not found in the target"),
    (span("Porcelana", category="vibes"), "unknown category"),
    (span("Porcelana", severity="catastrophic"), "unknown severity"),
    ({"span": 3, "category": "style", "severity": "minor"}, "without span"),
    ("Porcelana", "not an object"),
    (span("   "), "not found"),
])
def test_an_entry_outside_the_allowlist_or_the_text_is_set_aside_with_a_note(entry, why):
    with fake_quality_model(lambda s, t: errors(entry, span("negó", "style", "minor"))) as server:
        issues = checker(server.url).run(SOURCE, TARGET, context())
    kept, note = issues
    assert TARGET[slice(*kept.target_span)] == "negó"
    assert note.severity == Severity.MINOR and note.target_span is None
    assert note.message.startswith("Not checked by the language model tiny-qe in full")
    assert why in note.message


@pytest.mark.parametrize("content", ["Sure! The translation is fine.", "[1, 2]", '{"errs": []}',
                                     '{"errors": "none"}', "{" * 100_000])
def test_a_malformed_answer_gives_a_note_and_is_asked_again(content):
    with fake_quality_model(lambda s, t: Reply(content)) as server:
        check = checker(server.url)
        first = check.run(SOURCE, TARGET, context())
        again = check.run(SOURCE, TARGET, context())
    assert [i.severity for i in first] == [Severity.MINOR] and "set aside" in first[0].message
    assert again == first and server.count == 2


def test_a_fenced_json_answer_is_read():
    fenced = '```json\n{"errors": [{"span": "Porcelana", "category": "terminology", ' \
             '"severity": "major"}]}\n```'
    [error] = read_answer(fenced, SOURCE, TARGET).errors
    assert (error.category, error.start, error.end, error.explanation) == (
        "terminology", 0, 9, "")
    with pytest.raises(BadAnswer):
        read_answer("null", SOURCE, TARGET)


@pytest.mark.parametrize("reply, said", [
    (Reply(status=500), "HTTP 500"),
    (Reply(status=503), "HTTP 503"),
    (Reply(status=401), "COPYDESK_QE_API_KEY"),
    (Reply(delay=1.5), "did not answer within 0.3 s"),
])
def test_a_failing_server_gives_one_note_and_the_rest_of_the_article_is_not_sent(reply, said):
    with fake_quality_model(lambda s, t: reply) as server:
        check = checker(server.url, timeout=0.3)
        shared = context(article=((SOURCE, TARGET), ("Two men.", "Dos hombres.")))
        started = time.monotonic()
        first = check.run(SOURCE, TARGET, shared)
        second = check.run("Two men.", "Dos hombres.", shared)
        elapsed = time.monotonic() - started
        later = check.run("Two men.", "Dos hombres.", context())  # another article asks again
    [note] = first
    assert note.severity == Severity.MINOR and said in note.message
    assert "rest of the article" in note.message
    assert second == [] and elapsed < 1.2
    assert len(later) == 1 and server.count == 2


def test_an_unreachable_server_gives_a_note():
    with fake_quality_model() as server:
        url = server.url
    [note] = checker(url).run(SOURCE, TARGET, context())
    assert "cannot be reached" in note.message


def test_a_cached_answer_needs_no_second_request_even_in_a_new_process(tmp_path):
    with fake_quality_model(porcelana) as server:
        first = checker(server.url, tmp_path).run(SOURCE, TARGET, context())
        again = checker(server.url, tmp_path).run(SOURCE, TARGET, context())  # a fresh memory
        other_model = QualityEstimateCheck(QualityEstimator(QualityConfig(
            base_url=server.url, model="other", cache_path=tmp_path / "cache" / "quality.sqlite3")))
        other_model.run(SOURCE, TARGET, context())
    assert first == again and len(first) == 1
    assert server.count == 2  # the other model is asked: the model is part of the key
    assert (tmp_path / "cache" / "quality.sqlite3").exists()


def test_the_fingerprint_covers_every_input():
    base = ("a", "b", "en", "es", "m")
    variants = [("x", "b", "en", "es", "m"), ("a", "x", "en", "es", "m"),
                ("a", "b", "de", "es", "m"), ("a", "b", "en", "de", "m"),
                ("a", "b", "en", "es", "x")]
    keys = {fingerprint(*base), *(fingerprint(*v) for v in variants)}
    assert len(keys) == 6


def test_two_threads_asking_for_the_same_pair_send_one_request(tmp_path):
    def slow(source: str, translation: str) -> Reply:
        return Reply(porcelana(source, translation).content, delay=0.3)

    with fake_quality_model(slow) as server:
        check = checker(server.url, tmp_path)
        found: list = []
        threads = [threading.Thread(target=lambda: found.append(
            check.run(SOURCE, TARGET, context()))) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert server.count == 1 and len(found) == 2 and found[0] == found[1] and found[0]


def test_two_processes_share_the_cache_file(tmp_path):
    path = tmp_path / "quality.sqlite3"
    with fake_quality_model(porcelana) as server:
        config = QualityConfig(base_url=server.url, model="tiny-qe")
        estimator = QualityEstimator(config, cache=QualityCache(path))
        reading = estimator.estimate(SOURCE, TARGET, "en", "es")
    key = fingerprint(SOURCE, TARGET, "en", "es", "tiny-qe")
    assert QualityCache(path).get(key) == reading


def test_at_most_max_segments_of_an_article_are_sent():
    pairs = [(f"Item {n}.", f"Artículo {n}.") for n in range(5)]
    with fake_quality_model() as server:
        check = checker(server.url, max_segments=2)
        shared = context(article=tuple(pairs))
        found = [check.run(s, t, shared) for s, t in pairs]
    assert server.count == 2
    assert found[0] == found[1] == [] and found[3] == found[4] == []
    [note] = found[2]
    assert "only the first 2 segments" in note.message


def test_spans_are_found_after_unicode_normalisation_and_around_tags():
    target = "El <g1>presidente</g1> dijo que Jose\u0301 ganó."  # "José" decomposed

    def answer(source: str, translation: str) -> Reply:
        assert "<g1>" not in translation  # the model sees the text without tags
        return errors(span("presidente dijo"), span("Jos\u00e9", "fluency/spelling", "minor"))

    with fake_quality_model(answer) as server:
        issues = checker(server.url).run("The <g1>president</g1> said José won.", target,
                                         context())
    assert [target[slice(*i.target_span)] for i in issues] == ["presidente</g1> dijo",
                                                              "Jose\u0301"]


def test_a_long_segment_is_located_in_linear_time():
    target = "palabra " * 20_000 + "Porcelana"
    started = time.monotonic()
    [error] = read_answer('{"errors": [{"span": "Porcelana", "category": "mistranslation", '
                          '"severity": "major"}]}', "China", target).errors
    assert (error.start, time.monotonic() - started < 1.0) == (len(target) - 9, True)
    many = '{"errors": [' + ",".join(['{"span": "palabra", "category": "style", '
                                     '"severity": "minor"}'] * 500) + "]}"
    reading = read_answer(many, "x", target)
    assert len(reading.errors) == 1 and "480 entries beyond" in reading.set_aside[0]


def test_the_key_goes_in_a_header_and_never_into_issues_or_logs(caplog):
    with fake_quality_model(lambda s, t: Reply(status=500)) as server:
        config = QualityConfig(base_url=server.url, model="tiny-qe", api_key=KEY)
        with caplog.at_level(logging.DEBUG):
            [note] = QualityEstimateCheck(QualityEstimator(config)).run(SOURCE, TARGET, context())
    assert server.headers[0]["Authorization"] == f"Bearer {KEY}"
    assert KEY not in note.message and KEY not in repr(config)
    assert all(KEY not in record.getMessage() for record in caplog.records)


def test_the_check_is_off_unless_configured(tmp_path):
    off = settings.load(environ={"COPYDESK_HOME": str(tmp_path)})
    assert QualityConfig.from_settings(off) is None
    assert QualityEstimateCheck(None).run(SOURCE, TARGET, context()) == []
    half = settings.load(environ={"COPYDESK_HOME": str(tmp_path),
                                  "COPYDESK_QE_BASE_URL": "http://127.0.0.1:9/v1"})
    with pytest.raises(ConfigError, match="qe_model"):
        QualityConfig.from_settings(half)
    shared = context()
    check = QualityEstimateCheck(problem="qe_model is empty")
    [note] = check.run(SOURCE, TARGET, shared)
    assert "qe_model is empty" in note.message and check.run(SOURCE, TARGET, shared) == []


@pytest.mark.parametrize("value", ["ftp://127.0.0.1/v1", "127.0.0.1:8000", "http://",
                                   "http://user:pw@127.0.0.1/v1"])
def test_a_bad_endpoint_setting_is_refused(tmp_path, value):
    with pytest.raises(ConfigError, match="qe_base_url"):
        settings.load(environ={"COPYDESK_HOME": str(tmp_path), "COPYDESK_QE_BASE_URL": value})


def test_the_settings_resolve_the_configuration(tmp_path):
    resolved = settings.load(environ={
        "COPYDESK_HOME": str(tmp_path), "COPYDESK_QE_BASE_URL": "http://127.0.0.1:8000/v1/",
        "COPYDESK_QE_MODEL": " qwen ", "COPYDESK_QE_TIMEOUT": "4", "COPYDESK_QE_MAX_SEGMENTS": "9"})
    config = QualityConfig.from_settings(resolved, environ={"COPYDESK_QE_API_KEY": KEY})
    assert config == QualityConfig("http://127.0.0.1:8000/v1", "qwen", 4.0, 9,
                                   tmp_path / "cache" / "quality.sqlite3", KEY)


def test_the_same_error_marked_twice_counts_once():
    twice = '{"errors": [' + ",".join(['{"span": "Porcelana", "category": "mistranslation", '
                                      '"severity": "major"}'] * 2) + "]}"
    assert len(read_answer(twice, SOURCE, TARGET).errors) == 1
