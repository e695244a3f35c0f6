# JupyterLab settings for `make lab` (and the lab server test): JUPYTER_CONFIG_DIR points here.
import os

c = get_config()  # noqa: F821 - provided by Jupyter when it loads this file

c.ServerApp.ip = "127.0.0.1"  # this machine only; token authentication stays on (the default)
c.LabApp.default_url = "/lab/tree/notebooks/00_index.ipynb"  # open, and print, the start page
# Nothing reaches the network: no news feed, no update check, no extension search on PyPI.
c.LabApp.news_url = None
# ... and no "get notified about Jupyter news?" question on first start: lab-settings/overrides.json
# answers it (fetchNews false) for everyone who starts the course.
c.LabApp.app_settings_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lab-settings")
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
# Kernels talk to the server over loopback TCP; with keys from the server the traffic is encrypted
# (the kernelspec declares CurveZMQ support), and the kernel does not warn about plain text.
c.KernelManager.transport_encryption = "auto"
# No websocket keep-alive pings: they find dead remote browsers, which a loopback server does not
# have, and jupyter_server's default ping timeout (3 pings) makes tornado >= 6.5 warn on every
# notebook opened, while a timeout of one ping closes busy kernels' connections.
c.ServerApp.tornado_settings = {"ws_ping_interval": 0}
# Containers and CI machines often run as root; Jupyter refuses that unless told.
c.ServerApp.allow_root = True
