"""Overrides name the issue and segment version they cover; segments remember their tags.

``Segment.source_digest`` is filled for existing segments from the machine
draft they came from (the same rule as ``desk.segments.source_digest``); a
segment it cannot be computed for keeps an empty digest, which never matches,
so its next source version asks an editor to confirm it again.
"""

import hashlib
import json
import re

from django.db import migrations, models

TAG = re.compile(r"<g(\d+)>|</g(\d+)>|<x(\d+)/>")


def _digest(source, tags):
    used = sorted({m.group(1) or m.group(3) for m in TAG.finditer(source)} - {None})
    described = {tid: {"kind": tags[tid].get("kind"), "attrs": dict(tags[tid].get("attrs") or {})}
                 for tid in used if tid in tags}
    text = json.dumps([source, described], sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fill_digests(apps, schema_editor):
    Translation = apps.get_model("desk", "Translation")
    Segment = apps.get_model("desk", "Segment")
    for translation in Translation.objects.exclude(machine_draft=None).iterator():
        draft = translation.machine_draft or {}
        units = [draft.get("headline"), draft.get("standfirst"), *draft.get("blocks", [])]
        digests = {}
        for block in filter(None, units):
            for piece in block.get("segments", []):
                digests[piece["id"]] = (piece["source"], _digest(piece["source"],
                                                                 block.get("tags") or {}))
        for segment in Segment.objects.filter(translation=translation, active=True):
            known = digests.get(segment.key)
            if known and known[0] == segment.source:
                Segment.objects.filter(pk=segment.pk).update(source_digest=known[1])


class Migration(migrations.Migration):
    dependencies = (("desk", "0004_edition_table_names_the_glossary"),)

    operations = (
        migrations.AddField(
            model_name="override", name="issue",
            field=models.CharField(blank=True, max_length=32, help_text=(
                "Id of the issue overridden ('' before issues had ids: covers nothing)."))),
        migrations.AddField(
            model_name="override", name="version",
            field=models.PositiveIntegerField(default=0,
                                              help_text="Segment version it was made on.")),
        migrations.AddField(
            model_name="segment", name="source_digest",
            field=models.CharField(blank=True, max_length=64, help_text=(
                "SHA-256 of the source text with what its tags stand for (link targets...)."))),
        migrations.RunPython(_fill_digests, migrations.RunPython.noop),
    )
