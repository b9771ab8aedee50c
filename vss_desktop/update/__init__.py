"""Updates of the installed app (issue 16 §3, docs/updates.md); never imports Qt.

- ``home``: where updates live on the laptop (versions, downloads, the trusted metadata)
  and the small state file that says which version runs.
- ``fetcher``: TUF's fetcher with resumable target downloads (Range into a ``.part`` file).
- ``client``: check the server's signed repository (tufup), download, verify, stage.
- ``launcher``: at start, run the staged version on trial and go back if it fails to start.
"""
