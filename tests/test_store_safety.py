"""The store under concurrent writers, a full disk and killed writes.

Concurrent writers run as separate processes (forked workers calling the import commands,
and once the real CLI), started together at a barrier so their reads and writes overlap.
"""

from __future__ import annotations

import errno
import fcntl
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from generator.commands.import_tickets import TicketImportOptions, import_tickets
from generator.commands.importing import ImportOptions, import_probes
from generator.errors import GeneratorError
from generator.store import lock
from generator.store.layout import DataDir
from generator.store.lock import LockTimeout, write_lock
from generator.store.probes import Sample, write_samples
from generator.timeutil import format_utc, parse_instant

REPO = Path(__file__).resolve().parent.parent
AUGUST = parse_instant("2026-08-01T00:00:00Z")
WORKERS = 4
TRIALS = 5
HEADER = "timestamp,monitor,location,ok,latency_ms,status_code,error\n"
TICKET_HEADER = "id,channel,impact,plan,created_at,first_response_at,resolved_at,paused_minutes\n"
# every worker writes into the same monthly partitions of these monitors
MONITORS = (("tracking-edge", "eu-central"), ("api-public", "eu-central"))


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes (directories by name), to compare before/after."""
    found: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        found[name] = b"<dir>" if path.is_dir() else path.read_bytes()
    return found


def probe_file(directory: Path, worker: int, count: int) -> Path:
    """``count`` samples for worker ``worker``: its own minutes, the same two months."""
    path = directory / f"probes-{worker}.csv"
    lines = [HEADER]
    for i in range(count):
        monitor, location = MONITORS[i % len(MONITORS)]
        # a minute of August or September 2026 that no other worker uses (37 and the
        # number of minutes in the two months have no common factor)
        minute = (i * WORKERS + worker) * 37 % (61 * 1440)
        lines.append(
            f"{format_utc(AUGUST + minute * 60)},{monitor},{location},1,{40 + worker},200,\n"
        )
    path.write_text("".join(lines))
    return path


def ticket_file(directory: Path, worker: int, count: int) -> Path:
    path = directory / f"tickets-{worker}.csv"
    lines = [TICKET_HEADER]
    for i in range(count):
        day = 1 + i % 28
        month = 8 + (i // 28) % 2
        lines.append(
            f"W{worker}-{i},email,high,Pro,2026-{month:02d}-{day:02d}T10:{worker:02d}:00Z,"
            f"2026-{month:02d}-{day:02d}T10:30:00Z,,\n"
        )
    path.write_text("".join(lines))
    return path


def stored_lines(directory: Path) -> list[str]:
    return [
        line
        for path in sorted(directory.rglob("*.csv"))
        for line in path.read_text().splitlines()[1:]
    ]


def _worker(barrier: multiprocessing.synchronize.Barrier, job: Callable[[], object]) -> None:
    barrier.wait(timeout=30)
    job()


def run_together(jobs: list[Callable[[], object]]) -> None:
    """Run each job in its own forked process, all released at once; all must succeed."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(jobs))
    processes = [context.Process(target=_worker, args=(barrier, job)) for job in jobs]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [p.exitcode for p in processes] == [0] * len(jobs)


def test_concurrent_probe_imports_lose_no_row(site_dir: Path, tmp_path: Path) -> None:
    files = [probe_file(tmp_path, w, 500) for w in range(WORKERS)]
    for trial in range(TRIALS):
        data = tmp_path / f"trial-{trial}"
        os.mkdir(data)
        for name in ("sla.yml", "services.yml"):
            (data / name).write_bytes((site_dir / name).read_bytes())
        run_together([partial(import_probes, ImportOptions(data, f, "csv")) for f in files])
        lines = stored_lines(data / "probes")
        assert len(lines) == WORKERS * 500, f"trial {trial}"
        assert len(set(lines)) == WORKERS * 500
        assert sorted(p.name for p in (data / "probes" / "samples").rglob("*")) == [
            "2026-08.csv",
            "2026-08.csv",
            "2026-09.csv",
            "2026-09.csv",
            "api-public",
            "tracking-edge",
        ]
        assert not (data / ".statusgen.lock").exists()


