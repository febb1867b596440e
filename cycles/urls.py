from django.urls import path

from . import views

app_name = "cycles"
urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("schemes/<slug:code>/", views.scheme_detail, name="scheme"),
    path("schemes/<slug:code>/open/", views.cycle_open, name="open"),
    path("call/<int:cycle_id>/", views.public_cycle, name="public"),
    path("<int:cycle_id>/", views.cycle_detail, name="detail"),
    path("<int:cycle_id>/advance/", views.cycle_advance, name="advance"),
    path("<int:cycle_id>/stages/<int:stage_id>/held/", views.stage_set_held, name="stage-held"),
]
