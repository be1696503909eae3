"""The desk's root URL configuration: the ``desk`` app, and its REST API under ``api/v1/``."""

from django.urls import include, path

from copydesk.desk.api import api

urlpatterns = [path("api/v1/", api.urls), path("", include("copydesk.desk.urls"))]
