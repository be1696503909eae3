"""Forms of the web desk: what an editor types in, checked before a service sees it.

Adding an article the desk already has (the same URL, or its key) adds its new
version; which editions it needs is the service's rule (``intake.add_article``),
so the form asks for none when the article is known.
"""

from __future__ import annotations

from django import forms

from copydesk import languages, links
from copydesk.desk.intake import Submission
from copydesk.desk.models import Edition, WordPressSite
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
    file = forms.FileField(required=False,
                           label="…or upload a file (HTML, Markdown, text, JSON, ninjs)")
    # Pulled as ``copydesk wordpress pull`` pulls it: the key is the site and the post's id.
    wordpress_site = forms.ModelChoiceField(queryset=WordPressSite.objects.order_by("name"),
                                            to_field_name="name", required=False,
                                            label="WordPress site",
                                            empty_label="(choose a site)")
    wordpress_post = forms.CharField(required=False, max_length=2000,
                                     label="Post id or link",
                                     widget=forms.TextInput(attrs={"placeholder": "1234"}))
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
        post = (data.get("wordpress_post") or "").strip()
        given = [bool(data.get("url")), bool((data.get("text") or "").strip()),
                 data.get("file") is not None, bool(post)]
        if sum(given) != 1:
            raise forms.ValidationError("Give exactly one of: a URL, pasted text or HTML, "
                                        "a file, or a WordPress post.")
        if post and data.get("wordpress_site") is None:
            raise forms.ValidationError("Choose the WordPress site to pull the post from.")
        if post and (data.get("key") or "").strip():
            raise forms.ValidationError("A WordPress post's key is its site and id: leave the "
                                        "key empty.")
        return data

    @property
    def has_sites(self) -> bool:
        return WordPressSite.objects.exists()

    def pulled_post(self) -> tuple[str, str] | None:
        """The site's name and the post's id or link, when a post is to be pulled."""
        post = (self.cleaned_data.get("wordpress_post") or "").strip()
        site = self.cleaned_data.get("wordpress_site")
        return (site.name, post) if post and site is not None else None

    def submission(self) -> Submission:
        data = self.cleaned_data
        upload = data.get("file")
        return Submission(url=data.get("url") or "", text=data.get("text") or "",
                          file_name=upload.name if upload else "",
                          file=upload, key=data.get("key") or "",
                          language=data.get("language") or "")
