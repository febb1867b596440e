from django.urls import path

from .views import disqualification, dossier

# Included by applications.urls (app_name "applications").
urlpatterns = [
    path("register/", dossier.register, name="register"),
    path("register/individual/", dossier.register_individual, name="register-individual"),
    path("organisations/new/", dossier.organisation_new, name="organisation-new"),
    path("organisations/<int:pk>/", dossier.organisation_detail, name="organisation-detail"),
    path("mine/", dossier.my_applications, name="my-applications"),
    path("start/<int:cycle_id>/<int:category_id>/", dossier.application_start, name="application-start"),
    path("<int:pk>/", dossier.dossier, name="dossier"),
    path("<int:pk>/form/", dossier.dossier_form, name="dossier-form"),
    path("<int:pk>/team/", dossier.dossier_team, name="dossier-team"),
    path("<int:pk>/report/", dossier.dossier_report, name="dossier-report"),
    path("<int:pk>/report/<int:item_id>/autosave/", dossier.report_autosave, name="report-autosave"),
    path("<int:pk>/evidence/", dossier.evidence_upload, name="evidence-upload"),
    path("<int:pk>/submit/", dossier.dossier_submit, name="dossier-submit"),
    path("<int:pk>/pdf/status/", dossier.dossier_pdf_state, name="dossier-pdf-status"),
    path("<int:pk>/withdraw/", dossier.dossier_withdraw, name="dossier-withdraw"),
    path("<int:pk>/disqualify/", disqualification.disqualify, name="disqualify"),
    path("evidence/<int:pk>/secret/", dossier.evidence_secret, name="evidence-secret"),
]
