"""Logging filters, importable before the apps are loaded (settings.LOGGING names them)."""

import logging
import re

# The parts of a path that are a secret: an assessment link's token, a password reset
# link's user and token. "salasana/uusi/valmis/" is a page, not a token.
_SECRET_PATHS = re.compile(
    r"(/vastaa/)[^/\s\"']+|(/salasana/uusi/)(?!valmis/)[^/\s\"']+/[^/\s\"']+"
)


def mask_secrets(text: str) -> str:
    """`text` with the tokens of paths replaced by ***."""
    return _SECRET_PATHS.sub(lambda m: (m.group(1) or m.group(2)) + "***", text)


class MaskTokensFilter(logging.Filter):
    """Log lines never carry an assessment or password reset token (a 404 warning, a
    server error, the development server's request line all print the path): the
    message is written out with the tokens masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
