from django.urls import include, path

app_name = "applications"
# The applicant's dossier, and the recommendation chain with eligibility, each in its own module.
urlpatterns = [
    path("", include("applications.urls_dossier")),
    path("", include("applications.eligibility.urls")),
]
