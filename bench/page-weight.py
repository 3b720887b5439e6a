#!/usr/bin/env python3
"""Bytes a phone downloads for one page of a built site: the page and the
subresources its HTML lists (stylesheets, scripts, the icon, every <img src>),
as a server sends them:

  plain     no compression (a host with none configured);
  gzip-6    compressed on the fly at gzip's usual level (mod_deflate's default);
  br-5      compressed on the fly with brotli at mod_brotli's default quality;
  .br/.gz   the copies `faro build` writes, where they exist (else the file).

Usage: page-weight.py OUTPUT_DIR BASE_PATH PAGE...   (PAGE as `informes/2024/01/`)
Prints, per page: the page alone (what a returning visitor downloads once
styles and scripts are cached), its text (page, styles, scripts, icon), its
images (which compression does not change), and all of it.
"""
import gzip
import html.parser
import os
import subprocess
import sys

TEXT = (".html", ".css", ".js", ".mjs", ".svg", ".json", ".csv", ".xml", ".txt")


class Subresources(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href") and any(
            r in (a.get("rel") or "").split() for r in ("stylesheet", "icon")
        ):
            self.found.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.found.append(a["src"])
        elif tag == "img" and a.get("src"):
            self.found.append(a["src"])


def local(out, base, url):
    path = url.split("?")[0].split("#")[0]
    if path.startswith(base):
        path = path[len(base):]
    if path == "" or path.endswith("/"):
        path += "index.html"
    return os.path.join(out, path)


def sizes(path):
    data = open(path, "rb").read()
    plain = len(data)
    if not path.endswith(TEXT):
        return plain, plain, plain, plain, plain
    gz6 = len(gzip.compress(data, compresslevel=6, mtime=0))
    br5 = len(subprocess.run(["brotli", "-c", "-q", "5"], input=data, capture_output=True, check=True).stdout)
    pre_br = os.path.getsize(path + ".br") if os.path.exists(path + ".br") else plain
    pre_gz = os.path.getsize(path + ".gz") if os.path.exists(path + ".gz") else plain
    return plain, gz6, br5, pre_br, pre_gz


def main():
    out, base, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
    print(f"{'page':28} {'part':7} {'files':>5} {'plain':>9} {'gzip-6':>9} {'br-5':>9} {'.br':>9} {'.gz':>9}")
    for page in pages:
        html_path = local(out, base, base + page)
        parser = Subresources()
        parser.feed(open(html_path, encoding="utf-8").read())
        files = [html_path] + [local(out, base, u) for u in dict.fromkeys(parser.found)]
        page_only = list(sizes(html_path))
        parts = {"text": [0] * 5, "images": [0] * 5}
        counts = {"text": 0, "images": 0}
        for f in files:
            part = "text" if f.endswith(TEXT) else "images"
            counts[part] += 1
            for i, n in enumerate(sizes(f)):
                parts[part][i] += n
        total = [parts["text"][i] + parts["images"][i] for i in range(5)]
        for part, row, n in (("page", page_only, 1), ("text", parts["text"], counts["text"]), ("images", parts["images"], counts["images"]),
                             ("all", total, counts["text"] + counts["images"])):
            print(f"{'/' + page:28} {part:7} {n:>5} " + " ".join(f"{v:>9,}" for v in row))


main()
