"""Word tables the claim patterns and the assembly step read. Data only: no logic here.

Inflections are written out because `spacy.blank("en")` has no lemmatizer. Every table is a
frozenset or a dict so that pattern helpers can check membership and refuse empty alternations.
"""

from __future__ import annotations

# --- direction -------------------------------------------------------------------------------
#: Verbs, adverbs and adjectives that say a figure went down.
DECREASE_WORDS: frozenset[str] = frozenset("""
fell fall falls falling fallen dropped drop drops dropping declined decline declines declining
decreased decrease decreases decreasing dipped dip dips dipping slid slide slides sliding
plunged plunge plunges plunging plummeted plummet plummets plummeting tumbled tumble tumbles
tumbling sank sink sinks sinking sunk shrank shrink shrinks shrinking shrunk eased ease eases
easing slipped slip slips slipping slumped slump slumps dove dived lowered reduced down lower
retreated receded
""".split())

#: Verbs, adverbs and adjectives that say a figure went up.
INCREASE_WORDS: frozenset[str] = frozenset("""
rose rise rises rising risen increased increase increases increasing climbed climb climbs
climbing jumped jump jumps jumping spiked spike spikes spiking surged surge surges surging
soared soar soars soaring grew grow grows growing grown swelled swell swells swelling
skyrocketed skyrocket skyrockets skyrocketing ballooned rebounded up higher
""".split())

#: Nouns for a change, as in "a 53% decrease" or "an 18-percent drop".
DECREASE_NOUNS: frozenset[str] = frozenset("""
decrease decreases decline declines drop drops dip dips reduction reductions fall plunge
downturn cut cuts
""".split())
INCREASE_NOUNS: frozenset[str] = frozenset("""
increase increases rise rises jump jumps spike spikes surge surges uptick upticks climb
hike hikes growth bump bumps
""".split())

#: Comparatives after a percent: "22% below its 2021 level", "15 percent higher".
DECREASE_COMPARATIVES: frozenset[str] = frozenset({"below", "lower", "fewer", "less", "behind"})
INCREASE_COMPARATIVES: frozenset[str] = frozenset({"above", "higher", "more", "ahead"})

#: Words between a direction verb and its number: "fell sharply by 12 percent".
CHANGE_ADVERBS: frozenset[str] = frozenset("""
sharply slightly significantly dramatically steeply substantially markedly modestly about
roughly nearly almost some around approximately by more less than just over under at least
only another fully again overall collectively combined a an modest whopping staggering mere
estimated like also still further very unprecedented alarming astonishing remarkable impressive stunning
historic incredible additional
""".split())

#: Copulas before "flat"/"unchanged".
FLAT_VERBS: frozenset[str] = frozenset("""
was were is are remained remain remains stayed stay stays held holds been be largely mostly
essentially virtually relatively roughly nearly about basically
""".split())
FLAT_WORDS: frozenset[str] = frozenset({"flat", "unchanged", "steady"})

# --- numbers ---------------------------------------------------------------------------------
UNITS_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALE_WORDS: dict[str, int] = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
#: Counting nouns that act as numbers: "a dozen", "two dozen".
DOZEN_WORDS: dict[str, int] = {"dozen": 12}
ORDINAL_WORDS: frozenset[str] = frozenset("""
first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
""".split())

#: One part of a fraction, in percent; a change is how many parts times this, rounded to 0.1:
#: "a third" -> 33.3, "two-thirds" -> 66.7, "three quarters" -> 75.
FRACTIONS: dict[str, float] = {
    "half": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0,
    "fourth": 25.0, "fourths": 25.0, "fifth": 20.0, "fifths": 20.0, "tenth": 10.0, "tenths": 10.0,
}
#: Words after "a third", "a fourth" ... that make it an ordinal, not a fraction: "fell a third
#: time", "rose for a fourth straight year".
ORDINAL_FOLLOWERS: frozenset[str] = frozenset({
    "time", "times", "straight", "consecutive", "successive", "year", "years", "month", "months",
    "week", "weeks", "day", "days", "round", "place", "quarter", "period", "term", "season",
})
#: Comparatives after "N times": "1.5 times higher", "three times as many", "twice the total".
TIMES_COMPARATIVES: frozenset[str] = frozenset({"higher", "more", "greater", "larger", "the", "what"})
#: How many of the plural fraction: "two-thirds" -> 2 x 33.3.
FRACTION_COUNTS: dict[str, int] = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}

