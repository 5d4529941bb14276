"""Loading the seed vocabularies in casefiles/data/."""

from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_causes(Cause):
    """Create the causes of causes.yaml that do not exist yet (by name); returns how many were created."""
    data = yaml.safe_load((DATA_DIR / "causes.yaml").read_text(encoding="utf-8"))
    created = 0
    order = 0
    for entry in data["causes"]:
        order += 10
        parent, made = Cause.objects.get_or_create(
            name=entry["name"], defaults={"source": data["source"], "sort_order": order}
        )
        created += made
        for child_order, child in enumerate(entry.get("children", []), start=1):
            _cause, made = Cause.objects.get_or_create(
                name=child, defaults={"parent": parent, "source": data["source"], "sort_order": order + child_order}
            )
            created += made
    return created