def test_concurrent_ticket_imports_lose_no_ticket(site_dir: Path, tmp_path: Path) -> None:
    files = [ticket_file(tmp_path, w, 300) for w in range(WORKERS)]
    for trial in range(TRIALS):
        data = tmp_path / f"trial-{trial}"
        os.mkdir(data)
        for name in ("sla.yml", "services.yml"):
            (data / name).write_bytes((site_dir / name).read_bytes())
        run_together([partial(import_tickets, TicketImportOptions(data, f)) for f in files])
        lines = stored_lines(data / "tickets")
        assert len(lines) == WORKERS * 300, f"trial {trial}"
        assert len({line.split(",")[0] for line in lines}) == WORKERS * 300
        assert sorted(p.name for p in (data / "tickets").iterdir()) == [
            "2026-08.csv",
            "2026-09.csv",
        ]


def test_concurrent_cli_imports_lose_no_row(site_dir: Path, tmp_path: Path) -> None:
    """The real command, four processes at once into the same partitions."""
    files = [probe_file(tmp_path, w, 300) for w in range(WORKERS)]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "--data",
                str(site_dir),
                "import",
                "probes",
                str(f),
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0] * WORKERS, outputs
    for (out, _), f in zip(outputs, files, strict=True):
        assert out == (
            f"{f}: read 300 records: samples 300 added, 0 updated, 0 already stored; "
            "intervals 0 added, 0 updated, 0 already stored\n"
        )
    assert len(set(stored_lines(site_dir / "probes"))) == WORKERS * 300


def _hold_lock(
    root: Path, ready: multiprocessing.synchronize.Event, done: multiprocessing.synchronize.Event
) -> None:
    with write_lock(root):
        ready.set()
        done.wait(timeout=60)


def test_a_held_lock_is_waited_for_then_refused_with_one_line(site_dir: Path) -> None:
    context = multiprocessing.get_context("fork")
    ready, done = context.Event(), context.Event()
    holder = context.Process(target=_hold_lock, args=(site_dir, ready, done))
    holder.start()
    try:
        assert ready.wait(timeout=30)
        sample = Sample(1786000000, "api-public", "eu-central", True)
        with pytest.raises(LockTimeout) as caught, write_lock(site_dir, timeout=0.3):
            write_samples(DataDir(site_dir), [sample])
        assert str(caught.value) == (
            f"{(site_dir / '.statusgen.lock').absolute()}: process {holder.pid} (an import, "
            "probe or collect) is writing to the data directory; gave up after waiting 0.3 s"
        )
        assert not (site_dir / "probes").exists()
    finally:
        done.set()
        holder.join(timeout=30)
    assert holder.exitcode == 0
    assert not (site_dir / ".statusgen.lock").exists()


def test_a_lock_left_by_a_killed_writer_does_not_block(site_dir: Path) -> None:
    # a writer killed while holding the lock leaves the file with its pid; the kernel has
    # released its flock
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    (site_dir / ".statusgen.lock").write_text(f"{child.pid}\n")
    written = write_samples(
        DataDir(site_dir), [Sample(1786000000, "api-public", "eu-central", True)]
    )
    assert written.added == 1
    assert not (site_dir / ".statusgen.lock").exists()


