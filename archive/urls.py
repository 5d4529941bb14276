"""Admin URLs of archiving (mounted under /admin/archive/ by wagtail_hooks)."""

from django.urls import path

from archive.borrowing_views import BorrowingsView, BorrowingView, BorrowRequestView, LendingQueueView
from archive.evaluation.views import (
    CampaignDownloadView,
    CampaignFormView,
    CampaignView,
    EvaluationHomeView,
    ReconcileView,
    RectificationView,
    RubricView,
    ScoringView,
)
from archive.export.views import ExportBagView
from archive.report_views import FixityRunListView, FixityRunView, FourPropertyReportView
from archive.typical.views import NominateView, RedactionView, SelectionNewView, SelectionView, TypicalCasesView
from archive.views import CaseFileArchivingView, ReviewQueueView
from archive.volume.views import RegenerateVolumeView, VolumeFileView

app_name = "archive_admin"
urlpatterns = [
    path("", ReviewQueueView.as_view(), name="queue"),
    path("case-files/<int:case_file_id>/", CaseFileArchivingView.as_view(), name="case_file"),
    path("case-files/<int:case_file_id>/volume/<str:part>.pdf", VolumeFileView.as_view(), name="volume_file"),
    path("case-files/<int:case_file_id>/volume/generate/", RegenerateVolumeView.as_view(), name="regenerate_volume"),
    path("case-files/<int:case_file_id>/export.zip", ExportBagView.as_view(), name="export_bag"),
    path("borrowing/", BorrowingsView.as_view(), name="borrowings"),
    path("borrowing/requests/", LendingQueueView.as_view(), name="lending_queue"),
    path("borrowing/<int:borrowing_id>/", BorrowingView.as_view(), name="borrowing"),
    # By the archival code: the would-be borrower may not see the case file (casefiles.guard).
    path("borrowing/new/<int:code_id>/", BorrowRequestView.as_view(), name="borrow"),
    path("four-property/<int:report_id>/", FourPropertyReportView.as_view(), name="four_property_report"),
    path("fixity/", FixityRunListView.as_view(), name="fixity_runs"),
    path("fixity/<int:run_id>/", FixityRunView.as_view(), name="fixity_run"),
    # Evaluation (案卷评查): ids of campaigns, evaluations, files and notices, each checked by its view.
    path("evaluation/", EvaluationHomeView.as_view(), name="evaluation"),
    path("evaluation/campaigns/new/", CampaignFormView.as_view(), name="campaign_new"),
    path("evaluation/campaigns/<int:campaign_id>/", CampaignView.as_view(), name="campaign"),
    path("evaluation/campaigns/<int:campaign_id>/edit/", CampaignFormView.as_view(), name="campaign_edit"),
    path(
        "evaluation/campaigns/<int:campaign_id>/results.<str:kind>",
        CampaignDownloadView.as_view(),
        name="campaign_download",
    ),
    path("evaluation/evaluations/<int:evaluation_id>/", ScoringView.as_view(), name="scoring"),
    path("evaluation/files/<int:file_id>/reconcile/", ReconcileView.as_view(), name="reconcile"),
    path("evaluation/rectifications/<int:notice_id>/", RectificationView.as_view(), name="rectification"),
    path("evaluation/rubrics/<int:rubric_id>/", RubricView.as_view(), name="rubric"),
    # The typical-case library (典型案例库): nominations, redaction, the annual selection.
    path("typical/", TypicalCasesView.as_view(), name="typical_cases"),
    path("typical/nominate/<int:case_file_id>/", NominateView.as_view(), name="nominate"),
    path("typical/<int:typical_case_id>/redaction/", RedactionView.as_view(), name="redaction"),
    path("typical/selections/new/", SelectionNewView.as_view(), name="selection_new"),
    path("typical/selections/<int:selection_id>/", SelectionView.as_view(), name="selection"),
]
