"""consistency inside one article."""

from copydesk.checks.base import Severity
from copydesk.checks.consistency import ConsistencyCheck
from copydesk.glossary import Glossary, Term, TermType
from tests.checks.helpers import fails, passes

ARTICLE = [
    ("Xi Jinping met Donald Trump in Osaka.", "Xi Jinping traf Donald Trump in Osaka."),
    ("Later Xi Jinping left the summit.", "Später verließ Xi Jingping den Gipfel."),
    ("The talks went well.", "Die Gespräche liefen gut."),
    ("The talks went well.", "Die Verhandlungen verliefen gut."),
]


def test_same_sentence_translated_two_ways():
    issues = fails(ConsistencyCheck, *ARTICLE[3], article=ARTICLE)
    assert issues[0].severity is Severity.MINOR and "Die Gespräche" in issues[0].message


def test_name_spelled_differently():
    target = ARTICLE[1][1]
    issues = fails(ConsistencyCheck, *ARTICLE[1], article=ARTICLE)
    assert target[slice(*issues[0].target_span)] == "Xi Jingping"


def test_consistent_article_passes():
    article = [ARTICLE[0], ("Later Xi Jinping left.", "Später reiste Xi Jinping ab.")]
    for pair in article:
        passes(ConsistencyCheck, *pair, article=article)


def test_without_article_nothing_is_found():
    passes(ConsistencyCheck, *ARTICLE[3])


def test_glossary_alternatives_used_inconsistently():
    glossary = Glossary([Term("retailer", "Händler", TermType.PREFERRED, "en", "de"),
                         Term("retailer", "Einzelhändler", TermType.PREFERRED, "en", "de")])
    article = [("The retailer grew.", "Der Händler wuchs."),
               ("The retailer said so.", "Der Einzelhändler sagte das.")]
    fails(ConsistencyCheck, *article[1], article=article, glossary=glossary)