def test_a_writer_killed_while_holding_the_lock_does_not_block(site_dir: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from generator.store.lock import write_lock\n"
            "with write_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(120)\n",
            str(site_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        assert (site_dir / ".statusgen.lock").read_text() == f"{holder.pid}\n"
        # a lock that blocked would raise LockTimeout here instead of waiting 120 s
        with write_lock(site_dir, timeout=10):
            sample = Sample(1786000000, "api-public", "eu-central", True)
            assert write_samples(DataDir(site_dir), [sample]).added == 1
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert not (site_dir / ".statusgen.lock").exists()


def test_the_lock_is_reentrant_and_serialises_other_holders(site_dir: Path) -> None:
    with write_lock(site_dir):
        with write_lock(site_dir):
            assert lock.is_held(site_dir)
        assert lock.is_held(site_dir)
        # another open file description of the same lock file cannot take it meanwhile
        fd = os.open(site_dir / ".statusgen.lock", os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    assert not lock.is_held(site_dir)
    assert not (site_dir / ".statusgen.lock").exists()


# --- faults ----------------------------------------------------------------------------


def _partition_with_one_row(site_dir: Path, tmp_path: Path) -> Path:
    source = tmp_path / "first.csv"
    source.write_text(HEADER + "2026-08-01T00:00:00Z,api-public,eu-central,1,40,200,\n")
    import_probes(ImportOptions(site_dir, source, "csv"))
    return site_dir / "probes" / "samples" / "api-public" / "2026-08.csv"


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        # the signal would kill the writer; ignored, the write fails with EFBIG instead, as
        # on a full disk (an ignored signal stays ignored across exec)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_write_that_hits_the_file_size_limit_changes_nothing(
    site_dir: Path, tmp_path: Path
) -> None:
    partition = _partition_with_one_row(site_dir, tmp_path)
    before = tree(site_dir)
    source = probe_file(tmp_path, 0, 2000)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--data",
            str(site_dir),
            "import",
            "probes",
            str(source),
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size(len(partition.read_bytes()) + 4096),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(
        ".csv: cannot be written (the disk is full or the file size limit was reached); "
        "nothing was changed"
    )
    assert lines[0].startswith(f"Error: {site_dir}/probes/samples/")
    assert tree(site_dir) == before  # no temporary file, the old partition byte-identical


_REAL_FDOPEN = os.fdopen


class _FullDisk:
    """A temporary file on a disk that fills up after ``room`` bytes."""

    def __init__(self, fd: int, room: int) -> None:
        self.handle = _REAL_FDOPEN(fd, "wb")
        self.room = room

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: self.room])
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return len(data)

    def flush(self) -> None:
        self.handle.flush()

    def fileno(self) -> int:
        return self.handle.fileno()


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_an_injected_disk_full_error_changes_nothing(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    _partition_with_one_row(site_dir, tmp_path)
    before = tree(site_dir)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "fsync":
        monkeypatch.setattr(os, "fsync", disk_full)
    else:
        monkeypatch.setattr(os, "fdopen", lambda fd, mode: _FullDisk(fd, 100))
    with pytest.raises(GeneratorError) as caught:
        import_probes(ImportOptions(site_dir, probe_file(tmp_path, 1, 50), "csv"))
    assert str(caught.value).endswith(
        ": cannot be written (the disk is full or the file size limit was reached); "
        "nothing was changed"
    )
    assert tree(site_dir) == before


def test_writes_are_flushed_before_and_after_the_rename(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        target = os.readlink(f"/proc/self/fd/{fd}")
        synced.append(
            Path(target).name if not os.path.isdir(target) else "dir:" + Path(target).name
        )
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    _partition_with_one_row(site_dir, tmp_path)
    assert len(synced) == 2
    assert synced[0].startswith(".2026-08.csv.") and synced[0].endswith(".tmp")
    assert synced[1] == "dir:api-public"


def test_temporary_files_of_a_killed_write_are_removed_by_the_next_write(
    site_dir: Path, tmp_path: Path
) -> None:
    partition = _partition_with_one_row(site_dir, tmp_path)
    leftover = partition.parent / ".2026-08.csv.k1_lled9.tmp"
    leftover.write_text("half a partition")
    ticket_dir = site_dir / "tickets"
    ticket_dir.mkdir()
    ticket_leftover = ticket_dir / ".2026-08.csv.abcd1234.tmp"
    ticket_leftover.write_text("half")
    not_ours = partition.parent / "notes.tmp"
    not_ours.write_text("a person's file")

    from generator.commands.check import check_site

    found = check_site(site_dir).found
    assert (
        "2 temporary files left by an interrupted write (the next write removes them): "
        f"{leftover}, {ticket_leftover}"
    ) in found

    source = tmp_path / "second.csv"
    source.write_text(HEADER + "2026-08-01T00:01:00Z,api-public,eu-central,1,41,200,\n")
    import_probes(ImportOptions(site_dir, source, "csv"))
    assert not leftover.exists()
    assert not ticket_leftover.exists()
    assert not_ours.read_text() == "a person's file"
    assert all("temporary files" not in line for line in check_site(site_dir).found)


@pytest.mark.parametrize(
    "gitignore", [REPO / ".gitignore", REPO / "generator" / "scaffold" / "files" / "gitignore.j2"]
)
def test_git_ignores_temporary_partition_files_the_locks_and_the_cache(
    tmp_path: Path, gitignore: Path
) -> None:
    """A site's workflow commits with `git add data`: leftovers must never be added."""
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_bytes(gitignore.read_bytes())
    names = [
        "data/probes/samples/api-public/.2026-08.csv.k1_lled9.tmp",
        "data/tickets/.2026-08.csv.abcd1234.tmp",
        "data/.statusgen.lock",
        # the derived cache, and what a build leaves beside its output (lock, staging copy)
        ".statusgen-cache/data/probes/samples/api-public/2026-08.arrow",
        ".statusgen-cache/data/reports/2026-08.json",
        ".public.lock",
        ".public-building-k1_lled9/index.html",
    ]
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", *names],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.splitlines() == names
