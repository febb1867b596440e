from django.urls import path

from .views import keeping
from .views import records as views

app_name = "register"
urlpatterns = [
    # The public register and the verification of a certificate.
    path("", views.register_list, name="list"),
    path("register.xlsx", views.register_export, name="export"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify-code"),
    # An award's page and the office's actions on it.
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
    # An authority's register as its office keeps it: earlier years, the spreadsheet, the history.
    path("office/", keeping.register_home, name="home"),
    path("office/<int:authority_id>/", keeping.register_detail, name="detail"),
    path("office/<int:authority_id>/cycles/new/", keeping.earlier_cycle_new, name="earlier-cycle-new"),
    path("office/<int:authority_id>/awards/new/", keeping.award_new, name="award-new"),
    path("office/<int:authority_id>/sanctions/new/", keeping.sanction_new, name="sanction-new"),
    path("office/<int:authority_id>/import/", keeping.register_import, name="import"),
    path("office/<int:authority_id>/template.xlsx", keeping.register_template, name="template"),
    path("office/<int:authority_id>/history/", keeping.register_history, name="history"),
]
