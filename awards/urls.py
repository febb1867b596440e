from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("cycles/<int:cycle_id>/evaluation/", views.evaluation, name="evaluation"),
    path("cycles/<int:cycle_id>/evaluation/public-scores/", views.public_scores, name="public-scores"),
    path("cycles/<int:cycle_id>/evaluation/propose/", views.propose, name="propose"),
    path("cycles/<int:cycle_id>/votes/", views.vote_preparation, name="votes"),
    path("cycles/<int:cycle_id>/evaluation/propose-ranked/", views.propose_ranked, name="propose-ranked"),
    path("cycles/<int:cycle_id>/votes/open/<int:tier_id>/", views.vote_open, name="vote-open"),
    path("cycles/<int:cycle_id>/votes/open-single/", views.vote_open_single, name="vote-open-single"),
    path("votes/", views.my_votes, name="my-votes"),
    path("votes/<int:vote_id>/", views.vote_result, name="result"),
    path("votes/<int:vote_id>/close/", views.vote_close, name="vote-close"),
    path("votes/<int:vote_id>/settle/", views.ties_settle, name="settle"),
    path("votes/<int:vote_id>/ballot/", views.ballot, name="ballot"),
    path("votes/<int:vote_id>/withdraw/", views.ballot_withdraw, name="withdraw"),
    path("votes/<int:vote_id>/candidates/<int:application_id>/", views.candidate, name="candidate"),
]
