"""Print one of the README's two newcomer commands: `launch` (first) or `test` (second).

CI runs the README's own command so the README cannot drift from what CI checks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", readme, flags=re.S)
commands = [block.strip() for block in blocks[:2]]
if len(commands) != 2 or any("\n" in c for c in commands):
    sys.exit("README must open with two one-line command blocks")
print(commands[{"launch": 0, "test": 1}[sys.argv[1]]])
