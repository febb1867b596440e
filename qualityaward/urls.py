from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from cycles import views as cycle_views

admin.site.site_header = _("Quality award platform: rulebook and records")
admin.site.site_title = _("Quality award platform")
admin.site.index_title = _("Rulebook and records")

# /health/ is answered by common.middleware.HealthCheckMiddleware, before the host check and sessions.
urlpatterns = [
    path("", cycle_views.public_home, name="public-home"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("pipeline.urls")),
    path("accounts/", include("accounts.urls")),
    path("cycles/", include("cycles.urls")),
    path("register/", include("register.urls")),
    path("applications/", include("applications.urls")),
    path("notices/", include("publicity.urls")),
    path("reviews/", include("reviews.urls")),
    path("awards/", include("awards.urls")),
    path("operations/", include("operations.urls")),
    path("admin/", admin.site.urls),
]
