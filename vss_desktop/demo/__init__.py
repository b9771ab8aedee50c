"""Demo data generator internals; the public entry point is :mod:`vss_desktop.demo_data`."""
