"""The web desk's addresses."""

from __future__ import annotations

from django.urls import path

from copydesk.desk.views import actions, auth, inbox, metrics, records, review

app_name = "desk"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("articles/add/", inbox.add_article, name="add_article"),
    path("articles/<int:pk>/audit/", records.audit_trail, name="audit"),
    path("articles/<int:pk>/audit.json", records.audit_export, name="audit_export"),
    path("translations/<int:pk>/", review.review, name="review"),
    path("translations/<int:pk>/status/", review.status, name="status"),
    path("translations/<int:pk>/activity/", review.activity, name="activity"),
    path("translations/<int:pk>/row/", inbox.inbox_row, name="inbox_row"),
    path("translations/<int:pk>/retry/", inbox.retry, name="retry"),
    path("translations/<int:pk>/approve/", actions.approve, name="approve"),
    path("translations/<int:pk>/publish/", actions.publish, name="publish"),
    path("translations/<int:pk>/withdraw/", actions.withdraw, name="withdraw"),
    path("translations/<int:pk>/correction/", actions.open_correction, name="correction"),
    path("segments/<int:pk>/save/", review.save, name="save"),
    path("segments/<int:pk>/confirm/", review.confirm, name="confirm"),
    path("segments/<int:pk>/diff/", review.diff, name="diff"),
    path("segments/<int:pk>/override/", actions.override, name="override"),
    path("segments/<int:pk>/comments/", actions.segment_comments, name="comments"),
    path("comments/<int:pk>/resolve/", actions.resolve_comment, name="resolve_comment"),
    path("publications/<int:pk>/", records.publication, name="publication"),
    path("publications/<int:pk>/preview/", records.preview, name="preview"),
    path("publications/<int:pk>/download/<str:fmt>/", records.download, name="download"),
    path("metrics/", metrics.metrics_page, name="metrics"),
    path("metrics.csv", metrics.metrics_csv, name="metrics_csv"),
]
