"""Readers answer back: the disclosure's feedback channel, the public report form, and how
editors handle what readers file (filing, spam and abuse defences, roles, corrections)."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import time
import unicodedata
from datetime import timedelta
from typing import Any

import lxml.html
import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from copydesk import settings as copydesk_settings
from copydesk.desk import audit, publishing, reader_reports, report_handling, workflow
from copydesk.desk.models import (
    AuditEvent,
    Edition,
    Publication,
    ReaderReport,
    ReportChannel,
    ReportSlot,
    ReportState,
    TranslationState,
)
from copydesk.errors import ConfigError, PermissionDeniedError, WorkflowError
from copydesk.publish import FORMATS, render
from copydesk.publish.disclosure import FEEDBACK_EMAIL_WORDING, FEEDBACK_FORM_WORDING
from tests.desk.conftest import NO_CHECKS, confirm_all
from tests.desk.test_views_auth import signed_in
from tests.publish.drafts import build_draft

PUBLIC_URL = "https://desk.example.org/"
FORM = {**NO_CHECKS, "feedback": "form", "public_url": PUBLIC_URL}
READER = "203.0.113.7"
TEXT = "Der Betrag ist falsch: 3,5 Millionen, nicht 35 Millionen."
LANGUAGES = tuple(FEEDBACK_EMAIL_WORDING)


# ---- helpers ---------------------------------------------------------------------------

@pytest.fixture
def published(approved: Any, publisher: Any, edition: Edition) -> Publication:
    """The story published in an edition whose feedback channel is the report form."""
    Edition.objects.filter(pk=edition.pk).update(options=FORM)
    return publishing.publish_translation(approved, user=publisher)


def public_id(publication: Publication) -> str:
    return ReportChannel.objects.get(publication=publication).public_id


def token(pid: str, age: float = 10) -> str:
    return reader_reports.issue_token(pid, at=time.time() - age)


def form_url(pid: str) -> str:
    return reverse("desk:report_form", args=[pid])


def post(client: Client, pid: str, address: str = READER, **fields: str) -> Any:
    data = {"kind": "translation", "text": TEXT, "contact": "", "website": "",
            "token": token(pid), **fields}
    return client.post(form_url(pid), data, REMOTE_ADDR=address)


def file(publication: Publication, text: str = TEXT, address: str = READER) -> ReaderReport:
    pid = public_id(publication)
    return reader_reports.file_report(pid, reader_reports.Submission(
        kind="factual", text=text, contact="", token=token(pid)), address=address)


def kinds(publication: Publication) -> list[str]:
    return list(AuditEvent.objects.filter(article_id=publication.translation.article_id)
                .order_by("seq").values_list("kind", flat=True))


def settings_with(language: str, table: dict[str, Any]) -> copydesk_settings.Settings:
    loaded = copydesk_settings.load(options={"home": "/nonexistent"}, environ={})
    return dataclasses.replace(loaded, editions={language: table})


# ---- the disclosure's channel, in every output and language ----------------------------

def _feedback_span(output: str, fmt: str) -> lxml.html.HtmlElement:
    if fmt == "fragment":
        root = lxml.html.fragment_fromstring(output, create_parent="div")
    else:
        root = lxml.html.document_fromstring(output)
    disclosure = root.xpath("//p[@class='copydesk-disclosure']")[-1]
    [span] = disclosure.xpath("span[@class='copydesk-feedback']")
    return span


def _expected(language: str, kind: str, address: str) -> tuple[str, str]:
    if kind == "email":
        return FEEDBACK_EMAIL_WORDING[language].format(email=address), f"mailto:{address}"
    template, label = FEEDBACK_FORM_WORDING[language]
    return template.format(form=label), address


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["email", "form"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_output_ends_its_disclosure_with_the_channel_in_the_edition_language(
        language: str, kind: str, fmt: str) -> None:
    address = "leserdienst@example.de" if kind == "email" else f"{PUBLIC_URL}report/abc/"
    table = ({"feedback_email": address} if kind == "email"
             else {"feedback": "form", "public_url": PUBLIC_URL})
    output = render(build_draft(target_language=language), fmt,
                    settings=settings_with(language, table),
                    report_url=address if kind == "form" else None)
    sentence, href = _expected(language, kind, address)
    if fmt in ("html", "fragment"):
        span = _feedback_span(output, fmt)
        assert " ".join(span.text_content().split()) == sentence
        assert span.xpath("a/@href") == [href] and span.get("lang") is None
    elif fmt == "json":
        feedback = json.loads(output)["disclosure"]["feedback"]
        assert feedback == {"kind": kind, "text": sentence, "language": language,
                            "email": address if kind == "email" else None,
                            "url": address if kind == "form" else None}
    elif fmt in ("ninjs", "ninjs1"):
        item = json.loads(output)
        note = (next(d["value"] for d in item["descriptions"] if d["role"] == "disclosure")
                if fmt == "ninjs" else item["description_disclosure"])
        assert note.endswith(f" {sentence}")
        body = item["bodies"][0]["value"] if fmt == "ninjs" else item["body_html"]
        assert f'href="{href}"' in body
    else:
        front, body = output.split("\n---\n", 1)
        assert f"(<{href}>)" in body.strip().splitlines()[-1]
        assert f"text: {sentence}" in front


def test_the_seed_articles_german_channel_sentence() -> None:
    output = render(build_draft(), "html", settings=settings_with(
        "de", {"feedback_email": "leserdienst@example.de"}))
    assert ("Bei Fragen oder Anmerkungen wenden Sie sich bitte per E-Mail an "
            '<a href="mailto:leserdienst@example.de">leserdienst@example.de</a>.') in output


def test_a_language_without_wording_gets_the_english_sentence_marked_as_english() -> None:
    table = {"disclosure_unreviewed": "Traduzido automaticamente.",
             "feedback_email": "leitores@example.pt"}
    output = render(build_draft(target_language="pt"), "html",
                    settings=settings_with("pt", table))
    span = _feedback_span(output, "html")
    assert span.get("lang") == "en" and span.text_content().startswith("If you have questions")


def test_no_channel_without_an_option_nor_on_a_pseudo_translation_nor_a_formless_draft() -> None:
    plain = json.loads(render(build_draft(), "json"))
    assert plain["disclosure"]["feedback"] is None
    pseudo = render(build_draft(engine="pseudo"), "html", settings=settings_with(
        "de", {"feedback_email": "leserdienst@example.de"}))
    assert "copydesk-feedback" not in pseudo
    formless = render(build_draft(), "md", settings=settings_with("de", FORM))
    assert "feedback: null" in formless


@pytest.mark.parametrize("table", [
    {"feedback": "email"},
    {"feedback_email": "leser@example.de\"><script>alert(1)</script>"},
    {"feedback_email": "j\u043ehn@example.org"},  # a Cyrillic o
    {"feedback_email": "javascript:alert(1)//@example.org"},
    {"feedback_email": "a..b@example.org"},
    {"feedback_email": "leser@exämple.de"},
    {"feedback": "phone"},
])
def test_an_unusable_channel_setting_is_a_config_error(table: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match="feedback"):
        render(build_draft(), "html", settings=settings_with("de", table))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://desk.example.org/?x=1",
                                 "ftp://desk.example.org/", "//desk.example.org/", ""])
def test_a_form_channel_needs_a_web_address_and_publishing_without_one_changes_nothing(
        approved: Any, publisher: Any, edition: Edition, url: str) -> None:
    Edition.objects.filter(pk=edition.pk).update(options={**FORM, "public_url": url})
    with pytest.raises(ConfigError, match="public_url"):
        publishing.publish_translation(approved, user=publisher)
    approved.refresh_from_db()
    assert approved.state == TranslationState.APPROVED
    assert not Publication.objects.exists() and not ReportChannel.objects.exists()


def test_every_published_output_links_to_the_publications_own_form(published: Publication,
                                                                   client: Client) -> None:
    pid = public_id(published)
    assert reader_reports.PUBLIC_ID.fullmatch(pid) and not pid.isdigit() and len(pid) >= 16
    url = f"{PUBLIC_URL}report/{pid}/"
    for fmt in FORMATS:
        assert url in published.outputs[fmt], fmt
    assert json.loads(published.outputs["json"])["disclosure"]["feedback"]["url"] == url
    assert client.get(form_url(pid)).status_code == 200
    assert client.get(f"/report/{published.pk}/").status_code == 404


def test_an_email_channel_publishes_the_address_and_opens_no_form(
        approved: Any, publisher: Any, edition: Edition) -> None:
    Edition.objects.filter(pk=edition.pk).update(
        options={**NO_CHECKS, "feedback_email": "leserdienst@example.de"})
    publication = publishing.publish_translation(approved, user=publisher)
    assert all("leserdienst@example.de" in publication.outputs[fmt] for fmt in FORMATS)
    assert not ReportChannel.objects.exists()


# ---- the public form ------------------------------------------------------------------

def test_a_reader_files_a_report_without_an_account_through_the_csrf_check(
        published: Publication) -> None:
    reader = Client(enforce_csrf_checks=True)
    pid = public_id(published)
    page = reader.get(form_url(pid))
    text = page.content.decode()
    assert page.status_code == 200 and '<html lang="de">' in text
    assert "Hinweis an die Redaktion" in text and "csrftoken" in page.cookies
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|token)" value="([^"]+)"', text))
    data = {"kind": "factual", "text": TEXT, "contact": "leser@example.org", "website": "",
            "token": token(pid)}
    assert reader.post(form_url(pid), data, REMOTE_ADDR=READER).status_code == 403  # no CSRF
    sent = reader.post(form_url(pid), {**data, "csrfmiddlewaretoken":
                                       fields["csrfmiddlewaretoken"]}, REMOTE_ADDR=READER)
    assert sent.status_code == 302 and sent["Location"] == reverse("desk:report_sent",
                                                                   args=[pid])
    report = ReaderReport.objects.get()
    assert (report.kind, report.text, report.contact, report.state) == (
        "factual", TEXT, "leser@example.org", ReportState.OPEN)
    assert report.publication == published and report.translation_id == published.translation_id
    thanks = reader.get(sent["Location"]).content.decode()
    assert "Vielen Dank" in thanks


def test_the_reader_sees_no_names_logins_or_desk_numbers(published: Publication, editor: Any,
                                                         publisher: Any,
                                                         client: Client) -> None:
    pid = public_id(published)
    pages = [client.get(form_url(pid)), post(client, pid, text="x"),
             client.get(reverse("desk:report_sent", args=[pid]))]
    for page in pages:
        text = page.content.decode().lower()
        for who in (editor, publisher):
            assert who.get_username() not in text and who.get_full_name().lower() not in text
        assert "/translations/" not in text and "/publications/" not in text


def test_filing_is_in_the_audit_trail_without_the_readers_address(published: Publication,
                                                                  client: Client) -> None:
    post(client, public_id(published), contact="leser@example.org")
    event = AuditEvent.objects.get(kind=reader_reports.FILED)
    report = ReaderReport.objects.get()
    assert event.actor == "system" and event.payload["by"] == "reader"
    assert event.payload["report"] == report.pk and event.payload["contact_given"] is True
    dumped = json.dumps(event.payload)
    assert READER not in dumped and "leser@example.org" not in dumped
    assert audit.verify(published.translation.article).problems == []
    assert ReportSlot.objects.get().address != READER


@pytest.mark.parametrize("language, title, lang", [("fr", "Signaler à la rédaction", "fr"),
                                                   ("it", "Segnalazione alla redazione", "it"),
                                                   ("de-CH", "Hinweis an die Redaktion", "de"),
                                                   ("pt", "Tell our editors", "en")])
def test_the_form_speaks_the_editions_language(published: Publication, client: Client,
                                               language: str, title: str, lang: str) -> None:
    Edition.objects.filter(pk=published.translation.edition_id).update(language=language)
    page = client.get(form_url(public_id(published))).content.decode()
    assert title in page and f'<html lang="{lang}">' in page


def test_unknown_addresses_are_not_found(client: Client, published: Publication) -> None:
    for pid in ("nothing-here-at-all", "1", "%3Cscript%3E", "a" * 200):
        assert client.get(f"/report/{pid}/").status_code == 404
    assert client.get("/report/nothing-here-at-all/sent/").status_code == 404


# ---- spam defences --------------------------------------------------------------------

def test_the_honeypot_refuses_and_stores_nothing(published: Publication,
                                                 client: Client) -> None:
    refused = post(client, public_id(published), website="https://spam.example/")
    assert refused.status_code == 400
    assert "Dieses Feld bitte leer lassen" in refused.content.decode()
    assert not ReaderReport.objects.exists() and not ReportSlot.objects.exists()


def test_a_submission_right_after_the_form_opened_is_refused(published: Publication,
                                                             client: Client) -> None:
    pid = public_id(published)
    refused = post(client, pid, token=token(pid, age=0.5))
    assert refused.status_code == 400 and "Das ging sehr schnell" in refused.content.decode()
    assert not ReaderReport.objects.exists()


def test_token_age_limits_at_the_edges() -> None:
    issued = float(int(time.time()))  # tokens count whole seconds
    fresh = reader_reports.issue_token("p" * 22, at=issued)
    reasons = {}
    for label, now in (("early", issued + reader_reports.MIN_SECONDS - 0.5),
                       ("ok", issued + reader_reports.MIN_SECONDS + 1),
                       ("late", issued + reader_reports.MAX_AGE_SECONDS + 2),
                       ("future", issued - 60)):
        try:
            reader_reports.check_token(fresh, "p" * 22, now=now)
            reasons[label] = "ok"
        except reader_reports.ReportRefused as refused:
            reasons[label] = refused.reason
    assert reasons == {"early": "too_fast", "ok": "ok", "late": "expired", "future": "token"}


def test_an_old_form_is_refused_and_answered_with_a_new_token(published: Publication,
                                                              client: Client) -> None:
    pid = public_id(published)
    old = token(pid, age=reader_reports.MAX_AGE_SECONDS + 60)
    refused = post(client, pid, token=old)
    assert refused.status_code == 400 and "zu lange geöffnet" in refused.content.decode()
    assert old not in refused.content.decode() and "name=\"token\"" in refused.content.decode()


def _forgeries(pid: str, other: str) -> dict[str, str]:
    good = token(pid)
    value, _, signature = good.rpartition(":")
    _, nonce, issued = value.split(".")
    return {
        "tampered signature": f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        "changed time": f"{pid}.{nonce}.{int(issued) - 3600}:{signature}",
        "another form's": token(other),
        "other salt": signing.Signer(salt="elsewhere").sign(f"{pid}.{nonce}.{issued}"),
        "unsigned": f"{pid}.{nonce}.{issued}",
        "unicode digits": signing.Signer(salt=reader_reports.TOKEN_SALT).sign(
            f"{pid}.{nonce}.١٧٠٠٠٠٠٠٠٠"),
        "empty": "",
        "huge": "x" * 100_000,
    }


def test_forged_tokens_are_refused(published: Publication, client: Client) -> None:
    pid = public_id(published)
    for name, forged in _forgeries(pid, "q" * 22).items():
        refused = post(client, pid, token=forged)
        assert refused.status_code == 400, name
        assert "nicht mehr gültig" in refused.content.decode(), name
    assert not ReaderReport.objects.exists()


def test_a_replayed_form_files_once(published: Publication, client: Client) -> None:
    pid = public_id(published)
    once = token(pid)
    assert post(client, pid, token=once).status_code == 302
    again = post(client, pid, token=once, address="198.51.100.9")
    assert again.status_code == 400 and "bereits gesendet" in again.content.decode()
    assert ReaderReport.objects.count() == 1 and ReportSlot.objects.count() == 1


# ---- rate limits ----------------------------------------------------------------------

def test_an_address_is_limited_across_publications(published: Publication, client: Client,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_reports, "PER_ADDRESS", 2)
    pid = public_id(published)
    assert [post(client, pid).status_code for _ in range(2)] == [302, 302]
    limited = post(client, pid)
    assert limited.status_code == 429 and 0 < int(limited["Retry-After"]) <= 3601
    assert "in der letzten Stunde" in limited.content.decode()
    assert post(client, pid, address="198.51.100.9").status_code == 302
    assert ReaderReport.objects.count() == 3


def test_an_ipv6_network_counts_as_one_address(published: Publication, client: Client,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_reports, "PER_ADDRESS", 1)
    pid = public_id(published)
    assert post(client, pid, address="2001:db8:1:2::1").status_code == 302
    assert post(client, pid, address="2001:db8:1:2:ffff::9").status_code == 429
    assert post(client, pid, address="2001:db8:1:3::1").status_code == 302


def test_a_publication_is_limited_across_addresses(published: Publication, client: Client,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_reports, "PER_PUBLICATION", 3)
    pid = public_id(published)
    codes = [post(client, pid, address=f"198.51.100.{n}").status_code for n in range(1, 6)]
    assert codes == [302, 302, 302, 429, 429]
    assert "viele Hinweise zu diesem Artikel" in post(
        client, pid, address="192.0.2.1").content.decode()


def test_slots_older_than_the_window_are_forgotten(published: Publication, client: Client,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_reports, "PER_ADDRESS", 1)
    pid = public_id(published)
    assert post(client, pid).status_code == 302
    ReportSlot.objects.update(taken_at=timezone.now() - reader_reports.WINDOW
                              - timedelta(seconds=1))
    assert post(client, pid).status_code == 302
    assert ReportSlot.objects.count() == 1  # the old one is gone


# ---- what a report may contain ----------------------------------------------------------

ATTACKS = {
    "script": "<script>alert(1)</script> Der Titel ist falsch.",
    "image": '<img src=x onerror="alert(1)"> Fehler im Text',
    "javascript link": "Siehe javascript:alert(document.cookie) und [hier](javascript:alert(1))",
    "fullwidth tags": "＜script＞alert(1)＜/script＞ Fehler",
    "entity": "&lt;script&gt;alert(1)&lt;/script&gt; Fehler",
    "attribute break": "\" onmouseover=\"alert(1)\" ' Fehler im Satz",
}


@pytest.mark.parametrize("name", ATTACKS)
def test_markup_in_a_report_is_plain_text_everywhere_it_is_shown(
        published: Publication, client: Client, editor: Any, name: str) -> None:
    attack = ATTACKS[name]
    assert post(client, public_id(published), text=attack).status_code == 302
    assert ReaderReport.objects.get().text == attack
    signed_in(client, editor)
    review = client.get(reverse("desk:review", args=[published.translation_id]))
    pages = [client.get(reverse("desk:inbox")).content.decode(), review.content.decode()]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert 'href="javascript:' not in page and 'onmouseover="alert' not in page
        assert html.escape(attack[:20], quote=True) in page or html.escape(attack[:20]) in page


def test_a_refused_form_shows_what_was_typed_escaped(published: Publication,
                                                     client: Client) -> None:
    refused = post(client, public_id(published), text=ATTACKS["script"],
                   contact='"><script>alert(2)</script>')
    page = refused.content.decode()
    assert refused.status_code == 400 and "E-Mail-Adresse ist nicht verwendbar" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


def test_text_is_normalised_and_stripped_of_controls_and_overrides(published: Publication,
                                                                   client: Client) -> None:
    typed = "Fehle\u0301r\x00 im\r\nText\u202e gespiegelt\u2066\x07\x1b[31m\U000f0000 rot"
    assert post(client, public_id(published), text=typed).status_code == 302
    stored = ReaderReport.objects.get().text
    assert stored == "Fehlér im\nText gespiegelt[31m rot"
    assert unicodedata.is_normalized("NFC", stored)
    assert reader_reports.report_text("Lone \ud800 surrogate text") == "Lone  surrogate text"


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b\u200b", "!!!???", "\x00\x00ab",
                                  "\u115f\u1160"])
def test_a_report_without_words_is_refused(published: Publication, client: Client,
                                           text: str) -> None:
    refused = post(client, public_id(published), text=text)
    assert refused.status_code == 400 and "in einigen Worten" in refused.content.decode()
    assert not ReaderReport.objects.exists()


def test_the_length_limit(published: Publication, client: Client) -> None:
    pid = public_id(published)
    limit = reader_reports.MAX_TEXT_CHARS
    long = post(client, pid, text="a" * (limit + 1))
    assert long.status_code == 400 and f"länger als {limit}" in long.content.decode()
    assert post(client, pid, text="ä" * limit).status_code == 302
    huge = client.post(form_url(pid), {"kind": "other", "text": "a" * 3_000_000,
                                       "token": token(pid)}, REMOTE_ADDR=READER)
    assert huge.status_code == 400
    assert ReaderReport.objects.count() == 1


@pytest.mark.parametrize("contact", ["leser", "leser@", "@example.org", "le ser@example.org",
                                     "l\u0435ser@example.org",  # Cyrillic e
                                     "leser@example.org\n\nBcc: all@example.org",
                                     "javascript:alert(1)", "\"<b>\"@example.org",
                                     "a" * 250 + "@example.org", "leser@exa_mple.org"])
def test_a_contact_must_be_a_plain_email_address(published: Publication, client: Client,
                                                 contact: str) -> None:
    refused = post(client, public_id(published), contact=contact)
    assert refused.status_code == 400, contact
    assert not ReaderReport.objects.exists()


@pytest.mark.parametrize("kind", ["", "spam", "translation\x00", "TRANSLATION"])
def test_the_kind_is_one_of_three(published: Publication, client: Client, kind: str) -> None:
    assert post(client, public_id(published), kind=kind).status_code == 400


def test_a_withdrawn_article_takes_no_reports(published: Publication, publisher: Any,
                                              client: Client) -> None:
    workflow.withdraw(published.translation, user=publisher, reason="Die Quelle war falsch.")
    pid = public_id(published)
    assert "nimmt keine Hinweise mehr an" in client.get(form_url(pid)).content.decode()
    refused = post(client, pid)
    assert refused.status_code == 400 and not ReaderReport.objects.exists()


# ---- editors handle reports ------------------------------------------------------------

def test_open_reports_show_in_the_inbox_and_on_the_review_screen(
        published: Publication, client: Client, editor: Any) -> None:
    report = file(published)
    signed_in(client, editor)
    inbox = client.get(reverse("desk:inbox")).content.decode()
    assert "Reader reports" in inbox and f'id="inbox-report-{report.pk}"' in inbox
    assert html.escape(TEXT) in inbox
    review = client.get(reverse("desk:review", args=[published.translation_id])).content.decode()
    assert f'id="reader-report-{report.pk}"' in review and "Open a correction" in review
    assert reverse("desk:report_dismiss", args=[report.pk]) in review


def test_an_editor_answers_by_opening_a_correction_with_the_report_as_reason(
        published: Publication, client: Client, editor: Any, publisher: Any) -> None:
    report = file(published, text="Der Betrag   ist\nfalsch übersetzt.")
    answered = signed_in(client, editor).post(reverse("desk:report_answer", args=[report.pk]),
                                              {"reason": ""})
    assert answered.status_code == 302 and answered["Location"].endswith("#reader-reports")
    report.refresh_from_db()
    translation = published.translation
    translation.refresh_from_db()
    opened = AuditEvent.objects.get(kind="correction_opened")
    assert translation.state == TranslationState.IN_REVIEW
    assert opened.payload["reason"] == "Der Betrag ist falsch übersetzt."
    assert (report.state, report.correction, report.handled_by) == (
        ReportState.ANSWERED, opened, editor)
    event = AuditEvent.objects.get(kind=reader_reports.ANSWERED)
    assert event.actor == f"user:{editor.username}" and event.payload["correction"] == opened.seq
    second = file(published, text="Auch die Überschrift stimmt nicht.", address="192.0.2.4")
    joined = report_handling.answer_with_correction(second.pk, user=editor)
    assert joined.correction == opened and AuditEvent.objects.filter(
        kind="correction_opened").count() == 1
    confirm_all(translation, editor)
    corrected = publishing.publish_translation(
        workflow.approve(translation, user=editor), user=publisher)
    assert "Der Betrag ist falsch übersetzt." in corrected.outputs["html"]
    assert public_id(corrected) != public_id(published)


def test_an_editor_may_write_the_corrections_reason(published: Publication,
                                                    editor: Any) -> None:
    report = file(published)
    report_handling.answer_with_correction(report.pk, user=editor,
                                           reason="Betrag im zweiten Absatz berichtigt.")
    assert AuditEvent.objects.get(kind="correction_opened").payload["reason"] == (
        "Betrag im zweiten Absatz berichtigt.")


def test_dismissing_needs_a_written_reason(published: Publication, client: Client,
                                           editor: Any) -> None:
    report = file(published)
    signed_in(client, editor)
    client.post(reverse("desk:report_dismiss", args=[report.pk]), {"reason": " \u200b "})
    report.refresh_from_db()
    assert report.state == ReportState.OPEN
    page = client.get(reverse("desk:review", args=[published.translation_id])).content.decode()
    assert "Give a written reason for dismissing a reader report" in page
    client.post(reverse("desk:report_dismiss", args=[report.pk]),
                {"reason": "Die Zahl stimmt laut Quelle."})
    report.refresh_from_db()
    assert (report.state, report.resolution) == (ReportState.DISMISSED,
                                                 "Die Zahl stimmt laut Quelle.")
    event = AuditEvent.objects.get(kind=reader_reports.DISMISSED)
    assert event.payload["reason"] == "Die Zahl stimmt laut Quelle."
    with pytest.raises(WorkflowError, match="already dismissed"):
        report_handling.dismiss(report.pk, user=editor, reason="Noch einmal abgelehnt.")
    with pytest.raises(WorkflowError, match="already dismissed"):
        report_handling.answer_with_correction(report.pk, user=editor)
    assert kinds(published).count(reader_reports.DISMISSED) == 1


def test_a_publisher_dismisses_but_only_an_editor_opens_a_correction(
        published: Publication, client: Client, publisher: Any) -> None:
    report = file(published)
    signed_in(client, publisher)
    review = client.get(reverse("desk:review", args=[published.translation_id])).content.decode()
    assert "as a publisher you can dismiss it" in review and "Open a correction" not in review
    client.post(reverse("desk:report_answer", args=[report.pk]), {"reason": ""})
    report.refresh_from_db()
    assert report.state == ReportState.OPEN
    assert not AuditEvent.objects.filter(kind="correction_opened").exists()
    report_handling.dismiss(report.pk, user=publisher, reason="Keine Korrektur nötig.")
    report.refresh_from_db()
    assert report.state == ReportState.DISMISSED


def test_people_without_a_desk_role_get_an_explanatory_403(
        published: Publication, client: Client, make_user: Any) -> None:
    report = file(published)
    nobody = make_user("nora")
    signed_in(client, nobody)
    for name in ("desk:report_answer", "desk:report_dismiss"):
        refused = client.post(reverse(name, args=[report.pk]), {"reason": "Weil ich es sage."})
        assert refused.status_code == 403
        assert "needs the &#x27;editor&#x27; or &#x27;publisher&#x27; role" in (
            refused.content.decode())
    with pytest.raises(PermissionDeniedError, match="'editor' or 'publisher'"):
        report_handling.dismiss(report.pk, user=nobody, reason="Weil ich es sage.")
    report.refresh_from_db()
    assert report.state == ReportState.OPEN


def test_an_anonymous_reader_cannot_handle_reports(published: Publication,
                                                   client: Client) -> None:
    report = file(published)
    answer = client.post(reverse("desk:report_dismiss", args=[report.pk]),
                         {"reason": "Erledigt, danke."})
    assert answer.status_code == 302 and "/login/" in answer["Location"]
    report.refresh_from_db()
    assert report.state == ReportState.OPEN


def test_a_report_cannot_be_answered_while_an_update_is_in_review(
        published: Publication, editor: Any) -> None:
    report = file(published)
    translation = published.translation
    type(translation).objects.filter(pk=translation.pk).update(state=TranslationState.IN_REVIEW)
    with pytest.raises(WorkflowError, match="no correction is open"):
        report_handling.answer_with_correction(report.pk, user=editor)
    report.refresh_from_db()
    assert report.state == ReportState.OPEN


def test_the_trail_holds_every_report_and_its_handling(published: Publication,
                                                       editor: Any) -> None:
    first, second = file(published), file(published, address="192.0.2.8")
    report_handling.dismiss(first.pk, user=editor, reason="Schon korrigiert worden.")
    report_handling.answer_with_correction(second.pk, user=editor)
    trail = kinds(published)
    assert trail.count(reader_reports.FILED) == 2
    assert trail[-3:] == [reader_reports.DISMISSED, "correction_opened", reader_reports.ANSWERED]
    assert audit.verify(published.translation.article).problems == []


# ---- concurrent submissions against a served desk ------------------------------------

SHELL_EXTRA = '''
def publish_with_form(public_url):
    """An article in an edition with the report form, reviewed and published; its form id."""
    from copydesk.desk.models import ReportChannel
    add_people({"erika": ["editor"], "paula": ["publisher"]})
    add_edition("de", "de", "pseudo", {"checks": {"enabled": []}, "feedback": "form",
                                       "public_url": public_url})
    made = add_translations("de", {"https://example.org/bridge": {
        "title": "Council approves bridge", "language": "en",
        "blocks": [{"kind": "paragraph", "text": "Work starts in May."}]}}, "erika")
    tid = made["https://example.org/bridge"]
    keys = [s["key"] for s in snapshot(tid)["segments"] if s["active"]]
    review(tid, {key: f"Redigiert {key}" for key in keys}, editor="erika", approve=True,
           publisher="paula")
    return ReportChannel.objects.get(publication__translation_id=tid).public_id


def report_rows():
    from copydesk.desk.models import AuditEvent, ReaderReport, ReportSlot
    return {"reports": ReaderReport.objects.count(), "slots": ReportSlot.objects.count(),
            "filed": AuditEvent.objects.filter(kind="reader_report_filed").count()}
'''
SENDERS = 12
FIELD = re.compile(r'name="(csrfmiddlewaretoken|token)" value="([^"]+)"')


@pytest.mark.slow
@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_parallel_submissions_to_several_server_processes_keep_the_limit(
        tmp_path: Any, database: str) -> None:
    import contextlib
    import threading
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    import httpx

    from tests.fixtures import served_desk

    records = (Path(__file__).resolve().parents[1] / "fixtures" / "desk_records.py").read_text()
    database_url = (contextlib.nullcontext() if database == "sqlite"
                    else served_desk.fresh_postgres_database("copydesk_reports_"))
    with database_url as url, served_desk.serve(tmp_path, database_url=url) as desk, \
            served_desk.DeskShell(desk, records + SHELL_EXTRA, tasks_at_once=True) as shell:
        pid = shell.call("publish_with_form", public_url=desk.url)
        address = f"{desk.url}report/{pid}/"
        clients = [httpx.Client(timeout=60) for _ in range(SENDERS)]
        forms = [dict(FIELD.findall(c.get(address).text)) for c in clients]
        time.sleep(reader_reports.MIN_SECONDS + 0.5)
        start = threading.Barrier(SENDERS)

        def send(n: int) -> int:
            start.wait()
            data = {**forms[n], "kind": "other", "text": f"Meldung Nummer {n} zum Text.",
                    "website": ""}
            return clients[n].post(address, data=data, headers={"Referer": address}).status_code

        with ThreadPoolExecutor(SENDERS) as pool:
            codes = sorted(pool.map(send, range(SENDERS)))
        for client in clients:
            client.close()
        rows = shell.call("report_rows")
    accepted = reader_reports.PER_ADDRESS
    assert codes == [302] * accepted + [429] * (SENDERS - accepted), desk.log_tail()
    assert rows == {"reports": accepted, "slots": accepted, "filed": accepted}
