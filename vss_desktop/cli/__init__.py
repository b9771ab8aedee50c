"""The command line (no Qt but for `print`): `vss-desktop calc|login|sync|print|backups|
restore-backup ...` for scripts.

- :mod:`.parser` builds the one argparse parser; each command group adds its subcommands
  and the function that runs them (``args.handler``).
- :mod:`.store_access` opens the database for a command and turns its failures
  (passphrase, damage, database errors) into a sentence and an exit code.
- :mod:`.network` says in words why the server could not be reached.
- :mod:`.calc`, :mod:`.sync`, :mod:`.print_cmd`, :mod:`.backup`, :mod:`.provision_cmd`,
  :mod:`.update_cmd`: the commands.

Exit codes: 0 done, 1 out of memory, 2 invalid input, 3 the server could not be reached,
4 not logged in or the login refused, 5 the server refused the sync, 6 the database
cannot be opened or is damaged. This package never imports the window (vss_desktop.ui);
only ``vss_desktop.__main__`` starts it.
"""
