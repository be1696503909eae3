"""An administrator runs the newsroom from the browser: people, an edition, its glossary,
an API token, and the administration trail that recorded it all."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PASSWORD = "quay-lights-ferry-2031"
TERMS = "source,target,type,note\nharbour,Hafen,preferred,\nferry,Fähre,preferred,\n" \
        "Alibaba,,dnt,brand\n"


def field(page, label: str):
    return page.get_by_label(label, exact=True)


def choice(page, label: str):
    """A select inside its label (whose name then also holds the chosen option's text)."""
    return page.get_by_role("combobox", name=re.compile(rf"^{re.escape(label)}\b"))


def test_an_administrator_manages_the_desk_in_the_browser(sign_in, screens):
    page = sign_in("demo-admin")
    page.get_by_role("link", name="Admin", exact=True).click()
    expect(page.get_by_role("heading", name="Administration", exact=True)).to_be_visible()

    # A person with two roles and a password typed by the administrator.
    page.get_by_role("link", name="Add a person").first.click()
    field(page, "User name").fill("e2e-reporter")
    field(page, "Full name").fill("Renée Reporter")
    page.get_by_label("Editor", exact=True).check()
    page.get_by_label("Publisher", exact=True).check()
    page.get_by_label("Type one").check()
    field(page, "New password").fill(PASSWORD)
    field(page, "The same again").fill(PASSWORD)
    page.get_by_role("button", name="Add the person").click()
    expect(page.locator("#flash")).to_contain_text("e2e-reporter was added.")
    expect(page.locator(".meta").first).to_contain_text("editor, publisher")

    # An API token, shown once, then revoked.
    field(page, "Token name").fill("CMS import")
    page.get_by_role("button", name="Issue a token").click()
    token = page.get_by_label("The new API token").input_value()
    assert token.startswith("cdk_")
    page.get_by_role("link", name="Done").click()
    page.get_by_role("button", name=f"Revoke {token[:10]}").click()
    expect(page.locator("#flash")).to_contain_text(f"Token {token[:10]} of e2e-reporter was "
                                                   "revoked.")
    expect(page.locator("table.tokens")).not_to_contain_text(token)

    # An edition: an engine chain that cannot translate English into Spanish is refused.
    page.goto("/editions/add/")
    field(page, "Code").fill("es")
    field(page, "Name").fill("Edición española")
    field(page, "Language").fill("es")
    field(page, "Engine").fill("deepl,ctranslate2")
    page.get_by_role("button", name="Add the edition").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "The engine setting 'deepl,ctranslate2' cannot translate English (en) into Spanish "
        "(es)")
    field(page, "Engine").fill("deepl,pseudo")
    choice(page, "Four eyes").select_option("true")
    page.get_by_role("button", name="Add the edition").click()
    expect(page.locator("#flash")).to_contain_text("Added the Edición española (es).")
    expect(choice(page, "Four eyes")).to_have_value("true")
    page.screenshot(path=str(screens / "admin-edition.png"), full_page=True)

    # Its glossary: a CSV upload, then one term edited and one removed.
    page.get_by_role("link", name="Glossary", exact=True).click()
    page.get_by_label("Glossary file (CSV, TSV or TBX)").set_input_files(
        {"name": "terms.csv", "mimeType": "text/csv", "buffer": TERMS.encode("utf-8")})
    page.get_by_role("button", name="Upload and replace").click()
    expect(page.locator("#flash")).to_contain_text("The glossary now holds 3 terms")
    page.get_by_label("Target of ferry").fill("Autofähre")
    page.get_by_role("button", name="Save ferry").click()
    expect(page.locator("#flash")).to_contain_text("Saved “ferry” → “Autofähre”.")
    page.get_by_role("button", name="Remove harbour").click()
    expect(page.locator("#flash")).to_contain_text("Removed “harbour” → “Hafen”.")
    terms = page.locator("table.terms")
    expect(terms.locator("tr.term")).to_have_count(2)
    expect(page.get_by_label("Target of ferry")).to_have_value("Autofähre")
    page.screenshot(path=str(screens / "admin-glossary.png"), full_page=True)

    # The administration trail has it all, and filters by kind.
    page.get_by_role("link", name="Admin trail").click()
    trail = page.locator("table.admin-trail")
    for kind in ("person_added", "token_issued", "token_revoked", "edition_added",
                 "glossary_replaced", "glossary_term_changed", "glossary_term_removed"):
        expect(trail).to_contain_text(kind)
    expect(page.locator(".message.success")).to_contain_text("Chain intact")
    expect(trail).to_contain_text("user:demo-admin")
    expect(trail).not_to_contain_text(PASSWORD)
    expect(trail).not_to_contain_text(token)
    choice(page, "Kind").select_option("token_revoked")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"kind=token_revoked"))
    expect(trail.locator("tbody tr")).to_have_count(1)
    page.screenshot(path=str(screens / "admin-trail.png"), full_page=True)


def test_an_editor_is_told_the_admin_pages_need_the_admin_role(sign_in):
    page = sign_in("demo-editor")
    expect(page.get_by_role("link", name="Admin", exact=True)).to_have_count(0)
    answer = page.goto("/users/")
    assert answer is not None and answer.status == 403
    expect(page.locator("main")).to_contain_text("This page needs the 'admin' role")
