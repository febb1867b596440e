from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("", views.register_list, name="list"),
    path("register.xlsx", views.register_export, name="export"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify-code"),
    path("records/<int:pk>/", views.record_detail, name="record"),
    path("records/<int:pk>/certificate.pdf", views.certificate_download, name="certificate"),
    path("records/<int:pk>/payment/", views.payment, name="payment"),
    path("records/<int:pk>/repayment/", views.repayment, name="repayment"),
    path("records/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("records/<int:pk>/reassessment/", views.reassessment_open, name="reassessment-open"),
    path(
        "records/<int:pk>/reassessment/<int:reassessment_id>/",
        views.reassessment_decide,
        name="reassessment-decide",
    ),
    path("records/<int:pk>/visits/", views.visit, name="visit"),
    path("records/<int:pk>/visits/<int:visit_id>/", views.visit_close, name="visit-close"),
]
