"""glossary: preferred, forbidden and do-not-translate terms."""

import pytest

from copydesk.checks.base import Severity
from copydesk.checks.glossary import GlossaryCheck
from copydesk.glossary import Glossary, Term, TermType
from copydesk.style import apply_fixes
from tests.checks.helpers import fails, passes


@pytest.fixture
def glossary():
    return Glossary([
        Term("tariff", "Zoll", TermType.PREFERRED, "en", "de"),
        Term("tariff", "Tarif", TermType.FORBIDDEN, "en", "de", replacements=("Zoll",)),
        Term("Alibaba", "Alibaba", TermType.DNT, "en", "de", case_sensitive=True),
        Term("retailer", "Händler", TermType.PREFERRED, "en", "de"),
        Term("retailer", "Einzelhändler", TermType.PREFERRED, "en", "de"),
    ])


def test_preferred_terms_present_pass(glossary):
    passes(GlossaryCheck, "The tariffs hurt retailers.", "Die Zölle schaden den Händlern.",
           glossary=glossary)
    passes(GlossaryCheck, "The retailer", "Der Einzelhändler", glossary=glossary)


def test_missing_preferred_term_is_major(glossary):
    issues = fails(GlossaryCheck, "The tariff hurt.", "Die Abgabe schadete.", glossary=glossary)
    assert issues[0].severity is Severity.MAJOR and "Zoll" in issues[0].message
    assert issues[0].source_span == (4, 10)


def test_do_not_translate_must_be_verbatim(glossary):
    passes(GlossaryCheck, "Alibaba denied it.", "Alibaba dementierte.", glossary=glossary)
    passes(GlossaryCheck, "Alibaba's shares", "Alibabas Aktien", glossary=glossary)
    passes(GlossaryCheck, "Alibaba said", "Der Alibaba-Konzern sagte", glossary=glossary)
    issues = fails(GlossaryCheck, "Alibaba denied it.", "Ali Baba dementierte.",
                   glossary=glossary)
    assert "untranslated" in issues[0].message
    fails(GlossaryCheck, "Alibaba denied it.", "ALIBABA dementierte.", glossary=glossary)


def test_forbidden_term_gets_a_safe_fix(glossary):
    target = "Der Tarif schadet."
    issues = fails(GlossaryCheck, "The tariff hurts.", target, glossary=glossary)
    assert len(issues) == 1 and issues[0].severity is Severity.MAJOR
    assert apply_fixes(target, issues)[0] == "Der Zoll schadet."


def test_inflected_forbidden_term_is_flagged_without_a_fix(glossary):
    issues = fails(GlossaryCheck, "Tariffs hurt.", "Tarife schaden.", glossary=glossary)
    assert issues[0].fix is None


def test_forbidden_with_preferred_present_is_minor(glossary):
    issues = fails(GlossaryCheck, "The tariff.", "Der Zoll, kein Tarif.", glossary=glossary)
    assert [i.severity for i in issues] == [Severity.MINOR]


def test_no_glossary_or_other_pair_finds_nothing(glossary):
    passes(GlossaryCheck, "The tariff hurt.", "Die Abgabe schadete.")
    passes(GlossaryCheck, "The tariff hurt.", "La taxe a nui.", tgt_lang="fr", glossary=glossary)


def test_tags_in_target_do_not_hide_terms(glossary):
    passes(GlossaryCheck, "<g1>Alibaba</g1> denied.", "<g1>Alibaba</g1> dementierte.",
           glossary=glossary)
