"""Closed word lists shared by the grammars (plain data; every entry is lower case)."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A set of words written as one string (keeps long word lists readable)."""
    return frozenset(text.split())


MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_PATTERN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)

UNITS_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip

SCALES: dict[str, int] = {
    "thousand": 10**3, "k": 10**3, "lakh": 10**5, "lakhs": 10**5, "lac": 10**5, "lacs": 10**5,
    "million": 10**6, "mn": 10**6, "mln": 10**6, "m": 10**6, "crore": 10**7, "crores": 10**7,
    "cr": 10**7, "billion": 10**9, "bn": 10**9, "b": 10**9, "arab": 10**9, "trillion": 10**12,
    "tn": 10**12, "trn": 10**12,
}  # fmt: skip

# Qualifiers as written -> the contract's normal form ("more than" and "5,000+" are both "over").
QUALIFIERS: dict[str, str] = {
    "more than": "over", "over": "over", "above": "over", "in excess of": "over", "upwards of": "over",
    "exceeding": "over", "well over": "over", "just over": "over", "over and above": "over",
    "around": "around", "about": "around", "roughly": "around", "some": "around", "circa": "around",
    "approximately": "approximately", "approx": "approximately", "approx.": "approximately",
    "an estimated": "approximately", "estimated": "approximately", "nearly": "nearly", "almost": "nearly",
    "close to": "nearly", "just under": "nearly", "up to": "up to", "as many as": "up to",
    "as much as": "up to", "at least": "at least", "a minimum of": "at least", "at most": "at most",
    "less than": "under", "fewer than": "under", "under": "under", "below": "under",
}  # fmt: skip

# Words right before a number that make it a label, not a quantity ("Section 3", "Tier 1", "No. 5").
LABEL_WORDS = words(
    """section sec article art clause chapter rule para paragraph schedule item no nos page pages
    p pp vol volume tier phase stage level grade bps round edition version v act ordinance annex annexure
    table figure fig rank ranked ranking position serial sr code ext extension episode season class batch
    cohort"""
)
# Only when capitalised ("House 12", "Sector F-7"), since "will house 385 companies" is a count.
ADDRESS_WORDS = words("plot block sector street road house flat unit terminal gate room floor lane route")

# Heads of noun phrases after a bare number that make it not a fact (time spans, ranks, labels).
NON_FACT_HEADS = words(
    """year years month months week weeks hour hours minute minutes second seconds decade decades
    century centuries rank ranks position positions place places spot spots notch notches time times
    fold pillar pillars principle principles point points percent am pm o'clock acre acres kanal kanals
    marla marlas hectare hectares province provinces country countries nation nations side sides
    step steps phase phases stage stages level levels tier tiers round rounds page pages section sections
    article articles clause clauses amendment amendments goal goals priority priorities category
    categories language languages member-states pillars player players match matches run runs wicket
    wickets goalposts votes seats kg km sq ft metres meters feet inch inches degree degrees"""
)

# Nouns that make a number a count fact on their own (also spelled-out numbers need one of these).
COUNT_NOUNS = words(
    """company companies firm firms enterprise enterprises business businesses startup startups start-up
    start-ups professional professionals worker workers employee employees engineer engineers developer
    developers graduate graduates student students trainee trainees individual individuals people person
    persons youth youths woman women girl girls man men citizen citizens user users subscriber subscribers
    connection connections account accounts freelancer freelancers job jobs opportunity opportunities
    centre centres park parks stp stps zone zones incubator incubators hub hubs lab labs event events
    exhibition exhibitions conference conferences delegation delegations project projects school schools
    university universities institution institutions village villages town towns city cities district
    districts site sites tower towers course courses training trainings certification certifications
    scholarship scholarships laptop laptops app apps application applications facility facilities unit
    units mou mous agreement agreements visa visas patent patents beneficiary beneficiaries household
    households family families teacher teachers member members office offices branch branches school
    entrepreneur entrepreneurs expert experts specialist specialists seat seats device devices
    smartphone smartphones tablet tablets service services platform platforms portal portals
    transaction transactions shop shops outlet outlets cable cables tower towers e-rozgaar nic nics
    internship internships fellowship fellowships"""
)

# Nouns naming people (a number of them is a head count).
PERSON_NOUNS = words(
    """professional professionals worker workers employee employees engineer engineers developer
    developers graduate graduates student students trainee trainees individual individuals people person
    persons youth youths woman women girl girls man men citizen citizens freelancer freelancers
    beneficiary beneficiaries teacher teachers entrepreneur entrepreneurs expert experts specialist
    specialists candidate candidates participant participants learner learners"""
)

FOREIGN_COUNTRIES = words(
    """türkiye turkey turkish india indian bangladesh bangladeshi china chinese vietnam vietnamese
    philippines filipino malaysia malaysian indonesia indonesian egypt egyptian nigeria nigerian
    kenya kenyan iran iranian afghanistan afghan sri lanka srilankan israel israeli ukraine
    ukrainian"""
)
