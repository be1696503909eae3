"""The desk's root URL configuration: everything lives in the ``desk`` app."""

from django.urls import include, path

urlpatterns = [path("", include("copydesk.desk.urls"))]
