"""Adding articles on the web desk: only http(s) URLs, pasted text and uploads.

A file path in any spelling is refused the same way whether the file exists
or not, no local file is ever read, and hostile uploads leave nothing behind.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from copydesk.desk import intake
from copydesk.desk.models import Article, AuditEvent, Translation, TranslationState
from copydesk.errors import InputError
from tests.desk.test_views_auth import signed_in
from tests.test_links import ATTACKS, is_dangerous

REFUSAL = ("Only web addresses starting with http:// or https:// can be added here; to add a "
           "file, upload it, or paste its text.")
BODY = "The council met on Monday and voted to extend the tram network by twelve kilometres."
SECRET = "secret-marker-7f3a"


def path_spellings(existing: Path) -> list[str]:
    """Ways to name a local file: the existing one here, and the system's."""
    name = str(existing)
    return [
        f"ftp://localhost/../../../../{name}", "ftp://localhost/../../../../etc/passwd",
        f"file://{name}", "file:///etc/passwd", "FILE:///etc/passwd", " file:///etc/passwd",
        "\u00a0file:///etc/passwd", "\u3000file:///etc/passwd", "file:/etc/passwd",
        "file:etc/passwd", f"FiLe://localhost{name}", name, "/etc/passwd", "/etc/shadow",
        "/nonexistent/x", "../../etc/passwd", "../../../../../../etc/passwd", "./story.html",
        "story.html", "etc/passwd", "~/story.html", "C:\\Windows\\win.ini", "C:/Windows/win.ini",
        "\\\\server\\share\\story.html", "data:text/plain,hello", "data:text/html;base64,PGI+",
        "gopher://localhost:70/", "ftp:", "ftp:/x", "ftp:story.html", "sftp://localhost/etc/passwd",
        "jar:file:///etc/passwd!/", "javascript:alert(1)", "mailto:desk@a.example", "http:///etc/passwd",
        "https://", "http:/etc/passwd", "ftps://localhost/x", "smb://localhost/x", "dict://x/",
        "ldap://localhost/", "netdoc:///etc/passwd", "\x00/etc/passwd", "/etc/passwd\x00.html",
    ]


@pytest.fixture
def local_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A readable article on disk, and a folder literally named ``ftp:`` in the working dir."""
    story = tmp_path / "story.html"
    story.write_text(f"<html><head><title>{SECRET}</title></head><body><article><h1>{SECRET}"
                     f"</h1><p>{BODY} {BODY}</p></article></body></html>")
    for folder in ("ftp:", "ftp:/localhost", "file:", "data:text"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / "ftp:" / "story.html").write_text(story.read_text())
    monkeypatch.chdir(tmp_path)
    return story


@pytest.fixture
def no_file_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the ingest code reads a file by name."""
    from copydesk.ingest import sources

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the desk read a local file")

    monkeypatch.setattr(sources, "_read_file", refuse)


def add(client, edition, **fields):  # type: ignore[no-untyped-def]
    return client.post(reverse("desk:add_article"), {"editions": [edition.pk], **fields})


def test_every_path_spelling_is_refused_alike_through_the_view(
        client, editor, edition, local_files, no_file_reads) -> None:  # type: ignore[no-untyped-def]
    signed_in(client, editor)
    pages = set()
    for spelling in path_spellings(local_files):
        response = add(client, edition, url=spelling)
        page = response.content.decode()
        assert response.status_code == 400, spelling
        assert SECRET not in page and "No such file" not in page and "folder" not in page
        expected = "Null characters are not allowed" if "\x00" in spelling else REFUSAL[:50]
        assert expected in page, spelling
        pages.add(page.split("<form", 1)[1].split("</form>")[0].replace(
            spelling, "").count("errorlist"))
    assert len(pages) == 1  # the same refusal for files that exist and files that do not
    assert not Article.objects.exists() and not AuditEvent.objects.exists()


