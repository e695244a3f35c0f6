"""`make test-hub`: the classroom hub on loopback, with two real throwaway students.

Run as root from the classroom venv (the Makefile does both). It creates two system users and an
instructor name with a random suffix, pushes the course's HEAD into a bare git repository under a
world-readable temporary folder, starts JupyterHub (classroom/jupyterhub_config.py) on free loopback
ports and checks, through the hub's login form and REST API and each single-user server's REST API
and kernel websocket:

1. each student logs in (first-use password form) and spawns a server;
2. the nbgitpuller link puts the course in each home;
3. each runs the first cells of a lesson in a kernel, and the output is the stored one;
4. a student's token gets 403 on the other's server and files, and neither system user can read
   the other's home;
5. the instructor (admin) sees both servers;
6. a student's edit survives an update of the course pulled by following the link again.

Whatever happens, it then stops the hub, the proxy and the servers, removes the users with their
homes and the temporary folder, and checks that nothing is left. The log goes to
build/test-hub.log (the hub's own output to build/test-hub-server.log).
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VENV = Path(sys.prefix)
LOG = REPO / "build" / "test-hub.log"
SERVER_LOG = REPO / "build" / "test-hub-server.log"
LESSON = "notebooks/01_iteration_and_yield.ipynb"
EDITED = "notebooks/00_index.ipynb"
TIMEOUT = 240
_log_file = None


class CheckFailed(Exception):
    """A check of the hub failed; the message says which and what was seen."""


def log(message: str) -> None:
    line = f"{time.strftime('%H:%M:%S')} {message}"
    print(line, flush=True)
    if _log_file is not None:
        _log_file.write(line + "\n")
        _log_file.flush()


def check(condition: bool, what: str, seen: object = "") -> None:
    if not condition:
        raise CheckFailed(f"{what}: FAILED (saw {seen!r})"[:2000])
    log(f"  ok  {what}")


def run(*cmd: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)


def must(*cmd: str, **kwargs) -> str:
    done = run(*cmd, **kwargs)
    if done.returncode:
        raise CheckFailed(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def skip_reason() -> str | None:
    if os.geteuid() != 0:
        return "needs root, to create throwaway system users (run it as root, or in CI)"
    missing = [tool for tool in ("useradd", "userdel", "runuser", "git") if not shutil.which(tool)]
    if missing:
        return f"needs {', '.join(missing)} on PATH"
    return None


# ---- the class: users and the course repository -------------------------------------------------


def create_student(name: str) -> Path:
    must("useradd", "--create-home", "--shell", "/usr/sbin/nologin", "-K", "HOME_MODE=0700", name)
    home = Path(pwd.getpwnam(name).pw_dir)
    home.chmod(0o700)
    return home


def make_course_repo(tmp: Path) -> Path:
    """A bare repository holding the checkout's HEAD as branch main, readable by everyone."""
    bare = tmp / "course.git"
    must("git", "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
    must("git", "-C", str(REPO), "push", "--quiet", str(bare), "HEAD:refs/heads/main")
    return bare


def update_course(tmp: Path, bare: Path) -> str:
    """The instructor's update: a new file and a changed README, pushed to the bare repository."""
    work = tmp / "instructor-copy"
    must("git", "clone", "--quiet", str(bare), str(work))
    (work / "notebooks" / "UPDATE.md").write_text("Added by the instructor after the first pull.\n")
    readme = work / "README.md"
    readme.write_text(readme.read_text() + "\nUpdated for this class.\n")
    must("git", "-C", str(work), "add", "-A")
    ident = ["-c", "user.name=Instructor", "-c", "user.email=instructor@example.invalid"]
    must("git", "-C", str(work), *ident, "commit", "--quiet", "-m", "Course update")
    must("git", "-C", str(work), "push", "--quiet", "origin", "main")
    return must("git", "-C", str(work), "rev-parse", "HEAD").strip()


def world_readable(tmp: Path) -> None:
    for path in [tmp, *tmp.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        path.chmod(mode | (0o555 if path.is_dir() or mode & 0o100 else 0o444))


# ---- the hub ------------------------------------------------------------------------------------


class Hub:
    def __init__(self, tmp: Path, roster: list[str], admin: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        (tmp / "roster.txt").write_text("\n".join(roster) + "\n")
        self.env = {
            **os.environ,
            "CLASSROOM_VENV": str(VENV),
            "CLASSROOM_STATE": str(tmp / "state"),
            "CLASSROOM_ROSTER": str(tmp / "roster.txt"),
            "CLASSROOM_ADMIN": admin,
            "CLASSROOM_PORT": str(self.port),
            "CLASSROOM_HUB_PORT": str(free_port()),
            "CLASSROOM_PROXY_API_PORT": str(free_port()),
            "CLASSROOM_LOCAL_REPOS": str(tmp / "course.git"),
        }
        self.state = tmp / "state"
        self.process: subprocess.Popen | None = None
        self.proxy_pid: int | None = None

    def start(self) -> None:
        SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
        output = SERVER_LOG.open("w")
        command = [str(VENV / "bin" / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")]
        self.process = subprocess.Popen(
            command, env=self.env, cwd=self.state.parent, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        output.close()
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise CheckFailed(f"the hub exited with {code}; see {SERVER_LOG}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=5).ok:
                    pid_file = self.state / "proxy.pid"
                    if pid_file.exists():
                        self.proxy_pid = int(pid_file.read_text())
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise CheckFailed(f"the hub did not answer within {TIMEOUT} s; see {SERVER_LOG}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # on SIGTERM the hub stops the servers and the proxy it started
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            log("  the hub did not stop within 60 s after SIGTERM; killing its process group")
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


class Student:
    """One browser's worth of state: the session cookies after logging in, and an API token."""

    def __init__(self, hub: Hub, name: str):
        self.hub, self.name = hub, name
        self.password = secrets.token_urlsafe(12)
        self.web = requests.Session()
        self.token = ""

    def login(self) -> requests.Response:
        """Log in through the hub's login form, as a browser does (the form's _xsrf included)."""
        page = self.web.get(f"{self.hub.url}/hub/login", timeout=30)
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
        form = {"username": self.name, "password": self.password}
        if xsrf:
            form["_xsrf"] = xsrf.group(1)
        return self.web.post(f"{self.hub.url}/hub/login", data=form, timeout=60)

    def make_token(self) -> None:
        """An API token, asked for with the login cookie (as the hub's token page does)."""
        xsrf = self.web.cookies.get("_xsrf", path="/hub/") or self.web.cookies.get("_xsrf")
        reply = self.web.post(
            f"{self.hub.url}/hub/api/users/{self.name}/tokens",
            json={"note": "test-hub"},
            headers={"X-XSRFToken": xsrf or "", "Referer": f"{self.hub.url}/hub/token"},
            timeout=30,
        )
        check(reply.status_code in (200, 201),
              f"{self.name} gets an API token with the login cookie",
              (reply.status_code, reply.text[:300]))
        self.token = reply.json()["token"]

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(method, f"{self.hub.url}{path}", headers=headers, timeout=60,
                                **kwargs)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            model = self.api("GET", f"/hub/api/users/{self.name}").json()
            server = model.get("servers", {}).get("", {})
            if server.get("ready"):
                return
            if not model.get("pending") and not server:
                raise CheckFailed(f"{self.name}'s server stopped while starting; see {SERVER_LOG}")
            time.sleep(1)
        raise CheckFailed(f"{self.name}'s server was not ready within {TIMEOUT} s")

    def pull_link(self, repo: str) -> str:
        query = urllib.parse.urlencode({
            "repo": repo, "branch": "main", "targetpath": "course",
            "urlpath": f"lab/tree/course/{EDITED}",
        })
        return f"{self.hub.url}/hub/user-redirect/git-pull?{query}"

    def follow_pull_link(self, repo: str) -> None:
        """Open the nbgitpuller link in the logged-in session, then run the pull its page starts.

        The page nbgitpuller serves starts the pull from JavaScript, as a request to
        /user/NAME/git-pull/api with the same query, which streams progress events; that request
        is made here with the student's token.
        """
        page = self.web.get(self.pull_link(repo), timeout=60)
        landed = urllib.parse.urlparse(page.url).path
        check(page.status_code == 200 and landed == f"/user/{self.name}/git-pull",
              f"{self.name}: the link leads, through the hub's login, to their own git-pull page",
              (page.status_code, landed))
        query = urllib.parse.urlencode({"repo": repo, "branch": "main", "targetpath": "course"})
        events = []
        with self.api("GET", f"/user/{self.name}/git-pull/api?{query}", stream=True) as reply:
            for line in reply.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    events.append(json.loads(line[5:]))
                    if events[-1].get("phase") in ("finished", "error"):
                        break
        phases = [event.get("phase") for event in events]
        outputs = "".join(event.get("output", "") for event in events)
        check(phases[-1:] == ["finished"], f"{self.name}: nbgitpuller reports the pull finished",
              (phases, outputs[-800:]))


# ---- the kernel ---------------------------------------------------------------------------------


async def execute(student: Student, kernel_id: str, code: str) -> tuple[str, list]:
    """Run ``code`` in the kernel through the server's websocket; its stdout and any errors."""
    url = (f"ws://127.0.0.1:{student.hub.port}/user/{student.name}/api/kernels/{kernel_id}"
           f"/channels")
    request = HTTPRequest(url, headers={"Authorization": f"token {student.token}"})
    socket_ = await websocket_connect(request)
    msg_id = uuid.uuid4().hex
    socket_.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": student.name, "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }))
    stdout, errors, replied, idle = "", [], False, False
    try:
        while not (replied and idle):
            raw = await asyncio.wait_for(socket_.read_message(), timeout=120)
            if raw is None:
                raise CheckFailed("the kernel websocket closed before the cell finished")
            message = json.loads(raw)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream" and content["name"] == "stdout":
                stdout += content["text"]
            elif kind in ("stream", "error"):
                errors.append(content)
            elif kind == "execute_reply":
                replied = True
                if content["status"] != "ok":
                    errors.append(content)
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
    finally:
        socket_.close()
    return stdout, errors


def run_lesson_start(student: Student) -> None:
    """Run the lesson's code cells in order up to the first that printed, and compare its output."""
    notebook = student.api("GET", f"/user/{student.name}/api/contents/course/{LESSON}")
    check(notebook.status_code == 200, f"{student.name} opens course/{LESSON} in their server",
          notebook.status_code)
    started = student.api("POST", f"/user/{student.name}/api/sessions", json={
        "path": f"course/{LESSON}", "type": "notebook", "name": "", "kernel": {"name": "python3"},
    })
    check(started.status_code == 201, f"{student.name} starts a kernel for the lesson",
          (started.status_code, started.text[:300]))
    kernel_id = started.json()["kernel"]["id"]
    for cell in notebook.json()["content"]["cells"]:
        if cell["cell_type"] != "code":
            continue
        stdout, errors = asyncio.run(execute(student, kernel_id, cell["source"]))
        if errors:
            raise CheckFailed(f"a cell of {LESSON} failed in {student.name}'s kernel: {errors}")
        stored = "".join(out.get("text", "") for out in cell["outputs"]
                         if out.get("output_type") == "stream" and out.get("name") == "stdout")
        if stored:
            check(stdout == stored,
                  f"{student.name}'s kernel runs the lesson's first cells and prints the stored "
                  f"output {stored!r}", stdout)
            return
    raise CheckFailed(f"{LESSON} has no cell with printed output to compare")


# ---- the test -----------------------------------------------------------------------------------


def read_as(user: str, path: Path) -> subprocess.CompletedProcess:
    return run("runuser", "-u", user, "--", "cat", str(path))


def test_hub(tmp: Path, names: list[str], admin: str) -> None:
    homes = {}
    for name in names:
        homes[name] = create_student(name)
        mode = oct(homes[name].stat().st_mode & 0o777)
        check(mode == "0o700", f"system user {name} created, home {homes[name]} mode 700", mode)
    python = VENV / "bin" / "python"
    imports = "import lessons_lib, nbgitpuller"
    probe = run("runuser", "-u", names[0], "--", str(python), "-c", imports)
    fix = (f"every folder above {REPO} must be open to others (o+x), as /opt/course is and "
           f"/root is not, and the venv must not come from a Python under /root: see "
           f"classroom/README.md")
    check(probe.returncode == 0,
          f"system user {names[0]} can run {python} and import lessons_lib and nbgitpuller",
          (probe.stderr.strip()[-500:], fix))
    bare = make_course_repo(tmp)
    world_readable(tmp)
    repo_url = f"file://{bare}"
    log(f"course repository: {repo_url} (branch main = this checkout's HEAD)")

    hub = Hub(tmp, names, admin)
    log(f"starting JupyterHub on {hub.url} (state in {hub.state})")
    try:
        hub.start()
        log(f"hub answers; proxy pid {hub.proxy_pid}")
        students = [Student(hub, name) for name in names]
        a, b = students

        log("1. each student logs in through the login form and spawns a server")
        for student in students:
            reply = student.login()
            check(reply.status_code == 200 and "hub/login" not in reply.url,
                  f"{student.name} logs in (first use sets the password); lands on "
                  f"{urllib.parse.urlparse(reply.url).path}", (reply.status_code, reply.url))
            student.make_token()
        stranger = Student(hub, f"notlisted{secrets.token_hex(3)}")
        reply = stranger.login()
        check("hub/login" in reply.url, "a name not on the roster is refused at the login form",
              reply.url)
        for student in students:
            model = student.api("GET", f"/hub/api/users/{student.name}").json()
            if not model.get("servers", {}).get("", {}).get("ready"):
                spawn = student.api("POST", f"/hub/api/users/{student.name}/server")
                check(spawn.status_code in (201, 202, 400), f"{student.name} asks for a server",
                      (spawn.status_code, spawn.text[:200]))
        for student in students:
            student.wait_ready()
            owner = run("ps", "-o", "user=", "-u", student.name).stdout.split()
            check(bool(owner), f"{student.name}'s server is ready and runs as system user "
                  f"{student.name}", owner)

        log("2. the nbgitpuller link puts the course in each home")
        for student in students:
            student.follow_pull_link(repo_url)
            pulled = homes[student.name] / "course" / EDITED
            owner = pwd.getpwuid(pulled.stat().st_uid).pw_name if pulled.exists() else None
            check(owner == student.name, f"{pulled} exists, owned by {student.name}", owner)

        log("3. each runs a lesson's first cells in a kernel")
        for student in students:
            run_lesson_start(student)

        log("4. separation: tokens and file permissions")
        for me, other in ((a, b), (b, a)):
            for path in (f"/user/{other.name}/api/contents/course/{EDITED}",
                         f"/user/{other.name}/files/course/{EDITED}",
                         f"/user/{other.name}/api/kernels"):
                reply = me.api("GET", path, allow_redirects=False)
                check(reply.status_code == 403, f"{me.name}'s token on {path}: 403",
                      reply.status_code)
            theirs = homes[other.name] / "course" / EDITED
            read = read_as(me.name, theirs)
            check(read.returncode != 0 and "Permission denied" in read.stderr,
                  f"system user {me.name} cannot read {theirs}", (read.returncode, read.stderr))
            mine = read_as(me.name, homes[me.name] / "course" / EDITED)
            check(mine.returncode == 0, f"system user {me.name} reads their own copy",
                  mine.stderr)

        log("5. the instructor sees both servers")
        instructor = Student(hub, admin)
        reply = instructor.login()
        check("hub/login" not in reply.url, f"instructor {admin} logs in", reply.url)
        instructor.make_token()
        users = {user["name"]: user for user in instructor.api("GET", "/hub/api/users").json()}
        for student in students:
            ready = users.get(student.name, {}).get("servers", {}).get("", {}).get("ready")
            check(ready is True, f"the instructor's /hub/api/users lists {student.name}'s server "
                  f"as ready", users.get(student.name))
        reply = a.api("GET", "/hub/api/users")
        check(reply.status_code == 403, "a student's token cannot list the users",
              reply.status_code)

        log("6. an edit survives an update pulled by following the link again")
        path = f"/user/{a.name}/api/contents/course/{EDITED}"
        model = a.api("GET", path).json()
        note = f"My own note, written in class ({secrets.token_hex(4)})."
        model["content"]["cells"].insert(1, {"cell_type": "markdown", "metadata": {},
                                             "source": note, "id": "student-note"})
        saved = a.api("PUT", path, json={"type": "notebook", "format": "json",
                                         "content": model["content"]})
        check(saved.status_code == 200, f"{a.name} edits and saves course/{EDITED}",
              saved.status_code)
        commit = update_course(tmp, bare)
        log(f"  the instructor pushed an update, {commit[:10]}: notebooks/UPDATE.md and README.md")
        a.follow_pull_link(repo_url)
        course = homes[a.name] / "course"
        cells = json.loads((course / EDITED).read_text())["cells"]
        check(any(note in "".join(cell["source"]) for cell in cells),
              f"{a.name}'s note is still in course/{EDITED}", [c["source"][:60] for c in cells[:3]])
        check((course / "notebooks" / "UPDATE.md").exists(),
              "the update's new file notebooks/UPDATE.md arrived", sorted(os.listdir(course)))
        check("Updated for this class." in (course / "README.md").read_text(),
              "the update's change to README.md arrived")
    finally:
        log("stopping the hub (SIGTERM: it stops the servers and the proxy)")
        hub.stop()
        if hub.proxy_pid and alive(hub.proxy_pid):
            log(f"  the proxy {hub.proxy_pid} outlived the hub; stopping it")
            os.kill(hub.proxy_pid, signal.SIGTERM)
        if hub.process is not None:
            check(hub.process.poll() is not None, "the hub has stopped", hub.process.pid)
        if hub.proxy_pid:
            time.sleep(0.5)
            check(not alive(hub.proxy_pid), "the proxy has stopped", hub.proxy_pid)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def user_pids(name: str) -> list[int]:
    return [int(pid) for pid in run("pgrep", "-u", name).stdout.split()]


def clean_up(tmp: Path, names: list[str]) -> list[str]:
    """Stop whatever the users still run, remove them and their homes and the temporary folder."""
    left = []
    for name in names:
        if not user_exists(name):
            continue
        home = Path(pwd.getpwnam(name).pw_dir)
        for pid in user_pids(name):
            log(f"  {name} still runs process {pid}; killing it")
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        done = run("userdel", "--remove", name)
        if done.returncode:
            log(f"  userdel --remove {name}: {done.stderr.strip()}")
        if user_exists(name):
            left.append(f"user {name}")
        if home.exists():
            left.append(f"home {home}")
        if user_pids(name):
            left.append(f"processes of {name}")
    shutil.rmtree(tmp, ignore_errors=True)
    if tmp.exists():
        left.append(f"folder {tmp}")
    return left


def main() -> int:
    global _log_file
    reason = skip_reason()
    if reason:
        print(f"make test-hub: SKIPPED: it {reason}.")
        return 0
    LOG.parent.mkdir(parents=True, exist_ok=True)
    _log_file = LOG.open("w")
    suffix = secrets.token_hex(3)
    names = [f"hubtest{suffix}a", f"hubtest{suffix}b"]
    admin = f"hubteach{suffix}"
    tmp = Path(tempfile.mkdtemp(prefix="course-hub-"))
    tmp.chmod(0o755)
    log(f"test-hub: students {names[0]} and {names[1]}, instructor {admin}, folder {tmp}")
    started = time.monotonic()
    failure = None
    try:
        test_hub(tmp, names, admin)
    except Exception as error:  # any failure still reaches the clean-up below, then fails the run
        failure = f"{type(error).__name__}: {error}"
        log(f"FAILED: {failure}")
        log(f"  the hub's output: {SERVER_LOG}")
    finally:
        log("removing the users, their homes and the folder")
        left = clean_up(tmp, names)
        for name in names:
            check(not user_exists(name) and not user_pids(name),
                  f"no user {name} and no process of theirs left", left)
        check(not left, f"nothing left behind (users, homes, {tmp})", left)
    log(f"test-hub: {'FAILED' if failure else 'passed'} in {time.monotonic() - started:.0f} s")
    return 1 if failure else 0


if __name__ == "__main__":
    sys.exit(main())
