"""Web pages made for the tests: a real article (from ../shared/news) inside the furniture
news sites wrap around it, in several site styles, with the date in different places."""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

NEWS = Path(__file__).resolve().parents[3] / "shared" / "news" / "wikinews-2019-2020.jsonl"

# Text that must never reach a document: each is a whole phrase, not a common word.
COOKIE = "We use cookies to personalise content and ads and to analyse our traffic"
NEWSLETTER = "Sign up for the Morning Briefing newsletter"
RELATED = ["Markets slide as investors weigh slowdown fears", "Ten photos that defined the week", "Opinion: why the budget row matters"]
COMMENT = "First! This is the best reporting I have read all year, keep it up"
FOOTER = "All rights reserved. Reproduction without permission is prohibited"
MENU = ["Home", "World", "Business", "Technology", "Sport", "Culture", "Weather"]
SCRIPT = "window.dataLayer.push({event: 'pageview', section: 'world'})"
AD = "Advertisement: Refinance your mortgage today with rates from 2.1 percent"
FURNITURE = [COOKIE, NEWSLETTER, *RELATED, COMMENT, FOOTER, SCRIPT, AD, "dataLayer"]


@dataclass
class Article:
    id: str
    date: str
    title: str
    url: str
    text: str

    @property
    def paragraphs(self) -> list[str]:
        """Paragraphs of the body; the dateline ("Friday, January 4, 2019") goes in the byline."""
        found = [" ".join(p.split()) for p in self.text.split("\n\n") if p.strip()]
        return found[1:] if found and re.fullmatch(r"\w+day, \w+ \d+, \d{4}", found[0]) else found

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", p) if len(s) > 30]


def news_articles(count: int, seed: int = 16, max_words: int = 1500) -> list[Article]:
    """A seeded random sample of real articles (skips the test when the feed is not here)."""
    if not NEWS.exists():
        pytest.skip(f"the real news feed is not here ({NEWS})")
    rows = [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if len(r["text"].split()) <= max_words]
    return [Article(**r) for r in random.Random(seed).sample(rows, count)]


def _menu() -> str:
    items = "".join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in MENU)
    return f'<nav class="main-nav" role="navigation"><ul>{items}</ul><form action="/search"><input name="q" placeholder="Search"></form></nav>'


def _related() -> str:
    items = "".join(f'<li><a href="/story/{i}">{html.escape(t)}</a></li>' for i, t in enumerate(RELATED))
    return f'<aside class="related-articles"><h3>Related</h3><ul>{items}</ul></aside>'


def _comments() -> str:
    return (
        '<section id="comments" class="comments"><h3>12 comments</h3>'
        f'<div class="comment"><span class="author">reader42</span><p>{COMMENT}</p></div></section>'
    )


def _body(article: Article) -> str:
    paragraphs = [f"<p>{html.escape(p)}</p>" for p in article.paragraphs]
    middle = len(paragraphs) // 2
    ad = f'<div class="ad-slot" data-ad="mpu"><span>{AD}</span></div>'
    return "\n".join(paragraphs[:middle] + [ad] + paragraphs[middle:])


def page(article: Article, style: str = "meta", *, canonical: str | None = None, charset: str = "utf-8") -> str:
    """The article as a whole page; `style` says where the page keeps its date:
    meta (article:published_time), time (<time datetime>), jsonld (NewsArticle JSON-LD only),
    byline ("Published 4 January 2019, 09:30" in the text), url (only in the canonical URL),
    or none."""
    day = article.date
    y, m, d = (int(x) for x in day.split("-"))
    month = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"][m - 1]
    canonical = canonical or f"https://news.example.org/world/{article.id.lower()[:40]}"
    if style == "url":
        canonical = f"https://news.example.org/{y}/{m:02d}/{d:02d}/{article.id.lower()[:40]}"
    head = [f'<meta charset="{charset}">', f"<title>{html.escape(article.title)} | The Planet</title>",
            f'<link rel="canonical" href="{canonical}">', '<meta name="viewport" content="width=device-width">',
            f'<meta property="og:title" content="{html.escape(article.title)}">',
            f"<script>{SCRIPT}</script>", "<style>.ad-slot{min-height:250px}</style>"]
    byline = '<div class="byline">By Jane Reporter</div>'
    if style == "meta":
        head.append(f'<meta property="article:published_time" content="{day}T09:30:00+00:00">')
        head.append('<meta property="article:modified_time" content="2021-03-02T10:00:00+00:00">')
    elif style == "time":
        byline = f'<div class="byline">By Jane Reporter <time datetime="{day}T09:30:00Z">{d} {month} {y}</time></div>'
    elif style == "jsonld":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
              "datePublished": f"{day}T09:30:00Z", "dateModified": "2021-03-02T10:00:00Z", "author": {"@type": "Person", "name": "Jane Reporter"}}
        head.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    elif style == "byline":
        byline = f'<p class="byline">By Jane Reporter | Published {d} {month} {y}, 09:30</p>'
    elif style not in ("url", "none"):
        raise ValueError(style)
    return f"""<!DOCTYPE html>
<html lang="en"><head>{"".join(head)}</head>
<body>
<div id="cookie-banner" class="cookie-consent" role="dialog"><p>{COOKIE}.</p><button>Accept all</button><button>Manage</button></div>
<header class="site-header"><a class="logo" href="/">The Planet</a>{_menu()}</header>
<div class="newsletter-promo"><p>{NEWSLETTER}</p><input type="email"><button>Subscribe</button></div>
<main>
<article class="story">
<h1 class="headline">{html.escape(article.title)}</h1>
{byline}
<div class="story-body">
{_body(article)}
</div>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
</article>
{_related()}
{_comments()}
</main>
<footer><p>© 2024 The Planet. {FOOTER}.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
<script>(function(){{var s=document.createElement('script');s.src='https://ads.example.net/tag.js';document.body.appendChild(s)}})();</script>
</body></html>
"""
