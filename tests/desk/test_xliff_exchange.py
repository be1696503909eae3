"""A translation out as XLIFF and back as editor revisions, under the review screen's rules."""

from __future__ import annotations

import re

import pytest

from copydesk.desk import audit, revisions, sources, workflow, xliff_exchange
from copydesk.desk.models import AuditEvent, Revision, Segment
from copydesk.errors import InputError, PermissionDeniedError, WorkflowError
from tests.desk.conftest import confirm_all, requires_postgres, story

TAGGED = {"kind": "paragraph", "text": "The <g1>ministry</g1> paid<x2/> at once.",
          "tags": {"1": {"kind": "bold"}, "2": {"kind": "break"}}}


@pytest.fixture
def tagged(editor, edition):
    added = sources.ingest(story(blocks=[TAGGED]), key="https://example.org/tags", user=editor)
    return workflow.request_translation(added.article, edition, user=editor)


def segment_of(translation, key):
    return translation.segments.get(key=key, active=True)


def exported(translation, version="2.0"):
    return xliff_exchange.export(translation.pk, version)[1].decode("utf-8")


def with_target(data, key, text):
    """The file with the target of unit ``key`` replaced by ``text`` (XML already escaped)."""
    pattern = re.compile(rf'(<(?:unit|trans-unit) id="{re.escape(key)}".*?<target[^>]*>)(.*?)'
                         r"(</target>)", re.S)
    changed, count = pattern.subn(lambda m: m.group(1) + text + m.group(3), data, count=1)
    assert count == 1, key
    return changed


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_exporting_and_importing_unchanged_changes_nothing(translation, editor, version):
    before = Revision.objects.count()
    report = xliff_exchange.import_file(translation.pk, exported(translation, version).encode(),
                                        user=editor)
    assert report.changed == [] and report.conflicted == [] and report.refused == []
    assert len(report.unchanged) == translation.segments.filter(active=True).count()
    assert Revision.objects.count() == before
    assert AuditEvent.objects.filter(kind="xliff_imported").count() == 1


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_a_translated_target_comes_back_as_the_editors_revision_with_its_tags(
        tagged, editor, version):
    segment = segment_of(tagged, "b1.s1")
    code = ('Das <pc id="1" type="fmt" subType="xlf:b">Ministerium</pc> zahlte<ph id="2"/>.'
            if version == "2.0" else 'Das <g id="1">Ministerium</g> zahlte<x id="2"/>.')
    data = with_target(exported(tagged, version), "b1.s1", code)
    report = xliff_exchange.import_file(tagged.pk, data.encode(), user=editor)
    assert report.changed == ["b1.s1"]
    segment.refresh_from_db()
    assert segment.target == "Das <g1>Ministerium</g1> zahlte<x2/>."
    assert segment.origin == "editor" and segment.state == "draft"
    last = Revision.objects.filter(segment=segment).order_by("-id").first()
    assert last.author == editor and last.after == segment.target


def test_the_export_carries_issues_comments_versions_and_states(tagged, editor):
    from copydesk.desk import comments

    segment = segment_of(tagged, "b1.s1")
    comments.add_comment(segment.pk, "Is it the ministry or the council?", user=editor)
    Segment.objects.filter(pk=segment.pk).update(issues=[
        {"check": "numbers", "severity": "blocker", "message": "3.5 is missing"}])
    revisions.confirm_segment(segment_of(tagged, "title.s1").pk,
                              base_version=segment_of(tagged, "title.s1").version, user=editor)
    data = exported(tagged)
    assert f'<unit id="b1.s1" canResegment="no" xml:space="preserve" cd:version="' \
           f'{segment.version}"' in data
    assert "Is it the ministry or the council?</note>" in data
    assert '<note category="check" priority="1" appliesTo="target">[numbers] 3.5 is missing' \
        in data
    assert 'state="reviewed"' in data
    assert f'cd:translation="{tagged.pk}"' in data


def test_a_stale_version_is_a_conflict_with_both_texts(translation, editor, second_editor):
    data = exported(translation)
    segment = segment_of(translation, "b1.s1")
    revisions.save_segment(segment.pk, "Auf dem Desk geändert.", base_version=segment.version,
                           user=second_editor)
    changed = with_target(data, "b1.s1", "In der Datei geändert.")
    report = xliff_exchange.import_file(translation.pk, changed.encode(), user=editor)
    assert report.changed == []
    [conflict] = report.conflicted
    assert conflict["segment"] == "b1.s1" and conflict["theirs"] == "Auf dem Desk geändert."
    assert conflict["yours"] == "In der Datei geändert."
    assert conflict["current_version"] == segment.version + 1
    segment.refresh_from_db()
    assert segment.target == "Auf dem Desk geändert."


