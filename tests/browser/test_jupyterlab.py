"""Run every notebook in JupyterLab inside headless Chromium, the way a student would.

For each ``notebooks/*.ipynb`` the test opens it in Lab, runs all cells and checks that
- every code cell ran and none shows an error or a stderr traceback,
- no widget failed to display ("Error displaying widget"),
- the kernel published no iopub ``error`` message during the whole test; this also
  catches exceptions raised inside widget callbacks, which appear in no cell,
- in every live dashboard (an output with a control and an ipympl canvas), moving each
  slider (keyboard), dropdown, toggle and checkbox once redraws its plot,
- every self-check question gives feedback when answered and reveals its answer,
- in 06: a bank card reveals its answer and figure and its "Learn it" link opens the
  teaching section; the mock paper's clock runs; practice problems name the wrong step,
- afterwards no kernel is left running, no notebook on disk has changed and no
  ``.ipynb_checkpoints/`` was left behind.

Screenshots of the plot outputs go to ``build/screenshots/``.
Set DESCENT_BROWSER_NOTEBOOKS=/some/dir to run the same checks over another folder.
Facts this relies on: /work/shared/notes/jupyter-testing.md.
"""

import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = Path(os.environ.get("DESCENT_BROWSER_NOTEBOOKS", REPO / "notebooks")).resolve()
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
SCREENSHOT_DIR = REPO / "build" / "screenshots"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Lab user settings: never save on our behalf, no news toast over the plots,
# keep every cell in the DOM (otherwise cells scrolled away are not rendered).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}

SLIDER_KEY_PRESSES = 5
RUN_ALL_TIMEOUT_S = 90
REDRAW_TIMEOUT_S = 5

pytestmark = pytest.mark.browser

# Installed in every page before Lab loads. Collects the kernel's iopub errors (and stderr
# tracebacks) for a notebook, and knows how to find/close its panel.
PAGE_HELPERS = r"""
window.__descent = {
  kernelErrors: [],
  panel(path) {
    const app = window.jupyterapp;
    if (!app) return null;
    return Array.from(app.shell.widgets('main'))
      .find(w => w.context && w.context.path === path && w.sessionContext) || null;
  },
  watchKernel(panel) {
    panel.sessionContext.iopubMessage.connect((_, msg) => {
      const type = msg.header.msg_type, c = msg.content;
      if (type === 'error') {
        this.kernelErrors.push(`${c.ename}: ${c.evalue}\n` + (c.traceback || []).join('\n'));
      } else if (type === 'stream' && c.name === 'stderr' && /Traceback/.test(c.text)) {
        this.kernelErrors.push(c.text);
      }
    });
  },
};
"""


# ----------------------------------------------------------------------------- server


@dataclass
class Lab:
    url: str
    proc: subprocess.Popen
    log: Path
    notebook_hashes: dict  # {path: sha256} of every notebook when the server started

    def api(self, path, method="GET"):
        req = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def log_tail(self, n=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(root_dir, tmp, timeout=60):
    """Start JupyterLab on a free loopback port with throw-away config/state; wait until it answers."""
    hashes = {nb: sha256(nb) for nb in sorted(Path(root_dir).glob("*.ipynb"))}
    settings_dir = tmp / "user-settings"
    for plugin, values in LAB_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTER_DATA_DIR=str(tmp / "data"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    port = free_port()
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--allow-root", "--IdentityProvider.token=", "--PasswordIdentityProvider.hashed_password=",
        "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.user_settings_dir={settings_dir}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
    ]
    log = tmp / "jupyterlab.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=tmp, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # own process group, see stop_lab
    lab = Lab(f"http://127.0.0.1:{port}", proc, log, hashes)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab exited with code {proc.returncode}:\n{lab.log_tail()}")
        try:
            lab.api("/api/status")
            return lab
        except OSError:
            time.sleep(0.2)
    stop_lab(lab)
    pytest.fail(f"JupyterLab did not answer on {lab.url} within {timeout}s:\n{lab.log_tail()}")


def stop_lab(lab):
    """Stop the server and everything it started (its whole process group)."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(lab.proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            lab.proc.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    lab = start_lab(NOTEBOOK_DIR, tmp_path_factory.mktemp("jupyterlab"))
    yield lab
    stop_lab(lab)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A fresh headless Chromium profile (Debian's /usr/bin/chromium, never a downloaded one)."""
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"), executable_path=CHROMIUM,
            headless=True, args=CHROMIUM_FLAGS, viewport={"width": 1280, "height": 1000},
        )
        context.add_init_script(PAGE_HELPERS)
        context.set_default_timeout(30_000)
        yield context
        context.close()


