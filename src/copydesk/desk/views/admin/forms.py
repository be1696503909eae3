"""Forms of the admin pages: what an administrator types, shaped for the staff services.

The forms only parse (text to values); every rule is checked again by the
services (``desk.staff``, ``desk.edition_options``, ``desk.glossary``), which
the command line shares.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from django import forms

from copydesk.checks.registry import check_classes
from copydesk.desk import edition_options
from copydesk.desk.edition_options import OPTIONS
from copydesk.desk.models import Edition, Role
from copydesk.glossary import TermType

ROLE_CHOICES = [(role.value, role.label) for role in Role]
STRUCTURED = tuple(o for o in OPTIONS if o.group != "other"
                   and o.name not in ("disclosure_reviewed", "disclosure_unreviewed"))
OTHER_MAX = 64_000  # characters of the other settings' JSON
NOT_SET = "not set (the config file's value, or the default)"


class PasswordChoice(forms.Form):
    """A password typed twice (checked by Django's validators in the service) or generated."""

    how = forms.ChoiceField(choices=[("generate", "Generate one (shown once)"),
                                     ("type", "Type one")], initial="generate",
                            widget=forms.RadioSelect, label="Password")
    password1 = forms.CharField(required=False, strip=False, max_length=200,
                                label="New password", widget=forms.PasswordInput(
                                    attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(required=False, strip=False, max_length=200,
                                label="The same again", widget=forms.PasswordInput(
                                    attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("how") == "type":
            if not data.get("password1"):
                raise forms.ValidationError("Type the password, or choose to generate one.")
            if data.get("password1") != data.get("password2"):
                raise forms.ValidationError("The two passwords differ; type the same twice.")
        return data

    @property
    def generated(self) -> bool:
        return self.cleaned_data.get("how") != "type"


class PersonForm(PasswordChoice):
    username = forms.CharField(max_length=150, label="User name",
                               help_text="Letters, digits, '-' and '_'.")
    full_name = forms.CharField(max_length=150, required=False, label="Full name",
                                help_text="Shown in the disclosure where the edition names "
                                          "its editors.")
    roles = forms.MultipleChoiceField(choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple,
                                      label="Roles")
    field_order = ("username", "full_name", "roles", "how", "password1", "password2")


class ResetPasswordForm(PasswordChoice):
    keep_tokens = forms.BooleanField(required=False, label="Keep their API tokens working "
                                     "(by default they are revoked)")


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple,
                                      label="Roles")
    held = forms.CharField(required=False, widget=forms.HiddenInput)

    def expected(self) -> list[str]:
        return [r for r in self.cleaned_data.get("held", "").split(",") if r]


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, label="Token name",
                           help_text="Where it is used, e.g. “CMS import”.")


def _option_field(option: edition_options.Option) -> forms.Field:
    label, help_text = option.label, option.help
    if option.kind == "bool":
        return forms.ChoiceField(required=False, label=label, help_text=help_text,
                                 choices=[("", NOT_SET), ("true", "on"), ("false", "off")])
    if option.kind == "choice":
        return forms.ChoiceField(required=False, label=label, help_text=help_text,
                                 choices=[("", NOT_SET)] + [(c, c) for c in option.choices])
    if option.kind == "number":
        return forms.FloatField(required=False, label=label, help_text=help_text)
    if option.kind == "count":
        return forms.IntegerField(required=False, label=label, help_text=help_text,
                                  min_value=1, max_value=edition_options.MAX_COUNTED)
    if option.kind == "template":
        return forms.CharField(required=False, label=label, help_text=help_text,
                               max_length=edition_options.TEXT_LENGTH, strip=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    return forms.CharField(required=False, label=label, help_text=help_text, max_length=500)


class EditionForm(forms.Form):
    """An edition: its name, language and engine, the settings the desk knows, and any
    other edition settings as JSON."""

    code = forms.CharField(max_length=32, label="Code", help_text="e.g. de, de-ch, fr")
    name = forms.CharField(max_length=200, required=False, label="Name",
                           help_text="Shown on the desk (default: the language).")
    language = forms.CharField(max_length=16, label="Language", help_text="e.g. de or de-CH")
    engine = forms.CharField(max_length=200, initial="auto", label="Engine",
                             help_text="An engine, a fallback chain such as deepl,ctranslate2, "
                                       "or auto.")
    disclosure_reviewed = forms.CharField(
        required=False, strip=False, max_length=edition_options.TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}), label="Note for reviewed translations",
        help_text="Placeholders {engine}, {editors}, {date}; empty: the built-in wording.")
    disclosure_unreviewed = forms.CharField(
        required=False, strip=False, max_length=edition_options.TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}), label="Note for unreviewed translations",
        help_text="Placeholders {engine}, {date}; empty: the built-in wording.")
    checks_disabled = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Checks turned off")
    other = forms.CharField(required=False, max_length=OTHER_MAX, label="Other settings (JSON)",
                            widget=forms.Textarea(attrs={"rows": 3}), help_text=(
                                "Any other setting of the edition table, e.g. "
                                "{\"language_candidates\": [\"de\", \"en\"]}."))
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, edition: Edition | None = None, **kwargs: Any) -> None:
        if edition is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_of(edition)
        super().__init__(*args, **kwargs)
        self.edition = edition
        checks = self.fields["checks_disabled"]
        assert isinstance(checks, forms.MultipleChoiceField)
        checks.choices = [(c, c) for c in check_classes()]
        for option in STRUCTURED:
            self.fields[f"opt_{option.name}"] = _option_field(option)
        if edition is not None:
            self.fields["code"].disabled = True

    @property
    def groups(self) -> dict[str, list[forms.BoundField]]:
        """The known settings' fields by the group the page shows them in."""
        found: dict[str, list[forms.BoundField]] = {}
        for option in STRUCTURED:
            found.setdefault(option.group, []).append(self[f"opt_{option.name}"])
        return found

    def clean_other(self) -> dict[str, Any]:
        text = self.cleaned_data.get("other") or ""
        if not text.strip():
            return {}
        try:
            value = json.loads(unicodedata.normalize("NFC", text))
        except json.JSONDecodeError as error:
            raise forms.ValidationError(f"Not valid JSON ({error.msg} at line {error.lineno}, "
                                        f"column {error.colno}).") from None
        if not isinstance(value, dict):
            raise forms.ValidationError("Give the other settings as one JSON object {…}.")
        shown = {o.name for o in STRUCTURED} | {"disclosure_reviewed", "disclosure_unreviewed"}
        doubled = sorted(shown & set(value))
        if doubled:
            raise forms.ValidationError(f"Set {', '.join(doubled)} in the fields above, not "
                                        "here.")
        files = sorted(set(edition_options.PATH_OPTIONS) & set(value))
        if files:
            raise forms.ValidationError(
                f"{', '.join(files)} names a file on the server, which the browser does not "
                "set: upload a glossary on the edition's glossary page, or set it with "
                "'copydesk editions add --options'.")
        if isinstance(value.get("checks"), dict) and "disabled" in value["checks"]:
            raise forms.ValidationError("Turn checks off with the boxes above, not here.")
        return value

    def options(self) -> dict[str, Any]:
        """The edition table the form describes (path settings are kept by the service)."""
        data = self.cleaned_data
        table: dict[str, Any] = dict(data.get("other") or {})
        for option in STRUCTURED:
            value = data.get(f"opt_{option.name}")
            if value in (None, ""):
                continue
            if option.kind == "bool":
                value = value == "true"
            elif option.kind == "number" and float(value).is_integer():
                value = int(value)
            table[option.name] = value
        disabled = data.get("checks_disabled") or []
        if disabled:
            table["checks"] = {**(table.get("checks") or {}), "disabled": list(disabled)}
        return table

    def disclosures(self) -> dict[str, str]:
        return {case: self.cleaned_data.get(f"disclosure_{case}") or ""
                for case in ("reviewed", "unreviewed")}


