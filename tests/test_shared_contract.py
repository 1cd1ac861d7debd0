"""The project carries its own copy of the interchange contract (spec/ and examples/).

Where the shared material sits beside the checkout (../shared), the copies must be identical to
it, so the contract never drifts; a plain clone has no ../shared and skips these checks.
"""

import pytest

from tests.conftest import ROOT

SHARED = ROOT.parent / "shared"
COPIED_FOLDERS = ["spec", "examples"]


def copied_files():
    if not SHARED.is_dir():
        return []
    names = set()
    for folder in COPIED_FOLDERS:
        for base in (ROOT, SHARED):
            names |= {f"{folder}/{p.name}" for p in (base / folder).glob("*") if p.is_file()}
    return sorted(names)


@pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"no shared material beside the checkout ({SHARED})"
)
@pytest.mark.parametrize("name", copied_files())
def test_project_copy_is_identical_to_the_shared_one(name):
    ours, theirs = ROOT / name, SHARED / name
    assert theirs.exists(), f"{name} is not in {SHARED}: remove it here, or add it there"
    assert ours.exists(), f"{name} is missing: cp {theirs} {ours}"
    assert ours.read_bytes() == theirs.read_bytes(), f"{name} differs: cp {theirs} {ours}"