# ----------------------------------------------------------------------------- notebook helpers


def open_notebook(page, lab, name):
    """Open the notebook in Lab, start listening to its kernel, wait for the kernel to be idle."""
    page.goto(f"{lab.url}/lab/tree/{name}?reset")
    page.wait_for_function("path => window.__descent.panel(path)", arg=name, timeout=60_000)
    page.evaluate(
        """async path => {
            const panel = window.__descent.panel(path);
            window.__descent.watchKernel(panel);
            await panel.context.ready;
            await panel.sessionContext.ready;
        }""",
        name,
    )
    wait_kernel_idle(page, name, timeout=60)


def wait_kernel_idle(page, name, timeout):
    page.wait_for_function(
        """path => {
            const kernel = window.__descent.panel(path).sessionContext.session?.kernel;
            return kernel && kernel.status === 'idle';
        }""",
        arg=name, timeout=timeout * 1000,
    )


def run_all(page, name, timeout=RUN_ALL_TIMEOUT_S):
    """Run all cells (the command's promise resolves once the last cell has finished or one failed)."""
    page.evaluate(
        """async ([path, timeoutMs]) => {
            const app = window.jupyterapp, panel = window.__descent.panel(path);
            app.shell.activateById(panel.id);
            const timeout = new Promise((_, reject) => setTimeout(
                () => reject(new Error(`run-all did not finish within ${timeoutMs} ms`)), timeoutMs));
            await Promise.race([app.commands.execute('notebook:run-all-cells'), timeout]);
        }""",
        [name, timeout * 1000],
    )
    wait_kernel_idle(page, name, timeout)
    wait_widgets_rendered(page)


# ipywidgets shows this text in a widget output until the view is rendered (or failed).
STILL_LOADING = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
    .filter(out => out.textContent === 'Loading widget...').length"""


def wait_widgets_rendered(page, timeout=30):
    """Widget views render asynchronously: wait until none says "Loading widget..." any more."""
    try:
        page.wait_for_function(f"() => ({STILL_LOADING})() === 0", timeout=timeout * 1000)
    except PlaywrightTimeout:
        pass  # collect_errors reports the widgets that never displayed


def short(text, lines=6):
    """A traceback without colour codes, cut to its last lines (where the error is)."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text).strip()
    return "\n".join("    " + line for line in text.splitlines()[-lines:])


def collect_errors(page, name):
    """Everything that went wrong so far, as a list of readable strings (empty = fine)."""
    problems = []
    cells = page.evaluate(
        """path => window.__descent.panel(path).content.widgets.map((cell, i) => ({
            index: i,
            type: cell.model.type,
            count: cell.model.type === 'code' ? cell.model.executionCount : null,
            errors: cell.model.type === 'code'
                ? cell.model.outputs.toJSON().filter(o => o.output_type === 'error')
                      .map(o => `${o.ename}: ${o.evalue}`)
                : [],
        }))""",
        name,
    )
    for cell in cells:
        if cell["type"] == "code" and cell["count"] is None:
            problems.append(f"cell {cell['index']} was not executed")
        problems += [f"cell {cell['index']} raised {err}" for err in cell["errors"]]
    # What the student sees: error/stderr outputs with a traceback, broken widgets.
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    problems += [f"traceback shown in the notebook:\n{short(text)}"
                 for text in stderr.all_inner_texts() if "Traceback" in text]
    problems += [f"widget failed to display: {text}"
                 for text in page.get_by_text("Error displaying widget").all_inner_texts()]
    loading = page.evaluate(STILL_LOADING)
    if loading:
        problems.append(f"{loading} widget(s) still show 'Loading widget...'")
    # Kernel-side errors, including those raised in widget callbacks (same error once each).
    kernel_errors = dict.fromkeys(short(err, lines=40)
                                  for err in page.evaluate("window.__descent.kernelErrors"))
    problems += [f"kernel sent an error message:\n{err}" for err in kernel_errors]
    return problems


