"""The base of every import resource (django-import-export) and the widgets they share.

A column is named by a stable key (``sku``); a file may head it with that key or with the column's label
in any language of the site, so a template downloaded in Chinese imports as well as one in English. A
refused row names the column and the reason; a row whose values equal what is stored is reported
unchanged, so importing the same file twice changes nothing the second time.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    ValidationError,
)
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.fields import Field


def _normalise_header(text) -> str:
    return str(text or "").strip().strip("*").strip().casefold()


class TextWidget(widgets.CharWidget):
    """Text without surrounding blanks; a number typed in a text column (a code, a phone) stays whole."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


class DecimalWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        text = str(value).strip().replace(",", "").replace(" ", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        return number


class BooleanWidget(widgets.BooleanWidget):
    """Yes or no, as 1/0, true/false, yes/no, 是/否 or the site's own words; anything else is refused."""

    TRUE_WORDS = {"1", "true", "yes", "y", "是", "t"}
    FALSE_WORDS = {"0", "false", "no", "n", "否", "f"}

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, bool):
            return value
        word = (
            str(int(value) if isinstance(value, float) and value.is_integer() else value).strip().casefold()
        )
        if word in self.TRUE_WORDS or word == _("Yes").casefold():
            return True
        if word in self.FALSE_WORDS or word == _("No").casefold():
            return False
        raise ValueError(_("Enter yes or no, not “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return _("Yes") if value else _("No")


class ChoiceWidget(widgets.Widget):
    """A choice given by its code or by its label in any language of the site."""

    def __init__(self, choices, **kwargs):
        self.choices = list(choices)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip().casefold()
        for code, label in self.choices:
            if text == str(code).casefold():
                return code
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    if text == str(label).strip().casefold():
                        return code
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(str(label) for _code, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class LookupWidget(widgets.ForeignKeyWidget):
    """A related object found by one of ``fields`` (a code, then a name), with a readable refusal."""

    def __init__(self, model, fields=("code",), **kwargs):
        self.lookup_fields = fields
        super().__init__(model, field=fields[0], **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = TextWidget().clean(value)
        if not text:
            return None
        queryset = self.get_queryset(value, row, **kwargs)
        for name in self.lookup_fields:
            try:
                return queryset.get(**{name: text})
            except ObjectDoesNotExist:
                continue
            except MultipleObjectsReturned:
                raise ValueError(
                    _("More than one %(model)s is called “%(value)s”.")
                    % {"model": self.model._meta.verbose_name, "value": text}
                ) from None
        raise ValueError(
            _("There is no %(model)s “%(value)s”.") % {"model": self.model._meta.verbose_name, "value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.lookup_fields[0], value))


class DateWidget(widgets.DateWidget):
    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        for date_format in self.FORMATS:
            try:
                return datetime.strptime(str(value).strip(), date_format).date()  # noqa: DTZ007 - a date
            except ValueError:
                continue
        raise ValueError(_("Enter the date as YYYY-MM-DD, not “%(value)s”.") % {"value": value})


def column(attribute, widget=None, *, key=None, keep_when_empty=False) -> Field:
    """A column of the file. ``keep_when_empty``: an empty cell keeps the stored value (or the default)."""
    return Field(
        attribute=attribute,
        column_name=key or attribute,
        widget=widget or TextWidget(),
        saves_null_values=not keep_when_empty,
    )


class ImportResource(resources.ModelResource):
    """What an import kind declares besides its columns: a title, the permissions it needs, an example
    row for the template, and the labels of columns that are not model fields."""

    import_title = ""
    import_permissions: tuple[str, ...] = ()
    import_example: dict = {}
    import_labels: dict = {}
    required_columns: tuple[str, ...] = ()  # columns the file must have; default the import id columns

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.row_changes: list[tuple[str, str, str]] = []

    # Columns and their labels.

    @classmethod
    def column_keys(cls) -> list[str]:
        """The column keys in the order of ``Meta.fields`` (the order of the template)."""
        names = list(cls._meta.fields or cls.fields)
        return [cls.fields[name].column_name for name in names if name in cls.fields]

    @classmethod
    def column_label(cls, key: str) -> str:
        if key in cls.import_labels:
            return capfirst(str(cls.import_labels[key]))
        field = next((f for f in cls.fields.values() if f.column_name == key), None)
        if field is not None and field.attribute:
            try:
                return capfirst(str(cls._meta.model._meta.get_field(field.attribute).verbose_name))
            except FieldDoesNotExist:
                pass
        return key

    @classmethod
    def header_aliases(cls) -> dict[str, str]:
        aliases = {}
        for key in cls.column_keys():
            aliases[_normalise_header(key)] = key
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    aliases.setdefault(_normalise_header(cls.column_label(key)), key)
        return aliases

    @classmethod
    def normalise_headers(cls, headers) -> tuple[list[str], list[str]]:
        """The keys for the file's headers, and the headers that match no column (they are ignored)."""
        aliases = cls.header_aliases()
        keys, unknown = [], []
        for header in headers:
            key = aliases.get(_normalise_header(header))
            if key is None:
                unknown.append(str(header or ""))
            keys.append(key or str(header or ""))
        return keys, unknown

    @classmethod
    def required_keys(cls) -> tuple[str, ...]:
        return cls.required_columns or tuple(cls._meta.import_id_fields)

    def missing_columns(self, keys) -> list[str]:
        return [self.column_label(key) for key in self.required_keys() if key not in keys]

    def before_import(self, dataset, **kwargs):
        keys, _unknown = self.normalise_headers(dataset.headers or [])
        dataset.headers = keys
        missing = self.missing_columns(keys)
        if missing:
            raise ValueError(_("The file has no column “%(columns)s”.") % {"columns": "”, “".join(missing)})

    # Rows.

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except (ValueError, ObjectDoesNotExist, MultipleObjectsReturned):
            return None  # the row is refused with the column's error by import_instance

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        for key, message in self.check_row(instance, row, errors).items():
            errors.setdefault(key, []).append(message)
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, errors) -> dict[str, str]:
        """Rules across columns, after the values are read: {column key: message}."""
        return {}

    def unchecked_fields(self, instance) -> tuple[str, ...]:
        """Model fields ``full_clean`` leaves out (set later, or reported otherwise)."""
        return ()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(
                    exclude=[*errors, *self.unchecked_fields(instance)], validate_unique=validate_unique
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        self.row_changes = self.changes(instance, original, row)
        return self._meta.skip_unchanged and not self.row_changes

    def changes(self, instance, original, row) -> list[tuple[str, str, str]]:
        """(column label, stored value, value of the file) for each column the row changes."""
        found = []
        for field in self.get_import_fields():
            if not field.attribute or field.column_name not in row:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                old = list(field.get_value(original).all())
                new = list(field.clean(row))
                if sorted(o.pk for o in old) != sorted(o.pk for o in new):
                    found.append(
                        (
                            self.column_label(field.column_name),
                            "; ".join(map(str, old)),
                            "; ".join(map(str, new)),
                        )
                    )
                continue
            old, new = field.get_value(original), field.get_value(instance)
            if old != new:
                found.append(
                    (self.column_label(field.column_name), self.display(field, old), self.display(field, new))
                )
        return found

    def display(self, field, value) -> str:
        if value is None:
            return ""
        if isinstance(field.widget, ChoiceWidget | BooleanWidget | LookupWidget):
            return str(field.widget.render(value))
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return str(value)

    def import_row(self, row, instance_loader, **kwargs):
        self.row_changes = []
        result = super().import_row(row, instance_loader, **kwargs)
        result.number = kwargs.get("row_number")
        result.changes = self.row_changes
        return result

    # What the import pages show.

    def describe(self, row) -> str:
        """A few values that tell the user which row this is (its code and name)."""
        keys = [*self.get_import_id_fields(), "name"]
        values = []
        for key in dict.fromkeys(keys):
            value = row.get(key)
            if value not in (None, ""):
                values.append(TextWidget().clean(value))
        return " · ".join(values)

    def error_messages(self, validation_error: ValidationError) -> list[str]:
        """“Column: reason” for each refusal of a row; reasons without a column come alone."""
        messages = []
        attribute_keys = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
        error_dict = getattr(validation_error, "error_dict", None)
        if error_dict is None:
            return [str(m) for m in validation_error.messages]
        for attribute, errors in error_dict.items():
            texts = [str(m) for error in errors for m in ValidationError(error).messages]
            if attribute == NON_FIELD_ERRORS:
                messages.extend(texts)
                continue
            label = self.column_label(attribute_keys.get(attribute, attribute))
            messages.extend(f"{label}: {text}" for text in texts)
        return messages

    def summary_links(self) -> list[tuple[str, str]]:
        """(label, url) pairs shown after an import, e.g. the document the rows went to."""
        return []
