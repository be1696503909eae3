"""The OpenAI-compatible chat engine against a fake model on ``httpx.MockTransport``."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from copydesk import settings
from copydesk.engines.base import Context
from copydesk.engines.http import RetryPolicy
from copydesk.engines.openai import PROMPT_VERSION, OpenAIEngine, chunked, parse_answer
from copydesk.errors import BadResponseError, EngineUnavailableError, RateLimitedError
from tests.fixtures.engine_fakes import FakeChatModel, engines_cli

NEWS = [
    "The minister said the talks would continue on Monday.",
    "Prices rose by 3.5 percent in March.",
    "The <g1>central bank</g1> declined to comment<x2/>.",
]


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def engine_for(chat: FakeChatModel, sleeps: Sleeps | None = None, **options) -> OpenAIEngine:
    options = {"base_url": "https://llm.example.test/v1", "model": "test-model",
               "api_key": "sk-test", **options}
    policy = RetryPolicy(sleep=Sleeps() if sleeps is None else sleeps)
    return OpenAIEngine(client=chat.client(), retry=policy, **options)


def sent_ids(request: dict) -> list[str]:
    return [s["id"] for s in json.loads(request["body"]["messages"][1]["content"])["segments"]]


def system_prompt(request: dict) -> str:
    return request["body"]["messages"][0]["content"]


def test_a_batch_is_one_structured_request():
    chat = FakeChatModel()
    candidates = engine_for(chat, temperature=0.2).translate(NEWS, "en", "de")
    assert [c.text for c in candidates] == [
        "THE MINISTER SAID THE TALKS WOULD CONTINUE ON MONDAY.",
        "PRICES ROSE BY 3.5 PERCENT IN MARCH.",
        "THE <g1>CENTRAL BANK</g1> DECLINED TO COMMENT<x2/>."]
    [request] = chat.requests
    assert request["url"] == "https://llm.example.test/v1/chat/completions"
    assert request["headers"]["authorization"] == "Bearer sk-test"
    body = request["body"]
    assert body["model"] == "test-model" and body["temperature"] == 0.2
    assert body["response_format"]["type"] == "json_schema"
    assert sent_ids(request) == ["1", "2", "3"]
    assert "German" in system_prompt(request) and "<g1>" in system_prompt(request)


def test_the_signature_names_model_prompt_version_and_temperature():
    [candidate] = engine_for(FakeChatModel(), temperature=0.2).translate(NEWS[:1], "en", "de")
    signature = candidate.signature
    assert (signature.engine, signature.model) == ("openai", "test-model")
    assert ("prompt", PROMPT_VERSION) in signature.options
    assert ("temperature", "0.2") in signature.options


def test_long_batches_are_split_by_a_character_budget():
    chat = FakeChatModel()
    candidates = engine_for(chat, char_budget=90).translate(NEWS, "en", "de")
    assert [sent_ids(r) for r in chat.requests] == [["1", "2"], ["3"]]
    assert candidates[1].text == "PRICES ROSE BY 3.5 PERCENT IN MARCH."
    items = [("1", "a" * 50), ("2", "b" * 50), ("3", "c" * 500), ("4", "d")]
    assert [[i for i, _ in chunk] for chunk in chunked(items, 120, None)] == [
        ["1", "2"], ["3"], ["4"]]


def test_only_the_glossary_terms_in_the_text_go_into_the_prompt():
    chat = FakeChatModel()
    glossary = {"central bank": "Notenbank", "tariff": "Zoll"}
    [candidate] = engine_for(chat).translate(NEWS[2:], "en", "de", glossary=glossary)
    assert candidate.text == "THE <g1>Notenbank</g1> DECLINED TO COMMENT<x2/>."
    prompt = system_prompt(chat.requests[0])
    assert '"central bank" -> "Notenbank"' in prompt and "tariff" not in prompt


def test_house_style_notes_and_context_go_into_the_prompt():
    chat = FakeChatModel()
    engine = engine_for(chat, style_notes={"de": "Use „…“ quotation marks."})
    context = Context(title="Talks go on", previous=["Earlier."], following=["Later."])
    [candidate] = engine.translate(NEWS[:1], "en", "de-AT", context=context)
    prompt = system_prompt(chat.requests[0])
    assert "Use „…“ quotation marks." in prompt
    assert "Talks go on" in prompt and "Earlier." in prompt and "Later." in prompt
    assert any(key == "style" for key, _ in candidate.signature.options)


def test_a_missing_segment_is_retried_alone():
    chat = FakeChatModel(sabotage=lambda sid, text: None if sid == "2" else text,
                         sabotage_calls=1)
    candidates = engine_for(chat).translate(NEWS, "en", "de")
    assert candidates[1].text == "PRICES ROSE BY 3.5 PERCENT IN MARCH."
    assert [sent_ids(r) for r in chat.requests] == [["1", "2", "3"], ["2"]]


def test_changed_tags_are_retried_and_finally_named_in_the_error():
    chat = FakeChatModel(sabotage=lambda sid, text: text.replace("<x2/>", "") if sid == "3"
                         else text, sabotage_calls=100)
    with pytest.raises(BadResponseError, match=r"segment\(s\) 3 ") as caught:
        engine_for(chat).translate(NEWS, "en", "de")
    assert "another engine" in str(caught.value)
    assert [sent_ids(r) for r in chat.requests] == [["1", "2", "3"], ["3"], ["3"]]


def test_a_repeated_id_counts_as_invalid():
    assert parse_answer('{"segments": [{"id": "1", "text": "a"}, {"id": "1", "text": "b"}]}') \
        == {"1": ["a", "b"]}
    assert parse_answer('```json\n{"segments": [{"id": 2, "text": "x"}]}\n```') == {"2": ["x"]}
    assert parse_answer("I cannot help with that.") == {}


def test_a_server_without_json_schema_gets_plain_instructions_from_then_on():
    chat = FakeChatModel(refuse_schema=True)
    engine = engine_for(chat)
    engine.translate(NEWS[:1], "en", "de")
    engine.translate(NEWS[1:2], "en", "de")
    assert ["response_format" in r["body"] for r in chat.requests] == [True, False, False]
    assert "Answer with JSON only" in system_prompt(chat.requests[-1])


def test_rate_limits_honour_retry_after_up_to_a_bound():
    sleeps = Sleeps()
    chat = FakeChatModel(status=429, status_calls=1, headers={"Retry-After": "2"})
    engine_for(chat, sleeps).translate(NEWS[:1], "en", "de")
    assert sleeps == [2.0]
    chat = FakeChatModel(status=429, headers={"Retry-After": "600"})
    with pytest.raises(RateLimitedError, match="600 s"):
        engine_for(chat, sleeps).translate(NEWS[:1], "en", "de")
    assert sleeps == [2.0] and len(chat.requests) == 1


def test_a_failing_server_is_unavailable_after_retries():
    sleeps = Sleeps()
    chat = FakeChatModel(status=503)
    with pytest.raises(EngineUnavailableError, match="HTTP 503"):
        engine_for(chat, sleeps).translate(NEWS[:1], "en", "de")
    assert sleeps == [1.0, 2.0] and len(chat.requests) == 3


@pytest.mark.parametrize(("status", "hint"), [(401, "OPENAI_API_KEY"), (404, "openai_model")])
def test_key_and_model_problems_say_what_to_set(status, hint):
    with pytest.raises(EngineUnavailableError, match=hint):
        engine_for(FakeChatModel(status=status)).translate(NEWS[:1], "en", "de")


def test_an_unreachable_server_is_unavailable():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    engine = OpenAIEngine(base_url="http://127.0.0.1:9/v1", model="m",
                          client=httpx.Client(transport=httpx.MockTransport(refuse)))
    with pytest.raises(EngineUnavailableError, match="Cannot reach"):
        engine.translate(NEWS[:1], "en", "de")


def test_a_local_server_needs_no_key_and_keeps_text_in_the_building():
    chat = FakeChatModel()
    local = engine_for(chat, base_url="http://localhost:11434/v1", api_key=None)
    assert local.availability() is None and local.sends_data_offsite is False
    local.translate(NEWS[:1], "en", "de")
    assert "authorization" not in chat.requests[0]["headers"]
    remote = engine_for(chat, api_key=None)
    assert "OPENAI_API_KEY" in remote.availability() and remote.sends_data_offsite is True
    assert OpenAIEngine.sends_data_offsite is True


def test_azure_gets_its_api_key_header():
    chat = FakeChatModel()
    engine_for(chat, base_url="https://newsroom.openai.azure.com/openai/v1").translate(
        NEWS[:1], "en", "de")
    headers = chat.requests[0]["headers"]
    assert headers["api-key"] == "sk-test" and "authorization" not in headers


def test_from_settings_reads_the_key_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    (tmp_path / "config.toml").write_text(
        'openai_base_url = "http://127.0.0.1:8080/v1"\nopenai_model = "mistral-small"\n'
        'openai_temperature = 0.3\n[editions.de]\nstyle_notes = ["Write Prozent.", "No ß."]\n',
        encoding="utf-8")
    engine = OpenAIEngine.from_settings(settings.load(environ={"COPYDESK_HOME": str(tmp_path)}))
    assert (engine.base_url, engine.model, engine.temperature) == (
        "http://127.0.0.1:8080/v1", "mistral-small", 0.3)
    assert engine.style_notes == {"de": "- Write Prozent.\n- No ß."}
    assert engine.availability() is None and not engine.sends_data_offsite


def test_engines_cli_reports_a_missing_key(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    result = engines_cli(monkeypatch, tmp_path, "test", "openai")
    assert result.exit_code == 1
    assert "set the OPENAI_API_KEY environment variable" in result.output


def test_engines_cli_reports_an_unreachable_server(monkeypatch, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = engines_cli(monkeypatch, tmp_path, "test", "openai",
                          config=f'openai_base_url = "http://127.0.0.1:{port}/v1"\n')
    assert result.exit_code == 1
    assert "Cannot reach the chat-completions server" in result.output


def test_engines_cli_reports_an_unsupported_pair(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    result = engines_cli(monkeypatch, tmp_path, "test", "openai", "--to", "en-US")
    assert result.exit_code == 1 and "cannot translate en->en-US" in result.output


def test_engines_list_shows_a_local_server_as_local(monkeypatch, tmp_path):
    result = engines_cli(monkeypatch, tmp_path, "list",
                         config='openai_base_url = "http://localhost:11434/v1"\n')
    [line] = [line for line in result.output.splitlines() if line.startswith("openai")]
    assert "local" in line and "off-site" not in line and "available" in line
    result = engines_cli(monkeypatch, tmp_path, "list")
    [line] = [line for line in result.output.splitlines() if line.startswith("openai")]
    assert "sends text off-site" in line
