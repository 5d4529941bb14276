"""Admin screens for agencies and the controlled vocabularies."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from casefiles.models import Agency, Cause, Court


class AgencyViewSet(ModelViewSet):
    model = Agency
    icon = "site"
    menu_label = _("Agencies")
    list_display = ["name", "kind", "parent", "fonds_code"]
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


casefiles_viewset_group = CasefilesViewSetGroup()
