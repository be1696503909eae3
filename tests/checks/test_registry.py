import logging

import pytest

from copydesk.checks import registry
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.registry import article_risk, check_article, check_classes, risk, run_checks

CTX = SegmentContext("en", "de")
MINE = ["attribution", "dates", "names", "negation", "numbers", "quotes"]


def issue(severity):
    return Issue("x", Severity(severity), "m")


class Boom(Check):
    check_id = "boom"
    severity = Severity.MAJOR
    description = "always raises"

    def run(self, source, target, context):
        raise RuntimeError("bug")


class SeesArticle(Check):
    check_id = "article"
    severity = Severity.MINOR
    description = "reports the article length"

    def run(self, source, target, context):
        return [self.issue(str(len(context.article)))]


@pytest.fixture
def fake_checks(monkeypatch):
    classes = {"boom": Boom, "article": SeesArticle, "numbers": check_classes()["numbers"]}
    monkeypatch.setattr(registry, "check_classes", lambda: classes)
    registry._instance.cache_clear()
    yield
    registry._instance.cache_clear()


def test_entry_points_find_the_news_checks():
    assert set(MINE) <= set(check_classes())


def test_run_checks_finds_issues_and_honours_enable_and_disable():
    found = run_checks("40 people", "30 Menschen", CTX, enabled=MINE)
    assert [i.check for i in found] == ["numbers"]
    assert run_checks("40 people", "30 Menschen", CTX, enabled=MINE, disabled=["numbers"]) == []


def test_edition_can_disable_checks():
    edition = SegmentContext("en", "de", edition={"checks": {"disabled": ["numbers"]}})
    assert run_checks("40 people", "30 Menschen", edition, enabled=MINE) == []
    only = SegmentContext("en", "de", edition={"checks": {"enabled": ["dates"]}})
    assert run_checks("40 people", "30 Menschen", only) == []


def test_a_crashing_check_is_contained(fake_checks, caplog):
    with caplog.at_level(logging.WARNING):
        found = run_checks("40 people", "30 Menschen", CTX, disabled=["article"])
    assert [i.check for i in found] == ["numbers"]
    assert "boom" in caplog.text


def test_check_article_gives_each_check_the_whole_article(fake_checks):
    pairs = [("One.", "Eins."), ("Two.", "Zwei."), ("Three.", "Drei.")]
    result = check_article(pairs, CTX, enabled=["article"])
    assert [[i.message for i in r] for r in result] == [["3"], ["3"], ["3"]]


def test_risk_is_weighted_and_saturates():
    assert risk([]) == 0.0
    assert risk([issue("minor")]) == 0.1
    assert risk([issue("major")]) == 0.5
    assert risk([issue("blocker")]) == 0.9
    assert risk([issue("blocker")]) > risk([issue("minor")] * 5)
    assert risk([issue("major")] * 2) == 0.75
    assert risk([issue("blocker")] * 10) <= 1.0


def test_article_risk_is_led_by_the_riskiest_segment():
    assert article_risk([]) == 0.0
    assert article_risk([0.0, 0.9, 0.0]) == 0.9
    assert article_risk([0.5, 0.5, 0.5]) > article_risk([0.5, 0.0, 0.0])
    assert article_risk([1.0, 1.0]) == 1.0


SHORT = ("Two men were arrested.", "Zwei Männer wurden festgenommen.")
LONG = ("Police in Hamburg said on Friday that 14 people, including three officials of the "
        "port authority, had been detained after a raid on warehouses in Altona, Wilhelmsburg "
        "and Harburg, and that prosecutors were examining 2,300 documents.",
        "Die Hamburger Polizei teilte am Freitag mit, nach einer Razzia in Lagerhallen in "
        "Altona, Wilhelmsburg und Harburg seien 14 Menschen festgenommen worden, darunter drei "
        "Beamte der Hafenbehörde; die Staatsanwaltschaft prüfe 2.300 Dokumente.")


def test_segment_risk_is_graded_and_stays_in_range():
    from copydesk.checks.registry import segment_risk
    clean_short = segment_risk(*SHORT, [], CTX)
    clean_long = segment_risk(*LONG, [], CTX)
    assert 0.0 < clean_short < clean_long < 0.5  # more to get wrong, more risk
    assert segment_risk(*SHORT, [issue("minor")], CTX) > clean_short  # minor counts a little
    assert segment_risk(*SHORT, [issue("blocker")], CTX) >= 0.9
    assert segment_risk(*SHORT, [issue("blocker")] * 20, CTX) <= 1.0


def test_segment_risk_grows_with_the_length_mismatch():
    from copydesk.checks.registry import segment_risk
    cut = LONG[1].split(";")[0] + "."
    assert segment_risk(LONG[0], cut, [], CTX) > segment_risk(*LONG, [], CTX)


def test_risk_features_are_plain_numbers():
    from copydesk.checks.registry import PRIOR_WEIGHTS, risk_features
    features = risk_features(*LONG, [issue("major")], CTX)
    assert set(features) == set(PRIOR_WEIGHTS)
    assert features["issues"] == 0.5 and features["words"] > features["hotspots"] > 0


def test_all_checks_together_stay_under_five_percent_on_references():
    from tests.checks.helpers import wmt24_pairs, wmt_pairs
    serious = {Severity.BLOCKER, Severity.MAJOR}
    for pairs, bound in ((wmt_pairs(500), 0.04), (wmt24_pairs(), 0.05)):
        flagged = sum(any(i.severity in serious for i in run_checks(s, t, CTX))
                      for s, t in pairs)
        assert flagged / len(pairs) <= bound
