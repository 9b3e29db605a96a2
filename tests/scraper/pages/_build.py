"""Builds the fixture pages (our own words, fictional places and people) and index.json.

Run once after editing: .venv/bin/python tests/scraper/pages/_build.py
Each page imitates a local-news or press-release template: menus, ads, cookie banners, share
bars, related links, comment sections, statistics tables. index.json lists what the extracted
text must and must not contain, and the metadata we expect.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent

NAV = """<header class="site-header"><nav class="main-menu"><ul>
<li><a href="/">Home</a></li><li><a href="/news">Local News</a></li><li><a href="/sports">Sports Scores</a></li>
<li><a href="/weather">Weather Radar</a></li><li><a href="/obits">Obituaries</a></li><li><a href="/subscribe">Subscribe Today</a></li>
</ul></nav></header>"""
COOKIE = """<div id="cookie-consent" class="cookie-banner"><p>We use cookies to improve your experience on our
website. By continuing to browse you accept our cookie policy and the use of tracking technologies.</p>
<button>Accept all cookies</button></div>"""
AD = """<div class="ad-slot advertisement"><span>ADVERTISEMENT</span><p>Refinance your home loan today with
rates as low as you can imagine at Lakeside Mortgage Partners.</p></div>"""
SHARE = """<div class="share-bar social-share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
<a href="#">Email this story</a></div>"""
NEWSLETTER = """<aside class="newsletter-signup"><h3>Get the morning briefing</h3><p>Sign up for our free
newsletter and get the day's top local headlines in your inbox every weekday morning.</p></aside>"""
RELATED = """<section class="related-stories"><h3>Related stories</h3><ul>
<li><a href="/news/school-board-race">School board race heats up over bus routes</a></li>
<li><a href="/news/bridge-repairs">Bridge repairs will close two lanes through spring</a></li>
<li><a href="/news/festival-returns">Summer waterfront festival returns with fireworks</a></li></ul></section>"""
COMMENTS = """<section id="comments" class="comments-area"><h3>12 comments</h3>
<div class="comment"><p class="comment-author">riverrat77</p><p>This city has never been safer, the
numbers are all cooked anyway and nobody believes the chief.</p></div>
<div class="comment"><p class="comment-author">JaneQ</p><p>My car was broken into twice on Elm Street
last month and nobody even called me back.</p></div></section>"""
FOOTER = """<footer class="site-footer"><p>Copyright 2026 Riverside Media Group. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy Policy</a></li><li><a href="/terms">Terms of Use</a></li>
<li><a href="/docs/annual-budget-2026.pdf">City budget book (PDF)</a></li></ul></footer>"""
GOV_NAV = """<div id="skip"><a href="#content">Skip to main content</a></div>
<header><nav class="gov-nav"><ul><li><a href="/residents">Residents</a></li><li><a href="/business">Doing Business</a></li>
<li><a href="/departments">Departments</a></li><li><a href="/pay">Pay a Parking Ticket</a></li></ul></nav>
<div class="alert-banner"><p>City offices will be closed Monday for the holiday.</p></div></header>"""
BREADCRUMB = """<nav class="breadcrumb" aria-label="breadcrumb"><a href="/">Home</a> &rsaquo;
<a href="/police">Police Department</a> &rsaquo; <a href="/police/news">News Flash</a></nav>"""
GOV_SIDEBAR = """<aside class="sidebar"><h3>Other News in Police Department</h3><ul>
<li><a href="/police/news/12">Coffee with a Cop returns to the east library branch</a></li>
<li><a href="/police/news/11">Winter parking ban takes effect on snow emergency routes</a></li>
<li><a href="/police/news/10">Police department seeks applicants for citizen academy</a></li></ul></aside>"""
GOV_FOOTER = """<footer><p>City Hall, 100 Main Street. Phone 555-0100. Hours 8 a.m. to 5 p.m.</p>
<p><a href="/accessibility">Accessibility</a> | <a href="/foia">Public Records Requests</a> |
<a href="/files/employee-handbook.pdf">Employee handbook (PDF)</a></p></footer>"""

