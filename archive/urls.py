"""Admin URLs of archiving (mounted under /admin/archive/ by wagtail_hooks)."""

from django.urls import path

from archive.views import CaseFileArchivingView, ReviewQueueView

app_name = "archive_admin"
urlpatterns = [
    path("", ReviewQueueView.as_view(), name="queue"),
    path("case-files/<int:case_file_id>/", CaseFileArchivingView.as_view(), name="case_file"),
]
