"""Each notebook run twice at once in fresh kernels, once per test session.

test_determinism.py compares the two runs; test_notebooks.py checks what the first one
shows. Sharing them saves a run-all of every notebook in ``make test``.
"""

import asyncio
import copy
import functools
from pathlib import Path

import nbformat
from nbclient import NotebookClient


async def _run_twice(path: Path):
    copies = [nbformat.read(path, as_version=4) for _ in range(2)]
    clients = [NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                              resources={"metadata": {"path": str(path.parent)}})
               for nb in copies]
    results = await asyncio.gather(*(client.async_execute() for client in clients),
                                   return_exceptions=True)  # both kernels end either way
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return copies


@functools.lru_cache(maxsize=None)
def _executed_twice(path: Path):
    return tuple(asyncio.run(_run_twice(path)))


def executed_twice(path: Path):
    """The notebook at ``path`` executed in two fresh kernels at the same time (errors are
    kept as outputs, not raised): two ``NotebookNode``s, copies the caller may change."""
    return tuple(copy.deepcopy(nb) for nb in _executed_twice(Path(path).resolve()))
