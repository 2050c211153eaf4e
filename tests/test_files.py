"""Files coffeechat reads and writes: every read bounded by the bytes really read (a pipe,
``/dev/zero``, standard input), every output file whole or absent, written through when
it is a device, a pipe or a symlink (formats/files.py and the commands that use it).

The ``/dev/zero`` commands run in a subprocess under a 1 GiB address-space limit, so a
regression dies there with a MemoryError instead of taking the machine's memory.
"""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coffeechat.formats import files

MEMORY = 1024 * 1024 * 1024
HAS_DEV_ZERO = Path("/dev/zero").exists()
HAS_DEV_FULL = Path("/dev/full").exists()


# -- reads ------------------------------------------------------------------------------


@pytest.mark.skipif(not HAS_DEV_ZERO, reason="no /dev/zero")
def test_a_device_that_never_ends_stops_at_the_cap() -> None:
    with pytest.raises(files.TooLarge) as caught:
        files.read_bytes("/dev/zero", 1000, "a guide")
    assert (
        str(caught.value) == "/dev/zero: larger than 1,000 bytes (the limit for a guide), not read"
    )


def test_a_pipe_is_counted_as_it_is_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    def feed(data: bytes) -> threading.Thread:
        def run() -> None:
            with contextlib.suppress(BrokenPipeError), open(pipe, "wb") as handle:
                handle.write(data)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    feeder = feed(b"x" * 5000)
    with pytest.raises(files.TooLarge):
        files.read_bytes(pipe, 4096)
    feeder.join(5)
    feeder = feed(b"BEGIN")
    assert files.read_bytes(pipe, 4096) == b"BEGIN"
    feeder.join(5)


def test_a_file_exactly_at_the_cap_is_read(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"y" * 100)
    assert files.read_bytes(target, 100) == b"y" * 100
    with pytest.raises(files.TooLarge, match="larger than 99 bytes"):
        files.read_bytes(target, 99)


def test_what_cannot_be_read_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(files.FileTrouble, match=r"missing\.txt: No such file or directory$"):
        files.read_bytes(tmp_path / "missing.txt")
    with pytest.raises(files.FileTrouble, match=r": is a folder, not a file$"):
        files.read_bytes(tmp_path)


def test_a_bounded_reader_refuses_past_its_cap() -> None:
    import io

    reader = files.BoundedReader(io.BytesIO(b"z" * 50), "stream", 40, "a calendar")
    assert reader.read(30) == b"z" * 30
    with pytest.raises(files.TooLarge, match=r"^stream: larger than 40 bytes \(the limit for"):
        reader.read()


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _run_limited(*args: str, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    """coffeechat in a subprocess with 1 GiB of address space at most."""
    return subprocess.run(
        [sys.executable, "-m", "coffeechat", *args],
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited,
        check=False,
    )


@pytest.mark.skipif(not HAS_DEV_ZERO, reason="no /dev/zero")
@pytest.mark.parametrize(
    ("args", "limit"),
    [
        (("import", "csv", "/dev/zero"), "50 MB (the limit for a contacts file)"),
        (("import", "vcard", "/dev/zero"), "50 MB (the limit for a contacts file)"),
        (("import", "linkedin", "/dev/zero"), "50 MB (the limit for a contacts file)"),
        (("guide", "add", "/dev/zero"), "1 MB (the limit for a guide)"),
        (("schedule", "propose", "ada", "--busy", "/dev/zero"), "50 MB (the limit for a calendar)"),
        (("calendar", "add", "/dev/zero"), "50 MB (the limit for a calendar)"),
        (("send", "/dev/zero"), "10 MB (the limit for a message)"),
    ],
)
def test_dev_zero_is_refused_in_one_line(ccw, args: tuple[str, ...], limit: str) -> None:
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@acme.example")
    before = ccw.json("contact", "list")
    result = _run_limited(*args)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [
        f"Error: /dev/zero: larger than {limit}, not read"
        + (": split it into smaller files" if args[0] == "import" else "")
    ]
    assert ccw.json("contact", "list") == before
    assert ccw.json("calendar", "list") == {"calendars": []}


@pytest.mark.skipif(not HAS_DEV_ZERO, reason="no /dev/zero")
def test_check_reads_standard_input_up_to_its_cap(ccw) -> None:
    with open("/dev/zero", "rb") as zero:
        result = _run_limited("check", "--kind", "outreach", "-", stdin=zero.fileno())
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [
        "Error: standard input: larger than 10 MB (the limit for a message), not read"
    ]


@pytest.mark.skipif(not HAS_DEV_ZERO, reason="no /dev/zero")
def test_a_piped_chat_stops_at_a_line_that_never_ends(ccw) -> None:
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@acme.example")
    with open("/dev/zero", "rb") as zero:
        result = _run_limited("chat", "ada", stdin=zero.fileno())
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [
        "Error: standard input: larger than 1 MB (the limit for a line of notes), not read"
    ]


def test_a_guide_or_a_template_over_its_cap_is_refused(ccw, tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * files.TEXT_LIMIT)
    result = ccw.fails("guide", "add", str(big))
    assert "larger than 1 MB (the limit for a guide), not read" in result.stderr
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@acme.example")
    templates = tmp_path / "home" / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "outreach.txt").write_bytes(b"Subject: hi\n\n" + b"x" * files.TEXT_LIMIT)
    result = ccw.fails("draft", "outreach", "ada")
    assert "outreach.txt: larger than 1 MB (the limit for a template), not read" in result.stderr


