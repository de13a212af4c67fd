"""Writing files safely: only regular files, atomically, with errors that name the output.

Every writer (``dump``, ``render.write``, the command line) goes through :func:`atomic_write`:

* the data goes to a temporary file in the output's own directory, which is renamed over the
  output only when it is complete, so a failure (a full disk, Ctrl-C, a stopped worker) never
  leaves half a file and never destroys the previous version;
* only a regular file is written: a directory, device, FIFO or socket at the output path is
  refused, and so is a symbolic link that leads out of the output's directory. A link to a
  regular file in the same directory is written through (the file it points to is replaced in
  place, the link is kept);
* a read-only output is refused (``new --force`` replaces it, see :func:`force_write`);
* every failure is an :class:`OutputError` naming the output the caller gave, with the reason
  in Chinese (磁盘空间不足, 没有写入权限, 目录不存在 …) and the system's ``errno``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["OutputError", "atomic_write", "force_write"]

#: At most this many characters of the output's name go into the temporary file's name, so that
#: a long (but valid) name does not make the temporary name too long for the file system.
_TMP_NAME_CHARS = 40


class OutputError(OSError):
    """An output that could not be written, or that is refused.

    ``filename`` is the output as the caller named it, ``strerror`` says in Chinese what
    happened, ``errno`` is the system's error number (``errno.ENOSPC`` for a full disk …).
    """

    def __str__(self) -> str:
        return f"{self.filename}：{self.strerror}"


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    A failure never leaves half a file and never destroys an older one. Only a regular file is
    written; a read-only one is refused. Raises :class:`OutputError` naming ``path``.
    """
    _write(Path(path), data, replace_read_only=False)


def force_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """:func:`atomic_write` that also replaces a read-only file (which stays read-only)."""
    _write(Path(path), data, replace_read_only=True)


def _write(target: Path, data: str | bytes, *, replace_read_only: bool) -> None:
    import tempfile  # noqa: PLC0415 - only needed when writing

    destination, existing = _destination(target, replace_read_only=replace_read_only)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{destination.name[:_TMP_NAME_CHARS]}.", suffix=".tmp", dir=destination.parent
        )
    except OSError as exc:
        raise _output_error(exc, target) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, _mode_for(existing))
        os.replace(tmp, destination)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _output_error(exc, target) from None
        raise


def _destination(target: Path, *, replace_read_only: bool) -> tuple[Path, os.stat_result | None]:
    """The file to replace (``target``, or the file a symlink at ``target`` points to) and its
    status (``None`` for a new file); raises :class:`OutputError` for a target that is refused."""
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        return target, None
    except OSError as exc:
        raise _output_error(exc, target) from None
    destination = target
    if stat.S_ISLNK(status.st_mode):
        destination = Path(os.path.realpath(target))
        home = Path(os.path.realpath(target.parent))
        if destination.parent != home:
            msg = (
                f"是指向 {destination} 的符号链接，指向输出文件所在目录之外，"
                f"拒绝写入（请直接写出 {destination}）"
            )
            raise OutputError(errno.EPERM, msg, os.fspath(target))
        try:
            status = os.stat(destination)
        except FileNotFoundError:
            return destination, None
        except OSError as exc:
            raise _output_error(exc, target) from None
    if not stat.S_ISREG(status.st_mode):
        code = errno.EISDIR if stat.S_ISDIR(status.st_mode) else errno.EINVAL
        raise OutputError(code, f"是{_kind(status.st_mode)}，不是普通文件，拒绝写入", os.fspath(target))
    if not replace_read_only and _read_only(destination, status):
        raise OutputError(errno.EACCES, "是只读文件，拒绝替换", os.fspath(target))
    return destination, status


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "一个目录"),
        (stat.S_ISCHR, "字符设备"),
        (stat.S_ISBLK, "块设备"),
        (stat.S_ISFIFO, "命名管道（FIFO）"),
        (stat.S_ISSOCK, "套接字（socket）"),
    )
    return next((name for test, name in kinds if test(mode)), "特殊文件")


def _read_only(path: Path, status: os.stat_result) -> bool:
    """No write permission for anyone (``chmod a-w``, which holds even for root), or none for
    this user."""
    return not status.st_mode & 0o222 or not os.access(path, os.W_OK)


def _output_error(exc: OSError, target: Path) -> OutputError:
    """``exc`` said about ``target``: the output the user named, never a temporary file."""
    code = exc.errno
    if code in {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}:
        reason = "磁盘空间不足，未写出（原有文件不变）"
    elif code in {errno.EACCES, errno.EPERM}:
        reason = "没有写入权限"
    elif code == errno.EROFS:
        reason = "所在的文件系统是只读的，无法写入"
    elif code == errno.ENOENT:
        reason = f"目录 {target.parent} 不存在"
    elif code == errno.ENOTDIR:
        reason = f"路径 {target.parent} 中有一部分不是目录"
    else:
        reason = f"无法写入（{exc.strerror or exc}）"
    return OutputError(code or errno.EIO, reason, os.fspath(target))


def _mode_for(existing: os.stat_result | None) -> int:
    """The permissions the file would have had if written in place: an existing file's own,
    otherwise 0o666 less the umask (a temporary file starts as 0o600)."""
    if existing is not None:
        return existing.st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
