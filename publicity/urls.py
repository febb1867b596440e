from django.urls import path

from . import views

app_name = "publicity"
urlpatterns = [
    path("", views.public_list, name="public-list"),
    path("past/", views.public_past, name="public-past"),
    path("<int:notice_id>/", views.public_detail, name="public-detail"),
    path("<int:notice_id>/object/", views.objection_new, name="object"),
    path("cycles/<int:cycle_id>/object/", views.objection_any_time, name="object-any-time"),
    path("objections/status/", views.objection_status, name="objection-status"),
    path("objections/filed/<str:reference>/", views.objection_filed, name="objection-filed"),
    path("objections/confirm/<str:reference>/", views.objection_confirm, name="objection-confirm"),
    path("objections/answer/<str:reference>.pdf", views.objection_answer_pdf, name="objection-answer-pdf"),
    path("cycle/<int:cycle_id>/", views.cycle_notices, name="cycle"),
    path("county/", views.county_notices, name="county"),
    path("manage/<int:notice_id>/", views.notice_manage, name="manage"),
    path("manage/<int:notice_id>/publish/", views.notice_publish, name="publish"),
    path("manage/<int:notice_id>/edit/", views.notice_edit, name="edit"),
    path("objections/<int:objection_id>/", views.objection_detail, name="objection-detail"),
    path("objections/<int:objection_id>/note/", views.objection_note, name="objection-note"),
    path("objections/<int:objection_id>/decide/", views.objection_decide, name="objection-decide"),
    path("objections/<int:objection_id>/report/", views.objection_report, name="objection-report"),
    path("objections/<int:objection_id>/opinion/", views.objection_opinion, name="objection-opinion"),
    path("objections/<int:objection_id>/silence/", views.objection_silence, name="objection-silence"),
    path("objections/<int:objection_id>/files/<str:which>/", views.objection_document, name="objection-file"),
]