def fail_if(problems, header):
    if problems:
        pytest.fail(header + "\n" + "\n".join(f"- {p}" for p in problems), pytrace=False)


def close_notebook(page, lab, name):
    """Close the notebook without saving and shut its kernel down."""
    close_panel(page, name)
    for session in lab.api("/api/sessions"):  # backstop if the page could not do it
        lab.api(f"/api/sessions/{session['id']}", method="DELETE")


def close_panel(page, name):
    """Close a notebook's tab without saving and shut its kernel down (in the page)."""
    if not page.is_closed():
        page.evaluate(
            """async path => {
                const panel = window.__descent && window.__descent.panel(path);
                if (!panel) return;
                panel.context.model.dirty = false;   // no "save changes?" dialog
                await panel.sessionContext.shutdown();
                panel.dispose();
            }""",
            name,
        )


# ----------------------------------------------------------------------------- canvas helpers

CANVAS = ".jupyter-matplotlib-canvas-div canvas"  # ipympl's figure canvas


def canvas_hash(scope):
    """SHA-256 of the pixels of every ipympl figure in `scope` (an output area, or one
    canvas); None while one of them is still blank."""
    return scope.evaluate(
        """async scope => {
            const divs = scope.matches('canvas') ? [scope]
                : Array.from(scope.querySelectorAll('.jupyter-matplotlib-canvas-div'))
                      .map(div => div.querySelector('canvas'));
            if (!divs.length) return null;
            const parts = [];
            for (const canvas of divs) {
                if (!canvas || !canvas.width || !canvas.height) return null;
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                if (!pixels.some(v => v !== 0)) return null;
                const digest = await crypto.subtle.digest('SHA-256', pixels);
                parts.push(Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join(''));
            }
            return parts.join('+');
        }"""
    )


def wait_canvas(scope, differs_from=None, timeout=REDRAW_TIMEOUT_S, settle=0.4):
    """Poll until the figures are drawn, differ from `differs_from`, and stay the same for `settle` s.

    Returns the settled hash, or None if that did not happen within `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        current = canvas_hash(scope)
        if current != last:
            last, since = current, time.monotonic()
        elif current is not None and current != differs_from and time.monotonic() - since >= settle:
            return current
        time.sleep(0.05)
    return None


def press_slider(page, slider, key, times=SLIDER_KEY_PRESSES, timeout=2):
    """Move a noUiSlider with the keyboard, like a student would; return its readout before/after."""
    readout = slider.locator(".widget-readout")
    before = readout.inner_text()
    slider.locator(".noUi-handle").first.focus()
    for _ in range(times):
        page.keyboard.press(key)
    deadline = time.monotonic() + timeout
    while readout.inner_text() == before and time.monotonic() < deadline:
        time.sleep(0.05)
    return before, readout.inner_text()


def screenshot(output, name, index, suffix):
    """Screenshot one output area (not the page: the notebook scrolls inside its panel)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    label = Path(name).stem if index == 0 else f"{Path(name).stem}-{index + 1}"
    output.screenshot(path=SCREENSHOT_DIR / f"{label}-{suffix}.png")


# Every control a student can move: sliders, dropdowns, toggle buttons, checkboxes and
# ToggleButtons groups (whose buttons are not counted again as toggles).
CONTROLS = (".widget-slider, .widget-dropdown, .widget-checkbox, .widget-toggle-buttons, "
            ".widget-toggle-button:not(.widget-toggle-buttons .widget-toggle-button)")


def dashboards(page):
    """Output areas holding a live dashboard: a control and an ipympl canvas."""
    return (page.locator(".jp-NotebookPanel .jp-Cell-outputWrapper")
            .filter(has=page.locator(CONTROLS))
            .filter(has=page.locator(CANVAS)))


