"""Who imports whom: a feature uses another one way, and no file imports itself back.

The contracts live in pyproject.toml ([tool.importlinter]); import-linter checks them on
the import graph that grimp builds from the source (imports inside functions count too,
`if TYPE_CHECKING:` imports do not).
"""

from __future__ import annotations

from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_in_pyproject_hold():
    assert (
        lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0
    )


def test_no_file_imports_a_file_that_imports_it_back():
    """An import circle (a imports b, and b, directly or through others, imports a) means
    neither file can be read or loaded without the other; none is left."""
    graph = grimp.build_graph("academy", exclude_type_checking_imports=True, cache_dir=None)
    circles = sorted(
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.chain_exists(imported=importer, importer=imported)
    )
    assert circles == []


# Files at the top of academy/ that put features together, and why each may import them.
COMPOSERS = {
    "academy": "the app factory registers every feature",
    "academy.errors": "the error pages report to observability",
    "academy.health": "/healthz asks the job queue and the outbox",
    "academy.backup_archive": "a backup holds the signing key and the media",
}


def test_the_shared_files_at_the_top_import_no_feature():
    """The files every feature builds on (config, db, forms, i18n, typography, redirects, ...)
    reach into no feature, so a feature can be read with only them beside it."""
    graph = grimp.build_graph("academy", exclude_type_checking_imports=True, cache_dir=None)
    features = {m for m in graph.find_children("academy") if graph.find_children(m)}
    shared = graph.find_children("academy") - features - COMPOSERS.keys()
    reaching = sorted(
        (module, imported)
        for module in shared
        for imported in graph.find_modules_directly_imported_by(module)
        if any(imported == f or imported.startswith(f + ".") for f in features)
    )
    assert reaching == []
