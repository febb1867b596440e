# The applications app's models, one module per concern; import them from here.
from .core import Application, Industry, Organisation  # noqa: F401
from .dossier import ApplicationForm, DossierPdf, Evidence, EvidenceKind, ReportSection, TeamMember  # noqa: F401
from .eligibility import ConditionResult, EligibilityReview  # noqa: F401
from .holds import ApplicationHold  # noqa: F401
from .recommendation import CorrectionRequest, Recommendation  # noqa: F401
from .recusal import Recusal  # noqa: F401