#: Verbs that multiply a figure, as percent change and direction.
MULTIPLIERS: dict[str, tuple[float, str]] = {
    "doubled": (100.0, "increase"), "tripled": (200.0, "increase"), "trebled": (200.0, "increase"),
    "quadrupled": (300.0, "increase"), "halved": (50.0, "decrease"),
}

# --- percent ---------------------------------------------------------------------------------
PERCENT_WORDS: frozenset[str] = frozenset({"%", "percent", "pct", "pct.", "per", "percentage"})
PERCENT_SECOND_WORDS: frozenset[str] = frozenset({"cent", "point", "points"})

# --- qualifiers ------------------------------------------------------------------------------
#: Hedges before a number, longest first, mapped to the contract's qualifier names.
QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("a", "little", "more", "than"), "more_than"),
    (("just", "over"), "more_than"), (("just", "under"), "less_than"),
    (("more", "than"), "more_than"), (("upwards", "of"), "more_than"),
    (("upward", "of"), "more_than"), (("in", "excess", "of"), "more_than"),
    (("less", "than"), "less_than"), (("fewer", "than"), "less_than"),
    (("at", "least"), "at_least"), (("at", "most"), "at_most"), (("no", "more", "than"), "at_most"),
    (("close", "to"), "nearly"), (("an", "estimated"), "about"),
    (("nearly",), "nearly"), (("almost",), "nearly"),
    (("about",), "about"), (("around",), "about"), (("roughly",), "about"),
    (("approximately",), "about"), (("some",), "about"), (("approx.",), "about"), (("~",), "about"),
    (("over",), "more_than"), (("above",), "more_than"), (("under",), "less_than"),
    (("exactly",), "exactly"),
)

