from django.urls import path

from . import views

app_name = "pipeline"
urlpatterns = [
    path("home/", views.home, name="home"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:cycle_id>/advance/", views.cycle_advance, name="advance"),
    path("cycles/schemes/<slug:code>/open/", views.cycle_open, name="open"),
    path("notices/stage/<int:stage_id>/prepare/", views.notice_prepare, name="notice-prepare"),
    path("applications/<int:pk>/view/", views.dossier_view, name="dossier-view"),
    path("applications/<int:pk>/dossier.pdf", views.dossier_pdf, name="dossier-pdf"),
    path("applications/evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
]
