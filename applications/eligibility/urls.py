from django.urls import path

from ..views import recommendation
from . import views as eligibility

# Included by applications.urls (app_name "applications"): the recommendation chain and eligibility.
urlpatterns = [
    path("recommendation/", recommendation.recommendation_list, name="recommendation-list"),
    path("recommendation/<int:pk>/", recommendation.recommendation_detail, name="recommendation-detail"),
    path("recommendation/<int:pk>/return/", recommendation.recommendation_return, name="recommendation-return"),
    path("recommendation/<int:pk>/recommend/", recommendation.recommendation_sign, name="recommendation-sign"),
    path(
        "recommendation/<int:pk>/correction-deadline/",
        recommendation.correction_deadline_change,
        name="correction-deadline",
    ),
    path("eligibility/cycles/<int:cycle_id>/", eligibility.eligibility_list, name="eligibility-list"),
    path("eligibility/cycles/<int:cycle_id>/accepted.xlsx", eligibility.accepted_list_export, name="accepted-export"),
    path("eligibility/<int:pk>/", eligibility.eligibility_review, name="eligibility-review"),
    path("eligibility/<int:pk>/evaluate/", eligibility.eligibility_evaluate, name="eligibility-evaluate"),
    path("eligibility/<int:pk>/conditions/", eligibility.eligibility_judge, name="eligibility-judge"),
    path("eligibility/<int:pk>/accept/", eligibility.eligibility_accept, name="eligibility-accept"),
    path("eligibility/<int:pk>/refuse/", eligibility.eligibility_refuse, name="eligibility-refuse"),
    path("eligibility/<int:pk>/withdraw/", eligibility.application_recuse, name="recuse"),
    path("<int:pk>/eligibility-decision/", eligibility.eligibility_decision, name="eligibility-decision"),
]
