"""One MkDocs build in this process, timed by phase: run by `scale.py` in a child process.

    python benchmarks/buildrun.py mkdocs.yml [--edit FILE OLD NEW]

Prints one JSON line: seconds, peak memory, the seconds spent in each phase (load,
analysis, charts, page rendering, Markdown, theme templates, search, writing, other)
and the highest memory (resident set, sampled every 20 ms) seen during each. A phase
is measured by wrapping the functions that do it; time in a wrapped function called
from another one counts once, for the innermost phase, except that Markdown and Jinja
rendering called from inside journeymap count as journeymap's.

Without `--edit`, the build is what `mkdocs build` does. With `--edit`, the build is
done twice in the same process, the way `mkdocs serve` rebuilds: plugin objects kept
(`on_startup`), FILE edited in between (OLD replaced by NEW); the second build is
reported as `rebuild_seconds`.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import resource
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config

# (phase, module, qualified name, counts when nested in another phase)
TARGETS = [
    ("load", "journeymap.content.loader", "load_content", True),
    ("analysis", "journeymap.analysis.trends", "Trends.__init__", True),
    ("analysis", "journeymap.analysis.changes", "Changes.__init__", True),
    ("analysis", "journeymap.analysis.health", "Health.__init__", True),
    ("charts", "journeymap.site.charts", "ChartRenderer.draw_pending", True),
    ("page rendering", "journeymap.site.pages", "Templates.page", True),
    ("page rendering", "journeymap.site.pages", "PageSource.finish", True),
    ("Markdown", "markdown.core", "Markdown.convert", False),
    ("theme templates", "jinja2.environment", "Template.render", False),
    ("search", "material.plugins.search.plugin", "SearchPlugin.on_page_context", True),
    ("search", "material.plugins.search.plugin", "SearchPlugin.on_post_build", True),
    ("writing", "mkdocs.utils", "write_file", True),
    ("writing", "mkdocs.structure.files", "File.copy_file", True),
]

spent: dict[str, float] = defaultdict(float)
stack: list[list[Any]] = []  # [phase, started, seconds in nested phases]


def timed(phase: str, nested: bool, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if stack and not nested:
            return function(*args, **kwargs)  # counts for the enclosing phase
        frame = [phase, time.perf_counter(), 0.0]
        stack.append(frame)
        try:
            return function(*args, **kwargs)
        finally:
            stack.pop()
            total = time.perf_counter() - frame[1]
            spent[phase] += total - frame[2]
            if stack:
                stack[-1][2] += total

    return wrapper


def install() -> None:
    """Wrap every target, wherever a module holds a reference to it."""
    importlib.import_module("journeymap.engines.mkdocs")
    for phase, module_name, qualname, nested in TARGETS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        owner: Any = module
        *path, name = qualname.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        original = getattr(owner, name, None) if owner is not None else None
        if original is None:
            continue
        wrapped = timed(phase, nested, original)
        setattr(owner, name, wrapped)
        if not path:  # a function: also where other modules imported it by name
            for other in list(sys.modules.values()):
                if getattr(other, name, None) is original:
                    setattr(other, name, wrapped)


class PhaseMemory(threading.Thread):
    """The highest resident memory of this process seen during each phase, in MB."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb: dict[str, int] = defaultdict(int)
        self.running = True

    def run(self) -> None:
        while self.running:
            phase = stack[-1][0] if stack else "other"
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    kb = int(line.split()[1])
                    self.peak_kb[phase] = max(self.peak_kb[phase], kb)
            time.sleep(0.02)

    def stop(self) -> dict[str, int]:
        self.running = False
        self.join()
        return {phase: round(kb / 1024) for phase, kb in self.peak_kb.items()}


class WorkerMemory(threading.Thread):
    """The highest peak memory (VmHWM) of any child process, read every 50 ms.

    `RUSAGE_CHILDREN` cannot tell it: Linux charges a child that is started with vfork
    and exec (as multiprocessing starts the chart workers) with its parent's peak so
    far, so it reported the main process's memory, not the workers'.
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.sample()
            time.sleep(0.05)

    def sample(self) -> None:
        own = Path("/proc/self/cmdline").read_bytes()
        for task in os.listdir("/proc/self/task"):
            try:
                children = Path(f"/proc/self/task/{task}/children").read_text().split()
            except OSError:
                continue  # a thread that ended meanwhile
            for child in children:
                try:
                    if Path(f"/proc/{child}/cmdline").read_bytes() == own:
                        continue  # vforked, not yet exec'd: it still shares our memory
                    status = Path(f"/proc/{child}/status").read_text()
                except OSError:
                    continue  # a child that ended meanwhile
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))

    def stop(self) -> float:
        """Stop sampling; the peak in MB."""
        self.running = False
        self.join()
        return self.peak_kb / 1024


def one_build(config_file: str) -> float:
    config = load_config(config_file)
    started = time.perf_counter()
    build(config)
    return time.perf_counter() - started


def phases(seconds: float) -> dict[str, float]:
    """Seconds per phase of the build just done; `other` is what no phase accounts for."""
    found = {phase: round(value, 2) for phase, value in spent.items()}
    found["other"] = round(seconds - sum(spent.values()), 2)
    return found


def main() -> None:
    install()
    workers = WorkerMemory()
    workers.start()
    memory = PhaseMemory()
    memory.start()
    config_file = sys.argv[1]
    config = load_config(config_file)
    editing = "--edit" in sys.argv
    config.plugins.on_startup(command="serve" if editing else "build", dirty=False)
    started = time.perf_counter()
    build(config)
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {"seconds": seconds, "phases": phases(seconds)}
    if editing:
        file, old, new = sys.argv[sys.argv.index("--edit") + 1 :][:3]
        path = Path(file)
        path.write_text(path.read_text().replace(old, new, 1))
        spent.clear()
        result["rebuild_seconds"] = one_build(config_file)
        result["rebuild_phases"] = phases(result["rebuild_seconds"])
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["phase_peak_mb"] = memory.stop()
    # Charts are drawn by worker processes on a large site: their own peak, apart.
    result["workers_peak_mb"] = workers.stop()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
