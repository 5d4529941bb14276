"""Admin screens for the archiving checklist and the evaluation rubrics (supervisors edit them)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from archive.evaluation.rubrics import RubricLocked, band_problems
from archive.models import ChecklistItem, Rubric


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


class RubricForm(WagtailAdminModelForm):
    """A draft rubric version's form: a published version is refused with the reason."""

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.is_published:
            raise forms.ValidationError(RubricLocked().message)
        bands = band_problems(data.get("grade_bands"))
        if bands:
            self.add_error("grade_bands", bands)
        return data


class RubricViewSet(ModelViewSet):
    model = Rubric
    icon = "list-ol"
    menu_label = _("Evaluation rubrics")
    add_to_admin_menu = False
    list_display = ["name", "version", "state", "published_at"]
    list_filter = ["state"]
    search_fields = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("code"),
            FieldPanel("version"),
            FieldPanel("name"),
            FieldPanel("grade_bands", help_text=_('As a list, for example [{"grade": "excellent", "min": 90}, …].')),
            FieldPanel("note"),
            InlinePanel("items", label=_("Items")),
        ],
        base_form_class=RubricForm,
    )


rubric_viewset = RubricViewSet("evaluation_rubrics")
