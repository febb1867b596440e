"""Error reports (the mail to ``ADMINS``) that carry no dossier content.

A report item's text or an evidence file's name may be a trade secret (兰州 第十一条), and a request
that fails may carry either: Django's report would list the POST values, the uploaded files' names
and every frame's local variables. Outside DEBUG these reports show the names of the fields and
variables only; the traceback (files, lines, code) stays whole.
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


class DossierSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class DossierSafeExceptionReporter(ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None and self.filter.is_active(self.request):
            data["request_FILES_items"] = [(name, self.filter.cleansed_substitute) for name in self.request.FILES]
        return data
