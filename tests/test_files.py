"""Writing files (``_files.atomic_write``, behind ``dump``, ``write`` and the command line): only
regular files, atomically, and errors that name the output and say what happened."""

from __future__ import annotations

import errno
import os
import socket
import stat
import tempfile
from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure.io.files import OutputError, atomic_write, force_write
from tests.conftest import ROOT

needs_posix = pytest.mark.skipif(os.name != "posix", reason="POSIX special files")


def _only(directory: Path) -> list[str]:
    """The names in ``directory`` (a temporary file left behind would show here)."""
    return sorted(p.name for p in directory.iterdir())


def test_a_new_file_is_written(tmp_path: Path) -> None:
    atomic_write(tmp_path / "r.txt", "文字")
    assert ((tmp_path / "r.txt").read_text(encoding="utf-8"), _only(tmp_path)) == ("文字", ["r.txt"])


@needs_posix
def test_a_character_device_is_refused(tmp_path: Path) -> None:
    """``-o /dev/null`` (as root, this used to turn the device into a regular file)."""
    before = os.stat(os.devnull)
    with pytest.raises(OutputError) as info:
        atomic_write(os.devnull, "x")
    after = os.stat(os.devnull)
    assert (str(info.value), stat.S_ISCHR(after.st_mode), before.st_ino) == (
        f"{os.devnull}：是字符设备，不是普通文件，拒绝写入",
        True,
        after.st_ino,
    )


@needs_posix
def test_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as info:
        atomic_write(fifo, "x")
    assert (str(info.value), stat.S_ISFIFO(os.lstat(fifo).st_mode), _only(tmp_path)) == (
        f"{fifo}：是命名管道（FIFO），不是普通文件，拒绝写入",
        True,
        ["pipe"],
    )


@needs_posix
def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = Path(tempfile.mkdtemp()) / "s"  # a short path: sockets have a length limit
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(OutputError) as info:
            atomic_write(path, "x")
    path.unlink()
    path.parent.rmdir()
    assert str(info.value) == f"{path}：是套接字（socket），不是普通文件，拒绝写入"


def test_a_directory_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.mkdir()
    with pytest.raises(OutputError) as info:
        atomic_write(target, "x")
    assert (str(info.value), target.is_dir(), info.value.errno) == (
        f"{target}：是一个目录，不是普通文件，拒绝写入",
        True,
        errno.EISDIR,
    )


@needs_posix
def test_a_symlink_in_the_same_directory_is_written_through(tmp_path: Path) -> None:
    """The file the link points to is replaced; the link stays a link."""
    (tmp_path / "2025.yaml").write_text("旧", encoding="utf-8")
    link = tmp_path / "latest.yaml"
    link.symlink_to("2025.yaml")
    atomic_write(link, "新")
    assert (link.is_symlink(), (tmp_path / "2025.yaml").read_text(encoding="utf-8")) == (True, "新")
    assert _only(tmp_path) == ["2025.yaml", "latest.yaml"]


