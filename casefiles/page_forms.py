"""Page forms for the case-file tree (set as ``base_form_class`` on the page models)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

from casefiles import principal_head, uploads
from casefiles.models.documents import DuplicateDocument, store_document


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field. Empty files pass through to uploads.inspect, which names them."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class CasePageForm(WagtailAdminPageForm):
    """Page form for every case page: files chosen in it must belong to its case file."""

    def _case_file(self):
        from casefiles.models import CaseFile

        if isinstance(self.instance, CaseFile):
            return self.instance if self.instance.pk else None
        if self.instance.pk:
            return self.instance.case_file
        if self.parent_page is not None and isinstance(self.parent_page.specific, CaseFile):
            return self.parent_page.specific
        return None

    def clean(self):
        cleaned_data = super().clean()
        case_file = self._case_file()
        for formset in self.formsets.values():
            for form in formset.forms:
                document = form.cleaned_data.get("document") if hasattr(form, "cleaned_data") else None
                if document is not None and case_file is not None and document.case_file_id != case_file.pk:
                    form.add_error("document", _("The file belongs to another case file."))
        return cleaned_data


class CaseDocumentsPageForm(CasePageForm):
    """Page form for case pages that hold files: checks uploads with the page, stores them after it."""

    upload_files = MultipleFileField(
        label=gettext_lazy("Add files"),
        required=False,
        help_text=gettext_lazy("Scans or PDFs (PDF, JPEG, PNG, TIFF); several at once."),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.tif,.tiff"}),
    )

    def clean_upload_files(self):
        files = self.cleaned_data.get("upload_files") or []
        errors, inspected, seen = [], [], {}
        for upload in files:
            try:
                inspection = uploads.inspect(upload, upload.name)
            except ValidationError as e:
                errors.extend(e.messages)
                continue
            if inspection.sha256 in seen:
                errors.append(
                    _("“%(name)s” and “%(other)s” are the same file.")
                    % {"name": upload.name, "other": seen[inspection.sha256]}
                )
                continue
            seen[inspection.sha256] = upload.name
            inspected.append((upload, inspection))
        case_file = self._case_file()
        if case_file is not None:
            from casefiles.models import CaseDocument

            existing = {
                doc.sha256: doc for doc in CaseDocument.objects.filter(case_file=case_file, sha256__in=list(seen))
            }
            for upload, inspection in inspected:
                if inspection.sha256 in existing:
                    errors.append(f"{upload.name}: {DuplicateDocument(existing[inspection.sha256]).message}")
        if errors:
            raise ValidationError(errors)
        return inspected

    def save(self, commit=True):
        page = super().save(commit=commit)
        # Stored by the after_create_page / after_edit_page hooks, once the page exists.
        page._pending_uploads = self.cleaned_data.get("upload_files") or []
        return page


def store_pending_uploads(page, user):
    """Store the files a page form accepted; returns (stored documents, error messages)."""
    stored, errors = [], []
    case_file = page.case_file
    for upload, inspection in getattr(page, "_pending_uploads", []):
        try:
            stored.append(store_document(case_file, upload, upload.name, user=user, page=page, inspection=inspection))
        except ValidationError as e:
            errors.extend(e.messages)
        except DuplicateDocument as e:
            errors.append(f"{upload.name}: {e.message}")
    page._pending_uploads = []
    return stored, errors


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        from casefiles.views.case_files import display_name

        agencies = "、".join(m.agency.name for m in user.agency_memberships.all() if m.role == "officer")
        return f"{display_name(user)}（{agencies}）" if agencies else display_name(user)


class CaseFileForm(CasePageForm):
    """The case file form: a case needs at least a plaintiff and a defendant."""

    principal_head_criteria = forms.MultipleChoiceField(
        label=gettext_lazy("The principal head must appear because"),
        choices=principal_head.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Tick each ground the case meets; a case that meets one is flagged for the principal head."
        ),
    )

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        if "officer" in self.fields:
            # Only case officers can handle a case (the model checks they belong to the handling unit).
            officers = (
                get_user_model()
                .objects.filter(is_active=True, agency_memberships__role="officer")
                .distinct()
                .prefetch_related("agency_memberships__agency")
                .order_by("first_name", "username")
            )
            field = self.fields["officer"]
            self.fields["officer"] = OfficerChoiceField(
                queryset=officers, required=False, label=field.label, help_text=field.help_text, widget=field.widget
            )

    def clean(self):
        cleaned_data = super().clean()
        parties = self.formsets.get("parties")
        if parties is not None and all(hasattr(f, "cleaned_data") for f in parties.forms):
            roles = {
                form.cleaned_data.get("role")
                for form in parties.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            }
            if "plaintiff" not in roles or "defendant" not in roles:
                raise ValidationError(_("A case needs at least one plaintiff and one defendant."))
        return cleaned_data
