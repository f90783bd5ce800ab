"""Importing workers and their contracts from CSV or XLSX: check first, then all or nothing.

Each data row is a worker and, when the association column is filled, their contract.
`check` converts every cell and then runs the very actions the forms use inside a
transaction that is rolled back, so the dry run finds exactly the errors the save
would; `save` repeats that for real and commits only when no row has an error.

A row is matched to a worker already saved, so that importing the same file twice adds
no one twice (there is no personal identity code to match on, on purpose):
1. by the worker number (the "numero" column: the number on the worker's page), or
2. by first name, last name and birth year within the municipality; when several
   workers share those, by a contract at the row's association as well. Still more
   than one is an error of the row that asks for the worker number.
A matched worker's saved details are not changed (the row says which differ); the
row's contract is added to them, unless the very same contract is already saved.

The modules: `files` (reading a file into rows), `columns` (the columns and converting
cells), `matching` (a row to a saved worker), `outcomes` (what the check says) and `run`
(the dry run and the save).
"""

from workers.importing.columns import COLUMNS
from workers.importing.files import UnreadableFile, read
from workers.importing.run import check, save

__all__ = ["COLUMNS", "UnreadableFile", "check", "read", "save"]
