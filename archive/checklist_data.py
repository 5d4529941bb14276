"""Loading the archiving checklist from ``data/checklist.yaml`` (the seed migration uses it)."""

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "checklist.yaml"
INSTANCE_FIELDS = {"first": "first_instance", "appeal": "appeal", "retrial": "retrial"}


def checklist_items(path=DATA):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


def load_checklist(item_model, alternative_model, path=DATA):
    """Create the items of the data file that are not there yet (matched by code); existing rows are kept."""
    for order, entry in enumerate(checklist_items(path)):
        if item_model.objects.filter(code=entry["code"]).exists():
            continue
        unknown = set(entry["instances"]) - set(INSTANCE_FIELDS)
        if unknown:
            raise ValueError(f"checklist item {entry['code']}: unknown instances {sorted(unknown)}")
        item = item_model.objects.create(
            code=entry["code"],
            label=entry["label"],
            source=entry["source"],
            sort_order=(order + 1) * 10,
            **{field: name in entry["instances"] for name, field in INSTANCE_FIELDS.items()},
        )
        for position, kind in enumerate(entry["kinds"]):
            alternative_model.objects.create(item=item, kind=kind, sort_order=position)
