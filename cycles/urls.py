from django.urls import path

from . import views

app_name = "cycles"
urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("schemes/<slug:code>/", views.scheme_detail, name="scheme"),
    path("call/<int:cycle_id>/", views.public_cycle, name="public"),
    path("<int:cycle_id>/stages/<int:stage_id>/held/", views.stage_set_held, name="stage-held"),
]