def test_a_segment_the_translator_left_alone_keeps_the_desks_newer_edit(
        translation, editor, second_editor):
    data = exported(translation)
    segment = segment_of(translation, "b1.s1")
    revisions.save_segment(segment.pk, "Neuer.", base_version=segment.version, user=second_editor)
    report = xliff_exchange.import_file(translation.pk, data.encode(), user=editor)
    assert "b1.s1" in report.unchanged and report.conflicted == []
    segment.refresh_from_db()
    assert segment.target == "Neuer."


def test_a_target_that_loses_a_tag_is_refused_and_the_rest_applied(tagged, editor):
    data = with_target(exported(tagged), "b1.s1", "Das Ministerium zahlte.")
    data = with_target(data, "title.s1", "Neuer Titel")
    report = xliff_exchange.import_file(tagged.pk, data.encode(), user=editor)
    assert report.changed == ["title.s1"]
    [refusal] = report.refused
    assert refusal["segment"] == "b1.s1" and "lost the formatting tag" in refusal["reason"]
    assert segment_of(tagged, "b1.s1").target != "Das Ministerium zahlte."


def test_unknown_ids_and_another_translations_segments_are_refused(translation, editor):
    data = exported(translation).replace('id="b2.s1"', 'id="b99.s1"')
    data = with_target(data, "b99.s1", "Irgendwas.")
    report = xliff_exchange.import_file(translation.pk, data.encode(), user=editor)
    assert [r["segment"] for r in report.refused] == ["b99.s1"]
    other = data.replace(f'cd:translation="{translation.pk}"',
                         f'cd:translation="{translation.pk + 100}"')
    report = xliff_exchange.import_file(translation.pk, other.encode(), user=editor)
    assert report.changed == [] and all("belongs to translation" in r["reason"]
                                        for r in report.refused)


def test_a_file_without_versions_is_refused_per_segment(translation, editor):
    data = re.sub(r' cd:version="\d+"', "", exported(translation))
    data = with_target(data, "b1.s1", "Ohne Version.")
    report = xliff_exchange.import_file(translation.pk, data.encode(), user=editor)
    assert "b1.s1" in [r["segment"] for r in report.refused]
    assert "cd:version" in report.refused[0]["reason"]


def test_a_broken_file_changes_nothing(translation, editor):
    before = (Revision.objects.count(), AuditEvent.objects.count())
    data = with_target(exported(translation), "b1.s1", "Kaputt <pc id='1'>")
    with pytest.raises(InputError, match="not well-formed"):
        xliff_exchange.import_file(translation.pk, data.encode(), user=editor)
    invalid = exported(translation).replace('state="initial"', 'state="nonsense"')
    with pytest.raises(InputError, match="not valid"):
        xliff_exchange.import_file(translation.pk, invalid.encode(), user=editor)
    assert (Revision.objects.count(), AuditEvent.objects.count()) == before


def test_a_published_translation_is_refused_whole(approved, editor, publisher):
    from copydesk.desk import publishing

    publishing.publish_translation(approved, user=publisher)
    data = with_target(exported(approved), "b1.s1", "Nachher.")
    with pytest.raises(WorkflowError, match="open a correction"):
        xliff_exchange.import_file(approved.pk, data.encode(), user=editor)


def test_importing_into_an_approved_translation_takes_the_approval_back(approved, editor):
    data = with_target(exported(approved), "b1.s1", "Geändert nach der Freigabe.")
    assert 'state="final"' in exported(approved)
    report = xliff_exchange.import_file(approved.pk, data.encode(), user=editor)
    assert report.changed == ["b1.s1"]
    approved.refresh_from_db()
    assert approved.state == "in_review"


def test_only_editors_import(translation, publisher):
    with pytest.raises(PermissionDeniedError):
        xliff_exchange.import_file(translation.pk, exported(translation).encode(),
                                   user=publisher)


def test_the_file_names_its_translation_when_none_is_given(translation, editor):
    data = with_target(exported(translation), "b1.s1", "Von selbst.")
    report = xliff_exchange.import_file(None, data.encode(), user=editor)
    assert report.translation == translation.pk and report.changed == ["b1.s1"]
    bare = data.replace(f' cd:translation="{translation.pk}"', "")
    with pytest.raises(InputError, match="which one translation"):
        xliff_exchange.import_file(None, bare.encode(), user=editor)


