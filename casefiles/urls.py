"""Admin URLs of the casefiles app (mounted under /admin/ by wagtail_hooks)."""

from django.urls import path

from casefiles.views.access_log import AccessLogView
from casefiles.views.case_files import CaseFileOverviewView, DocumentVersionView
from casefiles.views.deadline_calendar import DeadlineCalendarView
from casefiles.views.feeds import DeadlineFeedView
from casefiles.views.lifecycle import LifecycleView
from casefiles.views.sharing import SharingView
from casefiles.views.statistics import StatisticsReportView, StatisticsView

app_name = "casefiles_admin"
urlpatterns = [
    path("access-log/", AccessLogView.as_view(), name="access_log"),
    path("deadlines/calendar/", DeadlineFeedView.as_view(), name="deadline_feed"),
    path("deadlines/month/", DeadlineCalendarView.as_view(), name="deadline_calendar"),
    path("statistics/", StatisticsView.as_view(), name="statistics"),
    path("statistics/report/", StatisticsReportView.as_view(), name="statistics_report"),
    path("<int:case_file_id>/", CaseFileOverviewView.as_view(), name="overview"),
    path("<int:case_file_id>/sharing/", SharingView.as_view(), name="sharing"),
    path("<int:case_file_id>/lifecycle/", LifecycleView.as_view(), name="lifecycle"),
    path(
        "documents/<int:document_id>/versions/<int:number>/",
        DocumentVersionView.as_view(),
        name="document_version",
    ),
]
