"""Photos of returned goods: images only (checked by their content), at most ``RETURNS_PHOTO_MAX_BYTES``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from common.exceptions import DomainError

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def photo_max_bytes() -> int:
    return getattr(settings, "RETURNS_PHOTO_MAX_BYTES", PHOTO_MAX_BYTES)


def photo_check(upload) -> None:
    """Raise ``ValidationError`` unless ``upload`` is a picture within the size limit."""
    limit = photo_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(size)s MB.") % {"name": upload.name, "size": limit // (1024 * 1024)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("%(name)s is not a picture.") % {"name": upload.name}) from exc
    finally:
        upload.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(_("%(name)s is not a JPEG, PNG, WebP or GIF picture.") % {"name": upload.name})


def photo_validate(upload) -> None:
    """The same check for services: a ``DomainError`` the view shows beside the form."""
    try:
        photo_check(upload)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="photos") from error
