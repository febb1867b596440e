from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [
    path("cycles/<int:cycle_id>/archives/", views.cycle_archives, name="cycle-archives"),
    path("cycles/<int:cycle_id>/archives/new/", views.archive_request, name="archive-request"),
    path("archives/<int:archive_id>/download/", views.archive_download, name="archive-download"),
]
