# JupyterLab settings for `make lab` (and the lab server test): JUPYTER_CONFIG_DIR points here.
c = get_config()  # noqa: F821 - provided by Jupyter when it loads this file

c.ServerApp.ip = "127.0.0.1"  # this machine only; token authentication stays on (the default)
c.LabApp.default_url = "/lab/tree/notebooks/00_index.ipynb"  # open, and print, the start page
# Nothing reaches the network: no news feed, no update check, no extension search on PyPI.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
# Containers and CI machines often run as root; Jupyter refuses that unless told.
c.ServerApp.allow_root = True
