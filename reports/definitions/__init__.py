"""One module per report family; every module in this package is imported (and so registered) at start."""

import pkgutil
from importlib import import_module


def autodiscover() -> None:
    for module in pkgutil.iter_modules(__path__):
        import_module(f"{__name__}.{module.name}")