MUST_NOT_NEWS = ["We use cookies", "ADVERTISEMENT", "Lakeside Mortgage", "Share on Facebook",
                 "morning briefing", "School board race heats up", "numbers are all cooked",
                 "broken into twice on Elm Street", "All rights reserved", "Weather Radar"]
MUST_NOT_GOV = ["Skip to main content", "Pay a Parking Ticket", "closed Monday for the holiday",
                "Coffee with a Cop", "Winter parking ban", "Public Records Requests",
                "Employee handbook"]


def news_page(slug: str, title: str, date: str, author: str, paras: list[str], *,
              table: str = "", variant: int = 0) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    meta = (f'<meta property="article:published_time" content="{date}T09:30:00-05:00">'
            f'<meta name="author" content="{author}">')
    canon = f'<link rel="canonical" href="https://news.example.test/{slug}">'
    byline = f'<div class="byline">By <span class="author">{author}</span> <time datetime="{date}">{date}</time></div>'
    if variant == 0:  # WordPress-like
        inner = (f'<article class="post"><h1 class="entry-title">{title}</h1>{byline}{SHARE}'
                 f'<div class="entry-content">{body}{table}</div></article>{RELATED}{COMMENTS}')
    elif variant == 1:  # TV station with ads between paragraphs
        half = len(paras) // 2
        first = "\n".join(f"<p>{p}</p>" for p in paras[:half])
        second = "\n".join(f"<p>{p}</p>" for p in paras[half:])
        inner = (f'<main><div class="video-player">Watch: live newscast at 6</div><h1>{title}</h1>{byline}'
                 f'<div class="article-body">{first}{AD}{second}{table}</div>'
                 f'<div class="trending"><h3>Trending now</h3><ul><li><a href="/t/1">Viral dog rescue at the dam</a></li>'
                 f'</ul></div></main>{NEWSLETTER}')
    else:  # newspaper with paywall nudge and author bio
        inner = (f'<div id="content"><h1 class="headline">{title}</h1>{byline}'
                 f'<div class="story-body">{body}{table}</div>'
                 f'<div class="paywall-prompt promo"><p>You have 3 free articles left this month. Subscribe for 99 cents.</p></div>'
                 f'<div class="author-bio"><p>{author} covers public safety. Reach her at tips@news.example.test.</p></div>'
                 f'{RELATED}</div>')
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Riverside Ledger</title>'
            f'{meta}{canon}</head><body>{COOKIE}{NAV}{inner}{FOOTER}</body></html>')


def gov_page(slug: str, title: str, date: str, paras: list[str], *, table: str = "",
             pdf: str | None = None, kind: str = "police") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    pdf_html = f'<p><a href="/files/{pdf}">Download the full report (PDF)</a></p>' if pdf else ""
    contact = ('<div class="contact-block"><p>Media contact: Public Information Office, 555-0142</p></div>'
               if kind == "police" else
               '<div class="contact-block"><p>Press contact: Office of the Mayor, press@city.example.test</p></div>')
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="date" content="{date}"><link rel="canonical" href="https://city.example.test/{slug}"></head>'
            f'<body>{GOV_NAV}{BREADCRUMB}<div id="content" class="news-flash"><h1>{title}</h1>'
            f'<p class="posted">Posted on: {date}</p><div class="fr-view">{body}{table}{pdf_html}</div>{contact}</div>'
            f'{GOV_SIDEBAR}{GOV_FOOTER}</body></html>')


def stats_table(rows: list[tuple[str, str, str]], caption: str) -> str:
    head = "<tr><th>Offense</th><th>2025</th><th>2026</th></tr>"
    trs = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    return f'<table class="stats"><caption>{caption}</caption>{head}{trs}</table>'


PAGES: list[dict] = []


def add(name: str, html: str, must: list[str], must_not: list[str], **meta: object) -> None:
    (HERE / f"{name}.html").write_text(html, encoding="utf-8")
    PAGES.append({"file": f"{name}.html", "with": must, "without": must_not, **meta})


