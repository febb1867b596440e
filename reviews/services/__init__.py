"""Changes in the review rounds, one module per concern: ``pool``, ``rounds``, ``groups``,
``declarations``, ``sheets``, ``consensus``, ``shortlist``. Each function checks, locks, saves,
audits and notifies."""
