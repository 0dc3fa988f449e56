from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DkfdsForm, DkfdsModelForm

from .errors import OrganisationError
from .models import Person, ResourceFunction
from .selectors import resource_functions_of


class PersonForm(DkfdsModelForm):
    """Editable fields of a person. Validation only; the service writes."""

    resource_functions = forms.ModelMultipleChoiceField(
        queryset=ResourceFunction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Ressourcefunktioner"),
    )

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "resource_functions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The person's municipality's functions, never another's (ADR 0013).
        self.fields["resource_functions"].queryset = resource_functions_of(
            municipality_id=self.instance.municipality_id
        )


class ImportUploadForm(DkfdsForm):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "Semikolon- eller kommasepareret CSV (UTF-8 eller Windows-1252) eller Excel (XLSX)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise OrganisationError.FILE_TOO_LARGE.item(
                size=filesizeformat(upload.size), limit=filesizeformat(limit)
            )
        name = upload.name.lower()
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise OrganisationError.FILE_KIND.item()
        return upload


class TeamForm(DkfdsForm):
    name = forms.CharField(
        label=_("Navn"), max_length=100, help_text=_("Fx 3.-4. årgang, Naturfagsteamet, Stue 2")
    )
    members = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Medlemmer"),
    )

    def __init__(self, *args, member_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member_choices is not None:
            self.fields["members"].queryset = member_choices
