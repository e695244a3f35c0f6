"""JupyterHub for a class on one server: `make hub` (127.0.0.1) and `make test-hub` use this file.

One system user per student (LocalProcessSpawner starts each single-user server as that user, in
their home), first-use passwords for the names on the roster, one instructor (admin), and
configurable-http-proxy from classroom/node_modules. Everything that differs between a local trial,
the test and a real server comes from the CLASSROOM_* environment variables below; see
classroom/README.md.
"""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = Path(os.environ.get("CLASSROOM_VENV", HERE / ".venv"))
STATE = Path(os.environ.get("CLASSROOM_STATE", HERE.parent / "build" / "hub"))
ROSTER = Path(os.environ.get("CLASSROOM_ROSTER", HERE / "roster.txt"))
ADMIN = os.environ.get("CLASSROOM_ADMIN", "instructor")
STATE.mkdir(parents=True, exist_ok=True, mode=0o700)


def read_roster(path: Path) -> set[str]:
    """The students' user names, one a line; blank lines and `#` comments are skipped."""
    if not path.is_file():
        raise SystemExit(f"no roster at {path}: list the students' user names there, one a line "
                         f"(see classroom/roster.example.txt), or set CLASSROOM_ROSTER")
    names = {line.split("#")[0].strip() for line in path.read_text().splitlines()}
    return names - {""}


c = get_config()  # noqa: F821 (JupyterHub's config loader defines get_config)

# Addresses: the public one (the proxy), the hub's internal API and the proxy's API, all on loopback
# unless CLASSROOM_IP says otherwise (a real server puts a TLS reverse proxy in front, see README).
c.JupyterHub.ip = os.environ.get("CLASSROOM_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("CLASSROOM_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("CLASSROOM_HUB_PORT", "8081"))
PROXY_API_PORT = os.environ.get("CLASSROOM_PROXY_API_PORT", "8001")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")

# The hub's own state, out of the work tree's notebooks and readable by root only.
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")

# Who may log in: the roster and the instructor. First-use passwords: the first login of a listed
# name sets its password; names not on the list are refused.
c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
c.FirstUseAuthenticator.create_users = False
c.FirstUseAuthenticator.dbm_path = str(STATE / "passwords.dbm")
c.FirstUseAuthenticator.min_password_length = 8
c.Authenticator.allowed_users = read_roster(ROSTER)
c.Authenticator.admin_users = {ADMIN}
c.JupyterHub.admin_access = False  # the instructor sees servers, not the students' files

# Each student's server runs as their own system user, from the classroom venv (the course's
# packages plus nbgitpuller), in their home, which only they can read.
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.environment = {"PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin"}

# A course repository on this machine's disk (a path or file:// link, as in a local trial or the
# test) belongs to another user than the students, and git refuses to read such a repository
# ("dubious ownership") unless its system or global config names it in safe.directory. The
# students' servers get a system config naming exactly these repositories (colon-separated).
LOCAL_REPOS = [path for path in os.environ.get("CLASSROOM_LOCAL_REPOS", "").split(":") if path]
if LOCAL_REPOS:
    gitconfig = VENV / "etc" / "classroom-gitconfig"
    gitconfig.parent.mkdir(exist_ok=True)
    gitconfig.write_text("[safe]\n" + "".join(f"\tdirectory = {path}\n" for path in LOCAL_REPOS))
    gitconfig.chmod(0o644)
    c.Spawner.environment["GIT_CONFIG_SYSTEM"] = str(gitconfig)
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.LocalProcessSpawner.shell_cmd = []