# -- writes: the module ------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_regular_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    files.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # a replaced file keeps its bits
    files.write_bytes(tmp_path / "private.txt", b"x", mode=0o600)
    assert stat.S_IMODE((tmp_path / "private.txt").stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_the_temporary_name_cannot_be_guessed(tmp_path: Path) -> None:
    """The old `.NAME.tmpPID` could be planted as a symlink to overwrite another file."""
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    for name in (f".out.txt.tmp{os.getpid()}", f".out.txt.{os.getpid()}.tmp"):
        (tmp_path / name).symlink_to(victim)
    files.write_bytes(tmp_path / "out.txt", b"new")
    assert victim.read_bytes() == b"precious"
    assert (tmp_path / "out.txt").read_bytes() == b"new"


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), files.output(target) as handle:
        handle.write(b"half")
        raise RuntimeError("stopped")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_full_disk_is_one_line_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    with pytest.raises(files.FileTrouble) as caught:
        files.write_bytes(target, b"new")
    assert str(caught.value) == f"{target}: cannot be written (No space left on device)"
    assert target.read_bytes() == b"old"
    with pytest.raises(files.FileTrouble):
        files.write_bytes(tmp_path / "new.txt", b"new")
    assert not (tmp_path / "new.txt").exists()
    assert _leftovers(tmp_path) == []


def test_a_missing_folder_or_a_folder_as_target_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(files.FileTrouble, match=r"the folder .*nope does not exist$"):
        files.write_bytes(tmp_path / "nope" / "out.txt", b"x")
    with pytest.raises(files.FileTrouble, match=r"is a folder: give a file name$"):
        files.write_bytes(tmp_path, b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    files.write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "later.txt")
    files.write_bytes(dangling, b"made")
    assert dangling.is_symlink() and (tmp_path / "later.txt").read_bytes() == b"made"
    assert _leftovers(tmp_path) == []


def test_a_symlink_that_loops_is_one_line(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "loop")
    with pytest.raises(files.FileTrouble, match=r"loops|symbolic links"):
        files.write_bytes(loop, b"x")
    assert loop.is_symlink()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    target.chmod(0o444)
    with pytest.raises(files.FileTrouble, match="read-only"):
        files.write_bytes(target, b"new")
    assert target.read_bytes() == b"old"


# -- writes: the commands ----------------------------------------------------------------


@pytest.fixture
def reader_of(tmp_path: Path) -> Iterator[tuple[Path, list[bytes]]]:
    """A named pipe with a reader in a thread; the bytes it read land in the list."""
    pipe = tmp_path / "pipe.out"
    os.mkfifo(pipe)
    got: list[bytes] = []

    def run() -> None:
        with open(pipe, "rb") as handle:
            got.append(handle.read())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield pipe, got
    if thread.is_alive():  # nobody opened it: let the reader go
        with contextlib.suppress(OSError), open(pipe, "wb"):
            pass
    thread.join(5)


def _outputs(ccw, target: str) -> list[tuple[str, ...]]:
    """Every command that writes a file, writing ``target`` (Ada is added once)."""
    if ccw("contact", "show", "ada", ok=False).exit_code != 0:
        ccw("contact", "add", "Ada Lovelace", "--email", "ada@acme.example")
    return [
        ("recap", "ada", "--reflection", "Read their blog", "--format", "md", "-o", target),
        ("export", "json", "-o", target),
        ("export", "csv", "-o", target),
        ("agenda", "--ics", target),
        ("stats", "--format", "text", "-o", target),
        ("network", "--format", "text", "-o", target),
        ("guide", "ada", "--format", "md", "-o", target),
        ("draft", "outreach", "ada", "--eml", target),
        ("schedule", "confirm", "ada", "--at", "2026-12-02T11:00", "--ics", target),
    ]


def test_a_named_pipe_as_output_is_written_through(ccw, reader_of) -> None:
    pipe, got = reader_of
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@acme.example")
    result = ccw("export", "json", "-o", str(pipe))
    assert f"to {pipe}" in result.stderr
    threading.Event().wait(0)  # the reader thread finishes on the writer's close
    for _ in range(100):
        if got:
            break
        threading.Event().wait(0.05)
    assert got and got[0].lstrip().startswith(b"{")
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert _leftovers(pipe.parent) == []


def test_a_symlink_as_output_keeps_the_link(ccw, tmp_path: Path) -> None:
    real = tmp_path / "real.out"
    link = tmp_path / "link.out"
    link.symlink_to(real)
    for args in _outputs(ccw, str(link)):
        real.write_bytes(b"old")
        ccw(*args)
        assert link.is_symlink(), args
        assert real.read_bytes() != b"old", args
    assert _leftovers(tmp_path) == []


