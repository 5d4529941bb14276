"""Admin URLs of archiving (mounted under /admin/archive/ by wagtail_hooks)."""

from django.urls import path

from archive.export.views import ExportBagView
from archive.views import CaseFileArchivingView, ReviewQueueView
from archive.volume.views import RegenerateVolumeView, VolumeFileView

app_name = "archive_admin"
urlpatterns = [
    path("", ReviewQueueView.as_view(), name="queue"),
    path("case-files/<int:case_file_id>/", CaseFileArchivingView.as_view(), name="case_file"),
    path("case-files/<int:case_file_id>/volume/<str:part>.pdf", VolumeFileView.as_view(), name="volume_file"),
    path("case-files/<int:case_file_id>/volume/generate/", RegenerateVolumeView.as_view(), name="regenerate_volume"),
    path("case-files/<int:case_file_id>/export.zip", ExportBagView.as_view(), name="export_bag"),
]