def test_every_path_spelling_is_refused_alike_by_read_submission(
        db, local_files, no_file_reads) -> None:  # type: ignore[no-untyped-def]
    for spelling in path_spellings(local_files):
        if not spelling.strip("\x00 \u00a0\u3000"):
            continue
        with pytest.raises(InputError) as refused:
            intake.read_submission(intake.Submission(url=spelling))
        assert str(refused.value) == REFUSAL, spelling


def test_the_attack_list_is_long(tmp_path: Path) -> None:
    assert len(path_spellings(tmp_path)) >= 40


def test_json_upload_with_script_links_is_stored_without_them(client, editor,
                                                              edition) -> None:  # type: ignore[no-untyped-def]
    usable = [a for a in ATTACKS if "\x00" not in a]
    blocks = [{"kind": "paragraph", "text": f"{BODY} See <g1>link {n}</g1>.",
               "tags": {"1": {"kind": "link", "attrs": {"href": href}}}}
              for n, href in enumerate(usable, 1)]
    data = json.dumps({"title": "Tram plan approved", "language": "en", "blocks": blocks})
    response = add(signed_in(client, editor), edition,
                   file=SimpleUploadedFile("story.json", data.encode()))
    assert response.status_code == 302
    translation = Translation.objects.get()
    assert not is_dangerous(json.dumps(translation.source_version.content, ensure_ascii=False))
    assert any("removed the link" in w for w in translation.warnings)


HOSTILE_UPLOADS = {
    "NUL in title": '{"title": "T\\u0000", "blocks": [{"kind": "paragraph", "text": "x"}]}',
    "NUL in text": '{"title": "T", "blocks": [{"kind": "paragraph", "text": "x\\u0000"}]}',
    "lone surrogate": '{"title": "T\\ud800", "blocks": [{"kind": "paragraph", "text": "x"}]}',
    "NaN": '{"title": "T", "blocks": [], "metadata": {"x": NaN}}',
    "huge integer": '{"title": "T", "blocks": [], "metadata": {"x": ' + "9" * 5000 + "}}",
    "deep nesting": "[" * 50_000 + "]" * 50_000,
    "duplicate tag": '{"title": "T", "blocks": [{"kind": "paragraph", "text": '
                     '"<g1>a</g1><g1>b</g1>", "tags": {"1": {"kind": "bold"}}}]}',
}


@pytest.mark.parametrize("data", HOSTILE_UPLOADS.values(), ids=HOSTILE_UPLOADS.keys())
def test_hostile_json_uploads_are_refused_and_leave_nothing(client, editor, edition,
                                                            data: str) -> None:  # type: ignore[no-untyped-def]
    response = add(signed_in(client, editor), edition,
                   file=SimpleUploadedFile("story.json", data.encode()))
    assert response.status_code == 400
    assert not Article.objects.exists() and not AuditEvent.objects.exists()


def test_pasted_text_with_nul_is_refused_and_other_controls_removed(
        client, editor, edition) -> None:  # type: ignore[no-untyped-def]
    signed_in(client, editor)
    refused = add(client, edition, text=f"Tram\x00 plan approved\n\n{BODY}")
    assert refused.status_code == 400 and not Article.objects.exists()
    add(client, edition, text=f"Tram\x01 plan\x7f approved\x1b\n\n{BODY}\x08\x0b")
    content = json.dumps(Translation.objects.get().source_version.content)
    assert not any(f"\\u00{c:02x}" in content for c in [1, 8, 0x0B, 0x1B, 0x7F])


@pytest.mark.parametrize("title", ["About <g1> tags", "Closing </g2> here", "<g1>a</g1><g1>b</g1>",
                                   "A <x3/> break"])
def test_a_title_with_literal_tag_markup_is_translated(client, editor, edition,
                                                       title: str) -> None:  # type: ignore[no-untyped-def]
    add(signed_in(client, editor), edition, text=f"{title}\n\n{BODY}")
    translation = Translation.objects.get()
    assert translation.state == TranslationState.IN_REVIEW
    assert translation.source_version.content["title"] == title
