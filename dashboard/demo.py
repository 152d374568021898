"""The demo district in the store: two waves of a synthetic district, read from real-layout exports."""

from __future__ import annotations

import tempfile
from pathlib import Path

from plnetwork.dataset import load
from plnetwork.demo import write_demo
from plnetwork.store import Scope

__all__ = ["load_demo", "DEMO_LABELS"]

DEMO_LABELS = ("Autumn 2024", "Spring 2025", "Autumn 2025", "Spring 2026")


def load_demo(store, *, district: str = "Demo District", staff: int = 600, schools: int = 6, seed: int = 7,
              waves: int = 2) -> list[int]:
    """Put the demo district's waves in ``store`` unless it has them already; returns their wave ids.

    Each wave goes the way a school's upload goes: the Google Forms export and the roster are kept as
    uploads, read, resolved and saved as a district-wide wave.
    """
    scope = Scope("district", district=district)
    existing = [w.id for w in store.waves(scope)]
    if existing:
        return existing
    ids = []
    with tempfile.TemporaryDirectory(prefix="plnetwork-demo-") as tmp:
        paths = write_demo(tmp, staff=staff, schools=schools, seed=seed, waves=waves, formats=("google_forms",))
        for k in range(1, waves + 1):
            files = [paths[f"wave{k}_google_forms"], paths["roster" if k == 1 else f"wave{k}_roster"]]
            sources = [(Path(p).name, Path(p).read_bytes()) for p in files]
            uploads = [store.put_upload(data, name, district=district, scope=scope) for name, data in sources]
            data = load([sources[0]], roster=sources[1])
            ids.append(store.save_wave(data, district=district, school=None, label=DEMO_LABELS[(k - 1) % 4],
                                       upload_ids=uploads, scope=scope))
    return ids
