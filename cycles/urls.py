from django.urls import path

from . import views

app_name = "cycles"
urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("schemes/<slug:code>/", views.scheme_detail, name="scheme"),
    path("schemes/<slug:code>/history/", views.scheme_history, name="scheme-history"),
    path("schemes/<slug:code>/shipped/", views.shipped, name="shipped"),
    path("calendar/history/", views.calendar_history, name="calendar-history"),
    path("rubrics/import/", views.rubric_import_view, name="rubric-import"),
    path("rubrics/template.xlsx", views.rubric_template_view, name="rubric-template"),
    path("<int:cycle_id>/rules/", views.cycle_rules, name="cycle-rules"),
    path("call/<int:cycle_id>/", views.public_cycle, name="public"),
    path("<int:cycle_id>/stages/<int:stage_id>/held/", views.stage_set_held, name="stage-held"),
]
