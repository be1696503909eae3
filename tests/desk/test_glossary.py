"""An edition's glossary reaches the machine draft and the checks on every save."""

from __future__ import annotations

import pytest

from copydesk.desk import revisions, sources, workflow
from copydesk.desk.models import Edition
from tests.desk.conftest import story


@pytest.fixture
def glossary_edition(db, tmp_path):
    terms = tmp_path / "terms.csv"
    terms.write_text("source,target,type\nAlibaba,Alibaba,dnt\nbridge,Brücke,preferred\n")
    return Edition.objects.create(code="de", name="German edition", language="de",
                                  engine="pseudo", options={
                                      "glossary": str(terms),
                                      "checks": {"enabled": ["glossary"]}})


def test_a_save_that_breaks_a_glossary_term_is_flagged(editor, glossary_edition):
    article = story(blocks=[{"kind": "paragraph", "text": "Alibaba denied the report."}])
    ingested = sources.ingest(article, key="https://example.org/alibaba", user=editor)
    translation = workflow.request_translation(ingested.article, glossary_edition, user=editor)
    segment = translation.segments.get(key="b1.s1")
    assert not any(i["check"] == "glossary" for i in segment.issues)
    saved = revisions.save_segment(segment.pk, "Ali Baba dementierte den Bericht.",
                                   base_version=segment.version, user=editor)
    assert [i["check"] for i in saved.issues] == ["glossary"]
    assert "Alibaba" in saved.issues[0]["message"]


def test_a_missing_glossary_file_fails_the_translation_with_a_clear_message(editor, db,
                                                                             tmp_path):
    edition = Edition.objects.create(code="fr", name="French edition", language="fr",
                                     engine="pseudo",
                                     options={"glossary": str(tmp_path / "gone.csv")})
    ingested = sources.ingest(story(), key="https://example.org/gone", user=editor)
    translation = workflow.request_translation(ingested.article, edition, user=editor)
    translation.refresh_from_db()
    assert translation.state == "failed"
    assert "gone.csv not found" in translation.error
