from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("pool/<int:authority_id>/", views.pool_detail, name="pool"),
    path("pool/mine/<int:authority_id>/", views.my_profile, name="my-profile"),
    path("profile/<int:profile_id>/", views.profile_edit, name="profile"),
    path("profile/<int:profile_id>/active/", views.profile_active, name="profile-active"),
    path("profile/<int:profile_id>/relations/", views.relation_add, name="relation-add"),
    path("relations/<int:relation_id>/remove/", views.relation_remove, name="relation-remove"),
    path("cycle/<int:cycle_id>/", views.cycle_rounds, name="cycle"),
    path("round/<int:round_id>/", views.round_detail, name="round"),
    path("round/<int:round_id>/margin/", views.round_margin, name="round-margin"),
    path("round/<int:round_id>/draw-all/", views.round_draw_all, name="round-draw-all"),
    path("group/<int:group_id>/", views.group_detail, name="group"),
    path("entry/<int:entry_id>/declare/", views.declare, name="declare"),
    path("entry/<int:entry_id>/dossier/", views.dossier, name="dossier"),
    path("entry/<int:entry_id>/score/", views.score, name="score"),
    path("entry/<int:entry_id>/consensus/", views.consensus_page, name="consensus"),
    path("entry/<int:entry_id>/report/", views.report_write, name="report"),
    path("entry/<int:entry_id>/decide/", views.entry_decide, name="decide"),
    path("entry/<int:entry_id>/confirm/", views.report_confirm, name="report-confirm"),
    path("entry/<int:entry_id>/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("entry/<int:entry_id>/export.pdf", views.export_pdf, name="export-pdf"),
    path("sheet/<int:sheet_id>/reopen/", views.sheet_reopen, name="sheet-reopen"),
]
