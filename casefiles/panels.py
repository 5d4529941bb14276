"""Editor panels for case pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class DocumentsPanel(Panel):
    """Lists the files filed under the page being edited, with their earlier versions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Files"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "documents"

    class BoundPanel(Panel.BoundPanel):
        template_name = "casefiles/panels/documents_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["documents"] = (
                self.instance.case_documents.all().prefetch_related("versions").order_by("created_at")
                if self.instance.pk
                else []
            )
            return context