# --- what is not a crime statistic -----------------------------------------------------------
#: Words right before a number that make it a label, not a count: "Part 1", "District 9".
LABEL_WORDS_BEFORE: frozenset[str] = frozenset("""
part no. no number # route district ward precinct unit room suite case page section article
phase level grade chapter step highway interstate i- station beat sector zone building apartment
apt. floor lot exit squad engine ladder code form item class type tier category
""".split())
MONTHS: frozenset[str] = frozenset("""
january february march april may june july august september october november december jan. feb.
mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
TIME_WORDS_AFTER: frozenset[str] = frozenset({"a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock"})
MONEY_BEFORE: frozenset[str] = frozenset({"$", "£", "€", "us$"})
#: Nouns right after a number that make it something other than a crime count.
NON_CRIME_UNITS: frozenset[str] = frozenset("""
seconds second minutes minute hours hour days day weeks week months month years year decades
officers officer deputies deputy troopers agents workers worker members member employees staff
staffers positions recruits cadets detectives sergeants dollars dollar cents cent points
calls arrests arrest citations tickets stops neighborhoods districts blocks block miles mile feet
foot acres pounds grams kilograms guns firearms rounds shots beds cameras cars vehicles homes
houses schools students residents voters respondents people-years programs grants million billion
pages votes seats counties cities states agencies departments precincts units vacancies
""".split())
#: Topics that, when closer to a number than any offense, make it a non-crime figure.
NON_CRIME_TOPICS: frozenset[str] = frozenset("""
arrests arrest citations tickets stops calls response staffing staff officers deputies workers
employees members budget budgets spending funding overtime salaries salary pay population populations
unemployment enrollment ridership prices price rents rent revenue taxes tax turnout approval
poll polls survey voters clearance solve recruits recruitment applications applicants
hiring attrition vacancies tourism visitors wages income graduation attendance jail inmates
bookings detentions guns firearms seizures seized recovered stock shares rates interest inflation
injuries injured charges indictments
insurance premiums range grants grant prevention programs program patrols patrol sales tickets
kits naloxone narcan training applications permits licenses age ages median percentage
share proportion odds solved unsolved cleared prosecuted convicted participants youths youth clients
students likelihood chance risk license violations summonses miles
""".split())
#: Topic words that, right before an offense, name a group of its victims or offenders, which
#: keeps the offense ("youth homicides", "juvenile shootings"), not a topic of their own.
OFFENSE_MODIFIER_TOPICS: frozenset[str] = frozenset({"youth", "youths", "students", "clients", "participants",
                                                     "juvenile", "juveniles", "teen", "teens"})
#: Words before a plain "offenses" that make them no crime the checker counts: "traffic offenses".
NON_CRIME_MODIFIERS: frozenset[str] = frozenset("""
traffic license insurance parking ordinance code equipment status curfew
""".split())
#: Verbs right before a count that make it police work, not crimes: "recovered 212 stolen cars".
POLICE_ACTIONS: frozenset[str] = frozenset("""
recovered seized confiscated impounded towed solved cleared closed arrested cited ticketed booked
""".split())  # "solved 11 homicides": a clearance, not a tally
#: Words that negate the count right after them: "we don't have 31 homicides".
NEGATIONS: frozenset[str] = frozenset({"not", "n't", "no", "never", "without", "nor"})
#: Words before a bare count that make it a reported tally: "recorded 19 killings".
COUNT_VERBS: frozenset[str] = frozenset("""
were was recorded reported saw logged counted tallied totaled totalled had investigated
tracked documented registered confirmed been
""".split())
#: Words allowed right after a number in a change or level ("rose by 15 cases", "to 48.").
COUNT_NOUNS: frozenset[str] = frozenset("""
cases incidents victims people persons reports reported offenses crimes deaths killings fatalities
""".split())
#: Words allowed right after the number of a change/level that are not nouns.
CHANGE_FOLLOWERS: frozenset[str] = frozenset("""
from to this last in over compared since than so through during as while and but after for the
a an year-over-year year-to-date ytd mtd on at versus vs. vs when with between by of its their prior
previous earlier before ago total overall citywide statewide nationwide countywide combined alone
recorded reported logged counted tallied confirmed investigated
""".split())
DETERMINERS: frozenset[str] = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "my", "your"})

# --- periods ---------------------------------------------------------------------------------
#: Words that mark a phrase as the comparison period (baseline) rather than the claim's own.
BASELINE_MARKERS: frozenset[str] = frozenset("""
last previous prior ago earlier before same peak level high low compared than from since versus vs.
""".split())
#: Words that make a period an aggregate one ("so far this year", "through June"), unlike
#: "last weekend": a bare count needs an aggregate period to be a statistic, not an incident.
AGGREGATE_PERIOD_WORDS: frozenset[str] = frozenset("""
year years month months quarter half date ytd year-to-date far decade decades period stretch span
""".split()) | MONTHS
#: Words near a number in a from/to comparison that make it the older figure.
PAST_MARKERS: frozenset[str] = frozenset({"last", "previous", "prior", "ago", "earlier", "before"})

# --- records ---------------------------------------------------------------------------------
RECORD_LOW: frozenset[str] = frozenset({"lowest", "fewest", "least", "smallest", "safest"})
RECORD_HIGH: frozenset[str] = frozenset({"highest", "most", "largest", "biggest", "deadliest", "bloodiest", "worst"})
#: Superlatives that start a claim window on their own ("recorded its fewest shootings", "at its
#: lowest"): a record needs no number. "most", "least", "largest" are too common in other news.
RECORD_TRIGGERS: frozenset[str] = frozenset({"lowest", "fewest", "highest", "deadliest", "bloodiest", "safest"})
#: Spans of "in a decade", as years.
RECORD_SPAN_WORDS: dict[str, int] = {"decade": 10, "decades": 10, "years": 1, "year": 1, "century": 100}
#: Words that make "low"/"high" a record of all the years there are: "historic lows", "an all-time high".
HISTORIC_WORDS: frozenset[str] = frozenset({"historic", "historical", "all-time"})
#: "a 10-year low", "a two-decade high".
RECORD_EXTREMES: dict[str, str] = {"low": "decrease", "lows": "decrease", "high": "increase", "highs": "increase"}

#: Adjectives between a percent and its change noun: "a 12 percent overall decline".
CHANGE_ADJECTIVES: frozenset[str] = frozenset("""
overall annual sharp steep significant dramatic modest slight small big huge large notable
marked substantial combined year-over-year yearly total net whopping staggering stunning year over
on - month week quarter to date ytd citywide overall
""".split())
#: Words shortly before a count that make it a charge sheet, not a statistic:
#: "arrested in connection with 23 break-ins", "charged with two counts of robbery".
LEGAL_CONTEXT: frozenset[str] = frozenset("""
connection charged accused suspected linked tied responsible charges convicted sentenced arrested
indicted admitted confessed arrests arrest
""".split())
#: People police deal with, and the staff who do, after an offense word: "72 burglary suspects",
#: "40 robbery arrests", "three domestic violence prosecutors".
ENFORCEMENT_NOUNS: frozenset[str] = frozenset("""
suspects suspect arrests arrestees defendants offenders inmates charges citations warrants convictions
prosecutors detectives investigators officers units squads
""".split())
#: Nouns after an offense that make a number before it a count of kinds: "the seven major crime categories".
CATEGORY_NOUNS: frozenset[str] = frozenset({"categories", "category", "types", "kinds", "classes"})
#: Verbs that cut a figure by a fraction: "cut in half".
CUT_WORDS: frozenset[str] = frozenset({"cut", "cuts", "slashed", "reduced", "dropped", "fell", "down"})
COMPARE_WORDS: frozenset[str] = frozenset({"compared", "versus", "vs.", "vs", "against"})
#: "as opposed to", "in comparison to": compared, in more words.
COMPARE_PHRASE_WORDS: frozenset[str] = COMPARE_WORDS | {"opposed", "comparison"}
#: Words after an older figure that say what happened to it: "the 137 seen at this point last
#: year", "the 92 that were reported in June 2009".
OLDER_FIGURE_FOLLOWERS: frozenset[str] = frozenset({"that", "which", "seen", "reported", "recorded", "counted",
                                                    "logged"})
#: Words after the second number of "X compared with Y" that make Y the newer figure.
PRESENT_MARKERS: frozenset[str] = frozenset({"this", "so", "now", "currently", "today", "to-date", "ytd"})
#: Verbs of a record-keeping start: "the fewest since the department began tracking them in 2015".
RECORD_START_WORDS: frozenset[str] = frozenset({"began", "started", "start", "begun", "kept"})
#: Words that make "N percent" a share of a total: "with larcenies accounting for 60 percent".
SHARE_WORDS: frozenset[str] = frozenset({
    "accounting", "accounted", "accounts", "account", "made", "make", "makes", "making", "comprised",
    "comprise", "comprises", "represented", "represent", "represents", "representing", "share",
    "portion", "proportion", "fraction"})
#: Verbs of a level reached: "the homicide total hit 151", "held steady at 88".
LEVEL_VERBS: frozenset[str] = frozenset("""
reached reach reaches hit hits topped tops totaled totalled totals stood stands stand surpassed
exceeded passed neared approached held holds remained remains stayed sits sat numbered
reaching peaked peaking
""".split())
#: Words between a level verb and its number: "stood at", "reached nearly", "held steady at".
LEVEL_LINKS: frozenset[str] = frozenset({"at", "nearly", "almost", "about", "roughly", "around", "steady",
                                          "more", "than", "over", "just", "a", "record", "some", "flat",
                                          "unchanged", "year", "year-over-year", "essentially", "largely"})
#: Transitive verbs that bring a figure down: "cut homicides by a third".
REDUCE_VERBS: frozenset[str] = frozenset({"cut", "cuts", "reduced", "reduce", "reduces", "lowered",
                                          "slashed", "halved", "drove", "driven", "brought", "pushed",
                                          "reducing", "cutting", "lowering", "slashing"})
#: Those of them that only ever bring a figure down (not "drove", "pushed"): the direction of a
#: list that follows them ("reducing auto burglary by 31 percent, auto theft by 16 percent").
REDUCING_VERBS: frozenset[str] = REDUCE_VERBS - {"drove", "driven", "brought", "pushed"}
#: "twice as many", "double the 2020 total".
MULTIPLIER_WORDS: dict[str, float] = {"double": 100.0, "twice": 100.0, "triple": 200.0, "quadruple": 300.0}
#: Words right before "from N" that close a from/to comparison: "down from 57".
FROM_LEAD_WORDS: frozenset[str] = frozenset("""
up down increasing decreasing rising falling dropping climbing declining compared an a decrease
increase drop rise decline jump reduction
""".split())
SENTENCE_BREAKS: frozenset[str] = frozenset({".", ";", "!", "?", ":", "—", "–"})

#: Offense words too general to beat a specific offense named earlier in the clause.
GENERIC_OFFENSE_TERMS: frozenset[str] = frozenset({
    "offenses", "offense", "crimes", "crime", "reported crimes", "reported crime", "criminal offenses",
    "killed", "were killed", "been killed", "people killed", "people were killed", "have been killed",
    "people have been killed", "persons killed",
})

#: Offenses that name a category, which a list of examples may follow: "violent crime, such as
#: robberies and assaults". The examples then stand for the category, not for themselves.
UMBRELLA_OFFENSES: frozenset[str] = frozenset({"violent_crime", "property_crime", "crime_overall"})
#: Words that open a list of examples after a category: "such as", "including", "most notably".
EXAMPLE_MARKERS: frozenset[str] = frozenset({"including", "notably", "especially", "particularly", "like",
                                             "namely", "chiefly", "mainly", "primarily", "e.g.", "as",
                                             "include", "includes", "included", "comprising", "encompassing"})
#: Words that may stand inside such a list between its offenses: "cases of rape, battery and ...".
EXAMPLE_LIST_WORDS: frozenset[str] = frozenset({",", "and", "or", "cases", "of", "incidents", "the", "most",
                                                "such", "as", "&", "-", "/", "etc", "etc."})

#: Verbs whose subject may be a period: "2020 saw 132 deaths", "last year had 41".
PERIOD_SUBJECT_VERBS: frozenset[str] = frozenset({"saw", "had", "recorded", "logged", "brought", "counted",
                                                  "tallied", "produced"})
#: "thefts" alone, after "car thefts" or "shoplifting" was named, means that kind of theft.
BARE_THEFT_WORDS: frozenset[str] = frozenset({"theft", "thefts"})
#: The offenses a bare "thefts" may refer back to (larceny with a detail counts too).
THEFT_KINDS: frozenset[str] = frozenset({"motor_vehicle_theft", "retail_theft", "larceny"})

#: Nouns a count may name instead of its offense ("132 deaths", "11 cases"): the offense is then
#: the one the sentence or the paragraph is about.
GENERIC_COUNT_NOUNS: frozenset[str] = frozenset({"deaths", "fatalities", "cases", "incidents", "victims"})
#: Count nouns that name deaths of no stated cause: their offense must be one that kills.
DEATH_NOUNS: frozenset[str] = frozenset({"deaths", "fatalities"})
#: The offenses a bare "132 deaths" or "597 people died" may take from the text around it; after
#: "Arson fires rose ..." or "Shootings fell ...", the deaths are not that offense's count.
DEATH_OFFENSES: frozenset[str] = frozenset({"homicide", "overdose", "traffic_death"})
#: Who died in "597 people died last year", "41 residents have died": a count of deaths.
DYING_PEOPLE: frozenset[str] = frozenset({"people", "persons", "residents", "individuals", "americans"})
#: Words between "people" and "died": "have", "had already".
DYING_HELPERS: frozenset[str] = frozenset({"have", "has", "had", "already", "reportedly", "since", "now"})
#: Verbs that report a tally: "the city had 204 last year", "Chicago recorded 197".
TALLY_VERBS: frozenset[str] = frozenset({"had", "has", "have", "saw", "sees", "recorded", "logged", "reported",
                                         "tallied", "counted", "registered", "totaled", "totalled", "with"})

#: Words before a name that make it a person's, not a city's ("Mayor Greer", "Sgt. Mesa").
PERSON_TITLES: frozenset[str] = frozenset("""
chair chairman chairwoman chairperson mayor chief sgt. sgt lt. lt det. det capt. capt cpl. officer sheriff
deputy dr. mr. mrs. ms. sen. rep. gov. governor senator superintendent commissioner director spokesperson
spokesman spokeswoman judge attorney councilman councilwoman councilmember alderman alderwoman president
professor prof. coach pastor rev. reverend father sister detective sergeant lieutenant captain corporal
trooper agent inspector prosecutor
""".split())
#: Capitalised words that may stand before a city name as part of the place ("East Cleveland").
PLACE_PREFIXES: frozenset[str] = frozenset("""
north south east west northern southern eastern western greater downtown metro central upper lower new
fort ft. saint st. mount mt. port lake suburban rural
""".split())

#: Abbreviations whose full stop does not end a sentence ("according to Sgt. Maria Lopez"), kept
#: whole by the tokenizer; each also in lower case and capitalised.
ABBREVIATIONS: tuple[str, ...] = tuple("""
Sgt. Lt. Det. Capt. Cpl. Ofc. Supt. Insp. Dep. Cmdr. Lieut. Sen. Rep. Gov. Atty. Gen. Col. Maj.
St. Ave. Blvd. Rd. Hwy. Pkwy. Ln. Ct. Sq. Ft. Mt. Dist. Dept. Div. Twp. No. Nos. Jr. Sr. Prof. Rev.
Hon. Asst. Assn. Bros. Corp. Inc. Co. approx. est. vs. U.S. Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep.
Sept. Oct. Nov. Dec.
""".split())

#: Words before a figure that make it a goal or a hope, not a statistic ("pledged to cut
#: killings by 15 percent", "the goal is a 10% drop").
GOAL_WORDS: frozenset[str] = frozenset("""
goal goals target targets targeting aim aims aimed pledge pledged pledges vow vowed vows hope hopes hoped
hoping want wants wanted seek seeks sought plan plans planned promise promised promises would-be
""".split())
#: Modal verbs that, before "have", make a counterfactual ("we would have seen a 7% decrease").
COUNTERFACTUAL_MODALS: frozenset[str] = frozenset({"would", "could", "might", "should"})

#: "850 cars stolen per month", "more than 600 a year", "86 every single day": a figure stated
#: per span of time is an average. A lead word, optionally "single", then a unit; "a"/"an" only
#: right after the figure's words (not "in a year", "a year ago").
PER_TIME_LEADS: frozenset[str] = frozenset({"per", "a", "an", "each", "every"})
PER_TIME_UNITS: frozenset[str] = frozenset({"day", "week", "weekend", "month", "year", "night", "hour"})
PER_TIME_ADVERBS: frozenset[str] = frozenset({"daily", "weekly", "monthly", "annually", "nightly"})
#: Words after "a year" that make it a time ("a year ago", "a year earlier"), not "per year".
PER_TIME_BLOCKERS: frozenset[str] = frozenset({"ago", "earlier", "before", "later", "prior", "after", "since",
                                               "into", "from", "and", "or", "when", "old"})
#: Words after a counted offense, or after a bare count, that say it was counted: "nine
#: homicides reported", "with only six reported for all of 2013".
TALLY_PARTICIPLES: frozenset[str] = frozenset({"reported", "recorded", "logged", "confirmed", "documented",
                                               "investigated"})

#: One person named before an age set off by commas: "Man, 19, wounded in shooting", "the victim,
#: 34,". Singular only: "juvenile victims, 12, ..." may count them.
AGE_APPOSITION_NOUNS: frozenset[str] = frozenset("""
man woman boy girl teen teenager person victim suspect driver passenger pedestrian cyclist resident
mother father son daughter husband wife brother sister grandmother grandfather student shooter gunman
""".split())
