"""Text and files from outside fama, made safe to keep and to print.

A meeting feed, a locations list or a service's own handout is written by someone else. Its
text may carry terminal control sequences (ESC, BEL, the C1 range) that could move the
cursor, retitle the window or hide a line, or bidirectional overrides that make a line read
differently on screen from what it holds. :func:`strip_controls` removes them from text fama
keeps; :func:`shown` escapes them in text fama prints, so nothing a file holds can drive
the terminal.

A file a command is given may also be a pipe, a device such as ``/dev/zero``, or far larger
than any real feed. :func:`read_limited` is the one way commands read such a file: a
regular file only, read without blocking, and refused past a size limit; :func:`load_json`
parses JSON within limits (nesting depth, finite numbers) and cleans every string in it.
Every refusal is a :class:`FileRefused` carrying one plain sentence.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any, TextIO, cast

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 controls but tab and line feed, DEL, C1 controls, and the bidi embeddings, overrides
and isolates: the characters that change how a terminal shows what follows them."""

MAX_FILE_BYTES = 50 * 1024 * 1024
"""The largest file a command reads: a whole country's meeting feed is a few megabytes."""

MAX_JSON_DEPTH = 64
"""Real feeds nest three or four levels; anything far deeper is not a meeting list."""

NO_SUCH_FILE = "there is no such file"

_READ_CHUNK = 1024 * 1024


class FileRefused(ValueError):
    """A file fama will not read or parse; ``problem`` is a plain clause, ``str()`` a
    sentence naming the file."""

    def __init__(self, path: Path | None, problem: str) -> None:
        self.path = path
        self.problem = problem
        where = f"{shown(path.name)}: " if path is not None else ""
        super().__init__(f"{where}{problem}.")


def strip_controls(text: str) -> str:
    """``text`` without the characters in :data:`UNSAFE` (a CR LF line end becomes LF)."""
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub("", text.replace("\r\n", "\n"))


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def shown(text: str) -> str:
    """``text`` for a terminal: each unsafe character written as a visible ``\\uXXXX``.

    The JSON spelling, so JSON passed through stays valid JSON with the same value (JSON
    escapes C0 controls itself; C1, DEL and bidi characters it leaves raw).
    """
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(_escaped, text)


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON that is safe to print: non-ASCII kept readable, unsafe characters
    escaped (see :func:`shown`)."""
    return shown(json.dumps(data, indent=indent, ensure_ascii=False))


class SafeWriter:
    """A text stream that escapes unsafe characters on their way to the real one."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(shown(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()


def safe_stream(raw: TextIO) -> TextIO:
    """``raw`` wrapped in a :class:`SafeWriter`, typed as the stream the commands take."""
    return cast(TextIO, SafeWriter(raw))


# ----------------------------------------------------------------------------- reading


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path``; ``FileRefused`` for anything else.

    Opened without blocking, so a named pipe with no writer is refused at once instead of
    hanging; devices (``/dev/zero``), folders and sockets are refused by type, and a file
    over ``limit`` bytes by size, also when it grows while being read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileRefused(path, NO_SUCH_FILE) from None
    except IsADirectoryError:
        raise FileRefused(path, "it is a folder, not a file") from None
    except PermissionError:
        raise FileRefused(path, "you do not have permission to read it") from None
    except OSError as error:
        reason = (error.strerror or "it cannot be opened").lower()
        raise FileRefused(path, f"it cannot be opened ({reason})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused(path, "it is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(path, "it is a pipe or a device, not a regular file")
        too_large = FileRefused(path, f"it is larger than {_megabytes(limit)}")
        if info.st_size > limit:
            raise too_large
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, min(_READ_CHUNK, limit + 1 - total))
            except OSError as error:
                reason = (error.strerror or "a read failed").lower()
                raise FileRefused(path, f"it could not be read ({reason})") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise too_large
        return b"".join(chunks)
    finally:
        os.close(fd)


# ----------------------------------------------------------------------------- JSON


def _no_constant(name: str) -> float:
    raise FileRefused(None, f"it holds {name}, which is not a number JSON allows")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise FileRefused(None, f"it holds the number {text[:20]}, too large to use")
    return value


def load_json(text: str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse ``text`` as strict JSON, every string (keys too) passed through
    :func:`strip_controls`; ``FileRefused`` (with no path: the caller names the file) for
    text that is not JSON, nests deeper than ``max_depth``, or holds NaN, Infinity or a
    number too large to use."""
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as error:
        raise FileRefused(
            None,
            f"it is not valid JSON ({error.msg.lower()} at line {error.lineno}, "
            f"column {error.colno}); it may be cut short",
        ) from None
    except RecursionError:
        raise FileRefused(None, f"it is JSON nested more than {max_depth} levels deep") from None
    except FileRefused:
        raise
    except ValueError:  # an integer of thousands of digits
        raise FileRefused(None, "it holds a number too long to read") from None
    return _clean_tree(data, max_depth)


def _clean_tree(data: Any, max_depth: int) -> Any:
    """Clean every string in parsed JSON, in place, without recursion (depth is checked)."""
    if isinstance(data, str):
        return strip_controls(data)
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise FileRefused(None, f"it is JSON nested more than {max_depth} levels deep")
        if isinstance(node, list):
            for at, value in enumerate(node):
                if isinstance(value, str):
                    node[at] = strip_controls(value)
                elif isinstance(value, list | dict):
                    stack.append((value, depth + 1))
        elif isinstance(node, dict):
            items = [
                (strip_controls(key), strip_controls(value) if isinstance(value, str) else value)
                for key, value in node.items()
            ]
            node.clear()
            node.update(items)
            stack.extend((value, depth + 1) for _, value in items if isinstance(value, list | dict))
    return data
