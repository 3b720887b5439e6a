#!/usr/bin/env python3
"""What the search page downloads, measured in headless Chromium.

  search-weight.py SITE_DIR [CHROMEDRIVER] [CHROMIUM]

Serves SITE_DIR (a site built with base URL http://127.0.0.1:8765/portal/)
under /portal/ from this process, opens /portal/buscar/?q=pasaportes in a
fresh browser (empty cache) driven by chromedriver (W3C WebDriver over HTTP,
standard library only), waits for the results, and sums the bytes the server
sent for every request. The server counts, not DevTools' network log: Pagefind
fetches its index from a web worker, whose requests the page's log does not
show. No compression (an upper bound; the index files are gzipped already).
Then runs two more queries from the form, as a reader would, and prints what
each added. Exits 1 when the first query weighs more than 300 KB.
"""
import functools
import http.server
import json
import os
import socket
import threading
import subprocess
import sys
import time
import urllib.request

BUDGET = 300 * 1024
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         "--disable-sync", "--disable-extensions", "--disable-default-apps"]


PORT = 8765
SENT = []  # (path, bytes) per request, in order
LOCK = threading.Lock()


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = path.split("?", 1)[0]
        if not path.startswith("/portal/"):
            return "/nonexistent"
        return super().translate_path(path[len("/portal"):])

    def send_head(self):
        f = super().send_head()
        # Headers as sent, plus the body below.
        self.row = [self.path, sum(len(h) for h in getattr(self, "_headers_buffer", []))]
        with LOCK:
            SENT.append(self.row)
        return f

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        with LOCK:
            self.row[1] += len(data)


def serve(site_dir):
    handler = functools.partial(Handler, directory=site_dir)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def take():
    with LOCK:
        rows = [tuple(r) for r in SENT]
        SENT.clear()
    return sorted(rows, key=lambda x: -x[1])


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Session:
    def __init__(self, driver_url, chromium):
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": FLAGS + ["--window-size=390,844"]},
        }}}
        self.base = driver_url
        self.id = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.load(r)["value"]

    def cmd(self, method, path, body=None):
        return self.call(method, f"/session/{self.id}{path}", body)

    def run(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def wait_results(self):
        for _ in range(400):
            text = self.run("const s = document.getElementById('search-page-status');"
                            "return s ? s.textContent : '';")
            if text and text != "Buscando…":
                # Let the last fragments land.
                time.sleep(0.5)
                return text
            time.sleep(0.05)
        raise SystemExit("no results after 20 s")


def report(title, rows):
    total = sum(v for _, v in rows)
    print(f"{title}: {total / 1024:.1f} KB in {len(rows)} requests")
    for url, v in rows:
        print(f"  {v / 1024:7.1f} KB  {url}")
    return total


def main():
    site_dir = os.path.abspath(sys.argv[1])
    base = f"http://127.0.0.1:{PORT}/portal/"
    server = serve(site_dir)
    driver_bin = sys.argv[2] if len(sys.argv) > 2 else "chromedriver"
    chromium = sys.argv[3] if len(sys.argv) > 3 else "chromium"
    chromium = subprocess.run(["sh", "-c", f"command -v {chromium}"], capture_output=True,
                              text=True).stdout.strip() or chromium
    port = free_port()
    driver = subprocess.Popen([driver_bin, f"--port={port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/status", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        s = Session(url, chromium)
        try:
            s.cmd("POST", "/url", {"url": base + "buscar/?q=pasaportes"})
            print("status:", s.wait_results())
            first = report("page + first query «pasaportes»", take())
            for q in ["fronterizos", "capacitacion"]:
                s.run("const i = document.getElementById('search-page-q'); i.value = arguments[0];"
                      "i.form.requestSubmit();", q)
                print("status:", s.wait_results())
                report(f"next query «{q}» adds", take())
        finally:
            s.cmd("DELETE", "")
    finally:
        driver.terminate()
        server.shutdown()
    verdict = "within" if first <= BUDGET else "OVER"
    print(f"first query: {first / 1024:.1f} KB, {verdict} the 300 KB budget")
    sys.exit(0 if first <= BUDGET else 1)


if __name__ == "__main__":
    main()
