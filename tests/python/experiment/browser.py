"""Opening a report in Debian's headless Chromium: did the page load
without errors, and did every figure render?

The report gets a probe added (a copy; the report itself has no script):
an error handler first in <head>, and on load a result element that
records each <img>'s naturalWidth, the errors seen, and any resource the
page fetched from outside itself. Chromium prints the DOM after load
(--dump-dom), and its console messages on stderr.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile

HEAD_PROBE = """<script>
window.__errors = [];
window.addEventListener('error', function (e) {
  window.__errors.push(String(e.message || (e.target && (e.target.src || e.target.href)) || e));
}, true);
</script>"""

LOAD_PROBE = """<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var res = performance.getEntriesByType('resource').map(function (r) { return r.name; })
    .filter(function (n) { return n.indexOf('data:') !== 0; });
  var out = document.createElement('pre');
  out.id = 'mxa-probe';
  out.textContent = JSON.stringify({
    images: imgs.map(function (i) { return {alt: i.alt, complete: i.complete,
                                            width: i.naturalWidth}; }),
    errors: window.__errors, external: res});
  document.body.appendChild(out);
});
</script>"""


def chromium():
    for name in ("chromium", "chromium-browser"):
        p = shutil.which(name)
        if p:
            return p
    return None


def probe(html_path, timeout=120):
    """Returns (probe dict, console error lines) of the page in Chromium."""
    with open(html_path) as f:
        text = f.read()
    text = text.replace("<head>", "<head>" + HEAD_PROBE, 1)
    text = text.replace("</body>", LOAD_PROBE + "</body>", 1)
    with tempfile.TemporaryDirectory() as d:
        page = os.path.join(d, "probe.html")
        with open(page, "w") as f:
            f.write(text)
        cmd = [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu",
               "--no-first-run", "--disable-extensions", f"--user-data-dir={d}/profile",
               "--enable-logging=stderr", "--v=0", "--virtual-time-budget=20000",
               "--dump-dom", "file://" + page]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    m = re.search(r'<pre id="mxa-probe">(.*?)</pre>', r.stdout, re.S)
    if not m:
        raise AssertionError(f"no probe result in the DOM (exit {r.returncode}):\n"
                             f"{r.stderr[-3000:]}")
    import html as h
    result = json.loads(h.unescape(m.group(1)))
    console = [ln for ln in r.stderr.splitlines()
               if "CONSOLE" in ln and ("rror" in ln or "Uncaught" in ln)
               or "Not allowed to load" in ln or "ERR_FILE_NOT_FOUND" in ln]
    return result, console