@pytest.fixture
def dev_full(tmp_path: Path) -> str:
    """/dev/full for a user; for root, a node of the same device in tmp_path, so that a
    regression that replaces the device replaces only the test's own node."""
    if not HAS_DEV_FULL:
        pytest.skip("no /dev/full")
    if os.geteuid() != 0:
        return "/dev/full"
    node = tmp_path / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.stat("/dev/full").st_rdev)
        with open(node, "wb") as handle:
            handle.write(b"x")
            handle.flush()
    except OSError as error:
        if error.errno != errno.ENOSPC:  # e.g. a nodev mount: not the device
            pytest.skip(f"cannot make a copy of /dev/full here ({error.strerror})")
    return str(node)


def test_dev_full_as_output_is_an_error_and_stays_a_device(ccw, dev_full: str) -> None:
    commands = _outputs(ccw, dev_full)
    before = ccw.json("contact", "show", "ada")
    for args in commands:
        result = ccw.fails(*args)
        assert result.stderr.strip() == (
            f"Error: {dev_full}: cannot be written (No space left on device)"
        )
        assert "written" not in result.stdout.lower(), args
        assert stat.S_ISCHR(os.stat(dev_full).st_mode)
    assert ccw.json("contact", "show", "ada") == before  # no recap, no confirmed chat
    assert _leftovers(Path(dev_full).parent) == []


def test_a_missing_folder_as_output_is_one_line(ccw, tmp_path: Path) -> None:
    target = tmp_path / "nope" / "out.txt"
    for args in _outputs(ccw, str(target)):
        result = ccw.fails(*args)
        assert f"the folder {target.parent} does not exist" in result.stderr, args
    assert not target.parent.exists()


def test_a_planted_temporary_name_is_not_followed(ccw, tmp_path: Path) -> None:
    """The old ``.NAME.tmpPID`` could be planted as a symlink to overwrite another file."""
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    out = tmp_path / "out.json"
    (tmp_path / f".out.json.tmp{os.getpid()}").symlink_to(victim)
    ccw("export", "json", "-o", str(out))
    assert victim.read_bytes() == b"precious"
    assert not out.is_symlink() and out.read_bytes().lstrip().startswith(b"{")


def test_a_full_disk_leaves_the_old_file_and_records_nothing(ccw, tmp_path: Path) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    commands = _outputs(ccw, str(tmp_path / "out.md"))
    before = ccw.json("contact", "show", "ada")
    (tmp_path / "out.md").write_bytes(b"old")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(files.os, "fsync", full)
        for args in commands:
            result = ccw.fails(*args)
            assert "out.md: cannot be written (No space left on device)" in result.stderr, args
            assert "written" not in result.stdout.lower(), args
    assert (tmp_path / "out.md").read_bytes() == b"old"
    assert _leftovers(tmp_path) == []
    assert ccw.json("contact", "show", "ada") == before


def test_a_really_full_file_system(ccw, tmp_path: Path) -> None:
    """A small tmpfs, filled up, in a private mount namespace (root with unshare only)."""
    unshare = shutil.which("unshare")
    if os.geteuid() != 0 or unshare is None:
        pytest.skip("needs root and unshare to mount a small tmpfs")
    folder = tmp_path / "small"
    folder.mkdir()
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@acme.example")
    script = (
        'mount -t tmpfs -o size=64k tmpfs "$0" || exit 99; '
        'dd if=/dev/zero of="$0/fill" bs=4096 2>/dev/null; '
        '"$@"; code=$?; echo "left: $(ls -A "$0" | tr "\n" " ")"; exit $code'
    )
    result = subprocess.run(
        [unshare, "--mount", "sh", "-c", script, str(folder), sys.executable, "-m",
         "coffeechat", "export", "json", "-o", str(folder / "out.json")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if result.returncode == 99:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr[:200]}")
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [
        f"Error: {folder / 'out.json'}: cannot be written (No space left on device)"
    ]
    assert result.stdout.strip().splitlines()[-1].split() == ["left:", "fill"]


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[list[str]]:
    """A command prefix that runs with ``folder`` read-only: a chmod for a user, a
    read-only bind mount in a private mount namespace for root (skipped where neither
    works)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield []
        finally:
            folder.chmod(0o755)
        return
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("root without unshare: cannot make a read-only folder")
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"'
    prefix = [unshare, "--mount", "sh", "-c", script, str(folder)]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"no read-only bind mount here: {probe.stderr.decode()[:200]}")
    yield prefix


def test_a_read_only_folder_is_one_line_and_leaves_nothing(ccw, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "keep.txt").write_bytes(b"old")
    commands = _outputs(ccw, str(folder / "new.out"))
    commands += _outputs(ccw, str(folder / "keep.txt"))[:3]
    with _read_only(folder) as prefix:
        for args in commands:
            result = subprocess.run(
                [*prefix, sys.executable, "-m", "coffeechat", *args],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert result.returncode == 1, (args, result.stderr[-2000:])
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and "cannot be written" in lines[0], (args, lines)
            assert "written" not in result.stdout.lower(), args
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]
    assert (folder / "keep.txt").read_bytes() == b"old"
