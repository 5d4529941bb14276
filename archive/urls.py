"""Admin URLs of archiving (mounted under /admin/archive/ by wagtail_hooks)."""

from django.urls import path

from archive.report_views import FixityRunListView, FixityRunView, FourPropertyReportView
from archive.views import CaseFileArchivingView, ReviewQueueView

app_name = "archive_admin"
urlpatterns = [
    path("", ReviewQueueView.as_view(), name="queue"),
    path("case-files/<int:case_file_id>/", CaseFileArchivingView.as_view(), name="case_file"),
    path("four-property/<int:report_id>/", FourPropertyReportView.as_view(), name="four_property_report"),
    path("fixity/", FixityRunListView.as_view(), name="fixity_runs"),
    path("fixity/<int:run_id>/", FixityRunView.as_view(), name="fixity_run"),
]