def describe(control):
    """A control's label and kind, for messages."""
    label = control.locator(".widget-label").first
    text = label.inner_text() if label.count() else control.inner_text()[:30]
    return f"{text.strip() or '?'} ({control.get_attribute('class').split()[-1]})"


def move_control(page, control):
    """Change a control once, as a student would; return (before, after) of what it shows."""
    classes = control.get_attribute("class") or ""
    if "widget-slider" in classes:
        # Home jumps to the minimum (a small change, say 30 → 35 steps of a walk that has
        # already converged, may change no pixel); End when it is already there.
        moved = press_slider(page, control, "Home", times=1)
        if moved[0] == moved[1]:
            moved = press_slider(page, control, "End", times=1)
        return moved
    if "widget-dropdown" in classes:
        select = control.locator("select")
        before = select.input_value()
        values = select.evaluate("s => Array.from(s.options).map(o => o.value)")
        select.select_option(next(v for v in values if v != before))
        return before, select.input_value()
    if "widget-checkbox" in classes:
        box = control.locator("input[type=checkbox]")
        before = box.is_checked()
        box.click()
        return before, box.is_checked()
    if "widget-toggle-buttons" in classes:
        buttons = control.locator("button")
        current = control.locator("button.mod-active").first.inner_text()
        for i in range(buttons.count()):
            if buttons.nth(i).inner_text() != current:
                buttons.nth(i).click()
                break
        return current, control.locator("button.mod-active").first.inner_text()
    before = "mod-active" in classes  # a ToggleButton
    control.click()
    time.sleep(0.05)
    return before, "mod-active" in (control.get_attribute("class") or "")


def check_dashboard(page, name, output, index):
    """Moving each control of the dashboard once must change its plot."""
    output.scroll_into_view_if_needed()
    # a long settle time, so that the first frame arriving late cannot pass for a redraw
    assert wait_canvas(output, timeout=15, settle=1.0), (
        f"{name}: the ipympl canvas of dashboard {index + 1} was never drawn")
    screenshot(output, name, index, "before")

    controls = output.locator(CONTROLS)
    assert controls.count(), f"{name}: dashboard {index + 1} has no control"
    for c in range(controls.count()):
        control = controls.nth(c)
        control.scroll_into_view_if_needed()
        what = describe(control)
        before = wait_canvas(output, timeout=10)  # settled (e.g. after training redraws)
        shown = move_control(page, control)
        assert shown[0] != shown[1], (
            f"{name}: could not move {what} of dashboard {index + 1} (it shows {shown[0]})")
        assert wait_canvas(output, differs_from=before, timeout=REDRAW_TIMEOUT_S), (
            f"{name}: the plot of dashboard {index + 1} did not change within "
            f"{REDRAW_TIMEOUT_S}s after {what} moved {shown[0]} -> {shown[1]}")
        if c == 0:
            screenshot(output, name, index, "after")


def check_self_checks(page, name):
    """Each self-check question answers at once: pick the first choice or type a number and
    press Enter, and a ✓ or ✗ with feedback appears; "Show answer" reveals the explanation."""
    questions = page.locator(".jp-NotebookPanel .lessons-question")
    for q in range(questions.count()):
        question = questions.nth(q)
        question.scroll_into_view_if_needed()
        feedback = question.locator(".lessons-feedback")
        radio = question.locator("input[type=radio]")
        if radio.count():
            radio.first.click()
        else:
            box = question.locator("input[type=text]")
            box.fill("0.5")
            box.press("Enter")
        try:
            page.wait_for_function("el => /[✓✗]/.test(el.textContent)",
                                   arg=feedback.element_handle(), timeout=5000)
        except PlaywrightTimeout:
            pytest.fail(f"{name}: self-check question {q + 1} gave no feedback", pytrace=False)
        question.get_by_role("button", name="Show answer").click()
        answer = question.locator(".lessons-answer")
        answer.wait_for(state="visible", timeout=5000)
    if questions.count():
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        (page.locator(".jp-Cell-outputWrapper").filter(has=page.locator(".lessons-question")).last
         .screenshot(path=SCREENSHOT_DIR / f"{Path(name).stem}-self-check.png"))
    return questions.count()