def test_an_edit_by_another_tool_round_trips(tagged, editor):
    from lxml import etree

    root = etree.fromstring(exported(tagged).encode())
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    [target] = root.xpath("//x:unit[@id='title.s1']//x:target", namespaces=ns)
    target.text = "Von einem CAT-Werkzeug übersetzt"
    rewritten = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    report = xliff_exchange.import_file(tagged.pk, rewritten, user=editor)
    assert report.changed == ["title.s1"]
    assert Segment.objects.get(pk=segment_of(tagged, "title.s1").pk).target == \
        "Von einem CAT-Werkzeug übersetzt"


def test_confirmed_segments_stay_confirmed_when_untouched(translation, editor):
    confirm_all(translation, editor, review_seconds=0)
    report = xliff_exchange.import_file(translation.pk, exported(translation).encode(),
                                        user=editor)
    assert report.changed == []
    assert not translation.segments.filter(active=True).exclude(state="confirmed").exists()


def test_a_failure_mid_file_leaves_nothing_half_written(translation, editor, monkeypatch):
    class FailingAudit:
        @staticmethod
        def record(*args, **kwargs):
            raise RuntimeError("the disk is full")

    data = with_target(with_target(exported(translation), "b1.s1", "Eins."), "b2.s1", "Zwei.")
    before = {s.key: (s.target, s.version) for s in translation.segments.filter(active=True)}
    monkeypatch.setattr(xliff_exchange, "audit", FailingAudit)
    with pytest.raises(RuntimeError):
        xliff_exchange.import_file(translation.pk, data.encode(), user=editor)
    after = {s.key: (s.target, s.version) for s in translation.segments.filter(active=True)}
    assert after == before


def test_an_untranslated_translation_cannot_be_exported_yet(editor, edition, settings):
    from copydesk.desk.models import Translation

    added = sources.ingest(story(), key="https://example.org/waiting", user=editor)
    waiting = Translation.objects.create(article=added.article, edition=edition,
                                         source_version=added.version)
    with pytest.raises(WorkflowError, match="no segments to translate yet"):
        xliff_exchange.export(waiting.pk, "2.0")
    with pytest.raises(InputError, match=r"1\.2 or 2\.0"):
        xliff_exchange.export(waiting.pk, "1.1")


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_files_brought_back_at_once_one_wins_the_other_conflicts(translation, editor,
                                                                     second_editor):
    from tests.desk.test_revisions import _race

    data = exported(translation)
    files = [(editor, with_target(data, "b1.s1", "Aus Erikas Datei.")),
             (second_editor, with_target(data, "b1.s1", "Aus Eds Datei."))]
    reports = _race(2, lambda i: xliff_exchange.import_file(
        translation.pk, files[i][1].encode(), user=files[i][0]))
    assert all(isinstance(r, xliff_exchange.ImportReport) for r in reports), reports
    winners = [r for r in reports if r.changed == ["b1.s1"]]
    losers = [r for r in reports if [c["segment"] for c in r.conflicted] == ["b1.s1"]]
    assert len(winners) == 1 and len(losers) == 1
    current = segment_of(translation, "b1.s1").target
    assert losers[0].conflicted[0]["theirs"] == current
    assert audit.verify(translation.article).ok


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_targets_written_by_translate_toolkit_come_back(tagged, editor, version):
    storage = pytest.importorskip("translate.storage.xliff2" if version == "2.0"
                                  else "translate.storage.xliff")
    kind = storage.Xliff2File if version == "2.0" else storage.xlifffile
    store = kind.parsestring(exported(tagged, version).encode())
    # translate-toolkit's 1.2 ids are "original\x04id"; its 2.0 ids are the unit ids
    units = {unit.getid().split("\x04")[-1]: unit for unit in store.units}
    units["title.s1"].target = "Vom Übersetzungswerkzeug"
    units["b1.s1"].target = "Das Ministerium zahlte."  # the tool keeps the unit's codes
    report = xliff_exchange.import_file(tagged.pk, bytes(store), user=editor)
    assert sorted(report.changed) == ["b1.s1", "title.s1"] and report.refused == []
    assert segment_of(tagged, "title.s1").target == "Vom Übersetzungswerkzeug"
    edited = segment_of(tagged, "b1.s1").target
    assert edited.startswith("Das Ministerium zahlte.")
    assert [t for t in ("<g1>", "</g1>", "<x2/>") if t in edited] == ["<g1>", "</g1>", "<x2/>"]
