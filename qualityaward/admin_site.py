"""The admin site of the platform: it opens only to staff who still hold the staff role.

``is_staff`` alone is not enough: a user whose role changed away from staff keeps no admin rights even
if the flag was left on (``accounts.services.user_set_role`` clears it as well). Superusers always enter.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig

from accounts.enums import Role


class QualityAwardAdminSite(AdminSite):
    def has_permission(self, request):
        user = request.user
        return super().has_permission(request) and (user.is_superuser or user.role == Role.STAFF)


class QualityAwardAdminConfig(AdminConfig):
    default_site = "qualityaward.admin_site.QualityAwardAdminSite"