def check_bank_browser(page, name):
    """A topic's folded model answer opens with its maths typeset; a bank card reveals its
    model answer (maths typeset) and figure; a filter changes the list."""
    fold = page.locator(".jp-NotebookPanel .jp-OutputArea-output details").first
    fold.scroll_into_view_if_needed()
    fold.locator("summary").click()
    fold.locator("p").first.wait_for(state="visible", timeout=5000)
    fold.locator("mjx-container").first.wait_for(timeout=10_000)
    fold.screenshot(path=SCREENSHOT_DIR / f"{Path(name).stem}-topic-fold.png")
    bank = page.locator(".jp-NotebookPanel .lessons-bank").first
    bank.scroll_into_view_if_needed()
    card = bank.locator(".lessons-pyq").first
    card.locator(".lessons-reveal").click()
    card.locator(".lessons-answer").wait_for(state="visible", timeout=5000)
    card.locator("img").wait_for(state="visible", timeout=10_000)
    card.locator(".lessons-answer mjx-container").first.wait_for(timeout=10_000)  # typeset
    card.screenshot(path=SCREENSHOT_DIR / f"{Path(name).stem}-bank-card.png")
    count = bank.locator(".lessons-count")
    before = count.inner_text()
    bank.locator("select").nth(1).select_option(label="any")  # marks: any
    page.wait_for_function("([el, t]) => el.textContent !== t",
                           arg=[count.element_handle(), before], timeout=5000)


def check_learn_link(page, name):
    """A "Learn it live" link in a Markdown cell opens the notebook scrolled to its section."""
    cell = page.locator(".jp-NotebookPanel .jp-MarkdownCell", has_text="Learn it live:").first
    cell.scroll_into_view_if_needed()
    link = cell.locator("a[href*='.ipynb']").first
    href = urllib.parse.urlsplit(link.get_attribute("href"))
    target, anchor = Path(urllib.parse.unquote(href.path)).name, urllib.parse.unquote(href.fragment)
    if not (NOTEBOOK_DIR / target).exists():  # a folder with only this notebook
        return
    link.click()
    try:
        page.wait_for_function("p => window.__descent.panel(p)", arg=target, timeout=30_000)
        # JupyterLab 4.6 opens a notebook at its top the first time (it sets the fragment
        # before the cells are rendered); the second click scrolls. 06 tells the student so.
        page.wait_for_timeout(1000)
        page.evaluate("path => jupyterapp.shell.activateById(window.__descent.panel(path).id)", name)
        link.click()
        page.wait_for_function(
            """([path, id]) => {
                const panel = window.__descent.panel(path);
                // JupyterLab 4 marks a heading with data-jupyter-id (older versions: id)
                const h = panel && panel.node.querySelector(
                    `[data-jupyter-id="${CSS.escape(id)}"], [id="${CSS.escape(id)}"]`);
                if (!h) return false;
                const box = h.getBoundingClientRect(), view = panel.content.node.getBoundingClientRect();
                // scrolled to: the heading sits in the top quarter of the notebook
                return box.top >= view.top - 2 && box.top < view.top + (view.bottom - view.top) / 4;
            }""", arg=[target, anchor], timeout=15_000)
    except PlaywrightTimeout:
        page.screenshot(path=SCREENSHOT_DIR / f"{Path(name).stem}-link-failed.png")
        pytest.fail(f"{name}: the link to {target}#{anchor} did not open that section", pytrace=False)
    finally:
        close_panel(page, target)  # the notebook under test keeps its kernel
    page.evaluate("path => jupyterapp.shell.activateById(window.__descent.panel(path).id)", name)


def check_mock_paper(page, name):
    """The mock paper's clock runs after Start; Finish opens every model answer."""
    paper = page.locator(".jp-NotebookPanel .lessons-mock-paper").first
    paper.scroll_into_view_if_needed()
    paper.get_by_role("button", name=re.compile("Start")).click()
    clock = paper.locator(".lessons-timer")
    page.wait_for_function("el => /left/.test(el.textContent)", arg=clock.element_handle(),
                           timeout=5000)
    shown = clock.inner_text()
    page.wait_for_function("([el, t]) => el.textContent !== t",  # it ticks
                           arg=[clock.element_handle(), shown], timeout=5000)
    paper.get_by_role("button", name="Finish and show answers").click()
    answers = paper.locator(".lessons-answer")
    answers.last.wait_for(state="visible", timeout=5000)
    assert answers.count() >= 3


