from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("", views.register_home, name="home"),
    path("<int:authority_id>/", views.register_detail, name="detail"),
    path("<int:authority_id>/cycles/new/", views.earlier_cycle_new, name="earlier-cycle-new"),
    path("<int:authority_id>/awards/new/", views.award_new, name="award-new"),
    path("<int:authority_id>/sanctions/new/", views.sanction_new, name="sanction-new"),
    path("<int:authority_id>/import/", views.register_import, name="import"),
    path("<int:authority_id>/template.xlsx", views.register_template, name="template"),
    path("<int:authority_id>/history/", views.register_history, name="history"),
]
