"""house-style as a check: runs the target language's style pack."""

from copydesk.checks.base import Severity
from copydesk.checks.style import HouseStyleCheck
from tests.checks.helpers import SEED_ARTICLE, fails, flag_rate, passes, wmt_pairs
from tests.fixtures.shared_data import needs_shared_data


def test_german_quotes_are_flagged_with_a_fix():
    issues = fails(HouseStyleCheck, 'He said: "Yes."', 'Er sagte: "Ja."')
    assert all(i.severity is Severity.MINOR and i.fix for i in issues)


def test_tags_do_not_disturb_the_style():
    passes(HouseStyleCheck, "<g1>Yes</g1>", "<g1>„Ja“</g1>, sagte er.")


def test_edition_options_reach_the_pack():
    fails(HouseStyleCheck, "Users pay.", "Die Nutzer zahlen.", edition={"gender": "colon"})
    passes(HouseStyleCheck, "Users pay.", "Die Nutzer zahlen.", edition={"gender": "none"})


def test_broken_wordlist_path_reports_nothing():
    passes(HouseStyleCheck, "Users pay.", "Sie zahlen.",
           edition={"gender_wordlist": "/nonexistent/list.csv"})


def test_languages_without_a_pack_pass():
    passes(HouseStyleCheck, "x", '"Hai"', tgt_lang="ja")


@needs_shared_data
def test_seed_article_passes():
    lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()[:-1]
    for line in lines:
        passes(HouseStyleCheck, "", line, edition={"gender": "colon"})


def test_never_blocker_or_major_on_human_references():
    assert flag_rate(HouseStyleCheck, wmt_pairs(500)) == 0.0
