"""The proxy set up as docs/deployment.md says lets the largest case file the service accepts through."""

import re
from pathlib import Path

from families.containers import MAX_UPLOAD_BYTES

DEPLOYMENT = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"
UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def test_the_documented_proxy_body_limit_is_above_the_largest_upload():
    found = re.findall(r"client_max_body_size\s+(\d+)([kmg]?);", DEPLOYMENT.read_text(), flags=re.IGNORECASE)
    assert found, "docs/deployment.md's nginx example sets no client_max_body_size"
    for number, unit in found:
        assert int(number) * UNITS[unit.lower()] > MAX_UPLOAD_BYTES
