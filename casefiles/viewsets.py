"""Admin screens for agencies, the controlled vocabularies, and the deadline rules and calendar."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from casefiles.models import Agency, CalendarDay, CalendarYear, Cause, Court, RuleProfile


class AgencyViewSet(ModelViewSet):
    model = Agency
    icon = "site"
    menu_label = _("Agencies")
    list_display = ["name", "kind", "parent", "fonds_code", "rule_profile"]
    list_filter = ["kind"]
    search_fields = ["name"]
    ordering = ["name"]
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False


class CourtViewSet(ModelViewSet):
    model = Court
    icon = "cog"
    menu_label = _("Courts")
    list_display = ["name", "level", "code"]
    list_filter = ["level"]
    search_fields = ["name"]
    copy_view_enabled = False


class CauseViewSet(ModelViewSet):
    model = Cause
    icon = "list-ul"
    menu_label = _("Causes of action")
    list_display = ["name", "parent", "source"]
    search_fields = ["name"]
    copy_view_enabled = False


class CasefilesViewSetGroup(ViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 300
    items = (AgencyViewSet("agencies"), CourtViewSet("courts"), CauseViewSet("causes"))


class RuleProfileViewSet(ModelViewSet):
    model = RuleProfile
    icon = "time"
    menu_label = _("Deadline rules")
    list_display = ["name", "code", "base", "document"]
    search_fields = ["name", "code"]
    copy_view_enabled = False


class CalendarDayViewSet(ModelViewSet):
    model = CalendarDay
    icon = "date"
    menu_label = _("Holidays and make-up working days")
    list_display = ["date", "kind", "name", "source"]
    list_filter = ["kind"]
    copy_view_enabled = False


class CalendarYearViewSet(ModelViewSet):
    model = CalendarYear
    icon = "calendar-check"
    menu_label = _("Official calendar years")
    list_display = ["year", "source"]
    copy_view_enabled = False


class DeadlinesViewSetGroup(ViewSetGroup):
    menu_label = _("Deadlines")
    menu_icon = "time"
    menu_order = 310
    items = (
        RuleProfileViewSet("rule_profiles"),
        CalendarDayViewSet("calendar_days"),
        CalendarYearViewSet("calendar_years"),
    )


casefiles_viewset_group = CasefilesViewSetGroup()
deadlines_viewset_group = DeadlinesViewSetGroup()
