from django.urls import path

from .views import end
from .views import vote as views

app_name = "awards"
urlpatterns = [
    path("cycles/<int:cycle_id>/evaluation/", views.evaluation_page, name="evaluation"),
    path("cycles/<int:cycle_id>/evaluation/public-scores/", views.public_scores, name="public-scores"),
    path("cycles/<int:cycle_id>/evaluation/propose/", views.propose, name="propose"),
    path("cycles/<int:cycle_id>/votes/", views.vote_preparation, name="votes"),
    path("cycles/<int:cycle_id>/evaluation/propose-ranked/", views.propose_ranked, name="propose-ranked"),
    path("cycles/<int:cycle_id>/votes/open/<int:tier_id>/", views.vote_open, name="vote-open"),
    path("cycles/<int:cycle_id>/votes/open-single/", views.vote_open_single, name="vote-open-single"),
    path("votes/", views.my_votes, name="my-votes"),
    path("votes/<int:vote_id>/", views.vote_result, name="result"),
    path("votes/<int:vote_id>/close/", views.vote_close, name="vote-close"),
    path("votes/<int:vote_id>/fail/", views.vote_fail, name="vote-fail"),
    path("votes/<int:vote_id>/settle/", views.ties_settle, name="settle"),
    path("votes/<int:vote_id>/ballot/", views.ballot, name="ballot"),
    path("votes/<int:vote_id>/withdraw/", views.ballot_withdraw, name="withdraw"),
    path("votes/<int:vote_id>/candidates/<int:application_id>/", views.candidate, name="candidate"),
    path("cycles/<int:cycle_id>/consultation/", end.consultation_page, name="consultation"),
    path("cycles/<int:cycle_id>/consultation/units/", end.consultation_unit, name="consultation-unit"),
    path("cycles/<int:cycle_id>/consultation/opinions/<int:opinion_id>/", end.opinion, name="opinion"),
    path("cycles/<int:cycle_id>/approval/", end.approval_page, name="approval"),
    path("cycles/<int:cycle_id>/prizes/<int:tier_id>/", end.prize_set, name="prize-set"),
    path("cycles/<int:cycle_id>/announcement/", end.announcement_page, name="announcement"),
    path("cycles/<int:cycle_id>/certificates/", end.certificates_issue, name="certificates-issue"),
    path("cycles/<int:cycle_id>/certificates/progress/", end.certificates_progress, name="certificates-progress"),
    path("cycles/<int:cycle_id>/certificates.zip", end.certificates_archive, name="certificates-archive"),
    path("results/<int:cycle_id>/", end.public_results, name="results"),
    path("applications/<int:application_id>/outcome/", end.outcome, name="outcome"),
    path("applications/<int:application_id>/certificate.pdf", end.outcome_certificate, name="outcome-certificate"),
]
