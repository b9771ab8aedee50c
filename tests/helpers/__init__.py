"""What the tests share: the real server on loopback, sync building blocks, keyboard
driving, the fault proxy, the leak check, PDF reading and old databases.

Test modules import from here, never from each other. ``tests/`` is on ``sys.path``
(pyproject's ``pythonpath``), so this is ``helpers`` in every worker and with ``-n 0``.
"""
