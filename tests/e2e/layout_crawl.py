"""Crawl the site as one signed-in user and measure each page's layout in the browser (used by test_layout.py).

What a page must not do (WCAG 2.2 1.4.10 reflow, and tables that fit their column):
- scroll sideways: the document wider than the window;
- hold a table wider than its column, unless the table sits in a wrapper that scrolls on its own;
- squeeze a column to a word a line: a cell of three or more words broken into as many lines as it has words;
- at 1280 px, be taller than MAX_HEIGHT.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

MAX_HEIGHT = 8000

# Not followed: signing out, downloads and exports, Django admin, and the one-off links of the accounts pages.
SKIP = re.compile(r"(_export=|/admin/|/logout/|/import/template|/import/example|/accounts/two-factor)")

# Runs in the page; returns what is wrong with its layout, one sentence a problem.
MEASURE = """
(desktop) => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    problems.push(`the page scrolls sideways: ${doc.scrollWidth} px wide in a ${window.innerWidth} px window`);
  }
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const name = (table) => (table.caption ? table.caption.innerText : table.id || 'a table').trim().slice(0, 60);
  // The lines a cell's text takes: the distinct line boxes of its text nodes.
  const lines = (cell) => {
    const bottoms = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) bottoms.push(r.bottom);
    }
    bottoms.sort((a, b) => a - b);
    return bottoms.filter((b, i) => i === 0 || b - bottoms[i - 1] > 4).length;
  };
  for (const table of document.querySelectorAll('main table')) {
    let wrapper = table.parentElement;
    while (wrapper && wrapper !== document.body && !scrolls(wrapper)) wrapper = wrapper.parentElement;
    if (wrapper && wrapper !== document.body) {
      if (wrapper.tabIndex < 0 || !wrapper.getAttribute('aria-label') || wrapper.getAttribute('role') !== 'region') {
        problems.push(`the scrolling wrapper of "${name(table)}" is not a labelled, focusable region`);
      }
      if (desktop && wrapper.scrollWidth > wrapper.clientWidth + 1) {
        problems.push(`"${name(table)}" is cut off: ${wrapper.scrollWidth} px wide in ${wrapper.clientWidth} px`);
      }
    } else {
      const column = table.parentElement.getBoundingClientRect();
      const box = table.getBoundingClientRect();
      if (box.width > column.width + 1 || box.right > column.right + 1) {
        problems.push(`"${name(table)}" is ${Math.round(box.width)} px wide in ${Math.round(column.width)} px`);
      }
    }
    // Squeezed: three or more words on a line each, or (data, not headers) three or more lines of under ten letters.
    for (const cell of table.querySelectorAll('td, th')) {
      const text = cell.innerText.trim();
      const words = text.split(/\\s+/).filter(Boolean);
      if (words.length < 3) continue;
      const n = lines(cell);
      const squeezed = n >= words.length || (cell.tagName === 'TD' && text.length / n < 10);
      if (n >= 3 && squeezed) {
        problems.push(`in "${name(table)}", "${words.join(' ').slice(0, 50)}" takes ${n} lines`);
        break;
      }
    }
  }
  return {problems, height: doc.scrollHeight, width: doc.scrollWidth};
}
"""

# The page's own links first, then the header's and footer's: a bounded crawl goes deeper, not only across the menu.
LINKS = """
() => [...document.querySelectorAll('main a[href]'), ...document.querySelectorAll('a[href]')]
  .filter((a) => !a.hasAttribute('download'))
  .map((a) => a.href)
"""


@dataclass
class View:
    url: str
    width: int
    height: int
    problems: list[str] = field(default_factory=list)


def pattern(url: str) -> str:
    """Pages that differ only by an id or a slug are one kind of page: /families/12/ and /families/13/,
    /pilots/barnet/ and /pilots/birmingham/."""
    path = re.sub(r"^/(pilots|councils)/[^/]+/", r"/\1/N/", urlsplit(url).path)
    return re.sub(r"/[^/]*\d[^/]*/", "/N/", path)


def crawl(page, starts: list[str], *, limit: int, per_kind: int = 2, widths=(1280, 390), check=None) -> list[View]:
    """Breadth-first from `starts` (the role's home first; signed in already): at most `limit` pages, `per_kind`
    of each kind, each measured at every width (and handed to `check`, e.g. axe, at each)."""
    origin = urlsplit(starts[0]).netloc
    queue, seen, views = deque(starts), set(starts), []
    kinds = {pattern(url): 1 for url in starts}
    while queue and len({v.url for v in views}) < limit:
        url = queue.popleft()
        page.set_viewport_size({"width": widths[0], "height": 900})
        response = page.goto(url)
        if response is None or response.status != 200 or urlsplit(page.url).netloc != origin:
            continue
        for width in widths:
            page.set_viewport_size({"width": width, "height": 900})
            measured = page.evaluate(MEASURE, width >= 1280)
            view = View(url=url, width=width, height=measured["height"], problems=measured["problems"])
            if width >= 1280 and view.height > MAX_HEIGHT:
                view.problems.append(f"the page is {view.height} px tall (at most {MAX_HEIGHT})")
            if check is not None:
                view.problems += check(page)
            views.append(view)
        for link in page.evaluate(LINKS):
            link = urldefrag(link).url
            parts = urlsplit(link)
            if parts.netloc != origin or link in seen or SKIP.search(link):
                continue
            seen.add(link)
            kind = pattern(link)
            if kinds.get(kind, 0) >= per_kind:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            queue.append(link)
    return views
