#!/usr/bin/env python3
"""What the search page downloads, measured in headless Chromium.

  search-weight.py BASE_URL [CHROMEDRIVER] [CHROMIUM]

Opens BASE_URL + "buscar/?q=migracion" in a fresh browser (empty cache)
driven by chromedriver (W3C WebDriver over HTTP, standard library only),
waits for the results, and sums the bytes on the wire of every request
from DevTools' network log (Network.loadingFinished's encodedDataLength:
headers and body as transferred). Then runs two more queries from the
form, as a reader would, and prints what each added. Used by
search-weight.sh; exits 1 when the first query weighs more than 300 KB.
"""
import json
import socket
import subprocess
import sys
import time
import urllib.request

BUDGET = 300 * 1024
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         "--disable-sync", "--disable-extensions", "--disable-default-apps"]


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
            "goog:loggingPrefs": {"performance": "ALL"},
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

    def network(self):
        """Bytes per URL since the last call, from the DevTools log."""
        urls, sizes = {}, {}
        for entry in self.cmd("POST", "/se/log", {"type": "performance"}):
            msg = json.loads(entry["message"])["message"]
            p = msg.get("params", {})
            if msg["method"] == "Network.responseReceived":
                urls[p["requestId"]] = p["response"]["url"]
            elif msg["method"] == "Network.loadingFinished":
                sizes[p["requestId"]] = p["encodedDataLength"]
        return sorted(((urls.get(k, "?"), v) for k, v in sizes.items()), key=lambda x: -x[1])

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


def report(title, rows, base):
    total = sum(v for _, v in rows)
    print(f"{title}: {total / 1024:.1f} KB in {len(rows)} requests")
    for url, v in rows:
        print(f"  {v / 1024:7.1f} KB  {url.replace(base, '/')}")
    return total


def main():
    base = sys.argv[1]
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
            s.cmd("POST", "/url", {"url": base + "buscar/?q=migracion"})
            print("status:", s.wait_results())
            first = report("page + first query «migracion»", s.network(), base)
            for q in ["pasaportes", "evacuacion"]:
                s.run("const i = document.getElementById('search-page-q'); i.value = arguments[0];"
                      "i.form.requestSubmit();", q)
                print("status:", s.wait_results())
                report(f"second query «{q}» adds", s.network(), base)
        finally:
            s.cmd("DELETE", "")
    finally:
        driver.terminate()
    verdict = "within" if first <= BUDGET else "OVER"
    print(f"first query: {first / 1024:.1f} KB, {verdict} the 300 KB budget")
    sys.exit(0 if first <= BUDGET else 1)


if __name__ == "__main__":
    main()