@needs_posix
def test_a_symlink_out_of_the_directory_is_refused(tmp_path: Path) -> None:
    """A link leading elsewhere is not followed: the file it points to is untouched."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("原文", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    link = out / "r.txt"
    link.symlink_to(elsewhere / "secret.txt")
    with pytest.raises(OutputError) as info:
        atomic_write(link, "覆盖")
    assert (elsewhere / "secret.txt").read_text(encoding="utf-8") == "原文"
    assert (link.is_symlink(), _only(out)) == (True, ["r.txt"])
    assert str(info.value).startswith(
        f"{link}：是指向 {elsewhere / 'secret.txt'} 的符号链接，指向输出文件所在目录之外"
    )


@needs_posix
def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    """A link in the directory to a device there is refused as the device is."""
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    with pytest.raises(OutputError):
        atomic_write(link, "x")
    assert link.is_symlink()


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    """``chmod a-w`` is respected (by root too): the file keeps its content."""
    target = tmp_path / "r.txt"
    target.write_text("定稿", encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(OutputError) as info:
        atomic_write(target, "新")
    assert (str(info.value), target.read_text(encoding="utf-8")) == (
        f"{target}：是只读文件，拒绝替换",
        "定稿",
    )


def test_force_write_replaces_a_read_only_file_which_stays_read_only(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("定稿", encoding="utf-8")
    target.chmod(0o444)
    force_write(target, "新")
    assert (target.read_text(encoding="utf-8"), target.stat().st_mode & 0o777) == ("新", 0o444)


def test_a_missing_directory_is_named_not_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "no" / "r.json"
    with pytest.raises(OutputError) as info:
        atomic_write(target, "x")
    assert (str(info.value), info.value.filename, info.value.errno) == (
        f"{target}：目录 {target.parent} 不存在",
        str(target),
        errno.ENOENT,
    )


def test_a_file_as_directory_is_named(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("", encoding="utf-8")
    target = tmp_path / "a" / "r.json"
    with pytest.raises(OutputError) as info:
        atomic_write(target, "x")
    assert str(info.value) == f"{target}：路径 {target.parent} 中有一部分不是目录"


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every temporary file write to /dev/full (the kernel answers ENOSPC, as on a full
    disk), while its name is a real file in the output's directory; give back those names."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    real = tempfile.mkstemp
    made: list[str] = []

    def on_full_disk(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, name = real(*args, **kwargs)  # type: ignore[call-overload]
        os.close(fd)
        made.append(name)
        return os.open("/dev/full", os.O_WRONLY), name

    monkeypatch.setattr(tempfile, "mkstemp", on_full_disk)
    return made


@pytest.mark.parametrize("size", [10, 1_000_000], ids=["buffered", "large"])
def test_a_full_disk_names_the_output_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    target = tmp_path / "r.txt"
    target.write_text("上一版", encoding="utf-8")
    made = _full_disk(monkeypatch)
    with pytest.raises(OutputError) as info:
        atomic_write(target, "x" * size)
    assert (str(info.value), info.value.errno) == (
        f"{target}：磁盘空间不足，未写出（原有文件不变）",
        errno.ENOSPC,
    )
    assert (target.read_text(encoding="utf-8"), _only(tmp_path), len(made)) == ("上一版", ["r.txt"], 1)


def test_dump_on_a_full_disk_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: gd.Report
) -> None:
    """``dump`` goes through the same writer: same error, old file intact, no temporary file."""
    target = tmp_path / "r.json"
    gd.dump(example, target)
    before = target.read_bytes()
    _full_disk(monkeypatch)
    with pytest.raises(OSError, match="磁盘空间不足") as info:
        gd.dump(example, target)
    assert (info.value.filename, target.read_bytes(), _only(tmp_path)) == (str(target), before, ["r.json"])


def test_no_write_permission_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """EACCES from the directory (a root test cannot make one unwritable): the output is named."""

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".r.txt.abc.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / "r.txt", "x")
    assert str(info.value) == f"{tmp_path / 'r.txt'}：没有写入权限"


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (or a stopped worker's SystemExit) between writing and renaming: the temporary file
    is removed and the old output kept."""
    target = tmp_path / "r.txt"
    target.write_text("上一版", encoding="utf-8")

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "新")
    monkeypatch.undo()
    assert (target.read_text(encoding="utf-8"), _only(tmp_path)) == ("上一版", ["r.txt"])


def test_a_long_name_is_written(tmp_path: Path) -> None:
    """The temporary file's name stays short enough for a name near the file system's limit."""
    target = tmp_path / ("报" * 80 + ".txt")  # 244 bytes in UTF-8
    atomic_write(target, "x")
    assert target.read_text(encoding="utf-8") == "x"


def test_permissions_are_the_umask_and_security_md_says_so(tmp_path: Path) -> None:
    """A new output gets 0666 less the umask, an existing one keeps its mode, and
    docs/security.md says that (it used to promise 0600)."""
    fresh = tmp_path / "new.txt"
    atomic_write(fresh, "x")
    umask = os.umask(0)
    os.umask(umask)
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    section = text.split("**Permissions.**", 1)[1].split("\n- ", 1)[0]
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    assert ("umask" in section, "(mode `0600`), and keeps that mode" in section) == (True, False)
