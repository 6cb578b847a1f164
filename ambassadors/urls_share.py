"""The share link's landing page at the site root: /join/?ref=CODE (namespace `share`)."""

from django.urls import path

from ambassadors.views import programme

app_name = "share"

urlpatterns = [path("join/", programme.join, name="join")]
