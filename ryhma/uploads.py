"""The one validator for uploaded files: size, extension and what the bytes really are.

Use it on every FileField and forms.FileField that takes uploads:

    file = forms.FileField(validators=[UploadValidator(kinds=("csv", "xlsx"))])

The content is checked, not only the name: an `.xlsx` must be a ZIP container, a `.pdf`
must start like a PDF, a `.csv` must be text (UTF-8 or Windows-1252) without NUL bytes.
Every CSV import reads its file with `decode_csv` and `csv_rows`.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# UTF-8 with or without a byte-order mark ("CSV UTF-8"), else Windows-1252, which Excel
# in Finland writes for "CSV (semicolon separated)" and which reads Latin-1 text alike.
CSV_ENCODINGS = ("utf-8-sig", "cp1252")


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in CSV_ENCODINGS:
        try:
            # The sample may end inside a multi-byte character: ignore the last 3 bytes.
            head[: max(len(head) - 3, 0)].decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


KINDS = {
    "csv": ((".csv", ".txt"), _is_text),
    "xlsx": ((".xlsx",), lambda head: head.startswith(b"PK\x03\x04")),
    "pdf": ((".pdf",), lambda head: head.startswith(b"%PDF-")),
    "png": ((".png",), lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpeg": ((".jpg", ".jpeg"), lambda head: head.startswith(b"\xff\xd8\xff")),
}


@deconstructible
class UploadValidator:
    def __init__(self, kinds=("csv", "xlsx"), max_bytes: int = MAX_UPLOAD_BYTES):
        unknown = set(kinds) - KINDS.keys()
        if unknown:
            raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, file) -> None:
        name = (getattr(file, "name", "") or "").lower()
        size = getattr(file, "size", None)
        allowed = ", ".join(ext for kind in self.kinds for ext in KINDS[kind][0])
        if size is not None and size > self.max_bytes:
            raise ValidationError(
                _("The file is %(size)s; the largest allowed is %(max)s. Choose a smaller file.")
                % {"size": filesizeformat(size), "max": filesizeformat(self.max_bytes)},
                code="file_too_large",
            )
        if not size:
            raise ValidationError(_("The file is empty. Choose another file."), code="empty")
        matching = [kind for kind in self.kinds if name.endswith(KINDS[kind][0])]
        if not matching:
            raise ValidationError(
                _("This type of file is not accepted. Allowed file types: %(allowed)s.")
                % {"allowed": allowed},
                code="file_type",
            )
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(2048)
        file.seek(position)
        if isinstance(head, str):
            head = head.encode("utf-8")
        if not any(KINDS[kind][1](head) for kind in matching):
            raise ValidationError(
                _(
                    "The content of the file does not match its name (%(name)s). "
                    "Save the file again in the right format and upload it again."
                )
                % {"name": file.name},
                code="file_content",
            )

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.kinds == other.kinds
            and self.max_bytes == other.max_bytes
        )


class UnreadableCsv(ValueError):
    """The text is not plain CSV; `str(error)` says so to the user, in their language."""


def decode_csv(content: bytes) -> str:
    """The text of an uploaded CSV file, read by the one encoding rule (`CSV_ENCODINGS`).

    A file in neither encoding (UTF-16 "Unicode text", a binary file) raises
    `UnreadableCsv` saying how to save it in Excel.
    """
    if b"\x00" not in content:
        for encoding in CSV_ENCODINGS:
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise UnreadableCsv(
        _(
            "The file is not UTF-8 or Windows-1252 text. In Excel choose Save as → "
            "“CSV UTF-8 (comma delimited)” and try again."
        )
    )


def csv_rows(text: str, **reader_options) -> list[list[str]]:
    """Every row of a CSV text (options as for `csv.reader`), read before any is checked.

    A line break or a NUL byte inside an unquoted cell is not a row error but a file that
    is not plain CSV: it raises `UnreadableCsv` with a message naming the fix, the same for
    every import.
    """
    try:
        return list(csv.reader(io.StringIO(text), **reader_options))
    except csv.Error as error:
        raise UnreadableCsv(
            _(
                "The file could not be read as CSV (%(problem)s). Save it as “CSV UTF-8” "
                "and try again."
            )
            % {"problem": error}
        ) from error
