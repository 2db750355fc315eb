"""Read a zip package (a QTI or Canvas export) without trusting it.

Refused: member names that climb out of the package (`../`, absolute paths, drive letters,
backslashes), links, duplicate names, too many members, a member or a total that is too large
once uncompressed (checked while reading, not from the sizes the archive claims), and
encrypted members. Every refusal is a BankError naming the file and the member.
"""

from __future__ import annotations

import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from quizbank.errors import BankError, Problem

MAX_MEMBERS = 2_000
MAX_MEMBER_BYTES = 20_000_000
MAX_TOTAL_BYTES = 100_000_000
MAX_PACKAGE_BYTES = 100_000_000
_CHUNK = 65_536


def _refuse(name: str, message: str) -> BankError:
    return BankError([Problem(name, 0, 0, message)])


def _check_name(package: str, member: str) -> None:
    if not member or "\x00" in member:
        raise _refuse(package, f"a member has an empty or NUL-containing name ({member!r})")
    if "\\" in member or re.match(r"^[A-Za-z]:", member):
        raise _refuse(package, f"the member {member!r} has a Windows path; zip member names use '/'")
    path = PurePosixPath(member)
    if path.is_absolute():
        raise _refuse(package, f"the member {member!r} has an absolute path; expected a path inside the package")
    if ".." in path.parts:
        raise _refuse(package, f"the member {member!r} climbs out of the package with '..'; refused")


def read_members(
    path: Path,
    *,
    max_members: int = MAX_MEMBERS,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
) -> dict[str, bytes]:
    """Every file member of the zip at `path`, by name; BankError if anything about it is unsafe."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            raise _refuse(name, f"the package is larger than {MAX_PACKAGE_BYTES:,} bytes")
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise _refuse(name, f"not a readable zip file: {exc}") from None
    members: dict[str, bytes] = {}
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > max_members:
            raise _refuse(name, f"the package has {len(infos):,} members; at most {max_members:,} are read")
        for info in infos:
            _check_name(name, info.filename)
            if info.flag_bits & 0x1:
                raise _refuse(name, f"the member {info.filename!r} is encrypted")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise _refuse(name, f"the member {info.filename!r} is a symbolic link; refused")
            if info.is_dir():
                continue
            if info.filename in members:
                raise _refuse(name, f"the member {info.filename!r} appears twice")
            if info.file_size > max_member_bytes:
                raise _refuse(name, f"the member {info.filename!r} is {info.file_size:,} bytes uncompressed; too large")
            data = bytearray()
            try:
                with archive.open(info) as stream:
                    while chunk := stream.read(_CHUNK):
                        data += chunk
                        if len(data) > max_member_bytes:
                            raise _refuse(name, f"the member {info.filename!r} is larger than it claims; too large")
                        if total + len(data) > max_total_bytes:
                            raise _refuse(name, f"the package holds more than {max_total_bytes:,} bytes uncompressed")
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                raise _refuse(name, f"the member {info.filename!r} cannot be read: {exc}") from None
            total += len(data)
            members[info.filename] = bytes(data)
    return members
