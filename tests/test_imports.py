"""Every package imports on its own, first: an import cycle only shows when its modules load in another order
than the application's."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

PACKAGES = sorted(
    ".".join(path.parent.relative_to(ROOT / "src").parts) for path in (ROOT / "src" / "sppmon").rglob("__init__.py")
)


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_alone(package: str) -> None:
    # Also every module directly in the package, each right after the package, in one fresh interpreter.
    code = (
        "import importlib, pkgutil, sys\n"
        f"package = importlib.import_module({package!r})\n"
        "for info in pkgutil.iter_modules(package.__path__):\n"
        "    if info.name == '__main__': continue  # runs the command line\n"
        "    importlib.import_module(f'{package.__name__}.{info.name}')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
