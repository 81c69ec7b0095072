"""Exception base and the catalogue of data-quality error codes.

Every rejected input carries one of the codes below. The codes are part of the public interface: they are
stored in the ``rejections`` table, printed in summaries and listed in ``docs/errors.md`` (a test checks
that the two agree). Never rename a code; add new ones instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErrorCode:
    code: str
    title: str
    advice: str


_CATALOGUE: tuple[ErrorCode, ...] = (
    # Bytes and XML
    ErrorCode("XML_EMPTY", "The file is empty or holds only whitespace.", "Check the download; re-fetch it."),
    ErrorCode("XML_MALFORMED", "The file is not well-formed XML.", "The message gives line and column."),
    ErrorCode("XML_TRUNCATED", "The XML ends before its root element is closed.", "Re-download the file."),
    ErrorCode(
        "XML_DOCTYPE_FORBIDDEN",
        "The file declares a DOCTYPE (DTDs and entities are refused, never expanded or fetched).",
        "Notices never need a DOCTYPE; the file is either hostile or not a notice.",
    ),
    ErrorCode("XML_TOO_LARGE", "The file is larger than the configured limit.", "Raise SPPMON_MAX_NOTICE_BYTES."),
    ErrorCode("XML_ENCODING", "The file's character encoding cannot be decoded.", "Notices are UTF-8."),
    # Notice level
    ErrorCode("NOTICE_UNKNOWN_ROOT", "The root element is not a known notice format.", "Not a notice."),
    ErrorCode(
        "NOTICE_UNKNOWN_SDK",
        "The eForms SDK version (cbc:CustomizationID) is missing or not supported.",
        "Supported: eforms-sdk-1.0 up to the configured maximum.",
    ),
    ErrorCode("NOTICE_NO_ID", "The notice has no identifier (BT-701) or no version (BT-757).", "Not storable."),
    ErrorCode("NOTICE_UNKNOWN_LEGACY_FORM", "The legacy TED form is not recognised.", "Not a TED notice."),
    ErrorCode("NOTICE_INVALID_VALUE", "A field has a value that cannot be read (number, date).", "See message."),
    ErrorCode(
        "NOTICE_OUT_OF_SCOPE",
        "Not a procurement procedure: a TED form such as OTH_NOT (other notice) or EEIG. Counted, not rejected.",
        "Nothing to do: the notice is out of sppmon's scope; 'stats' counts it apart from rejections.",
    ),
    ErrorCode(
        "NOTICE_VALUE_TOO_LONG",
        "An identifier (over 200 characters) or code (over 600) of the notice is longer than any real one.",
        "The message names the field; the notice is rejected before the store, the rest of the batch is stored.",
    ),
    ErrorCode(
        "STORE_NOTICE_FAILED",
        "The store refused this one notice (the rest of its batch was stored).",
        "The message gives the database's reason; report it with the notice.",
    ),
    # Archives and sources
    ErrorCode("SOURCE_NOT_FOUND", "The path does not exist or cannot be read.", "Check the path."),
    ErrorCode("ARCHIVE_CORRUPT", "The archive or compressed stream is corrupt.", "Re-download the package."),
    ErrorCode(
        "ARCHIVE_TRUNCATED",
        "The archive or gzip stream ends early; members read before the break were processed.",
        "Re-download the package.",
    ),
    ErrorCode(
        "ARCHIVE_UNSAFE_MEMBER",
        "An archive member has an absolute path, '..' or is a link or device.",
        "The member is skipped; the package is suspect.",
    ),
    ErrorCode("ARCHIVE_DUPLICATE_MEMBER", "The archive holds the same member name twice.", "Second copy skipped."),
    ErrorCode("ARCHIVE_TOO_DEEP", "Archives are nested deeper than the configured limit.", "Unpack manually."),
    ErrorCode("ARCHIVE_MEMBER_TOO_LARGE", "An archive member exceeds the size limit.", "Raise the limit."),
    ErrorCode(
        "ARCHIVE_MEMBER_NAME_TOO_LONG",
        "An archive member's name (or its extended header) is longer than any real one; the member is skipped.",
        "The rest of the archive is read; the package is suspect.",
    ),
    ErrorCode(
        "ARCHIVE_EXPANDS_TOO_MUCH",
        "A compressed stream expands far more than real notices do (a decompression bomb); reading stops there.",
        "Members read before were processed; the package is suspect.",
    ),
    ErrorCode(
        "SOURCE_NOT_REGULAR",
        "A path (named, or an entry of a folder) is a FIFO, device or socket, not a file; it is refused, never "
        "opened (opening it could wait or read forever).",
        "Remove it, or name real files.",
    ),
    ErrorCode(
        "SOURCE_LINK_OUTSIDE",
        "A symbolic link in the folder points outside it, nowhere, or into a loop; it is skipped, never read.",
        "Copy the file into the folder if it belongs there.",
    ),
    # Remote sources (TED Search API, TED packages)
    ErrorCode(
        "SOURCE_DOWNLOAD_FAILED",
        "A notice or package could not be downloaded (HTTP error, or retries exhausted).",
        "The message gives the URL and status; the next sync tries it again.",
    ),
    ErrorCode(
        "PACKAGE_COUNT_MISMATCH",
        "A TED package holds a different number of notices than the Search API counts for its issue or month.",
        "Compare the package with the search; re-download it, or report it to the publisher.",
    ),
    ErrorCode(
        "SYNC_TOTAL_CHANGED",
        "The Search API's total changed while paging (notices were published or withdrawn meanwhile).",
        "Run the sync again; notices already stored are skipped.",
    ),
    ErrorCode(
        "SYNC_REPEATED_TOKEN",
        "The Search API returned an iteration token it had already returned (paging would loop).",
        "Run the sync again; if it recurs, narrow the period.",
    ),
    ErrorCode(
        "SYNC_DUPLICATE_ID",
        "The Search API returned the same notice twice in one paging run.",
        "Run the sync again; if it recurs, narrow the period.",
    ),
    ErrorCode(
        "SYNC_TIMED_OUT",
        "The Search API reported that the search timed out (results may be incomplete).",
        "Narrow the query (shorter period, fewer CPV patterns) and run again.",
    ),
    ErrorCode(
        "SYNC_BAD_RESPONSE",
        "The Search API answered with something that is not a search result of the documented shape.",
        "The message quotes what was wrong; check the API URL setting.",
    ),
    # Syncs started from the web app (POST /api/admin/sync)
    ErrorCode(
        "SYNC_REQUEST_INVALID",
        "A sync request names an unknown source or field, or a country, date, month or CPV code that is not valid.",
        "The message names the field; the request is answered with 422 and no sync starts.",
    ),
    ErrorCode(
        "SYNC_ALREADY_RUNNING",
        "A sync was requested while another one started from the web app is still running.",
        "Wait until the running sync ends (GET /api/admin/sync/ID), then start the next one.",
    ),
    # Web app and JSON API (the body of every error answer: {"code", "detail", "errors"})
    ErrorCode(
        "HTTP_INVALID_PARAMETER",
        "A query parameter or form field does not have the form it must have (a year, a code, a list, a bound).",
        "The answer's 'errors' names each parameter and the form it expects; the API document lists them all.",
    ),
    ErrorCode("HTTP_BAD_REQUEST", "The request cannot be answered as sent (an empty upload or body).", "See detail."),
    ErrorCode("HTTP_FORBIDDEN", "A write action without the right administrator token.", "Send the token."),
    ErrorCode("HTTP_NOT_FOUND", "No such page, route, notice, buyer, indicator or file.", "Check the address."),
    ErrorCode("HTTP_METHOD_NOT_ALLOWED", "The route does not answer this HTTP method.", "See /api/openapi.json."),
    ErrorCode("HTTP_CONFLICT", "The action conflicts with one still running.", "Try again when it has ended."),
    ErrorCode("HTTP_TOO_LARGE", "An upload or request body is larger than the server accepts.", "Send less."),
    ErrorCode(
        "HTTP_REQUEST_TIMEOUT",
        "The request's body stopped arriving for 30 seconds; the server stopped waiting.",
        "Send the upload again over a working connection.",
    ),
    ErrorCode("HTTP_UNSUPPORTED_TYPE", "An upload is not of a kind the route accepts.", "See detail."),
    ErrorCode(
        "HTTP_INTERNAL_ERROR",
        "The server failed to answer; the failure is logged.",
        "Report it with the address asked and the time.",
    ),
    ErrorCode(
        "WEB_WORK_TIMEOUT",
        "The upload, check, plan or life-cycle cost took longer than the server's time limit; the work was stopped "
        "and nothing of it was stored.",
        "Send a smaller input (split a package), or ask the administrator about SPPMON_WEB_INGEST_SECONDS and "
        "SPPMON_WEB_WORK_SECONDS.",
    ),
    ErrorCode(
        "WEB_UPLOAD_STORE_TIMEOUT",
        "Storing an upload took longer than the server's time limit; it stopped between two batches: the batches "
        "stored before are whole, nothing after them was written.",
        "Send the file again to store the rest (notices already stored are recognised, unchanged), split it, or ask "
        "the administrator about SPPMON_WEB_STORE_SECONDS.",
    ),
    ErrorCode(
        "WEB_WORK_TOO_LARGE",
        "The input needs more memory than the server grants one request; the work was stopped and nothing of it "
        "was stored.",
        "Send a smaller input, or ask the administrator about SPPMON_WEB_WORK_MEMORY_BYTES.",
    ),
    ErrorCode(
        "WEB_WORK_FAILED",
        "The worker process computing the answer ended unexpectedly; nothing of its work was stored.",
        "Try again; if it fails again, report it with the address asked and the time.",
    ),
    # Money
    ErrorCode("MONEY_UNKNOWN_CURRENCY", "An amount has a currency without an exchange rate.", "Refresh rates."),
    ErrorCode(
        "RATES_FILE_INVALID",
        "An exchange-rate file cannot be read: bad header, date, currency code or rate (line given).",
        "Fix the line named in the message; nothing was changed.",
    ),
    # Buyers named on the command line or in a request
    ErrorCode(
        "BUYER_UNKNOWN",
        "No buyer in the store has the given key, registration number or a name containing the given text.",
        "Give a buyer key (column buyer of 'sppmon indicators coverage --by buyer') or a part of its name.",
    ),
    ErrorCode(
        "BUYER_AMBIGUOUS",
        "Several buyers match the given name; the message lists them with their keys.",
        "Give one of the listed keys, or more of the name.",
    ),
    # Guide knowledge base
    ErrorCode(
        "GUIDE_FICHE_INVALID",
        "A guide fiche is not valid YAML or does not follow the knowledge-base format.",
        "Run 'sppmon guide validate' on the folder; the message names the file and the place in it.",
    ),
    # Purchase plans (urgency list)
    ErrorCode("PLAN_UNREADABLE", "The plan file cannot be read as CSV or XLSX.", "Save it as UTF-8 CSV or .xlsx."),
    ErrorCode(
        "PLAN_TOO_LARGE",
        "The plan exceeds a cap (bytes, lines, cells in a row, characters in a cell, or shared strings of a "
        "workbook); it is refused before it is read whole.",
        "A plan has hundreds of rows of a dozen cells: split the file, or remove what is not the plan.",
    ),
    ErrorCode(
        "PLAN_MISSING_COLUMN", "A required column is missing from the plan.", "Start from 'sppmon plan template'."
    ),
    ErrorCode("PLAN_MISSING_VALUE", "A required cell of a planned purchase is empty.", "Fill in the named column."),
    ErrorCode(
        "PLAN_INVALID_CPV",
        "The CPV code is not 8 digits (optionally with its check digit) or is not a code of the CPV list.",
        "E.g. 30213100-6; checked against the CPV divisions and tree, and the SDK's CPV list when configured.",
    ),
    ErrorCode("PLAN_INVALID_DATE", "The planned launch date is not a date.", "Use YYYY-MM-DD or DD/MM/YYYY."),
    ErrorCode("PLAN_INVALID_VALUE", "The estimated value is not a number or is negative.", "A value in euro, ≥ 0."),
    ErrorCode("PLAN_INVALID_DURATION", "The duration is not a whole number of months ≥ 0.", "E.g. 48."),
    ErrorCode("PLAN_INVALID_FLAG", "The framework column is not yes or no.", "yes/no, ja/nee, oui/non, true/false."),
    ErrorCode(
        "PLAN_CPV_LEADING_ZERO",
        "Warning: a 7-digit CPV code (a spreadsheet dropped its leading zero) was read with the zero restored.",
        "Check the code; format the column as text so that the zero stays.",
    ),
    ErrorCode(
        "PLAN_DUPLICATE_ROW",
        "Warning: a row repeats an earlier row exactly; it is ranked once.",
        "Delete the repeated row, or make it differ if it is another purchase.",
    ),
    ErrorCode(
        "PLAN_SIMILAR_ROWS",
        "Warning: a row looks like an earlier one (same department and CPV code, launch within 3 months, the same "
        "value or a similar description); both are ranked.",
        "Check that they are two purchases, not one entered twice.",
    ),
    # Life-cycle cost
    ErrorCode("LCC_UNREADABLE", "The life-cycle cost input is not valid YAML or JSON.", "The message gives the place."),
    ErrorCode("LCC_INVALID_INPUT", "A life-cycle cost input value is missing or out of range.", "See the message."),
    ErrorCode(
        "LCC_TOO_LARGE",
        "A life-cycle cost input is larger than the byte cap; it is refused before it is parsed.",
        "Split the offers over several files.",
    ),
    ErrorCode(
        "LCC_FACTORS_INVALID",
        "A factors file (CO2 prices, fuels, vehicles, pollutants) does not follow the packaged file's structure.",
        "The message names the place; see docs/lcc.md.",
    ),
    # Outcome estimates
    ErrorCode(
        "OUTCOME_FACTORS_INVALID",
        "An outcome factors file (service lives, emission factors, vehicle factors) does not follow the packaged "
        "file's structure, or names an unknown key or source.",
        "The message names the place; see docs/outcomes.md.",
    ),
    # The EU benchmark
    ErrorCode(
        "BENCHMARK_INVALID_SETTING",
        "A setting of the EU benchmark is out of range: a minimum that is not a whole number ≥ 1, a minimum "
        "coverage outside 0–100 %, or a focus country that is not an EU or EEA country.",
        "The message names the setting and what it takes; see docs/eu-benchmark.md.",
    ),
    # Hand labels for grading text detection
    ErrorCode(
        "LABELS_UNREADABLE",
        "The labels file cannot be read, or its header lacks a required column.",
        "A UTF-8 TSV; see docs/commands/evaluate-detection.md for the columns.",
    ),
    ErrorCode(
        "LABELS_INVALID_VALUE",
        "A row of the labels file has a value outside its column's allowed values, or repeats a notice id.",
        "The message names the line and column; labels are yes or no, splits tune or holdout.",
    ),
    # Writing files (every command that writes: report, export, extract -o, indicators --out, plan, generate, demo)
    ErrorCode("OS_READ_ONLY", "The target is on a read-only file system.", "Write somewhere else."),
    ErrorCode(
        "OS_PERMISSION_DENIED", "The system refused access to the path (permissions).", "Check the folder's rights."
    ),
    ErrorCode("OS_PATH_MISSING", "A folder of the path does not exist (or is a file).", "Check the path."),
    ErrorCode("OS_DISK_FULL", "The disk (or the user's quota) is full.", "Free space; nothing was half-written."),
    ErrorCode("OS_IS_A_FOLDER", "A file was to be written where a folder is.", "Name a file, not a folder."),
    ErrorCode("OS_PATH_EXISTS", "Something already exists where a new file or folder was to be made.", "Move it."),
    ErrorCode("OS_NAME_TOO_LONG", "A file name or path is longer than the system allows.", "Use a shorter name."),
    ErrorCode("OS_ERROR", "Any other operating-system failure (input/output error, link loop).", "See message."),
    ErrorCode(
        "EXPORT_TARGET_FOREIGN",
        "The export folder holds files that are not a previous sppmon export, or files added to one; nothing was "
        "written.",
        "Name a new or empty folder, or one that a previous 'sppmon export' wrote; move files you added elsewhere.",
    ),
    ErrorCode(
        "EXPORT_TARGET_NOT_FOLDER",
        "The export target exists and is not a folder (a regular file, a link or a device); nothing was written.",
        "Name a folder.",
    ),
    ErrorCode(
        "EXPORT_TARGET_HOLDS_STORE",
        "The export folder holds the store being exported (or is one of the folders above it).",
        "Export into a folder of its own.",
    ),
    # Opening the store
    ErrorCode(
        "STORE_NOT_FOUND",
        "No store at the given path (--db, SPPMON_DB or the user data folder); a command that only reads a store "
        "never creates one.",
        "Check the path, or create the store with 'sppmon ingest' (or 'sppmon demo').",
    ),
    ErrorCode(
        "STORE_UNAVAILABLE",
        "The store cannot be opened: the file is locked by another process (often 'sppmon serve'), is not a store, "
        "or the database server does not answer.",
        "Read the detail. A DuckDB store held by 'sppmon serve' is reached through the server (uploads, "
        "/api/admin/ingest) or opened read-only beside it; for PostgreSQL check the URL and that the server runs.",
    ),
    ErrorCode(
        "STORE_NEEDS_MIGRATION",
        "The store was written by an earlier version of sppmon and needs a schema migration, which a command that "
        "only reads it does not make.",
        "Run a command that writes to it once (for example 'sppmon ingest' of any file); the migration keeps every "
        "row.",
    ),
    ErrorCode(
        "STORE_TOO_NEW",
        "The store was written by a newer version of sppmon than this one.",
        "Upgrade sppmon.",
    ),
    ErrorCode(
        "STORE_OUT_OF_MEMORY",
        "The database ran out of the memory it is given (a batch that runs out is tried again with more; this "
        "happened elsewhere). Nothing was half-written: the batch in progress was rolled back.",
        "Run the command again with more memory for DuckDB: SPPMON_DUCKDB_INGEST_MEMORY (ingest, default 144MB) "
        "or SPPMON_DUCKDB_MEMORY (queries and recounts, default 2GB).",
    ),
    # Web app: an answer whose status has no code of its own
    ErrorCode(
        "HTTP_ERROR",
        "The server answered with an HTTP error status that has no more specific code.",
        "The answer's detail and status say more; report it if it persists.",
    ),
)

CATALOGUE: dict[str, ErrorCode] = {entry.code: entry for entry in _CATALOGUE}


class SppmonError(Exception):
    """Base of every error sppmon raises on purpose."""


class CatalogedError(SppmonError):
    """An input problem with a stable code from the catalogue."""

    def __init__(self, code: str, message: str) -> None:
        if code not in CATALOGUE:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its attributes, not by calling __init__ again (subclasses take other arguments): an error
        # raised in a worker process reaches the process that waits for it whole, its subclass included.
        return (_rebuilt_error, (type(self), self.args, self.__dict__))


def _rebuilt_error(cls: type[CatalogedError], args: tuple[object, ...], state: dict[str, object]) -> CatalogedError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


OUT_OF_SCOPE = "NOTICE_OUT_OF_SCOPE"  # the one code that is a verdict, not a rejection (counted apart)


class ConfigError(SppmonError):
    """A setting or argument is wrong; the command cannot start."""


class StoreError(SppmonError):
    """The store cannot be opened or migrated."""


class StoreNotFound(CatalogedError, StoreError):
    """A store opened for reading does not exist (``STORE_NOT_FOUND``)."""

    def __init__(self, path: str) -> None:
        super().__init__("STORE_NOT_FOUND", f"no store at {path}; run 'sppmon ingest' first")


class StoreProblem(CatalogedError, StoreError):
    """The store cannot be opened or migrated, with a code (``STORE_UNAVAILABLE``, ``STORE_NEEDS_MIGRATION``,
    ``STORE_TOO_NEW``)."""


class SourceError(CatalogedError):
    """A remote source failed in a way that stops the run (the code says how)."""
