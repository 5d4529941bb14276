"""Admin screens for the archiving checklist (supervisors edit it)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from archive.models import ChecklistItem


class ChecklistViewSet(ModelViewSet):
    model = ChecklistItem
    icon = "tasks"
    menu_label = _("Archiving checklist")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["label", "source", "first_instance", "appeal", "retrial", "cause", "active"]
    list_filter = ["active", "first_instance", "appeal", "retrial"]
    search_fields = ["label", "source"]
    copy_view_enabled = False


checklist_viewset = ChecklistViewSet("archiving_checklist")