def build() -> None:
    N = MUST_NOT_NEWS
    G = MUST_NOT_GOV
    add("news-homicides-down", news_page(
        "homicides-down", "Homicides fall by a third in Riverside", "2026-03-04", "Dana Whitfield", [
            "Riverside recorded 14 homicides in the first two months of the year, down from 21 over the same stretch last year, according to figures the police department released Tuesday.",
            "That is a drop of a third, the steepest early-year decline the department has reported since it began publishing monthly counts in 2011.",
            "Chief Marisol Okafor credited a violence interruption program on the north side, though she cautioned that two months is a short window.",
            "Community groups said they would keep pressing for more streetlights along Canal Avenue, where three of this year's killings happened."]),
        ["14 homicides in the first two months", "drop of a third", "streetlights along Canal Avenue"], N,
        title="Homicides fall by a third in Riverside", date="2026-03-04", author="Dana Whitfield")
    add("news-carjackings-up", news_page(
        "carjackings-up", "Carjackings climb as thefts of older cars spread", "2026-02-17", "Tomas Reyes", [
            "Carjackings in Millbrook rose 27 percent last year, to 61 from 48, even as overall vehicle thefts leveled off.",
            "Detectives say most of the vehicles taken at gunpoint were later found abandoned within a mile, often with the fuel tank empty.",
            "The sheriff's office plans to add two investigators to its auto theft unit in the spring budget.",
            "Residents can register for a free steering wheel lock at any fire station through the end of March."], variant=1),
        ["rose 27 percent last year, to 61 from 48", "free steering wheel lock"],
        N + ["Viral dog rescue", "Watch: live newscast"], title="Carjackings climb as thefts of older cars spread",
        date="2026-02-17", author="Tomas Reyes")
    add("news-burglary-record", news_page(
        "burglary-record", "Burglaries reach lowest level since 2006", "2026-01-09", "Priya Natarajan", [
            "Residential burglaries in Oak Harbor fell to 212 last year, the fewest since 2006, police data show.",
            "Commercial burglaries told a different story, rising to 97 from 80 as several strip malls on Route 9 were hit repeatedly.",
            "Police Captain Lee Brandt said camera registries helped detectives close more cases than in any year he can recall.",
            "The city council will hear a proposal next month to expand the registry to small businesses."], variant=2),
        ["fell to 212 last year, the fewest since 2006", "rising to 97 from 80", "expand the registry"],
        N + ["free articles left this month", "covers public safety"], title="Burglaries reach lowest level since 2006",
        date="2026-01-09", author="Priya Natarajan")
    add("news-shootings-table", news_page(
        "shootings-table", "Shootings down, robberies up in year-end numbers", "2026-01-15", "Marcus Bell", [
            "Year-end numbers released by the Eastport Police Department show shootings fell for a second straight year while robberies rose.",
            "Nonfatal shootings dropped to 88 from 104, a decline of about 15 percent.",
            "Robberies increased 9 percent, driven largely by phone snatchings near the transit center.",
            "The full table below lists the department's counts for the major offense categories."],
            table=stats_table([("Nonfatal shootings", "104", "88"), ("Robbery", "310", "338"),
                               ("Aggravated assault", "512", "498")], "Eastport major offenses")),
        ["dropped to 88 from 104", "Robberies increased 9 percent", "Aggravated assault", "498"], N,
        title="Shootings down, robberies up in year-end numbers", date="2026-01-15", author="Marcus Bell")
    add("news-overdoses", news_page(
        "overdoses", "Overdose deaths ease for the first time in five years", "2025-12-02", "Hannah Cole", [
            "Fatal overdoses in Harlow County fell to 143 through October, compared with 171 at this time last year, the medical examiner reported.",
            "Health officials attributed part of the decline to naloxone boxes installed at 40 bus shelters and libraries.",
            "Nonfatal overdose calls to paramedics were roughly flat, which officials said shows the crisis is far from over.",
            "A county task force will present a new treatment plan to commissioners in January."], variant=1),
        ["fell to 143 through October, compared with 171", "naloxone boxes installed at 40 bus shelters"], N,
        title="Overdose deaths ease for the first time in five years", date="2025-12-02", author="Hannah Cole")
    add("news-retail-theft", news_page(
        "retail-theft", "Store owners say shoplifting numbers miss the picture", "2026-04-22", "Gabe Lindqvist", [
            "Reported retail thefts in downtown Fairview rose to 1,240 last year from 1,015, an increase of 22 percent, according to police.",
            "Several shop owners told the Ledger they stopped reporting small thefts years ago because officers rarely responded.",
            "The downtown business association is paying for two private security patrols through the summer.",
            "Police said they have assigned a sergeant to meet with merchants every other Thursday."], variant=2),
        ["rose to 1,240 last year from 1,015", "two private security patrols"], N,
        title="Store owners say shoplifting numbers miss the picture", date="2026-04-22", author="Gabe Lindqvist")
    add("news-traffic-deaths", news_page(
        "traffic-deaths", "Traffic deaths hit a decade high on city streets", "2026-01-28", "Rosa Delgado", [
            "Forty-two people died in crashes on Brookhaven streets last year, the most in a decade, according to the transportation department.",
            "Pedestrians accounted for 19 of the deaths, and more than half happened after dark on multi-lane roads.",
            "The mayor has promised to lower speed limits on six corridors and add raised crosswalks near schools.",
            "Advocates will hold a memorial ride for crash victims on the first Sunday of May."]),
        ["Forty-two people died in crashes", "Pedestrians accounted for 19 of the deaths"], N,
        title="Traffic deaths hit a decade high on city streets", date="2026-01-28", author="Rosa Delgado")
    add("news-violent-crime-rate", news_page(
        "violent-crime-rate", "Violent crime rate falls below state average", "2025-11-18", "Owen Park", [
            "Cedar Falls reported a violent crime rate of 388 per 100,000 residents last year, below the statewide rate for the first time in a decade.",
            "Aggravated assaults made up about two thirds of the violent crimes counted by the department.",
            "The city's population grew by roughly 3,000 people, which slightly lowered the rate on its own.",
            "Police leaders said they would publish neighborhood-level figures on the city website each quarter."], variant=2),
        ["388 per 100,000 residents", "publish neighborhood-level figures"], N,
        title="Violent crime rate falls below state average", date="2025-11-18", author="Owen Park")
    add("news-wire-copy-a", news_page(
        "wire-a", "State reports drop in auto thefts", "2026-03-10", "Staff and wire reports", [
            "Auto thefts across the state fell 18 percent last year, to 21,400 from 26,100, the state police said in an annual report released Monday.",
            "The decline followed a wave of thefts of certain car models that lacked engine immobilizers, which manufacturers have since fixed with software updates.",
            "State police said recoveries also improved, with about four in five stolen vehicles found within a month.",
            "Insurance groups said premiums may take longer to reflect the change."]),
        ["fell 18 percent last year, to 21,400 from 26,100"], N, title="State reports drop in auto thefts",
        date="2026-03-10")
    add("police-monthly-stats", gov_page(
        "police/news/monthly-stats", "Police Department Releases February Crime Statistics", "2026-03-05", [
            "The Lakeview Police Department today released crime statistics for February 2026.",
            "Part I crimes decreased 11 percent compared with February 2025, with the largest declines in larceny and motor vehicle theft.",
            "Chief Andrea Voss thanked residents for reporting suspicious activity and reminded drivers to lock their vehicles."],
        table=stats_table([("Homicide", "2", "1"), ("Robbery", "23", "19"), ("Burglary", "41", "37"),
                           ("Larceny", "288", "251"), ("Motor vehicle theft", "64", "52")], "February totals"),
        pdf="february-2026-crime-report.pdf"),
        ["Part I crimes decreased 11 percent", "Motor vehicle theft", "251"], G,
        title="Police Department Releases February Crime Statistics", date="2026-03-05",
        pdf_links=["https://city.example.test/files/february-2026-crime-report.pdf"])
    add("police-arrest", gov_page(
        "police/news/arrest", "Arrest Made in Elm Street Robbery Series", "2026-02-11", [
            "Detectives from the Lakeview Police Department arrested a 24-year-old man Tuesday in connection with a series of five robberies along Elm Street.",
            "The robberies occurred between January 3 and February 2, and in each case the suspect displayed a handgun and demanded cash from a clerk.",
            "Anyone with additional information is asked to call the detective bureau. Tips may be left anonymously."]),
        ["series of five robberies along Elm Street", "Tips may be left anonymously"], G,
        title="Arrest Made in Elm Street Robbery Series", date="2026-02-11", pdf_links=[])
    add("police-year-end", gov_page(
        "police/news/year-end", "2025 Year-End Crime Report", "2026-01-20", [
            "Overall reported crime in Greenfield declined 6 percent in 2025, the third consecutive annual decrease.",
            "Homicides fell from 9 to 5, while aggravated assaults increased slightly to 214.",
            "The department cleared 71 percent of violent crimes, above the national average."],
        table=stats_table([("Homicide", "9", "5"), ("Aggravated assault", "207", "214"),
                           ("Rape", "38", "33"), ("Arson", "12", "15")], "Greenfield annual totals"),
        pdf="2025-year-end-report.pdf"),
        ["declined 6 percent in 2025", "Homicides fell from 9 to 5", "Arson"], G,
        title="2025 Year-End Crime Report", date="2026-01-20",
        pdf_links=["https://city.example.test/files/2025-year-end-report.pdf"])
    add("police-traffic-enforcement", gov_page(
        "police/news/traffic", "Results of Holiday Impaired Driving Enforcement", "2026-01-05", [
            "Officers conducted saturation patrols between December 15 and January 1 as part of the statewide impaired driving campaign.",
            "The patrols resulted in 37 arrests for driving under the influence, compared with 29 during the same campaign a year earlier.",
            "Officers also issued 412 citations for speeding and 58 for seat belt violations."]),
        ["37 arrests for driving under the influence, compared with 29", "412 citations"], G,
        title="Results of Holiday Impaired Driving Enforcement", date="2026-01-05", pdf_links=[])
    add("police-shooting-update", gov_page(
        "police/news/shooting", "Update on Saturday Shooting on Harbor Road", "2026-04-06", [
            "The Lakeview Police Department continues to investigate a shooting that occurred early Saturday on Harbor Road.",
            "Two adults were taken to a hospital with injuries that are not considered life-threatening.",
            "This is the fourth shooting in the city this year, compared with seven at this point last year.",
            "Investigators are asking nearby businesses to share any video recorded between 1 and 3 a.m."]),
        ["fourth shooting in the city this year, compared with seven", "share any video"], G,
        title="Update on Saturday Shooting on Harbor Road", date="2026-04-06", pdf_links=[])
    add("mayor-budget", gov_page(
        "mayor/news/safety-plan", "Mayor Announces Community Safety Plan", "2026-02-24", [
            "Mayor Celeste Ambrose today announced a community safety plan that pairs new violence prevention grants with expanded youth summer jobs.",
            "Homicides in the city fell 20 percent last year, from 25 to 20, and the mayor said the plan aims to keep that momentum.",
            "The plan adds 300 summer job slots for teenagers and funds outreach workers in four neighborhoods."], kind="mayor",
        pdf="community-safety-plan.pdf"),
        ["fell 20 percent last year, from 25 to 20", "300 summer job slots"], G,
        title="Mayor Announces Community Safety Plan", date="2026-02-24",
        pdf_links=["https://city.example.test/files/community-safety-plan.pdf"])
    add("mayor-state-of-city", gov_page(
        "mayor/news/state-of-city", "Mayor Delivers State of the City Address", "2026-03-19", [
            "In her annual State of the City address, Mayor Celeste Ambrose highlighted a 14 percent drop in violent crime and new investments in parks.",
            "She noted that property crime remains stubborn, with thefts from vehicles up 8 percent.",
            "The full text of the address is posted on the city website and a video will air on the government channel."], kind="mayor"),
        ["14 percent drop in violent crime", "thefts from vehicles up 8 percent"], G,
        title="Mayor Delivers State of the City Address", date="2026-03-19", pdf_links=[])
    add("sheriff-jail-report", gov_page(
        "sheriff/news/jail", "Sheriff Reports Decline in Warrants Backlog", "2025-10-30", [
            "The county sheriff's office reduced its backlog of outstanding warrants by 1,900 over the past year, to about 6,100.",
            "A dedicated warrant team and a new online records system made the reduction possible, Sheriff Duane Holt said.",
            "Residents who believe they may have an outstanding warrant can resolve it in person at the courthouse without an arrest."]),
        ["backlog of outstanding warrants by 1,900", "resolve it in person at the courthouse"], G,
        title="Sheriff Reports Decline in Warrants Backlog", date="2025-10-30", pdf_links=[])
    add("prosecutor-guns", gov_page(
        "da/news/guns", "District Attorney Reports Gun Case Outcomes", "2026-02-02", [
            "The district attorney's office charged 412 illegal gun possession cases last year, up from 355 the year before.",
            "Conviction rates in those cases held steady at about 68 percent.",
            "The office will launch a diversion program for first-time offenders aged 18 to 21 this summer."]),
        ["412 illegal gun possession cases last year, up from 355", "diversion program"], G,
        title="District Attorney Reports Gun Case Outcomes", date="2026-02-02", pdf_links=[])
    # an old table-layout blotter page
    blotter = ("<html><head><title>Weekly Police Blotter</title></head><body><table width='100%'><tr>"
               "<td class='menu' width='150'><a href='/'>Home</a><br><a href='/blotter'>Blotter Archive</a><br>"
               "<a href='/contact'>Contact the Webmaster</a></td><td><h1>Weekly Police Blotter</h1>"
               "<p>Week ending March 8, 2026.</p>"
               "<p>Officers responded to 212 calls for service this week, including 14 reports of theft and 3 burglaries.</p>"
               "<p>A bicycle was reported stolen from a rack outside the public library on Tuesday afternoon.</p>"
               "<p>Two juveniles were cited for vandalism after spray-painting a bus shelter on Pine Street.</p>"
               "</td></tr></table><div class='footer'>Contact the Webmaster | Site map</div></body></html>")
    add("police-blotter-table-layout", blotter, ["212 calls for service", "14 reports of theft"],
        ["Contact the Webmaster", "Blotter Archive", "Site map"], title="Weekly Police Blotter")
    # a page whose main text trafilatura may find too short: a one-paragraph release in a div soup
    short = ("<!DOCTYPE html><html><head><title>Road closure</title></head><body>"
             f"{GOV_NAV}<div class='wrapper'><div class='col'><div class='inner'><h2>Police Seek Witnesses</h2>"
             "<div>Police are seeking witnesses to a hit-and-run crash on Route 4 that injured a cyclist on Sunday evening. "
             "Anyone who saw a dark pickup truck near the Mill Road intersection is asked to call the traffic unit.</div>"
             f"</div></div></div>{GOV_FOOTER}</body></html>")
    add("police-div-soup", short, ["hit-and-run crash on Route 4", "dark pickup truck"],
        ["Pay a Parking Ticket", "Employee handbook"], title=None)
    # a listing page: must not be treated as one long article
    listing = ("<!DOCTYPE html><html><head><title>News Flash</title></head><body>"
               f"{GOV_NAV}<h1>News Flash</h1><ul class='news-list'>"
               + "".join(f"<li><a href='/police/news/{i}'>Headline number {i} about a community meeting</a>"
                         f"<span> Posted {i} days ago</span></li>" for i in range(1, 13))
               + f"</ul>{GOV_FOOTER}</body></html>")
    add("listing-page", listing, [], ["Pay a Parking Ticket"], title="News Flash", not_article=True)
    # a page encoded in windows-1252 with a smart quote
    cp = news_page("cp1252", "Council weighs curfew after weekend fights", "2026-04-02", "Lena Moss", [
        "Council members debated a summer curfew for teenagers after three fights broke out downtown over the weekend.",
        "\u201cWe are not going to arrest our way out of this,\u201d said council member Ray Ortiz, who opposes the curfew.",
        "Police said calls about disorderly groups downtown rose to 64 in March from 40 in February.",
        "A vote is expected at the council's next regular meeting."], variant=2)
    (HERE / "news-cp1252.html").write_bytes(cp.replace('charset="utf-8"', 'charset="windows-1252"')
                                              .encode("cp1252"))
    PAGES.append({"file": "news-cp1252.html", "with": ["rose to 64 in March from 40 in February",
                                                      "arrest our way out of this"],
                  "without": MUST_NOT_NEWS, "title": "Council weighs curfew after weekend fights",
                  "date": "2026-04-02"})
    (HERE / "index.json").write_text(json.dumps(PAGES, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
