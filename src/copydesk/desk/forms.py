"""Forms of the web desk: what an editor types in, checked before a service sees it.

Adding an article the desk already has (the same URL, or its key) adds its new
version; which editions it needs is the service's rule (``intake.add_article``),
so the form asks for none when the article is known.
"""

from __future__ import annotations

from django import forms

from copydesk import languages, links
from copydesk.desk.intake import Submission
from copydesk.desk.models import Edition
from copydesk.errors import InputError, LanguageError


class AddArticleForm(forms.Form):
    """An article by URL, pasted text or HTML, or an uploaded file, and where it should go."""

    # Not a URLField: that one accepts ftp:// and other schemes; ``links.web_url`` decides.
    url = forms.CharField(required=False, max_length=2000, label="Article URL",
                          widget=forms.URLInput(attrs={"placeholder": "https://…"}))
    text = forms.CharField(required=False, label="…or paste the text or HTML",
                           widget=forms.Textarea(attrs={"rows": 5, "placeholder":
                                                        "Title on the first line, then the "
                                                        "paragraphs; or HTML, such as a CMS "
                                                        "body field"}))
    file = forms.FileField(required=False, label="…or upload a file (HTML, Markdown, text, JSON)")
    key = forms.CharField(required=False, max_length=500,
                          label="Key (URL or CMS id, optional; an article's key again adds its "
                                "new version)")
    language = forms.CharField(required=False, max_length=16,
                               label="Source language (optional; detected when empty)",
                               widget=forms.TextInput(attrs={"placeholder": "en"}))
    # Not required: a new version of an article on the desk goes to every edition it is on.
    editions = forms.ModelMultipleChoiceField(queryset=Edition.objects.order_by("code"),
                                              widget=forms.CheckboxSelectMultiple,
                                              required=False, label="Translate into")
    deadline = forms.DateTimeField(required=False, label="Deadline (optional)",
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def clean_url(self) -> str:
        value = self.cleaned_data.get("url") or ""
        if not links.normalize(value):
            return ""
        try:
            return links.web_url(value)
        except InputError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_language(self) -> str:
        value = (self.cleaned_data.get("language") or "").strip()
        try:
            return languages.normalize(value) if value else ""
        except LanguageError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict:
        data = super().clean() or {}
        if "url" in self.errors:  # a refused address already says what to do
            return data
        given = [bool(data.get("url")), bool((data.get("text") or "").strip()),
                 data.get("file") is not None]
        if sum(given) != 1:
            raise forms.ValidationError("Give exactly one of: a URL, pasted text or HTML, "
                                        "or a file.")
        return data

    def submission(self) -> Submission:
        data = self.cleaned_data
        upload = data.get("file")
        return Submission(url=data.get("url") or "", text=data.get("text") or "",
                          file_name=upload.name if upload else "",
                          file=upload, key=data.get("key") or "",
                          language=data.get("language") or "")
