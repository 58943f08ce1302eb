#!/usr/bin/env python3
"""The reliability issue's hostile inputs at their full sizes, each run alone.

    scripts/adversarial-sizes.py BIN [CASE ...]

Generates every case into a scratch folder, runs the release binary on it
with a time limit, and prints one row per case: exit code, wall seconds,
peak memory (max RSS, from wait4) and the ratio of peak memory to the page.
The cargo test `tests/adversarial` runs the same kinds of input at n and 4n
on every CI run; this script gives the figures at the sizes the issue names
(hundreds of MB of pages: not for CI).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

LIMIT = 60  # seconds per case; anything near it is a failure anyway

HEAD = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        '<body><article><h1>A headline</h1><p class="byline">By Jane Doe</p>\n')
TAIL = '\n</article></body></html>\n'


def page(d, body, name="page.html", head=HEAD, encoding="utf-8"):
    with open(os.path.join(d, name), "wb") as f:
        f.write((head + body + TAIL).encode(encoding))
    return ["check", name]


def blob(n):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(alphabet[(i * 7 + i // 62) % 62] for i in range(n))


def prose(i):
    return (f"<p>Paragraph {i} tells how the crew of the station checked the "
            f"hatch seals, logged the readings and went on with the day's work.</p>\n")


def big_page(d, size, encoding="utf-8", head=HEAD):
    parts, total, i = [], 0, 0
    while total < size:
        p = prose(i)
        parts.append(p)
        total += len(p)
        i += 1
    return page(d, "".join(parts), encoding=encoding, head=head)


def glossary(d, n):
    with open(os.path.join(d, "g.toml"), "w") as f:
        f.write('description = "generated"\n')
        for i in range(n):
            f.write(f'[[term]]\nterm = "Zorblat{blob(6 + i % 5)}{i}"\n')
    return page(d, "<p>The Zorblatqx crew waved at the camera before the launch.</p>") + [
        "--glossary", "g.toml"]


def glossary_long_term(d, n):
    with open(os.path.join(d, "g.toml"), "w") as f:
        f.write(f'[[term]]\nterm = "{blob(n)}"\n')
    return page(d, f"<p>{blob(n - 1)} was pasted here by mistake.</p>") + ["--glossary", "g.toml"]


def fixes(d, n):
    body = "<p>" + "a,, b\n" * n + "</p>\n"
    return page(d, body) + ["--diff"]


CASES = {
    "word-300k": lambda d: page(d, f"<p>{blob(300_000)}</p>"),
    "word-100k": lambda d: page(d, f"<p>{blob(100_000)}</p>"),
    "divs-100k": lambda d: page(d, "<div/>" * 100_000 + "<p>text</p>"),
    "divs-200k": lambda d: page(d, "<div/>" * 200_000 + "<p>text</p>"),
    "bogus-comments-50k": lambda d: page(d, "".join(f"<!-- c{i} --!><p>p{i}</p>" for i in range(50_000))),
    "bogus-comments-10MB": lambda d: page(d, "<!-- x --!>" * (10_000_000 // 11)),
    "disable-next-50k": lambda d: page(d, "".join(
        f"<!-- copydesk-disable-next repeated-word --><p>the the {i}</p>\n" for i in range(50_000))),
    "diff-100k-fixes": lambda d: fixes(d, 100_000),
    "sentences-8k": lambda d: page(d, "<p>" + "The crew waved and the hatch closed on time today. " * 8_000 + "</p>"),
    "sentences-40k": lambda d: page(d, "<p>" + "The crew waved and the hatch closed on time today. " * 40_000 + "</p>"),
    "glossary-50k": lambda d: glossary(d, 50_000),
    "glossary-200k": lambda d: glossary(d, 200_000),
    "glossary-term-100k": lambda d: glossary_long_term(d, 100_000),
    "page-50MB": lambda d: big_page(d, 50_000_000) + ["--max-file-size", "100M"],
    "page-200MB": lambda d: big_page(d, 200_000_000),
    "paragraphs-1M": lambda d: page(d, "<p>x</p>" * 1_000_000),
    "misspelt-name-40k": lambda d: page(d, "<article><h1>Crew</h1><p>" + (
        "<b>Ovchinin</b> and <b>Ovchinin</b> met <b>Ovchinnin</b>. " * 13_333) +
        "</p><p>Ovchinin wrote about the launch of the rocket and the crew of the station.</p></article>"),
    "author-links-40k": lambda d: page(d, "<article><h1>T</h1><p>The crew wrote about the launch.</p>" + "".join(
        f'<a rel="author" href="/author/{i}">Jane K{i:x}son</a> ' for i in range(40_000)) + "</article>"),
    "baseline-one-paragraph-40k": lambda d: page(d, "<article><h1>T</h1><p>" + "It was the the launch. " * 40_000 +
        "</p></article>") + ["--write-baseline", "baseline.json"],
    "json-ld-credits-20k": lambda d: page(d, '<script type="application/ld+json">{"@type":"NewsArticle","image":[' +
        ",".join('{"@type":"ImageObject","url":"https://x.org/a/%d.jpg","creditText":"Photo %d"}' % (i, i) for i in range(20_000)) +
        "]}</script><article><h1>T</h1>" + "".join(
        f'<figure><img src="/a/{i}.jpg" width="800" alt="x"><figcaption>Cap {i}</figcaption></figure>' for i in range(20_000)) +
        "</article>"),
    "custom-elements-80k": lambda d: page(d, "<article><h1>T</h1>" + "".join(
        f"<x{i}>word {i}</x{i}>" for i in range(80_000)) + "</article>"),
    "page-50MB-1252": lambda d: big_page(
        d, 50_000_000, encoding="cp1252",
        head=HEAD.replace('charset="utf-8"', 'charset="windows-1252"')) + ["--max-file-size", "100M"],
    "fifo": lambda d: (os.mkfifo(os.path.join(d, "p.html")), ["check", "p.html"])[1],
    "dev-zero": lambda d: ["check", "/dev/zero"],
    "symlink-loop-glob": lambda d: (os.makedirs(os.path.join(d, "a")),
                                    os.symlink("..", os.path.join(d, "a", "up")),
                                    page(d, "<p>x</p>", name="a/p.html"),
                                    ["check", "a/**/*.html"])[-1],
    "jobs-100000": lambda d: page(d, "<p>x</p>") + ["-j", "100000"],
}


def run(binary, name):
    d = tempfile.mkdtemp(prefix=f"copydesk-adv-{name}-")
    try:
        args = CASES[name](d)
        size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(d) for f in fs
                   if os.path.isfile(os.path.join(r, f)) and not os.path.islink(os.path.join(r, f)))
        start = time.monotonic()
        # GNU time reports the peak of copydesk alone: a process forked from
        # this one would inherit this script's own peak (the pages it built).
        proc = subprocess.Popen(["/usr/bin/time", "-f", "peak-kib=%M", binary] + args, cwd=d,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        code = None
        while code is None:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - start > LIMIT:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                code = "timeout"
                break
            time.sleep(0.01)
        wall = time.monotonic() - start
        err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
        peak = [int(line.split("=")[1]) for line in err if line.startswith("peak-kib=")]
        err = [line for line in err if not line.startswith("peak-kib=")
               and not line.startswith("Command exited")]
        peak_kib = peak[-1] if peak else usage.ru_maxrss
        rss_mb = peak_kib / 1024
        ratio = (peak_kib * 1024 / size) if size > 1_000_000 else float("nan")
        last = err[-1][:90] if err else ""
        print(f"{name:22} exit={code!s:8} wall={wall:7.2f}s peak={rss_mb:8.1f}MB "
              f"input={size / 1e6:8.2f}MB peak/input={ratio:5.1f}  {last}", flush=True)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    binary = os.path.abspath(sys.argv[1])
    names = sys.argv[2:] or list(CASES)
    for name in names:
        run(binary, name)


if __name__ == "__main__":
    main()