def initial_of(edition: Edition) -> dict[str, Any]:
    """The form's fields for the edition as it is stored."""
    options = dict(edition.options)
    initial: dict[str, Any] = {
        "code": edition.code, "name": edition.name, "language": edition.language,
        "engine": edition.engine, "disclosure_reviewed": edition.disclosure_reviewed,
        "disclosure_unreviewed": edition.disclosure_unreviewed}
    for option in STRUCTURED:
        if option.name not in options:
            continue
        value = options.pop(option.name)
        if option.kind == "bool":
            value = "true" if value else "false"
        elif option.kind == "languages" and isinstance(value, list):
            value = ", ".join(map(str, value))
        initial[f"opt_{option.name}"] = value
    checks = options.pop("checks", None)
    if isinstance(checks, dict):
        initial["checks_disabled"] = list(checks.get("disabled") or [])
        rest = {k: v for k, v in checks.items() if k != "disabled"}
        if rest:
            options["checks"] = rest
    elif checks is not None:
        options["checks"] = checks
    for name in edition_options.PATH_OPTIONS:
        options.pop(name, None)
    initial["other"] = json.dumps(options, ensure_ascii=False, indent=1) if options else ""
    return initial


class UploadForm(forms.Form):
    file = forms.FileField(label="Glossary file (CSV, TSV or TBX)")
    source_language = forms.CharField(max_length=16, initial="en", label="TBX source language",
                                      help_text="Which language of a TBX file the terms are "
                                                "in; CSV terms hold for any.")
    version = forms.CharField(required=False, widget=forms.HiddenInput)


class TermForm(forms.Form):
    source = forms.CharField(required=False, max_length=2000, label="Source term")
    target = forms.CharField(required=False, max_length=2000, label="Target term")
    type = forms.ChoiceField(choices=[(t.value, t.value) for t in TermType], label="Type")
    case = forms.ChoiceField(required=False, label="Case", choices=[
        ("", "default"), ("sensitive", "sensitive"), ("insensitive", "insensitive")])
    note = forms.CharField(required=False, max_length=2000, label="Note")