def check_practice(page, name):
    """Each practice problem names the first wrong step and shows its full solution."""
    problems = page.locator(".jp-NotebookPanel .lessons-practice")
    for i in range(problems.count()):
        problem = problems.nth(i)
        problem.scroll_into_view_if_needed()
        problem.get_by_role("button", name=re.compile("Check all")).click()
        diagnosis = problem.locator(".lessons-diagnosis")
        page.wait_for_function("el => el.textContent.trim().length > 0",
                               arg=diagnosis.element_handle(), timeout=5000)
        problem.get_by_role("button", name=re.compile("full solution")).click()
        problem.locator(".lessons-answer").last.wait_for(state="visible", timeout=5000)
        problem.screenshot(path=SCREENSHOT_DIR / f"{Path(name).stem}-practice-{i + 1}.png")
    return problems.count()


# ----------------------------------------------------------------------------- the test


DASHBOARD_CALL = re.compile(r"\w*dashboard\(")  # e.g. gradient_descent_dashboard(...)


def code_of(notebook):
    """The source of all code cells (prose may mention a dashboard without showing one)."""
    cells = json.loads(notebook.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checkpoint_dirs(root):
    """All .ipynb_checkpoints folders under root (not looking inside .git, .venv, build)."""
    found = []
    for dirpath, dirnames, _ in os.walk(root):
        found += [os.path.join(dirpath, d) for d in dirnames if d == ".ipynb_checkpoints"]
        dirnames[:] = [d for d in dirnames if d not in {".git", ".venv", "build", "node_modules"}]
    return found


@pytest.mark.parametrize("notebook", NOTEBOOKS or [None], ids=lambda p: p.name if p else "none")
def test_notebook_runs_in_jupyterlab(lab, request, notebook):
    if not Path(CHROMIUM).exists():  # a failure, not a skip: the browser check must not vanish
        pytest.fail(f"{CHROMIUM} not found: install it: sudo apt-get install chromium", pytrace=False)
    assert notebook is not None, f"no notebooks found in {NOTEBOOK_DIR}"
    browser = request.getfixturevalue("browser")
    name = notebook.name
    page = browser.new_page()
    page_errors = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    try:
        open_notebook(page, lab, name)
        run_all(page, name)
        fail_if(collect_errors(page, name), f"{name}: problems after running all cells:")

        found = dashboards(page)
        if DASHBOARD_CALL.search(code_of(notebook)):
            assert found.count(), f"{name} calls a *_dashboard() but no control + ipympl canvas rendered"
        for index in range(found.count()):
            check_dashboard(page, name, found.nth(index), index)
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        if "pyq_browser(" in code_of(notebook):
            check_bank_browser(page, name)
            check_learn_link(page, name)
        if "mock_paper(" in code_of(notebook):
            check_mock_paper(page, name)
        if "practice(" in code_of(notebook):
            assert check_practice(page, name), f"{name} calls practice() but shows no problem"
        if "self_check(" in code_of(notebook):
            assert check_self_checks(page, name), f"{name} calls self_check() but shows no question"
        # e.g. an exception in a slider callback
        fail_if(collect_errors(page, name), f"{name}: problems after moving the controls:")
    finally:
        close_notebook(page, lab, name)
        page.close()
        if page_errors:  # printed (shown on failure only): JavaScript errors can explain one
            print("JavaScript errors in the page:\n" + "\n".join(page_errors))

    assert lab.api("/api/kernels") == [], "a kernel is still running after closing the notebook"
    changed = [nb.name for nb, digest in lab.notebook_hashes.items() if sha256(nb) != digest]
    assert not changed, f"notebooks modified on disk (by {name} or the test): {changed}"
    leftovers = sorted(set(checkpoint_dirs(NOTEBOOK_DIR) + checkpoint_dirs(REPO)))
    assert not leftovers, f"checkpoint folders left behind: {leftovers}"
