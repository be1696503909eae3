"""The review screen for long articles: character counters, memory differences, presence,
and conflicts that name the other editor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from copydesk.desk import counters, editing, edition_options, evidence, presence
from copydesk.desk.models import ReviewPresence
from copydesk.desk.templatetags.desk_memory import MAX_TOKENS, memory_difference
from copydesk.errors import ConfigError, ConflictError
from tests.desk.test_views_auth import signed_in


def page(client, user, translation) -> str:
    return signed_in(client, user).get(reverse("desk:review", args=[translation.pk])).content \
        .decode()


def headline(translation):
    return translation.segments.get(key__startswith="t")


# Item 5: counters


@pytest.mark.parametrize("value", [0, -1, 10_001, 1.5, True, "80", None])
def test_limits_take_whole_numbers_of_characters_only(value):
    with pytest.raises(ConfigError, match="headline_limit"):
        edition_options.check({"headline_limit": value})


def test_limits_are_edition_options():
    assert edition_options.check({"headline_limit": 80, "standfirst_limit": 200}) == {
        "headline_limit": 80, "standfirst_limit": 200}


def test_limits_are_set_on_the_admin_edition_page(client, make_user, edition):
    from copydesk.desk.bootstrap import edition_table
    from tests.desk.test_admin_pages import edition_form

    admin = signed_in(client, make_user("ada", "admin"))
    url = reverse("desk:edition", args=["de"])
    assert 'name="opt_headline_limit"' in admin.get(url).content.decode()
    refused = admin.post(url, edition_form(edition, opt_headline_limit="0"))
    assert refused.status_code == 400 and "greater than or equal to 1" in refused.content.decode()
    saved = admin.post(url, edition_form(edition, opt_headline_limit="80",
                                         opt_standfirst_limit="240"))
    assert saved.status_code == 302
    edition.refresh_from_db()
    table = edition_table(edition)
    assert (table["headline_limit"], table["standfirst_limit"]) == (80, 240)


def test_counter_counts_what_a_reader_sees():
    assert counters.length("<g1>Caf\u0065\u0301</g1> <x2/>open") == len("Café open")
    got = counters.counter("title", ["Kurz"], {"headline_limit": 3})
    assert got is not None and (got.count, got.limit, got.over) == (4, 3, 1)
    assert counters.counter("b1", ["x"], {"headline_limit": 3}) is None
    assert counters.counter("title", ["x"], {}) is None


def test_review_screen_counts_headline_and_standfirst_against_the_edition(
        client, editor, edition, translation):
    edition.options = {**edition.options, "headline_limit": 10, "standfirst_limit": 500}
    edition.save()
    html = page(client, editor, translation)
    title = headline(translation).target
    assert html.count('class="char-count') == 2
    assert f'<span class="count">{len(title)}/10</span>' in html
    assert f": {len(title) - 10} over the headline limit" in html  # said in words, not colour
    assert 'class="char-count over" data-limit="10" data-label="headline" aria-live="polite"' \
        in html
    assert 'class="char-count" data-limit="500" data-label="standfirst"' in html


def test_no_counter_without_a_limit(client, editor, translation):
    assert "char-count" not in page(client, editor, translation)


def test_approve_sits_in_the_sticky_bar(client, editor, translation):
    html = page(client, editor, translation)
    bar = html.split('<div class="review-bar"', 1)[1].split('<div class="toolbar">', 1)[0]
    assert 'id="approve"' in bar and 'id="progress"' in bar and html.count('id="approve"') == 1


# Item 7: what differs in a fuzzy match


def test_memory_difference_marks_the_words_that_differ():
    html = str(memory_difference("The ferry leaves at 7 sharp.", "The ferry leaves at 8 sharp."))
    assert ('<del class="memory-only"><span class="visually-hidden">memory source had: </span>'
            '7</del><ins class="source-only"><span class="visually-hidden">new source has: '
            '</span>8</ins>') in html
    assert html.startswith("The ferry leaves at ")


def test_memory_difference_escapes_hostile_text():
    html = str(memory_difference('<script>alert(1)</script> "x"', "<img src=x onerror=alert(1)>"))
    assert "<script" not in html and "<img" not in html
    assert html.startswith("&lt;") and "script&gt;" in html and "&quot;x&quot;" in html
    assert "img src=x onerror=" in html  # as text, inside the escaped pieces


def test_memory_difference_keeps_tags_as_chips():
    html = str(memory_difference("<g1>Old</g1> bridge", "<g1>New</g1> bridge", {"1": "link"}))
    assert html.count('class="chip"') == 2 and "<del" in html and "<ins" in html


def test_long_texts_are_shown_without_comparing():
    long = " ".join(["word"] * MAX_TOKENS)
    html = str(memory_difference(long, long + " more"))
    assert "<del" not in html and "<ins" not in html and html.startswith("word word")


def test_review_screen_shows_the_difference_on_a_suggestion(client, editor, translation):
    seg = translation.segments.get(key="b1.s1")
    seg.suggestions = [{"score": 0.9, "kind": "fuzzy", "target": "Ziel <b>",
                        "source": seg.source.replace("3.5", "4.5") + " <b>"}]
    seg.save(update_fields=["suggestions"])
    html = page(client, editor, translation)
    assert "memory source had: </span>4</del>" in html
    assert "new source has: </span>3</ins>" in html
    assert "&lt;b&gt;" in html


# Item 9: who else is here


def test_the_screen_lists_other_editors_and_the_segment_they_edit(
        client, editor, second_editor, translation):
    evidence.opened(translation, second_editor)
    seg = headline(translation)
    ReviewPresence.objects.filter(user=second_editor).update(
        seen_at=timezone.now() - timedelta(seconds=20))
    evidence.record(translation.pk, [evidence.Report(seg.pk, 5_000, keystrokes=3)],
                    user=second_editor)
    html = page(client, editor, translation)
    assert f'Ed, editing <a href="#seg-{seg.pk}">{seg.key}</a>' in html
    assert "Erika" not in html.split('id="presence"', 1)[1].split("</div>", 1)[0]
    # ...and the other sees the first as reading, through the activity report's answer
    answer = signed_in(client, second_editor).post(
        reverse("desk:activity", args=[translation.pk]), '{"segments": []}',
        content_type="application/json")
    assert "Erika, reading" in answer.json()["presence_html"]


def test_names_on_the_presence_list_are_escaped(client, editor, second_editor, translation):
    second_editor.first_name = "<img src=x onerror=alert(1)>"
    second_editor.save()
    evidence.opened(translation, second_editor)
    html = page(client, editor, translation)
    assert "&lt;img src=x onerror=alert(1)&gt;, reading" in html and "<img src=x" not in html


def test_editors_who_left_are_not_listed(client, editor, second_editor, translation):
    evidence.opened(translation, second_editor)
    ReviewPresence.objects.filter(user=second_editor).update(
        seen_at=timezone.now() - presence.WINDOW - timedelta(seconds=1))
    assert presence.others(translation.pk, editor) == []


def test_conflict_names_the_editor_who_saved(client, editor, second_editor, translation):
    seg = headline(translation)
    second_editor.first_name, second_editor.last_name = "Edith", "<Ward>"
    second_editor.save()
    editing.save(seg.pk, "Neu", base_version=seg.version, user=second_editor)
    with pytest.raises(ConflictError) as caught:
        editing.save(seg.pk, "Anders", base_version=seg.version, user=editor)
    assert caught.value.editor == "Edith <Ward>"
    assert "was changed by Edith <Ward> since you loaded it" in str(caught.value)
    answer = signed_in(client, editor).post(reverse("desk:save", args=[seg.pk]),
                                            {"text": "Anders", "version": str(seg.version)},
                                            HTTP_ACCEPT="application/json")
    assert answer.status_code == 409 and answer.json()["editor"] == "Edith <Ward>"


def test_conflict_after_a_confirmation_names_the_confirming_editor(
        editor, second_editor, translation):
    seg = headline(translation)
    editing.save_and_confirm(seg.pk, None, base_version=seg.version, user=second_editor)
    with pytest.raises(ConflictError, match="changed by Ed since"):
        editing.save(seg.pk, "Anders", base_version=seg.version, user=editor)
