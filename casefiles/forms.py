"""The document edit form (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

from casefiles import uploads
from casefiles.models.documents import DuplicateDocument, replace_document_file


class CaseDocumentForm(BaseDocumentForm):
    """Wagtail's document edit form, for case documents.

    A new file is inspected like any upload, and the file it replaces is kept
    as an earlier version instead of being deleted.
    """

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            self.inspection = uploads.inspect(file, file.name)
            if self.instance.pk and self.inspection.sha256 == self.instance.sha256:
                raise ValidationError(_("This is the file the document already has."))
            existing = type(self.instance).objects.same_file(
                self.instance.case_file_id, self.inspection.sha256, exclude=self.instance
            )
            if existing is not None:
                raise ValidationError(DuplicateDocument(existing).message)
        return file

    def save(self, commit=True):
        if "file" not in self.changed_data or not self.instance.pk:
            return super().save(commit=commit)
        if not commit:
            raise ValueError("Replacing a case document's file needs commit=True.")
        new_file = self.cleaned_data["file"]
        user = getattr(self, "for_user", None)
        # Save the other fields on the document as it is now, then replace the file.
        current = type(self.instance).objects.get(pk=self.instance.pk)
        current.title = self.instance.title
        current.save(update_fields=["title"])
        try:
            document = replace_document_file(current, new_file, new_file.name, user=user, inspection=self.inspection)
        except DuplicateDocument as e:
            raise ValidationError(e.message) from e
        self.instance = document
        return document

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.for_user = user
