"""Who may read a dossier, and whether its trade secrets (兰州 第十一条) are shown to them.

The parties, each decided by its own app: the applicant, the office's staff and supervisors and
the department of the jurisdiction (``applications``); a reviewer of the application's group
after declaring no conflict, while its round runs (``reviews``); a committee member while a vote
on the candidate is open (``awards``). The highest access any of them grants wins.
"""

from applications.permissions import Access, application_access
from awards.permissions import committee_access
from reviews.permissions import reviewer_access


def dossier_access(user, application) -> Access:
    if not user.is_authenticated:
        return Access.NONE
    return max(
        application_access(user, application), reviewer_access(user, application), committee_access(user, application)
    )
