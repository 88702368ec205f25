"""Benchmark the generator against plain MkDocs on synthetic corpora, and print one table.

    python bench/run.py --sizes 1000,10000 [--work DIR] [--keep] [--no-hostile]

For each size N it writes a corpus with bench/synth.py, then measures, each in its own process:
`check` cold (no cache) and warm (nothing changed), `render` (YAML to Markdown), the full
`mkdocs build --strict` from YAML, and plain MkDocs + Material (the same mkdocs.yml without the
facts plugin) building the Markdown that `render` wrote. It reports peak memory (RSS) of each
step (the largest process's, and all the step's processes' together, sampled), the site
size, the largest agreement page, what search costs (the indexing step, timed again on its own,
against the rest of the full build that includes it; the search index on
disk; the bytes a reader's first query fetches, in Chromium: bench/searchcost.py; the theme's
own full-text index, from the plain build, for comparison), and the ratios the
project holds itself to: full build <= 1.10 x plain build; time and memory at the largest size
<= 1.1 x (size ratio) x those at the smallest. All runs happen in one session on one machine,
so the ratios compare like with like even when the machine is noisy.

Then, unless --no-hostile, the hostile inputs of bench/hostile.py: one content file built to make
a step superlinear, each timed against a benign file of the same size (ratio < 3).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import engines
import hostile  # bench/ is on the path: this file runs as a script
import searchcost
import synthhistory

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Runs a command and prints its peak resident memory in KiB as the last line of stderr.
MEASURE = (
    "import resource, subprocess, sys;"
    "code = subprocess.run(sys.argv[1:]).returncode;"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr);"
    "sys.exit(code)"
)


@dataclass
class Step:
    seconds: float
    peak_mib: float
    """The largest process's peak (getrusage): what one process of the step needed."""
    tree_mib: float = 0.0
    """The step's processes together at their fullest, sampled every 0.1 s: what the machine
    needed (a build's worker and its search indexer run beside MkDocs)."""


