"""The demo commune: :mod:`.load` fills an empty store (the app's --demo, the first-run
screen, tests and benchmarks); :mod:`.generator` and :mod:`.reference` make its rows."""
