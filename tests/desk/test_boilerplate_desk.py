"""The desk leaves the source edition's boilerplate out as it ingests an article."""

from __future__ import annotations

import dataclasses

import pytest

from copydesk.desk import sources, staff, workflow
from copydesk.desk.models import Article, Edition, SourceVersion
from copydesk.errors import ConfigError
from copydesk.ingest.text import from_text
from tests.desk.conftest import NO_CHECKS
from tests.fixtures import shared_data
from tests.ingest.test_boilerplate import SEED_RULES

pytestmark = shared_data.needs_shared_data


@pytest.fixture
def seed():
    return from_text(shared_data.SEED_ARTICLE.read_text(encoding="utf-8"))


@pytest.fixture
def english(db):
    edition, _ = staff.save_edition("en", "en", "English edition", engine="pseudo",
                                    options=NO_CHECKS)
    return edition


def test_the_source_editions_options_name_its_boilerplate(seed, editor, english):
    staff.save_edition("de", "de", "German edition", engine="pseudo",
                       options={**NO_CHECKS, **SEED_RULES})  # as 'copydesk editions add'
    ingested = sources.ingest(seed, key="https://fashionunited.de/alibaba", user=editor)
    stored = ingested.version.to_article()
    assert len(stored.blocks) == len(seed.blocks) - 2
    assert not any("FashionUnited" in b.plain for b in stored.blocks)
    translation = workflow.request_translation(ingested.article, english, user=editor)
    notes = [w for w in translation.warnings if w.startswith("Left out block")]
    assert len(notes) == 2 and all("boilerplate of German edition" in n for n in notes)
    assert not translation.segments.filter(source__contains="FashionUnited").exists()
    again = sources.ingest(seed, key="https://fashionunited.de/alibaba", user=editor)
    assert not again.created  # the same page, the same version


def test_without_a_desk_edition_the_config_files_table_counts(seed, editor, english,
                                                              settings):
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(desk, editions={"de": SEED_RULES})
    stored = sources.ingest(seed, key="https://fashionunited.de/a", user=editor).version
    assert not any("FashionUnited" in b.plain for b in stored.to_article().blocks)


def test_no_rules_keep_every_block(seed, editor, english):
    stored = sources.ingest(seed, key="https://fashionunited.de/b", user=editor).version
    assert len(stored.to_article().blocks) == len(seed.blocks)


@pytest.mark.parametrize("rules", [[{"regex": ".*"}], "FashionUnited", ["ab"], [7]])
def test_an_edition_with_a_broken_rule_is_not_saved(db, rules):
    with pytest.raises(ConfigError, match="boilerplate"):
        staff.save_edition("de", "de", "German edition", engine="pseudo",
                           options={"boilerplate": rules})
    assert not Edition.objects.filter(code="de").exists()


def test_a_broken_rule_in_the_config_file_stores_nothing(seed, editor, english, settings):
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(
        desk, editions={"de": {"boilerplate": [{"regex": ".*"}]}})
    with pytest.raises(ConfigError, match=r"\[editions.de\] in the config file"):
        sources.ingest(seed, key="https://fashionunited.de/c", user=editor)
    assert not Article.objects.exists() and not SourceVersion.objects.exists()