def _tree_kib(session: int) -> int:
    """Resident KiB of every process in `session` (the step runs in a session of its own)."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) != session:
                continue
            with open(f"/proc/{entry.name}/status", encoding="ascii") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
        except (OSError, StopIteration, ValueError):  # gone meanwhile, or a kernel thread
            continue
    return total


class _TreeSampler(threading.Thread):
    def __init__(self, session: int) -> None:
        super().__init__(daemon=True)
        self.session, self.peak_kib, self.done = session, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            self.peak_kib = max(self.peak_kib, _tree_kib(self.session))


@dataclass
class Result:
    agreements: int
    files: int
    check_cold: Step
    check_warm: Step
    render: Step
    build: Step
    plain_build: Step
    site_mib: float
    search_index_mib: float
    search_index_step: Step
    unindexed_build: Step
    """The full build without the search index (the plugin's `search_index: false`)."""
    theme_index_mib: float
    first_query_kib: float
    first_query_files: int
    largest_agreement_kib: float
    floor_build: Step | None = None
    """The theme's floor: one-line pages at the same paths, the same mkdocs.yml (plain)."""
    pages: int = 0
    chrome_kib: float = 0.0
    """HTML bytes per page outside its `<article>`: the theme's chrome."""
    content_kib: float = 0.0
    """HTML bytes per page inside its `<article>`: the page's own content."""
    engines: dict[str, dict[str, float | str]] = field(default_factory=dict)
    """Engine -> seconds, site MiB (or the reason it did not build), on the rendered Markdown."""
    history_seconds: float = 0.0
    """Reading the git log and making every history section, the Changes page and the feeds."""
    history_changes: int = 0
    preview_seconds: float | None = None

    @property
    def search_share(self) -> float:
        """What indexing adds to the full build without it, in per cent."""
        return 100 * (self.build.seconds / self.unindexed_build.seconds - 1)

    @property
    def history_share(self) -> float:
        """What the history adds to the rest of the full build, in per cent."""
        return 100 * self.history_seconds / (self.build.seconds - self.history_seconds)

    @property
    def overhead(self) -> float:
        return self.build.seconds / self.plain_build.seconds


def measure(
    command: list[str],
    cwd: Path | None = None,
    accept: Sequence[int] = (0,),
    timeout: float | None = None,
) -> Step:
    """Time `command`; exit unless its exit code is in `accept`. Past `timeout` seconds the
    command and every process it started are killed and `subprocess.TimeoutExpired` raised."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    start = time.perf_counter()
    # A session of its own, so that a timeout also ends the step's worker processes (killing
    # only the measuring wrapper would leave the step running in the background).
    process = subprocess.Popen(
        [PYTHON, "-c", MEASURE, *command], cwd=cwd, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    sampler = _TreeSampler(process.pid)
    sampler.start()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except BaseException:  # the timeout, or Ctrl-C, which no longer reaches the step's session
        with contextlib.suppress(ProcessLookupError):  # the group may have ended meanwhile
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    finally:
        sampler.done.set()
    seconds = time.perf_counter() - start
    if process.returncode not in accept:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{stdout[-2000:]}\n"
                 f"{stderr[-4000:]}")  # fmt: skip
    peak_kib = int(stderr.strip().splitlines()[-1])
    tree_kib = max(sampler.peak_kib, peak_kib)
    return Step(round(seconds, 2), round(peak_kib / 1024, 1), round(tree_kib / 1024, 1))


def mkdocs_config(
    work: Path, content: Path | None, docs: Path, name: str = "", options: dict | None = None
) -> Path:
    """The project's mkdocs.yml, reading `content` (facts plugin, with `options` set) or, with
    None, plain Markdown from `docs` with the facts plugin removed."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if docs != work / "docs":
        text = text.replace("docs_dir: docs", f"docs_dir: {docs}")
    if content is None:
        plugin = "  - facts:\n      content: content\n      overrides: site_overrides\n"
        assert plugin in text, "mkdocs.yml changed: update bench/run.py"
        text = text.replace(plugin, "")
    else:
        text = text.replace("content: content", f"content: {content}")
        for key, value in (options or {}).items():
            text = text.replace("  - facts:\n", f"  - facts:\n      {key}: {json.dumps(value)}\n")
        text = text.replace("overrides: site_overrides", f"overrides: {ROOT / 'site_overrides'}")
    text = text.replace("custom_dir: site_overrides", f"custom_dir: {ROOT / 'site_overrides'}")
    config = work / (name or ("mkdocs-plain.yml" if content is None else "mkdocs-full.yml"))
    config.write_text(text, encoding="utf-8")
    return config


def preview_latency(config: Path, content: Path, agreement: str) -> float:
    """Seconds from saving an edited agreement to `mkdocs serve --dirty` serving the new page."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [PYTHON, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--no-strict",
               "-f", str(config), "-a", f"127.0.0.1:{port}"]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}/agreements/{agreement}/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 900
        while "Agreement on" not in page():
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("the preview server did not start")
            time.sleep(0.5)
        time.sleep(3)  # let the watcher settle after the first build
        path = content / f"agreements/{agreement}.yaml"
        text = path.read_text(encoding="utf-8")
        edited = text.replace("title: Agreement on", "title: Edited agreement on", 1)
        start = time.monotonic()
        path.write_text(edited, encoding="utf-8")
        while "Edited agreement on" not in page():
            if time.monotonic() - start > 120:
                sys.exit("the edit never reached the preview")
            time.sleep(0.05)
        seconds = time.monotonic() - start
        path.write_text(text, encoding="utf-8")
        return round(seconds, 2)
    finally:
        server.terminate()
        server.wait(timeout=30)


def theme_index_mib(plain_site: Path) -> float:
    """The theme's own search index of every page, as the plain build (the same mkdocs.yml
    without the facts plugin, so the theme's search plugin indexes every page) writes it: the
    file a reader's browser fetches whole before the theme shows a first result."""
    return round((plain_site / "search/search_index.json").stat().st_size / 2**20, 2)


def mib(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return round(total / 2**20, 1)


def run_size(
    agreements: int, work: Path, keep: bool, preview: bool, other_engines: bool = True
) -> Result:
    base = work / f"n{agreements}"
    base.mkdir(parents=True, exist_ok=True)
    content = base / "content"
    if not (keep and content.is_dir()):
        subprocess.run(
            [PYTHON, str(ROOT / "bench/synth.py"), "--agreements", str(agreements),
             "--out", str(content)],
            check=True, capture_output=True,
        )  # fmt: skip
    if not (base / ".git").is_dir():  # a synthetic history: 20 commits, 1 % edited by each
        synthhistory.make_history(content)
    files = sum(1 for _ in content.glob("*/*.yaml"))
    shutil.rmtree(base / ".cache", ignore_errors=True)
    check = [PYTHON, "-m", "generator", "check", "--content", str(content)]
    check_cold = measure(check, cwd=ROOT)
    check_warm = measure(check, cwd=ROOT)
    markdown = base / "markdown"
    render = measure(
        [PYTHON, "-m", "generator", "render", "--content", str(content), "--out", str(markdown)],
        cwd=ROOT,
    )
    shutil.copytree(ROOT / "docs", markdown, dirs_exist_ok=True)  # the hand-written pages
    site, plain_site = base / "site", base / "site-plain"
    shutil.copytree(ROOT / "docs", base / "docs", dirs_exist_ok=True)
    full_config = mkdocs_config(base, content, base / "docs")
    plain_config = mkdocs_config(base, None, markdown)
    mkdocs = [PYTHON, "-m", "mkdocs", "build", "--strict", "--quiet"]
    # A kept corpus still holds the last run's sites: MkDocs would time deleting them too.
    for old in base.glob("site*"):
        shutil.rmtree(old)
    build = measure([*mkdocs, "-f", str(full_config), "--site-dir", str(site)], cwd=ROOT)
    # The same build without the search index: what indexing adds, in place.
    unindexed_config = mkdocs_config(base, content, base / "docs", "mkdocs-unindexed.yml",
                                     {"search_index": False})  # fmt: skip
    unindexed = measure([*mkdocs, "-f", str(unindexed_config), "--site-dir",
                         str(base / "site-unindexed")], cwd=ROOT)  # fmt: skip
    plain = measure([*mkdocs, "-f", str(plain_config), "--site-dir", str(plain_site)], cwd=ROOT)
    floor_docs = base / "floor"
    pages_count = engines.floor_docs(markdown, floor_docs)
    floor_site = base / "site-floor"
    floor_config = mkdocs_config(base, None, floor_docs, "mkdocs-floor.yml")
    floor = measure([*mkdocs, "-f", str(floor_config), "--site-dir", str(floor_site)], cwd=ROOT)
    chrome, content_per_page = engines.chrome_and_content(site)
    other: dict[str, dict[str, float | str]] = {}
    for engine in engines.ENGINES if other_engines else ():
        python = engines.engine_python(work, engine)
        if python is None:
            other[engine] = {"failed": "does not install from the registries here"}
            continue
        out = base / f"site-{engine}"
        try:
            step = measure(engines.engine_command(engine, python, plain_config, out), cwd=ROOT,
                           accept=range(256), timeout=3600)  # fmt: skip
        except subprocess.TimeoutExpired:
            other[engine] = {"failed": "over an hour"}
            continue
        built, built_bytes = engines.html_bytes(out) if out.is_dir() else (0, 0)
        if built == 0:  # run again to say why (a failing engine stops within seconds)
            command = engines.engine_command(engine, python, plain_config, out)
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
            why = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["no output"]
            other[engine] = {"failed": f"no page built (exit {done.returncode}): {why[0][:200]}"}
            continue
        per_page = round(built_bytes / max(built, 1) / 1024, 1)
        other[engine] = {"seconds": step.seconds, "site_mib": mib(out) if out.is_dir() else 0.0,
                         "pages": built, "kib_per_page": per_page}  # fmt: skip
    pages = list((site / "agreements").glob("*/index.html"))
    largest = max(p.stat().st_size for p in pages) / 1024 if pages else 0.0
    # Agreement 500 as before, or the last one in a corpus too small to hold it (it would wait
    # 15 minutes for a page that never comes).
    edited = f"agreement-{min(500, agreements - 1):06d}"
    latency = preview_latency(full_config, content, edited) if preview else None
    # The search step again on its own (it rewrites the same index), and a reader's first query.
    index = measure([PYTHON, "-c", "import sys, pathlib, generator.search as s;"
                     "s.index_site(pathlib.Path(sys.argv[1]))", str(site)], cwd=ROOT)  # fmt: skip
    query_bytes, query_files = searchcost.first_query_bytes(site, "drone")
    history = subprocess.run([PYTHON, str(ROOT / "bench/historycost.py"), str(content)],
                             cwd=ROOT, check=True, capture_output=True, text=True)  # fmt: skip
    cost = json.loads(history.stdout)
    return Result(
        agreements, files, check_cold, check_warm, render, build, plain,
        mib(site), mib(site / "pagefind"), index, unindexed, theme_index_mib(plain_site),
        round(query_bytes / 1024, 1), query_files,
        round(largest, 1), floor, pages_count, round(chrome, 1), round(content_per_page, 1),
        other, cost["seconds"], cost["changes"], latency,
    )  # fmt: skip


def _engine_cell(found: dict[str, float | str]) -> str:
    if "failed" in found:
        return f"failed: {found['failed']}"
    if not found:
        return "-"
    return (f"{found['seconds']} s, {found['site_mib']} MiB, {found['pages']} pages "
            f"({found['kib_per_page']} KiB each)")  # fmt: skip


def table(results: list[Result]) -> str:
    first, last = results[0], results[-1]
    growth = last.agreements / first.agreements
    rows = [
        ("agreements (files)", [f"{r.agreements} ({r.files})" for r in results]),
        ("check, cold", [f"{r.check_cold.seconds} s" for r in results]),
        ("check, warm (unchanged)", [f"{r.check_warm.seconds} s" for r in results]),
        ("render YAML -> Markdown", [f"{r.render.seconds} s" for r in results]),
        ("full build (mkdocs --strict)", [f"{r.build.seconds} s" for r in results]),
        ("plain MkDocs, same Markdown", [f"{r.plain_build.seconds} s" for r in results]),
        ("overhead: full / plain (<= 1.10)", [f"{r.overhead:.3f}" for r in results]),
        ("theme's floor: one-line pages, same paths and mkdocs.yml",
         [f"{r.floor_build.seconds} s" if r.floor_build else "-" for r in results]),
        ("full build / floor (<= 1.5)",
         [f"{r.build.seconds / r.floor_build.seconds:.2f}" if r.floor_build else "-"
          for r in results]),
        ("HTML per page: theme chrome / content",
         [f"{r.chrome_kib} KiB / {r.content_kib} KiB" for r in results]),
        *[(f"{engine} on the rendered Markdown",
           [_engine_cell(r.engines.get(engine, {})) for r in results])
          for engine in engines.ENGINES],
        ("peak memory, full build (< 1.2 GiB at 10,000): largest process / all together",
         [f"{r.build.peak_mib} / {r.build.tree_mib} MiB" for r in results]),
        ("peak memory, plain MkDocs / floor",
         [f"{r.plain_build.peak_mib} / {r.floor_build.peak_mib if r.floor_build else '-'} MiB"
          for r in results]),
        ("peak memory, check cold", [f"{r.check_cold.peak_mib} MiB" for r in results]),
        ("site size (< 400 MiB at 10,000)", [f"{r.site_mib} MiB" for r in results]),
        ("search index on disk", [f"{r.search_index_mib} MiB" for r in results]),
        ("search: full build without indexing; what indexing adds (<= 20 %)",
         [f"{r.unindexed_build.seconds} s; {r.search_share:.1f} %" for r in results]),
        ("search: indexing alone (shards one after another, then the merge), peak memory",
         [f"{r.search_index_step.seconds} s, {r.search_index_step.peak_mib} MiB"
          for r in results]),
        ("search: first query fetches (< 300 KB)",
         [f"{r.first_query_kib} KiB in {r.first_query_files} files" for r in results]),
        ("theme's own search, full text: one file fetched whole",
         [f"{r.theme_index_mib} MiB" for r in results]),
        ("history: git log, history sections, Changes page, feeds (<= 10 %)",
         [f"{r.history_seconds} s ({r.history_share:.1f} %, {r.history_changes} changes)"
          for r in results]),
        ("largest agreement page (< 50 KB)", [f"{r.largest_agreement_kib} KiB" for r in results]),
        ("preview: edit to updated page (< 2 s)",
         [f"{r.preview_seconds} s" if r.preview_seconds else "-" for r in results]),
    ]  # fmt: skip
    header = "| measure | " + " | ".join(f"N = {r.agreements}" for r in results) + " |"
    lines = [header, "|---|" + "---|" * len(results)]
    lines += [f"| {name} | " + " | ".join(values) + " |" for name, values in rows]
    if len(results) > 1:
        limit = 1.1 * growth
        build_ratio = last.build.seconds / first.build.seconds
        memory_ratio = last.build.peak_mib / first.build.peak_mib
        lines += [
            "",
            f"| ratio, N = {last.agreements} / N = {first.agreements} | value | limit |",
            "|---|---|---|",
            f"| full build time | {build_ratio:.2f} | {limit:.1f} |",
            f"| full build peak memory | {memory_ratio:.2f} | {limit:.1f} |",
            f"| check cold time | {last.check_cold.seconds / first.check_cold.seconds:.2f} | |",
        ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="agreement counts, comma-separated")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--keep", action="store_true", help="reuse corpora already written")
    parser.add_argument(
        "--hostile",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time the hostile inputs of bench/hostile.py",
    )
    parser.add_argument(
        "--engines",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also build the rendered Markdown with the other engines (`--no-engines`: their "
        "rows show '-'; at 10,000 agreements they take a quarter of an hour)",
    )
    parser.add_argument(
        "--hostile-kib", type=int, default=500, help="KiB of `<` (a file may hold 512 KiB)"
    )
    parser.add_argument(
        "--hostile-timeout",
        type=float,
        default=300,
        help="seconds before a hostile step is stopped and shown as '> N s'",
    )
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    results = []
    for size in sizes:
        # The preview is measured on the smallest corpus, the one an editor works with.
        results.append(run_size(size, args.work, args.keep, size == sizes[0], args.engines))
        print(f"N = {size}: done", file=sys.stderr)
    rows = []
    if args.hostile:
        rows = hostile.run_hostile(
            args.work / "hostile", args.hostile_kib, args.hostile_timeout, measure, mkdocs_config
        )
        print("hostile input: done", file=sys.stderr)
    report = {"sizes": [asdict(r) for r in results], "hostile": [r.as_json() for r in rows]}
    (args.work / "results.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(table(results))
    if rows:
        print()
        print(hostile.table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
