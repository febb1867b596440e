"""The project's URLs plus the floor ``make bench`` measures every page against: the base template
rendered by a bare view for a logged-in user (its session and user queries only). Used only while
the bench runs (``override_settings(ROOT_URLCONF=...)``); never routed on a served instance."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path


@login_required
def floor(request):
    return render(request, "base.html")


urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("", include("qualityaward.urls")),
]
